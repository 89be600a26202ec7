/**
 * One contract, three stores: memory, file, and Azure Blob on Azurite. Blob skips, with the reason
 * printed, only when Azurite cannot start here.
 */
import assert from 'node:assert/strict';
import {
  IF_ABSENT,
  isConflictError,
  withoutETag,
  type ExpiringStorage,
  type StoreItem,
} from '../../bot/state/stateStorage.js';
import { ODD_KEYS, STORE_KINDS, TTL_MS, type OpenedStore } from './support/stores.js';

async function expectConflict(promise: Promise<unknown>, what: string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => isConflictError(err), `${what}: expected an eTag conflict`);
}

async function readOne(store: ExpiringStorage, key: string): Promise<StoreItem | undefined> {
  return (await store.read([key]))[key];
}

for (const kind of STORE_KINDS) {
  describe(`state store contract: ${kind.name}`, function () {
    this.timeout(60_000);
    let s: OpenedStore;

    before(async function () {
      const reason = await kind.unavailable();
      if (reason !== undefined) {
        process.stdout.write(`      (skipped: ${kind.name} store unavailable: ${reason})\n`);
        this.skip();
      }
    });
    beforeEach(async function () {
      s = await kind.open();
    });

    it('reads nothing for keys never written', async function () {
      assert.deepEqual(await s.store.read(['nobody', 'msteams/conversations/none/']), {});
      assert.deepEqual(await s.store.read([]), {});
    });

    it('reads back what was written, with an eTag, as a copy', async function () {
      const item = {
        dialogState: { dialogStack: [{ id: 'treeDialog', state: { nodeId: 'n1', steps: [] } }] },
        text: 'Ünïcödé 😀 "quoted" \\ back',
      };
      await s.store.write({ k: { ...item, eTag: '*' } });
      const back = await readOne(s.store, 'k');
      assert.ok(back);
      assert.equal(typeof back.eTag, 'string');
      assert.notEqual(back.eTag, '');
      assert.notEqual(back.eTag, '*');
      assert.deepEqual(withoutETag(back), item);
      // Another handle (instance) reads the same, and changing what was read changes nothing stored.
      (back.dialogState as { dialogStack: unknown[] }).dialogStack.length = 0;
      assert.deepEqual((await readOne(s.other, 'k'))?.dialogState, item.dialogState);
    });

    it('gives every write a new eTag', async function () {
      const eTags = new Set<string>();
      for (let i = 0; i < 5; i++) {
        await s.store.write({ k: { n: i } });
        eTags.add(String((await readOne(s.store, 'k'))?.eTag));
      }
      assert.equal(eTags.size, 5);
    });

    it('writes with the current eTag and rejects a stale one, keeping the newer item', async function () {
      await s.store.write({ k: { n: 1 } });
      const first = await readOne(s.store, 'k');
      await s.other.write({ k: { n: 2, eTag: first?.eTag } });
      await expectConflict(s.store.write({ k: { n: 3, eTag: first?.eTag } }), 'stale eTag');
      assert.equal((await readOne(s.store, 'k'))?.n, 2);
    });

    it('rejects an eTag for an item that was never written, or was deleted', async function () {
      await expectConflict(s.store.write({ never: { n: 1, eTag: '"0x8DCAFE"' } }), 'eTag of a missing item');
      await s.store.write({ k: { n: 1 } });
      const read = await readOne(s.store, 'k');
      await s.store.delete(['k']);
      await expectConflict(s.store.write({ k: { n: 2, eTag: read?.eTag } }), 'eTag of a deleted item');
      assert.equal(await readOne(s.store, 'k'), undefined);
    });

    it("overwrites with '*' or without an eTag, whatever is stored", async function () {
      await s.store.write({ k: { n: 1 } });
      await s.other.write({ k: { n: 2, eTag: '*' } });
      assert.equal((await readOne(s.store, 'k'))?.n, 2);
      await s.store.write({ k: { n: 3 } });
      await s.store.write({ k: { n: 4, eTag: '' } });
      assert.equal((await readOne(s.other, 'k'))?.n, 4);
    });

    it('creates with IF_ABSENT only when the key is free', async function () {
      await s.store.write({ k: { n: 1, eTag: IF_ABSENT } });
      assert.equal((await readOne(s.store, 'k'))?.n, 1);
      await expectConflict(s.other.write({ k: { n: 2, eTag: IF_ABSENT } }), 'create over an existing item');
      assert.equal((await readOne(s.store, 'k'))?.n, 1);
      await s.store.delete(['k']);
      await s.other.write({ k: { n: 3, eTag: IF_ABSENT } });
      assert.equal((await readOne(s.store, 'k'))?.n, 3);
    });

    it('deletes, and deleting a missing key is not an error', async function () {
      await s.store.write({ a: { n: 1 }, b: { n: 2 } });
      await s.store.delete(['a', 'missing']);
      assert.deepEqual(Object.keys(await s.store.read(['a', 'b', 'missing'])), ['b']);
    });

    it('keeps every odd key apart and reads each back under its own key', async function () {
      for (const [i, key] of ODD_KEYS.entries()) await s.store.write({ [key]: { i, key } });
      const all = await s.other.read([...ODD_KEYS]);
      assert.equal(Object.keys(all).length, ODD_KEYS.length);
      for (const [i, key] of ODD_KEYS.entries()) {
        const got = all[key];
        assert.ok(got, `key ${JSON.stringify(key.slice(0, 60))} did not read back`);
        assert.equal(got.i, i);
        assert.equal(got.key, key);
      }
      // Deleting one leaves its look-alikes ('a//b' vs 'a/b', case, long common prefixes).
      await s.store.delete(['a/b', 'CON', `${'x'.repeat(1100)}a`]);
      const after = await s.store.read([...ODD_KEYS]);
      assert.equal(Object.keys(after).length, ODD_KEYS.length - 3);
      for (const key of ['a//b', 'a/b/', 'con', `${'x'.repeat(1100)}b`]) assert.ok(after[key], key);
    });

    it('loses no update when concurrent writers each read, change and write back with the eTag', async function () {
      await s.store.write({ counter: { n: 0 } });
      let conflicts = 0;
      const writer = async (store: ExpiringStorage, times: number): Promise<void> => {
        for (let done = 0; done < times;) {
          const current = await readOne(store, 'counter');
          try {
            await store.write({ counter: { n: Number(current?.n) + 1, eTag: current?.eTag } });
            done += 1;
          } catch (err) {
            if (!isConflictError(err)) throw err;
            conflicts += 1;
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, (_, i) => writer(i % 2 === 0 ? s.store : s.other, 5)));
      assert.equal((await readOne(s.store, 'counter'))?.n, 40);
      assert.ok(conflicts > 0, 'the writers never overlapped: the test did not test concurrency');
    });

    it('lets exactly one of many concurrent creates win', async function () {
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 === 0 ? s.store : s.other).write({ fresh: { by: i, eTag: IF_ABSENT } }),
        ),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results) if (r.status === 'rejected') assert.ok(isConflictError(r.reason));
    });

    it('keeps a large item whole', async function () {
      const big = { text: 'é'.repeat(100_000), list: Array.from({ length: 2_000 }, (_, i) => `step ${i}`) };
      await s.store.write({ big });
      const back = await readOne(s.other, 'big');
      assert.equal(back?.text, big.text);
      assert.deepEqual(back.list, big.list);
    });

    it('prunes items idle for longer than the time to live, and only those', async function () {
      await s.store.write({ old1: { n: 1 }, old2: { n: 2 } });
      s.clock.advance(TTL_MS / 2);
      await s.store.write({ fresh: { n: 3 } });
      s.clock.advance(TTL_MS / 2 + 60_000);
      assert.equal(await s.store.prune(), 2);
      assert.deepEqual(Object.keys(await s.other.read(['old1', 'old2', 'fresh'])), ['fresh']);
      assert.equal(await s.store.prune(), 0, 'nothing more is idle');
      s.clock.advance(TTL_MS);
      assert.equal(await s.store.prune(), 1);
      assert.deepEqual(await s.store.read(['fresh']), {});
    });

    it('reads an idle item as absent before any prune, and lets a create-only write replace it', async function () {
      await s.store.write({ idle: { n: 1 } });
      s.clock.advance(TTL_MS + 60_000);
      assert.equal(await readOne(s.other, 'idle'), undefined);
      await s.other.write({ idle: { n: 3, eTag: IF_ABSENT } });
      assert.equal((await readOne(s.store, 'idle'))?.n, 3);
      assert.equal(await s.store.prune(), 0, 'the replaced item is fresh');
    });
  });
}
