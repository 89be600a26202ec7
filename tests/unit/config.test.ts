import assert from 'node:assert/strict';
import path from 'node:path';
import { ConfigError, loadConfig, PROJECT_ROOT } from '../../bot/config.js';

const APP_ID = '00000000-0000-4000-8000-000000000001';
const TENANT_ID = '00000000-0000-4000-8000-000000000002';
const ADMIN_ID = '00000000-0000-4000-8000-0000000000aa';

/** Runs loadConfig and returns the ConfigError it must throw. */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  assert.fail(`expected a ConfigError for ${JSON.stringify(env)}`);
}

/** Asserts that `env` fails with exactly one problem that names `key`. */
function assertOneProblem(env: Record<string, string>, key: string, pattern?: RegExp): void {
  const err = configError(env);
  assert.equal(err.problems.length, 1, `problems: ${err.problems.join(' | ')}`);
  const [problem = ''] = err.problems;
  assert.ok(problem.includes(key), `"${problem}" should name ${key}`);
  if (pattern) assert.match(problem, pattern);
  assert.ok(err.message.includes(key));
}

describe('loadConfig', () => {
  describe('defaults', () => {
    it('starts locally from an empty environment: port 3978, auth off, memory storage', () => {
      const config = loadConfig({});
      assert.equal(config.port, 3978);
      assert.equal(config.host, '127.0.0.1', 'local mode listens on loopback only');
      assert.equal(config.isAuthEnabled, false);
      assert.equal(config.microsoftAppId, '');
      assert.equal(config.microsoftAppType, 'MultiTenant');
      assert.equal(config.storage, 'memory');
      assert.equal(config.logLevel, 'info');
      assert.equal(config.searchAnswerThreshold, 0.55);
      assert.equal(config.searchSuggestThreshold, 0.25);
      assert.equal(config.searchMargin, 0.12);
      assert.deepEqual(config.adminAadObjectIds, []);
      assert.equal(config.maxBodyBytes, 262144);
      assert.equal(config.probeAllowPrivate, false);
      assert.equal(config.probeTimeoutMs, 5000);
      assert.equal(config.knowledgeDir, path.resolve(PROJECT_ROOT, 'knowledge/content'));
    });

    it('returns a frozen object, admin list included', () => {
      const config = loadConfig({ ADMIN_AAD_OBJECT_IDS: ADMIN_ID });
      assert.ok(Object.isFrozen(config));
      assert.ok(Object.isFrozen(config.adminAadObjectIds));
      assert.throws(() => {
        Object.assign(config, { port: 1 });
      }, TypeError);
    });

    it('treats undefined values like missing keys', () => {
      assert.equal(loadConfig({ PORT: undefined }).port, 3978);
    });

    it('turns auth on when an app id and password are set', () => {
      const config = loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret' });
      assert.equal(config.isAuthEnabled, true);
      assert.equal(config.microsoftAppId, APP_ID);
    });

    it('accepts SingleTenant with a tenant id, and UserAssignedMSI without a password', () => {
      assert.equal(
        loadConfig({
          MicrosoftAppId: APP_ID,
          MicrosoftAppPassword: 's',
          MicrosoftAppType: 'SingleTenant',
          MicrosoftAppTenantId: TENANT_ID,
        }).microsoftAppType,
        'SingleTenant',
      );
      assert.equal(
        loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT_ID })
          .microsoftAppType,
        'UserAssignedMSI',
      );
    });

    it('matches enumerations case-insensitively and returns the canonical spelling', () => {
      const config = loadConfig({ LOG_LEVEL: 'DEBUG', MicrosoftAppType: 'multitenant', STORAGE: 'Memory' });
      assert.equal(config.logLevel, 'debug');
      assert.equal(config.microsoftAppType, 'MultiTenant');
      assert.equal(config.storage, 'memory');
    });

    it('parses admin ids as a trimmed, lower-cased list', () => {
      const upper = ADMIN_ID.toUpperCase();
      assert.deepEqual(loadConfig({ ADMIN_AAD_OBJECT_IDS: ` ${upper} , ,${TENANT_ID} ` }).adminAadObjectIds, [
        ADMIN_ID,
        TENANT_ID,
      ]);
    });

    it('parses booleans and trims values', () => {
      assert.equal(loadConfig({ PROBE_ALLOW_PRIVATE: 'TRUE' }).probeAllowPrivate, true);
      assert.equal(loadConfig({ PROBE_ALLOW_PRIVATE: 'yes' }).probeAllowPrivate, true);
      assert.equal(loadConfig({ PROBE_ALLOW_PRIVATE: '0' }).probeAllowPrivate, false);
      assert.equal(loadConfig({ PORT: ' 8080 ' }).port, 8080);
    });
  });

  describe('rules', () => {
    it('rejects PORT=abc', () => assertOneProblem({ PORT: 'abc' }, 'PORT', /whole number from 1 to 65535/));
    it('rejects PORT=0', () => assertOneProblem({ PORT: '0' }, 'PORT'));
    it('rejects PORT=70000', () => assertOneProblem({ PORT: '70000' }, 'PORT'));
    it('rejects a fractional or negative PORT', () => {
      assertOneProblem({ PORT: '80.5' }, 'PORT');
      assertOneProblem({ PORT: '-1' }, 'PORT');
    });

    it('rejects a MicrosoftAppId that is not a GUID', () =>
      assertOneProblem({ MicrosoftAppId: 'my-bot', MicrosoftAppPassword: 'secret' }, 'MicrosoftAppId', /GUID/));

    it('rejects an app id without a password', () =>
      assertOneProblem({ MicrosoftAppId: APP_ID }, 'MicrosoftAppPassword', /required/));

    it('rejects a password without an app id', () =>
      assertOneProblem({ MicrosoftAppPassword: 'secret' }, 'MicrosoftAppPassword', /MicrosoftAppId is empty/));

    it('rejects SingleTenant without a tenant id', () =>
      assertOneProblem(
        { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', MicrosoftAppType: 'SingleTenant' },
        'MicrosoftAppTenantId',
        /SingleTenant/,
      ));

    it('rejects a tenant id that is not a GUID', () =>
      assertOneProblem({ MicrosoftAppTenantId: 'contoso.com' }, 'MicrosoftAppTenantId', /GUID/));

    it('rejects an invalid MicrosoftAppType', () =>
      assertOneProblem(
        { MicrosoftAppType: 'AnyTenant' },
        'MicrosoftAppType',
        /MultiTenant, SingleTenant, UserAssignedMSI/,
      ));

    it('rejects an invalid LOG_LEVEL', () =>
      assertOneProblem({ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL', /debug, info, warn, error, silent/));

    it('rejects an invalid STORAGE', () => assertOneProblem({ STORAGE: 'redis' }, 'STORAGE'));

    it('rejects an empty KNOWLEDGE_DIR', () => {
      assertOneProblem({ KNOWLEDGE_DIR: '' }, 'KNOWLEDGE_DIR');
    });

    it('defaults HOST to loopback without auth and to all interfaces with auth', () => {
      assert.equal(loadConfig({ HOST: ' ' }).host, '127.0.0.1');
      const withAuth = loadConfig({
        MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
        MicrosoftAppPassword: 'secret',
      });
      assert.equal(withAuth.host, '0.0.0.0');
      assert.equal(loadConfig({ HOST: '0.0.0.0', ALLOW_UNAUTHENTICATED_NETWORK: 'true' }).host, '0.0.0.0');
    });

    it('refuses a network interface without auth unless ALLOW_UNAUTHENTICATED_NETWORK says so, in one line', () => {
      for (const host of ['0.0.0.0', '::', '192.168.1.10', 'bot.contoso.test']) {
        assertOneProblem({ HOST: host }, `HOST=${host}`, /without auth.*ALLOW_UNAUTHENTICATED_NETWORK=true/);
      }
      for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2'])
        assert.equal(loadConfig({ HOST: host }).host, host);
      assert.equal(
        loadConfig({
          HOST: '0.0.0.0',
          MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
          MicrosoftAppPassword: 'secret',
        }).host,
        '0.0.0.0',
      );
    });

    it('rejects ADMIN_AAD_OBJECT_IDS with a non-GUID', () =>
      assertOneProblem(
        { ADMIN_AAD_OBJECT_IDS: `${ADMIN_ID},alice@contoso.com` },
        'ADMIN_AAD_OBJECT_IDS',
        /alice@contoso\.com/,
      ));

    for (const key of ['SEARCH_ANSWER_THRESHOLD', 'SEARCH_SUGGEST_THRESHOLD', 'SEARCH_MARGIN'] as const) {
      for (const value of ['-0.1', '1.5', 'high', '']) {
        it(`rejects ${key}="${value}" (outside 0..1)`, () => {
          // Keep suggest <= answer so that only the range rule fires.
          const env: Record<string, string> =
            key === 'SEARCH_ANSWER_THRESHOLD' ? { SEARCH_SUGGEST_THRESHOLD: '0' } : {};
          assertOneProblem({ ...env, [key]: value }, key, /from 0 to 1/);
        });
      }
    }

    it('accepts thresholds at the bounds 0 and 1', () => {
      const config = loadConfig({ SEARCH_ANSWER_THRESHOLD: '1', SEARCH_SUGGEST_THRESHOLD: '0', SEARCH_MARGIN: '0' });
      assert.equal(config.searchAnswerThreshold, 1);
      assert.equal(config.searchSuggestThreshold, 0);
    });

    it('rejects a suggest threshold above the answer threshold', () =>
      assertOneProblem(
        { SEARCH_ANSWER_THRESHOLD: '0.4', SEARCH_SUGGEST_THRESHOLD: '0.5' },
        'SEARCH_SUGGEST_THRESHOLD',
        /must not exceed SEARCH_ANSWER_THRESHOLD/,
      ));

    it('rejects MAX_BODY_BYTES outside 1024..10 MiB', () => {
      assertOneProblem({ MAX_BODY_BYTES: '1023' }, 'MAX_BODY_BYTES', /1024 to 10485760/);
      assertOneProblem({ MAX_BODY_BYTES: '10485761' }, 'MAX_BODY_BYTES');
      assertOneProblem({ MAX_BODY_BYTES: '1e6' }, 'MAX_BODY_BYTES');
    });

    it('accepts MAX_BODY_BYTES at both bounds', () => {
      assert.equal(loadConfig({ MAX_BODY_BYTES: '1024' }).maxBodyBytes, 1024);
      assert.equal(loadConfig({ MAX_BODY_BYTES: '10485760' }).maxBodyBytes, 10485760);
    });

    it('rejects PROBE_ALLOW_PRIVATE that is not a boolean', () =>
      assertOneProblem({ PROBE_ALLOW_PRIVATE: 'maybe' }, 'PROBE_ALLOW_PRIVATE', /true or false/));

    it('rejects PROBE_TIMEOUT_MS outside 100..30000', () => {
      assertOneProblem({ PROBE_TIMEOUT_MS: '99' }, 'PROBE_TIMEOUT_MS');
      assertOneProblem({ PROBE_TIMEOUT_MS: '30001' }, 'PROBE_TIMEOUT_MS');
    });
  });

  describe('several problems', () => {
    it('reports every problem in one ConfigError', () => {
      const err = configError({
        PORT: 'abc',
        LOG_LEVEL: 'loud',
        MicrosoftAppType: 'Nope',
        ADMIN_AAD_OBJECT_IDS: 'bob',
        MAX_BODY_BYTES: '5',
        PROBE_ALLOW_PRIVATE: 'perhaps',
        SEARCH_MARGIN: '2',
      });
      assert.equal(err.name, 'ConfigError');
      assert.ok(err instanceof Error);
      assert.equal(err.problems.length, 7, err.problems.join('\n'));
      assert.match(err.message, /^Invalid configuration \(7 problems\):/);
      for (const key of [
        'PORT',
        'LOG_LEVEL',
        'MicrosoftAppType',
        'ADMIN_AAD_OBJECT_IDS',
        'MAX_BODY_BYTES',
        'PROBE_ALLOW_PRIVATE',
        'SEARCH_MARGIN',
      ]) {
        assert.ok(err.message.includes(key), `message should name ${key}:\n${err.message}`);
      }
      assert.equal(err.message.split('\n').filter((line) => line.startsWith('  - ')).length, 7);
    });

    it('says "1 problem" in the singular', () => {
      assert.match(configError({ PORT: 'x' }).message, /\(1 problem\):/);
    });
  });
});
