import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_KEYS, loadConfig, PROJECT_ROOT } from '../../bot/config.js';

const text = fs.readFileSync(path.join(PROJECT_ROOT, '.env.example'), 'utf8');

/** KEY=value lines (comments and blank lines skipped), in file order. */
const assignments: readonly { key: string; value: string; line: number }[] = text
  .split(/\r?\n/)
  .map((raw, i) => ({ raw: raw.trim(), line: i + 1 }))
  .filter(({ raw }) => raw !== '' && !raw.startsWith('#'))
  .map(({ raw, line }) => {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(raw);
    assert.ok(m, `.env.example:${line}: "${raw}" is not KEY=value`);
    return { key: m[1] ?? '', value: m[2] ?? '', line };
  });

const configKeys = Object.keys(CONFIG_KEYS);

describe('.env.example', () => {
  for (const key of configKeys) {
    it(`documents ${key} as ${key}=...`, () => {
      assert.ok(
        assignments.some((a) => a.key === key),
        `.env.example has no line "${key}=..."`,
      );
    });
  }

  it('holds only keys that config.ts reads', () => {
    const unknown = assignments.filter((a) => !configKeys.includes(a.key)).map((a) => `${a.key} (line ${a.line})`);
    assert.deepEqual(unknown, []);
  });

  it('declares each key once', () => {
    const seen = assignments.map((a) => a.key);
    assert.deepEqual(
      seen.filter((k, i) => seen.indexOf(k) !== i),
      [],
    );
  });

  it('shows each key with its default value', () => {
    for (const a of assignments) {
      const spec = Object.entries(CONFIG_KEYS).find(([k]) => k === a.key)?.[1];
      assert.ok(spec);
      assert.equal(a.value, spec.default, `.env.example:${a.line}: ${a.key}`);
    }
  });

  it('is a valid configuration as it stands', () => {
    const env = Object.fromEntries(assignments.map((a) => [a.key, a.value]));
    assert.doesNotThrow(() => loadConfig(env));
  });

  it('keeps no secrets: the app id and password are blank', () => {
    for (const key of ['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppTenantId', 'ADMIN_AAD_OBJECT_IDS']) {
      assert.equal(assignments.find((a) => a.key === key)?.value, '', key);
    }
  });
});
