/**
 * Tokens that fail, over HTTP with auth on: a bad token is 401, a token that cannot be checked
 * because the channel's signing keys are unreachable is 503, neither carries internal error text,
 * and every rejected request is one JSON log line, rate-limited.
 */
import assert from 'node:assert/strict';
import nock from 'nock';
import { createLogger } from '../../core/logger.js';
import { createRateLimitedLog } from '../../bot/rateLimitedLog.js';
import {
  messageActivity,
  offlineOnly,
  postActivity,
  recordChannel,
  SERVICE_URL,
  startBot,
  uniqueId,
  type RunningBot,
} from '../support/httpBot.js';
import {
  CHANNEL_ISSUER,
  JWKS_PATH,
  OPENID_PATH,
  createSigningKey,
  mockOpenIdMetadata,
  mockOutboundToken,
  processSigningKey,
  signChannelToken,
} from '../support/channelAuth.js';

const APP_ID = '6f1d2c3b-4a59-4e8d-9c7b-0a1b2c3d4e5f';
const AUTH = { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret' };
const INTERNALS = /ENOTFOUND|getaddrinfo|FetchError|Failed to load|\n\s+at\s|JsonWebTokenError|invalid signature/;
/** A metadata host of these tests only: the connector caches keys per metadata address. */
const DOWN_HOST = 'https://openid-down.test';

/**
 * The public cloud's channel settings with another signing-key address: once one endpoint is set,
 * botbuilder takes every endpoint from the settings (values of its AuthenticationConstants).
 */
function publicCloudWithKeysAt(openIdMetadataUrl: string): Record<string, string | boolean> {
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
    OAuthUrl: 'https://api.botframework.com',
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl:
      'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
    CallerId: 'urn:botframework:azure',
  };
}

describe('HTTP auth failures (auth on)', function () {
  const originalConsoleError = console.error;
  let logLines: string[] = [];
  let bot: RunningBot;
  let downBot: RunningBot;

  before(async function () {
    bot = await startBot(AUTH, { logSink: (line) => logLines.push(line) });
    downBot = await startBot(AUTH, {
      logSink: (line) => logLines.push(line),
      adapter: { authSettings: publicCloudWithKeysAt(`${DOWN_HOST}${OPENID_PATH}`) },
    });
  });
  after(async function () {
    await bot.close();
    await downBot.close();
  });
  beforeEach(function () {
    offlineOnly();
    mockOpenIdMetadata(processSigningKey());
    mockOutboundToken();
    logLines = [];
    // botbuilder prints token failures with console.error; the served bot routes them into the log.
    console.error = () => undefined;
  });
  afterEach(function () {
    console.error = originalConsoleError;
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const post = (
    target: RunningBot,
    token: string,
  ): Promise<{ status: number; text: string; headers: Record<string, unknown> }> => {
    const conversationId = uniqueId('auth');
    recordChannel(conversationId);
    return postActivity(target, messageActivity('/help', { conversationId }), {
      headers: { authorization: `Bearer ${token}` },
    });
  };

  it('a token signed with a key the channel did not publish (same key id) is 401, not 500', async function () {
    const forged = { ...createSigningKey(['emulator']), kid: processSigningKey().kid };
    const res = await post(bot, signChannelToken(forged, { appId: APP_ID, serviceUrl: SERVICE_URL }));
    assert.equal(res.status, 401, res.text);
    assert.doesNotMatch(res.text, INTERNALS);
  });

  it('an expired token is 401', async function () {
    const res = await post(
      bot,
      signChannelToken(processSigningKey(), { appId: APP_ID, serviceUrl: SERVICE_URL, expiresIn: -600 }),
    );
    assert.equal(res.status, 401);
  });

  it('a token whose keys cannot be fetched (DNS failure) is 503 with Retry-After and no internals', async function () {
    nock(DOWN_HOST).get(OPENID_PATH).replyWithError('getaddrinfo ENOTFOUND openid-down.test');
    const res = await post(
      downBot,
      signChannelToken(processSigningKey(), { appId: APP_ID, serviceUrl: SERVICE_URL, issuer: CHANNEL_ISSUER }),
    );
    assert.equal(res.status, 503, res.text);
    assert.equal(res.headers['retry-after'], '30');
    assert.doesNotMatch(res.text, INTERNALS);
  });

  it('a token whose keys cannot be fetched (no network) is 503', async function () {
    // No interceptor: nock refuses the connection as a closed network would.
    const res = await post(downBot, signChannelToken(processSigningKey(), { appId: APP_ID, serviceUrl: SERVICE_URL }));
    assert.equal(res.status, 503, res.text);
    assert.doesNotMatch(res.text, INTERNALS);
  });

  it('a token whose key service answers 500 is 503', async function () {
    nock(DOWN_HOST)
      .get(OPENID_PATH)
      .reply(200, { jwks_uri: `${DOWN_HOST}${JWKS_PATH}` })
      .get(JWKS_PATH)
      .reply(500, 'down');
    const res = await post(downBot, signChannelToken(processSigningKey(), { appId: APP_ID, serviceUrl: SERVICE_URL }));
    assert.equal(res.status, 503, res.text);
    assert.doesNotMatch(res.text, INTERNALS);
  });

  it('logs one JSON line per rejected request, without a stack, and at most 20 a minute', async function () {
    for (let i = 0; i < 30; i++) await post(bot, 'not.a.jwt');
    const rejected = logLines.filter((l) => (JSON.parse(l) as { msg?: string }).msg === 'request rejected');
    // Earlier tests' rejections may share the minute: at most 20 lines a minute, whatever the flood.
    assert.ok(
      rejected.length >= 10 && rejected.length <= 20,
      `a flood of 30 is not logged line by line (${rejected.length} lines)`,
    );
    for (const line of rejected) {
      assert.doesNotMatch(line, /\n/);
      const record = JSON.parse(line) as Record<string, unknown>;
      assert.equal(record.status, 401);
      assert.equal(record.stack, undefined);
      const error = typeof record.error === 'string' ? record.error : JSON.stringify(record.error ?? '');
      assert.doesNotMatch(error, /\n/);
    }
  });
});

describe('createRateLimitedLog', function () {
  it('writes the first N lines of a window, counts the rest, and reports the count when the next window starts', function () {
    const lines: Record<string, unknown>[] = [];
    let now = 0;
    const log = createRateLimitedLog(
      createLogger('info', (l) => lines.push(JSON.parse(l) as Record<string, unknown>)),
      'request rejected',
      { perWindow: 3, windowMs: 1000, now: () => now },
    );
    for (let i = 0; i < 10; i++) log.record({ i });
    assert.deepEqual(
      lines.map((l) => l.i),
      [0, 1, 2],
    );
    now = 1500;
    log.record({ i: 10 });
    assert.deepEqual(
      lines.slice(3).map((l) => [l.suppressed, l.i]),
      [
        [7, undefined],
        [undefined, 10],
      ],
    );
  });
});
