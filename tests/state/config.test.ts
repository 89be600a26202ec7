/** The state keys of the configuration: STORAGE, STATE_DIR, BLOB_CONNECTION_STRING, BLOB_CONTAINER, STATE_TTL_DAYS. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ConfigError, DEVELOPMENT_STORAGE, PROJECT_ROOT, loadConfig } from '../../bot/config.js';
import { createStorage } from '../../bot/storage.js';
import { createLogger } from '../../core/logger.js';

function problemsOf(env: Record<string, string>, defaultStorage?: 'file'): string[] {
  try {
    loadConfig(env, defaultStorage ? { defaultStorage } : {});
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

const AZURE =
  'DefaultEndpointsProtocol=https;AccountName=contosobot;AccountKey=c2VjcmV0LWtleS1ub3QtcmVhbA==;EndpointSuffix=core.windows.net';

describe('configuration of the state store', function () {
  it('uses memory when STORAGE is empty, unless the process says otherwise (npm start says file)', function () {
    assert.equal(loadConfig({}).storage, 'memory');
    assert.equal(loadConfig({ STORAGE: '' }).storage, 'memory');
    assert.equal(loadConfig({}, { defaultStorage: 'file' }).storage, 'file');
    assert.equal(loadConfig({ STORAGE: 'memory' }, { defaultStorage: 'file' }).storage, 'memory');
    assert.equal(loadConfig({ STORAGE: 'Blob' }).storage, 'blob');
  });

  it('keeps files in .data/state under the project by default, a folder git ignores', function () {
    const config = loadConfig({}, { defaultStorage: 'file' });
    assert.equal(config.stateDir, path.join(PROJECT_ROOT, '.data', 'state'));
    assert.equal(loadConfig({ STATE_DIR: '/var/lib/bot' }).stateDir, '/var/lib/bot');
    // git check-ignore exits 0 and prints the path when it is ignored.
    const ignored = execFileSync('git', ['check-ignore', '.data/state/v1/ab/x.json'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    });
    assert.equal(ignored.trim(), '.data/state/v1/ab/x.json');
  });

  it('defaults Blob to the local emulator and the bot-state container, 30 days to live', function () {
    const config = loadConfig({ STORAGE: 'blob' });
    assert.equal(config.blobConnectionString, DEVELOPMENT_STORAGE);
    assert.equal(config.blobContainer, 'bot-state');
    assert.equal(config.stateTtlDays, 30);
    assert.equal(loadConfig({ STORAGE: 'blob', BLOB_CONNECTION_STRING: AZURE }).blobConnectionString, AZURE);
  });

  it('refuses a connection string that is not one, without repeating it (it is a secret)', function () {
    const secretish = 'AccountKey=topsecret-value-123';
    const problems = problemsOf({ STORAGE: 'blob', BLOB_CONNECTION_STRING: secretish });
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /BLOB_CONNECTION_STRING is not an Azure Storage connection string/);
    assert.ok(!problems.join('\n').includes('topsecret'), 'the value is never echoed');
    // A SAS connection string is fine; without STORAGE=blob the key is not checked.
    assert.deepEqual(
      problemsOf({
        STORAGE: 'blob',
        BLOB_CONNECTION_STRING: 'BlobEndpoint=https://x.blob.core.windows.net/;SharedAccessSignature=sv=2022&sig=abc',
      }),
      [],
    );
    assert.deepEqual(problemsOf({ BLOB_CONNECTION_STRING: 'nonsense' }), []);
  });

  it('refuses container names Azure refuses, and days to live out of range', function () {
    for (const name of ['ab', 'Bot-State', 'bot--state', '-bot', 'bot_state', 'x'.repeat(64)])
      assert.match(problemsOf({ BLOB_CONTAINER: name }).join(''), /BLOB_CONTAINER=/, name);
    assert.deepEqual(problemsOf({ BLOB_CONTAINER: 'bot-state-2' }), []);
    for (const days of ['0', '3651', '1.5', 'thirty', '-1'])
      assert.match(problemsOf({ STATE_TTL_DAYS: days }).join(''), /STATE_TTL_DAYS="/, days);
    assert.equal(loadConfig({ STATE_TTL_DAYS: '7' }).stateTtlDays, 7);
    assert.match(problemsOf({ STATE_DIR: ' ' }).join(''), /STATE_DIR must not be empty/);
    assert.match(problemsOf({ STORAGE: 'redis' }).join(''), /STORAGE="redis" must be one of: file, blob, memory/);
  });

  it('names the store without secrets: the folder, the container, never the connection string', function () {
    const logger = createLogger('silent');
    assert.equal(createStorage(loadConfig({}), logger).where, 'this process');
    assert.equal(createStorage(loadConfig({}, { defaultStorage: 'file' }), logger).where, path.join('.data', 'state'));
    const blob = createStorage(
      loadConfig({ STORAGE: 'blob', BLOB_CONNECTION_STRING: AZURE, BLOB_CONTAINER: 'my-bot' }),
      logger,
    );
    assert.equal(blob.kind, 'blob');
    assert.equal(blob.where, 'container my-bot');
    assert.ok(!JSON.stringify(blob.where).includes('AccountKey'));
  });
});
