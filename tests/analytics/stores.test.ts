/**
 * The analytics stores (memory, day files, append blobs on Azurite) keep one contract: appends by
 * UTC day, reads by day range, a user's rows removed, whole days deleted by retention, and a salt
 * made once. Retention through the recorder deletes the old day files themselves.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ContainerClient } from '@azure/storage-blob';
import type { AnalyticsEvent } from '../../analytics/events.js';
import type { AnalyticsStore } from '../../analytics/store.js';
import { MemoryAnalyticsStore } from '../../analytics/memoryStore.js';
import { FileAnalyticsStore } from '../../analytics/fileStore.js';
import { BlobAnalyticsStore } from '../../analytics/blobStore.js';
import { AnalyticsRecorder } from '../../analytics/recorder.js';
import { createLogger } from '../../core/logger.js';
import { azurite } from '../state/support/azurite.js';
import { uniqueContainer } from '../state/support/stores.js';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'analytics-'));
}

function event(at: string, user: string, entry = 'e1'): AnalyticsEvent {
  return { type: 'answerShown', entry, answer: 'a1', at, user };
}

const KINDS: { name: string; make: () => Promise<AnalyticsStore | string> }[] = [
  { name: 'memory', make: () => Promise.resolve(new MemoryAnalyticsStore()) },
  { name: 'files', make: () => Promise.resolve(new FileAnalyticsStore(tempDir())) },
  {
    name: 'blob (Azurite)',
    make: async () => {
      const started = await azurite();
      if (!started.ok) return started.reason;
      return new BlobAnalyticsStore(
        new ContainerClient(started.azurite.connectionString, uniqueContainer('analytics')),
      );
    },
  },
];

for (const kind of KINDS) {
  describe(`analytics store: ${kind.name}`, function () {
    let store: AnalyticsStore;
    before(async function () {
      const made = await kind.make();
      if (typeof made === 'string') {
        process.stdout.write(`      (skipped: ${made})\n`);
        this.skip();
      }
      store = made;
    });

    it('appends by day, reads a day range, removes one user, deletes whole days, keeps one salt', async function () {
      await store.append([event('2026-11-01T10:00:00.000Z', 'u1'), event('2026-11-02T10:00:00.000Z', 'u2')]);
      await store.append([event('2026-11-02T11:00:00.000Z', 'u1'), event('2026-11-03T09:00:00.000Z', 'u1')]);
      assert.deepEqual(
        (await store.read('2026-11-02', '2026-11-03')).map((e) => [e.at, e.user]),
        [
          ['2026-11-02T10:00:00.000Z', 'u2'],
          ['2026-11-02T11:00:00.000Z', 'u1'],
          ['2026-11-03T09:00:00.000Z', 'u1'],
        ],
      );
      assert.equal(await store.removeUser('u1'), 3);
      assert.deepEqual(
        (await store.read('2026-01-01', '2026-12-31')).map((e) => e.user),
        ['u2'],
      );
      await store.append([event('2026-11-05T10:00:00.000Z', 'u3')]);
      assert.deepEqual(await store.deleteBefore('2026-11-03'), ['2026-11-01', '2026-11-02']);
      assert.deepEqual(
        (await store.read('2026-01-01', '2026-12-31')).map((e) => e.user),
        ['u3'],
      );
      const salt = await store.salt();
      assert.match(salt, /^[0-9a-f]{48}$/);
      assert.equal(await store.salt(), salt);
    });
  });
}

describe('analytics retention', function () {
  it('deletes the day files older than ANALYTICS_RETENTION_DAYS on the first write of a day, keeping the rest', async function () {
    const dir = tempDir();
    const store = new FileAnalyticsStore(dir);
    const today = Date.parse('2026-12-02T12:00:00.000Z');
    const daysAgo = (n: number): string => new Date(today - n * 86_400_000).toISOString();
    await store.append([100, 91, 90, 89, 1].map((n) => event(daysAgo(n), 'u1')));
    const recorder = new AnalyticsRecorder(store, createLogger('silent'), { retentionDays: 90, now: () => today });
    recorder.record('someone', { type: 'treeStarted', tree: 't' });
    await recorder.flush();
    const files = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .sort();
    assert.deepEqual(files, ['2026-09-04.jsonl', '2026-12-01.jsonl', '2026-12-02.jsonl']);
  });

  it('a failing store never throws into the turn: the write is logged and dropped', async function () {
    const lines: string[] = [];
    const logger = createLogger('warn', (line) => lines.push(line));
    const broken: AnalyticsStore = {
      where: 'nowhere',
      salt: () => Promise.resolve('s'),
      append: () => Promise.reject(new Error('disk full')),
      read: () => Promise.resolve([]),
      removeUser: () => Promise.resolve(0),
      deleteBefore: () => Promise.resolve([]),
    };
    const recorder = new AnalyticsRecorder(broken, logger, { retentionDays: 90 });
    recorder.record('u', { type: 'treeStarted', tree: 't' });
    await recorder.flush();
    assert.ok(
      lines.some((l) => l.includes('analytics write failed') && l.includes('disk full')),
      lines.join('\n'),
    );
  });
});
