/**
 * State benchmark (a section of `npm run bench`; alone: `npm run bench -- --state-only`):
 *
 * 1. Memory per conversation: 20,000 conversations (each starts a troubleshooter and answers its
 *    first question) through the whole bot with STORAGE=memory, then the clock moves past
 *    STATE_TTL_DAYS and expired state is pruned. Heap growth per conversation is printed before and
 *    after expiry (goal: flat after), beside botbuilder's MemoryStorage, which never forgets.
 * 2. Write latency per store: a conversation's saved progress (copied from a real one: a few hundred
 *    bytes after one answer) written with the eTag it was read with, p50/p99, for memory, file (fsync
 *    on) and Blob on Azurite (a loopback emulator: real Azure adds a network round trip).
 */
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { ActivityTypes, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { buildApp, type App, type AppOptions } from '../../bot/app.js';
import { loadConfig } from '../../bot/config.js';
import { FileStorage } from '../../bot/state/fileStorage.js';
import { BoundedMemoryStorage } from '../../bot/state/memoryStorage.js';
import { daysToMs, type StateStorage, type StoreItem } from '../../bot/state/stateStorage.js';
import { createLogger } from '../../core/logger.js';
import { azurite, stopAzurite } from './support/azurite.js';
import { TestClock, blobStore, tempDir, uniqueContainer } from './support/stores.js';
import { buttonsOf } from '../support/harness.js';

const TREE = 'presence-missing-in-outlook';
const TTL_DAYS = 30;

v8.setFlagsFromString('--expose-gc');
const gcFn: unknown = vm.runInNewContext('gc');
function gc(): void {
  if (typeof gcFn === 'function') for (let i = 0; i < 3; i++) (gcFn as () => void)();
}

function heap(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

function percentile(sorted: readonly number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(2)} KB`;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (n: number): string => (n >= 10 ? n.toFixed(1) : n.toFixed(3));

/** Drives many conversations through one app: each starts the troubleshooter and clicks its first answer. */
class Driver {
  private readonly adapter: TestAdapter;
  private click: { text: string; value: unknown } | undefined;
  private n = 0;

  constructor(readonly app: App) {
    this.adapter = new TestAdapter((ctx) => app.bot.run(ctx), {
      channelId: 'msteams',
      serviceUrl: 'https://bench.invalid',
    });
  }

  async conversation(): Promise<void> {
    this.n += 1;
    const base: Partial<Activity> = {
      type: ActivityTypes.Message,
      conversation: { id: `a:bench-${this.n};messageid=1`, conversationType: 'personal' } as Activity['conversation'],
      from: { id: `29:bench-user-${this.n}`, name: 'Bench' },
    };
    await this.adapter.processActivity({ ...base, text: `/troubleshoot ${TREE}` });
    const sent = this.adapter.activeQueue.splice(0);
    this.click ??= firstButton(sent);
    await this.adapter.processActivity({ ...base, text: this.click.text, value: this.click.value });
    this.adapter.activeQueue.splice(0);
  }
}

function firstButton(sent: readonly Partial<Activity>[]): { text: string; value: unknown } {
  const b = sent.flatMap((a) => buttonsOf(a))[0];
  if (!b) throw new Error('the troubleshooter showed no button');
  return { text: b.text, value: b.value };
}

interface MemoryRow {
  readonly store: string;
  /** Heap of the state of one live conversation. */
  readonly livePerConversation: number;
  /** Heap left per conversation once all have expired: total growth over all conversations. */
  readonly afterPerConversation: number | undefined;
  /** The same, between the half-way point and the end: growth per added conversation (the slope). */
  readonly afterSlope: number | undefined;
  readonly retainedAfter: number | undefined;
  readonly itemsLive: number | undefined;
  readonly itemsAfter: number | undefined;
  readonly seconds: number;
}

/**
 * Runs `count` conversations in two halves. With expiry, after each half the clock moves past the
 * time to live and expired state is pruned; the heap is measured after a full GC each time.
 */
async function memoryRun(name: string, count: number, options: AppOptions, clock: TestClock): Promise<MemoryRow> {
  const app = buildApp(
    // Analytics events are kept as long as the state here, so "after expiry" is everything a conversation left.
    loadConfig({ LOG_LEVEL: 'silent', STATE_TTL_DAYS: String(TTL_DAYS), ANALYTICS_RETENTION_DAYS: String(TTL_DAYS) }),
    createLogger('silent'),
    options,
  );
  const driver = new Driver(app);
  const sized = app.storage as Partial<BoundedMemoryStorage>;
  const expires = options.storage === undefined || options.storage instanceof BoundedMemoryStorage;
  const expire = async (): Promise<number> => {
    clock.advance(daysToMs(TTL_DAYS + 1));
    await app.state.prune();
    await app.services.analytics?.flush();
    await app.services.analytics?.prune();
    return heap();
  };
  // Warm-up (caches of the index, the dialogs, the JIT), then let those conversations expire too.
  for (let i = 0; i < 500; i++) await driver.conversation();
  const base = await expire();
  const half = Math.floor(count / 2);
  const t0 = performance.now();
  for (let i = 0; i < half; i++) await driver.conversation();
  const liveHalf = heap();
  const afterHalf = expires ? await expire() : liveHalf;
  for (let i = half; i < count; i++) await driver.conversation();
  const seconds = (performance.now() - t0) / 1000;
  const live = heap();
  const itemsLive = sized.size;
  const after = expires ? await expire() : undefined;
  return {
    store: name,
    livePerConversation: expires ? (live - afterHalf) / (count - half) : (live - base) / count,
    afterPerConversation: after === undefined ? undefined : (after - base) / count,
    afterSlope: after === undefined ? undefined : (after - afterHalf) / (count - half),
    retainedAfter: after === undefined ? undefined : after - base,
    itemsLive,
    itemsAfter: expires ? sized.size : undefined,
    seconds,
  };
}

/** A saved progress item of the size the bot writes (measured from a real one). */
async function sampleItem(): Promise<StoreItem> {
  const app = buildApp(loadConfig({ LOG_LEVEL: 'silent' }), createLogger('silent'));
  await new Driver(app).conversation();
  const key = 'msteams/conversations/a:bench-1;messageid=1/private/';
  const item = (await app.storage.read([key]))[key];
  if (!item) throw new Error('no saved progress to copy');
  return item;
}

interface LatencyRow {
  readonly store: string;
  readonly writes: number;
  readonly p50: number;
  readonly p99: number;
  readonly createP50: number;
  readonly createP99: number;
}

async function latency(name: string, store: StateStorage, item: StoreItem, count: number): Promise<LatencyRow> {
  const creates: number[] = [];
  const updates: number[] = [];
  const body = { ...item, eTag: undefined };
  for (let i = 0; i < count; i++) {
    const key = `msteams/conversations/a:lat-${i};messageid=1/private/`;
    let t = performance.now();
    await store.write({ [key]: { ...body, eTag: '*' } });
    creates.push(performance.now() - t);
    const read = (await store.read([key]))[key];
    t = performance.now();
    await store.write({ [key]: { ...body, n: i, eTag: read?.eTag } });
    updates.push(performance.now() - t);
  }
  creates.sort((a, b) => a - b);
  updates.sort((a, b) => a - b);
  return {
    store: name,
    writes: count,
    p50: percentile(updates, 50),
    p99: percentile(updates, 99),
    createP50: percentile(creates, 50),
    createP99: percentile(creates, 99),
  };
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  return `${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${rows.map(line).join('\n')}\n`;
}

/** Memory per idle conversation after expiry counts as flat below this slope (0.1 KB per added conversation). */
export const FLAT_SLOPE_BYTES = 102.4;

/** The figure the goals summary of `npm run bench` reads: heap per added conversation once expired. */
export interface StateFigures {
  readonly afterExpirySlope: number | undefined;
  readonly conversations: number;
}

export async function runStateBench(conversations = 20_000, writes = 1_000): Promise<StateFigures> {
  const out = (text: string): boolean => process.stdout.write(text);
  out(
    `\nState benchmark: ${conversations.toLocaleString('en-US')} conversations through the whole bot (start ${TREE}, answer its first question), ` +
      `then the clock moves past STATE_TTL_DAYS=${TTL_DAYS} (and ANALYTICS_RETENTION_DAYS=${TTL_DAYS}) and expired state and analytics days are pruned.${typeof gcFn === 'function' ? '' : ' (gc not available: heap figures include garbage)'}\n\n`,
  );
  const memRows: MemoryRow[] = [];
  const clock = new TestClock();
  memRows.push(await memoryRun('memory (STORAGE=memory)', conversations, { now: clock.now }, clock));
  process.stderr.write(`  memory store: ${memRows[0]?.seconds.toFixed(0)} s\n`);
  const oldClock = new TestClock();
  memRows.push(
    await memoryRun('botbuilder MemoryStorage (before)', conversations, { storage: new MemoryStorage() }, oldClock),
  );
  const never = 'never expires';
  out(
    table(
      [
        'store',
        'live, per conversation',
        'after expiry, per conversation',
        'slope after expiry',
        'items live',
        'items after',
        'turns/s',
      ],
      memRows.map((r) => [
        r.store,
        kb(r.livePerConversation),
        r.afterPerConversation === undefined ? never : `${kb(r.afterPerConversation)} (${mb(r.retainedAfter ?? 0)})`,
        r.afterSlope === undefined ? never : kb(r.afterSlope),
        r.itemsLive === undefined ? '-' : r.itemsLive.toLocaleString('en-US'),
        r.itemsAfter === undefined ? '-' : r.itemsAfter.toLocaleString('en-US'),
        ((2 * conversations) / r.seconds).toFixed(0),
      ]),
    ),
  );
  const mem = memRows[0];
  if (mem?.afterSlope !== undefined)
    out(
      `"after expiry" is the heap growth over all ${conversations.toLocaleString('en-US')} conversations once expired, divided by their number; ` +
        `"slope" is the growth from the first half to the second (per added conversation), which leaves out what V8 keeps ` +
        `once however many turns ran (a few MB of compiled code and weak lists, the same in one conversation of as many turns).\n` +
        `Memory after expiry: ${kb(mem.afterSlope)} per added conversation; goal flat (|slope| < 0.1 KB): ${Math.abs(mem.afterSlope) < FLAT_SLOPE_BYTES ? 'HOLDS' : 'DOES NOT HOLD'}.\n\n`,
    );

  const item = await sampleItem();
  out(
    `Write latency: ${writes.toLocaleString('en-US')} keys per store, item ${JSON.stringify(item).length} bytes; "write" = update with the eTag read, "create" = first write.\n\n`,
  );
  const rows: LatencyRow[] = [];
  rows.push(await latency('memory', new BoundedMemoryStorage({ ttlMs: daysToMs(TTL_DAYS) }), item, writes));
  rows.push(
    await latency(
      'file (fsync)',
      new FileStorage({ dir: tempDir('state-bench'), ttlMs: daysToMs(TTL_DAYS) }),
      item,
      writes,
    ),
  );
  const started = await azurite();
  if (started.ok) {
    rows.push(
      await latency(
        'blob (Azurite, loopback)',
        await blobStore(uniqueContainer('bench'), new TestClock()),
        item,
        writes,
      ),
    );
    await stopAzurite();
  } else out(`(blob skipped: ${started.reason})\n`);
  out(
    table(
      ['store', 'writes', 'write p50', 'write p99', 'create p50', 'create p99'],
      rows.map((r) => [
        r.store,
        String(r.writes),
        `${ms(r.p50)} ms`,
        `${ms(r.p99)} ms`,
        `${ms(r.createP50)} ms`,
        `${ms(r.createP99)} ms`,
      ]),
    ),
  );
  return { afterExpirySlope: mem?.afterSlope, conversations };
}
