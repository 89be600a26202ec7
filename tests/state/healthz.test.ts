/** /healthz names the store and says whether it answers: 200 when it does, 503 (no internals) when not. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { StateStorage, StoreItems } from '../../bot/state/stateStorage.js';
import { azurite } from './support/azurite.js';
import { httpRequest, startServer, type RunningServer } from './support/botServer.js';
import { tempDir } from './support/stores.js';
import { freePort } from '../support/freePort.js';

interface Health {
  status: string;
  storage: string;
  storageWhere?: string;
  storageAnswers?: boolean;
  storageMs?: number;
}

async function health(server: RunningServer): Promise<{ code: number; body: Health; text: string }> {
  const res = await httpRequest('GET', `${server.baseUrl}/healthz`);
  return { code: res.status, body: res.json as Health, text: res.text };
}

/** A store that fails the way a misconfigured one does, with a secret in its error. */
class BrokenStorage implements StateStorage {
  read(): Promise<StoreItems> {
    return Promise.reject(new Error('403 AuthorizationFailure for AccountKey=c2VjcmV0 at /secret/path'));
  }
  write(): Promise<void> {
    return this.read().then(() => undefined);
  }
  delete(): Promise<void> {
    return this.read().then(() => undefined);
  }
}

describe('/healthz and the state store', function () {
  this.timeout(30_000);

  it('names the memory store and says it answers', async function () {
    const server = await startServer({});
    try {
      const { code, body } = await health(server);
      assert.equal(code, 200);
      assert.equal(body.status, 'ok');
      assert.equal(body.storage, 'memory');
      assert.equal(body.storageWhere, 'this process');
      assert.equal(body.storageAnswers, true);
      assert.equal(typeof body.storageMs, 'number');
    } finally {
      await server.close();
    }
  });

  it('names the file store by its folder, and its probe leaves no file behind', async function () {
    const dir = tempDir('state-health');
    const server = await startServer({ STORAGE: 'file', STATE_DIR: dir });
    try {
      const { code, body } = await health(server);
      assert.equal(code, 200);
      assert.equal(body.storage, 'file');
      assert.equal(body.storageWhere, dir);
      assert.equal(body.storageAnswers, true);
      const left = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.json'));
      assert.deepEqual(left, []);
    } finally {
      await server.close();
    }
  });

  it('answers 503 "degraded" when the store fails, without the error text (or its secret)', async function () {
    const server = await startServer({}, { storage: new BrokenStorage() });
    try {
      const { code, body, text } = await health(server);
      assert.equal(code, 503);
      assert.equal(body.status, 'degraded');
      assert.equal(body.storageAnswers, false);
      assert.doesNotMatch(text, /AccountKey|c2VjcmV0|secret|403/);
    } finally {
      await server.close();
    }
  });

  it('says whether Blob storage answers: on Azurite yes, on a port nobody listens on no (within seconds)', async function () {
    const started = await azurite();
    if (!started.ok) {
      process.stdout.write(`      (skipped: ${started.reason})\n`);
      this.skip();
    }
    const up = await startServer({
      STORAGE: 'blob',
      BLOB_CONNECTION_STRING: started.azurite.connectionString,
      BLOB_CONTAINER: 'health-check',
    });
    const port = await freePort();
    const down = await startServer({
      STORAGE: 'blob',
      BLOB_CONNECTION_STRING: started.azurite.connectionString.replace(/:\d+\//, `:${port}/`),
    });
    try {
      const ok = await health(up);
      assert.equal(ok.code, 200);
      assert.equal(ok.body.storageWhere, 'container health-check');
      assert.equal(ok.body.storageAnswers, true);
      const t0 = Date.now();
      const bad = await health(down);
      assert.equal(bad.code, 503);
      assert.equal(bad.body.storageAnswers, false);
      assert.ok(Date.now() - t0 < 10_000, 'the probe gives up after a few seconds');
      assert.doesNotMatch(bad.text, /AccountKey|Eby8/);
    } finally {
      await up.close();
      await down.close();
    }
  });
});
