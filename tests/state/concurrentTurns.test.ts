/**
 * Turns of one conversation on more than one instance, over HTTP: with Blob state two instances in
 * this process share one container (each with its own client, as two App Service instances would);
 * the file store is shared by two apps on one folder, memory by one app. The turns of a
 * troubleshooter alternate between the instances and it goes on as on one; and two turns of one
 * conversation that truly overlap (both read before either writes) both keep their change.
 */
import assert from 'node:assert/strict';
import type { AppOptions } from '../../bot/app.js';
import { FileStorage } from '../../bot/state/fileStorage.js';
import { BoundedMemoryStorage } from '../../bot/state/memoryStorage.js';
import type { ExpiringStorage, StoreItems } from '../../bot/state/stateStorage.js';
import { messages } from '../../replies/messages.js';
import { azurite } from './support/azurite.js';
import { allText, HttpUser, startServer, type Reply, type RunningServer } from './support/botServer.js';
import { TTL_MS, TestClock, blobStore, tempDir, uniqueContainer } from './support/stores.js';

const TREE = 'presence-missing-in-outlook';

/** Holds the first read of one key by each of `parties` turns until all have read it: a forced overlap. */
class Gate {
  private arrived = 0;
  private open!: () => void;
  readonly opened = new Promise<void>((resolve) => (this.open = resolve));
  timedOut = false;

  constructor(
    readonly key: string,
    private readonly parties: number,
  ) {}

  async pass(): Promise<void> {
    this.arrived += 1;
    if (this.arrived === this.parties) this.open();
    if (this.arrived > this.parties) return;
    const timer = new Promise<void>((resolve) =>
      setTimeout(() => {
        this.timedOut = true;
        resolve();
      }, 5_000),
    );
    await Promise.race([this.opened, timer]);
  }
}

/** An instance's store with a gate on reads. */
class GatedStorage implements ExpiringStorage {
  readonly conditionalCreate = true;
  gate: Gate | undefined;

  constructor(private readonly inner: ExpiringStorage) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items = await this.inner.read(keys);
    const gate = this.gate;
    if (gate && keys.includes(gate.key)) await gate.pass();
    return items;
  }
  write(changes: StoreItems): Promise<void> {
    return this.inner.write(changes);
  }
  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
  prune(): Promise<number> {
    return this.inner.prune();
  }
}

interface Instances {
  readonly servers: readonly RunningServer[];
  readonly stores: readonly GatedStorage[];
  close(): Promise<void>;
}

interface Backend {
  readonly name: string;
  readonly instances: number;
  unavailable(): Promise<string | undefined>;
  /** One store per instance, all on the same data. */
  stores(count: number): Promise<ExpiringStorage[]>;
}

const BACKENDS: readonly Backend[] = [
  {
    name: 'memory (one instance, two overlapping requests)',
    instances: 1,
    unavailable: () => Promise.resolve(undefined),
    stores: (count) => {
      const one = new BoundedMemoryStorage({ ttlMs: TTL_MS });
      return Promise.resolve(Array.from({ length: count }, () => one));
    },
  },
  {
    name: 'file (two apps on one folder)',
    instances: 2,
    unavailable: () => Promise.resolve(undefined),
    stores: (count) => {
      const dir = tempDir('state-concurrent');
      return Promise.resolve(Array.from({ length: count }, () => new FileStorage({ dir, ttlMs: TTL_MS })));
    },
  },
  {
    name: 'blob (two instances on one container)',
    instances: 2,
    unavailable: async () => {
      const started = await azurite();
      return started.ok ? undefined : started.reason;
    },
    stores: async (count) => {
      const container = uniqueContainer('instances');
      const clock = new TestClock();
      const stores: ExpiringStorage[] = [];
      for (let i = 0; i < count; i++) stores.push(await blobStore(container, clock));
      return stores;
    },
  },
];

async function startInstances(backend: Backend, options: AppOptions = {}): Promise<Instances> {
  const stores = (await backend.stores(backend.instances)).map((s) => new GatedStorage(s));
  const servers: RunningServer[] = [];
  for (const storage of stores) servers.push(await startServer({}, { ...options, storage }));
  return {
    servers,
    stores,
    close: async () => {
      for (const s of servers) await s.close();
    },
  };
}

/** The text of a reply's question (its first line), to compare walks. */
function texts(replies: readonly Reply[]): string[] {
  return replies.map((r) => r.text);
}

/** Starts the troubleshooter, then clicks the first button `clicks` times; turn i goes to `urlOf(i)`. */
async function walk(user: HttpUser, urlOf: (turn: number) => string, clicks: number): Promise<string[][]> {
  const seen: string[][] = [];
  let replies = await user.say(urlOf(0), `/troubleshoot ${TREE}`);
  seen.push(texts(replies));
  for (let i = 1; i <= clicks; i++) {
    const first = replies.flatMap((r) => r.buttons)[0];
    assert.ok(first, `turn ${i}: no button to click in ${allText(replies).slice(0, 300)}`);
    replies = await user.click(urlOf(i), replies, first.title);
    seen.push(texts(replies));
  }
  return seen;
}

interface Progress {
  readonly nodeId: string | undefined;
  readonly steps: number;
  readonly lastQuery: string | undefined;
}

async function progressOf(store: ExpiringStorage, user: HttpUser): Promise<Progress> {
  const item = (await store.read([user.progressKey]))[user.progressKey] as
    | {
        dialogState?: { dialogStack?: { state?: { nodeId?: string; steps?: unknown[] } }[] };
        lastSearch?: { query?: string };
      }
    | undefined;
  const tree = item?.dialogState?.dialogStack?.[0]?.state;
  return { nodeId: tree?.nodeId, steps: tree?.steps?.length ?? 0, lastQuery: item?.lastSearch?.query };
}

/**
 * Two overlapping turns of one conversation in a troubleshooter: a click on the current step (moves
 * the dialog on) and a /search (remembers the question for /why). Both change the user's one
 * progress item. Returns what was stored after both.
 */
async function overlappingTurns(instances: Instances): Promise<{ progress: Progress; gate: Gate; before: Progress }> {
  const [a, b] = instances.servers.length > 1 ? instances.servers : [instances.servers[0], instances.servers[0]];
  assert.ok(a && b);
  const user = new HttpUser('overlap');
  const started = await user.say(a.baseUrl, `/troubleshoot ${TREE}`);
  const before = await progressOf(instances.stores[0] as ExpiringStorage, user);
  const button = started.flatMap((r) => r.buttons)[0];
  assert.ok(button);
  const gate = new Gate(user.progressKey, 2);
  for (const s of instances.stores) s.gate = gate;
  const answers = await Promise.all([
    user.post(a.baseUrl, user.activity({ text: button.text, value: button.value })),
    user.post(b.baseUrl, user.activity({ text: '/search outlook add-in disabled' })),
  ]);
  for (const replies of answers) {
    assert.ok(replies.length > 0, 'each turn answered');
    assert.ok(!replies.some((r) => r.text === messages.apology), allText(replies));
  }
  for (const s of instances.stores) s.gate = undefined;
  return { progress: await progressOf(instances.stores[0] as ExpiringStorage, user), gate, before };
}

for (const backend of BACKENDS) {
  describe(`turns of one conversation on ${backend.name}`, function () {
    this.timeout(60_000);

    before(async function () {
      const reason = await backend.unavailable();
      if (reason !== undefined) {
        process.stdout.write(`      (skipped: ${reason})\n`);
        this.skip();
      }
    });

    it('goes on through a troubleshooter with its turns alternating between the instances', async function () {
      const reference = await startInstances(BACKENDS[0] as Backend);
      const shared = await startInstances(backend);
      try {
        const one = reference.servers[0]?.baseUrl ?? '';
        const expected = await walk(new HttpUser('reference'), () => one, 4);
        const urls = shared.servers.map((s) => s.baseUrl);
        const got = await walk(new HttpUser('alternating'), (turn) => urls[turn % urls.length] ?? '', 4);
        assert.deepEqual(got, expected);
      } finally {
        await reference.close();
        await shared.close();
      }
    });

    it('keeps both changes of two truly overlapping turns (the click moves on, /why remembers the search)', async function () {
      const instances = await startInstances(backend);
      try {
        const { progress, gate, before } = await overlappingTurns(instances);
        assert.equal(gate.timedOut, false, 'the two turns did not overlap');
        assert.equal(progress.steps, before.steps + 1, 'the click moved the troubleshooter on by one step');
        assert.notEqual(progress.nodeId, before.nodeId);
        assert.equal(progress.lastQuery, 'outlook add-in disabled', 'the search is remembered');
      } finally {
        await instances.close();
      }
    });

    it("loses one of them when writes are botbuilder's last-writer-wins (the race above is real)", async function () {
      const instances = await startInstances(backend, { optimisticConcurrency: false });
      try {
        const { progress, gate, before } = await overlappingTurns(instances);
        assert.equal(gate.timedOut, false, 'the two turns did not overlap');
        const clickKept = progress.steps === before.steps + 1;
        const searchKept = progress.lastQuery === 'outlook add-in disabled';
        assert.ok(!(clickKept && searchKept), 'both changes survived without eTag checks: the test shows nothing');
      } finally {
        await instances.close();
      }
    });
  });
}
