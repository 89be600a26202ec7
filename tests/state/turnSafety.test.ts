/**
 * The turn runner and the turn-scoped store on their own: writes carry the eTag read at the start
 * of the turn, replies are held until the state is saved, a refused write re-runs the turn (its
 * earlier writes undone first), a fault or a failed send behaves as before.
 */
import assert from 'node:assert/strict';
import {
  ConversationState,
  MemoryStorage,
  TestAdapter,
  UserState,
  type Activity,
  type ResourceResponse,
  type TurnContext,
} from 'botbuilder';
import { BoundedMemoryStorage } from '../../bot/state/memoryStorage.js';
import { IF_ABSENT, type StateStorage, type StoreItems } from '../../bot/state/stateStorage.js';
import { TurnConflictError, runTurnSafely } from '../../bot/state/turnRunner.js';
import { TurnRecord, TurnScopedStorage } from '../../bot/state/turnScopedStorage.js';
import { createLogger } from '../../core/logger.js';
import { TTL_MS } from './support/stores.js';

/** Records what reaches the real store. */
class SpyStorage implements StateStorage {
  readonly writes: StoreItems[] = [];
  constructor(readonly inner: StateStorage) {}
  read(keys: string[]): Promise<StoreItems> {
    return this.inner.read(keys);
  }
  async write(changes: StoreItems): Promise<void> {
    this.writes.push(JSON.parse(JSON.stringify(changes)) as StoreItems);
    await this.inner.write(changes);
  }
  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}

const CONV_KEY = 'test/conversations/c1/';
const USER_KEY = 'test/users/u1/';

interface Rig {
  readonly inner: BoundedMemoryStorage;
  readonly spy: SpyStorage;
  readonly scoped: TurnScopedStorage;
  readonly conversation: ConversationState;
  readonly user: UserState;
  readonly adapter: TestAdapter;
  readonly faults: Error[];
  /** What each attempt of the turn saw; `between` runs after the states loaded, before they save. */
  attempts: number;
  between?: (attempt: number) => Promise<void>;
}

/** A turn that counts in conversation and user state and says which attempt it was. */
function rig(): Rig {
  const inner = new BoundedMemoryStorage({ ttlMs: TTL_MS });
  const spy = new SpyStorage(inner);
  const scoped = new TurnScopedStorage(spy, true);
  const conversation = new ConversationState(scoped);
  const user = new UserState(scoped);
  const convCount = conversation.createProperty<number>('count');
  const userCount = user.createProperty<number>('count');
  const r: Rig = {
    inner,
    spy,
    scoped,
    conversation,
    user,
    faults: [],
    attempts: 0,
    adapter: new TestAdapter(
      async (context: TurnContext) => {
        await runTurnSafely(
          context,
          async () => {
            r.attempts += 1;
            const attempt = r.attempts;
            await convCount.set(context, (await convCount.get(context, 0)) + 1);
            await userCount.set(context, (await userCount.get(context, 0)) + 1);
            await context.sendActivity(`attempt ${attempt}`);
            await r.between?.(attempt);
            await conversation.saveChanges(context);
            await user.saveChanges(context);
          },
          { storage: scoped, logger: createLogger('silent'), maxAttempts: 3 },
        );
      },
      { channelId: 'test', conversation: { id: 'c1' } as Activity['conversation'], from: { id: 'u1', name: 'U' } },
    ),
  };
  r.adapter.onTurnError = (_context, error) => {
    r.faults.push(error);
    return Promise.resolve();
  };
  return r;
}

async function turn(r: Rig): Promise<string[]> {
  await r.adapter.send('hi');
  return r.adapter.activeQueue.splice(0).map((a) => String(a.text));
}

async function count(r: Rig, key: string): Promise<number | undefined> {
  return (await r.inner.read([key]))[key]?.count as number | undefined;
}

describe('turn safety', function () {
  it('writes new state as create-only and later state with the eTag the turn read', async function () {
    const r = rig();
    assert.deepEqual(await turn(r), ['attempt 1']);
    assert.deepEqual(
      r.spy.writes.map((w) => Object.values(w)[0]?.eTag),
      [IF_ABSENT, IF_ABSENT],
    );
    const stored = await r.inner.read([CONV_KEY]);
    r.spy.writes.length = 0;
    await turn(r);
    assert.equal(r.spy.writes[0]?.[CONV_KEY]?.eTag, stored[CONV_KEY]?.eTag);
    assert.notEqual(r.spy.writes[0]?.[CONV_KEY]?.eTag, '*');
    assert.equal(await count(r, CONV_KEY), 2);
  });

  it('holds the replies until the state is saved', async function () {
    const r = rig();
    const queuedAtWrite: number[] = [];
    const write = r.spy.write.bind(r.spy);
    r.spy.write = async (changes) => {
      queuedAtWrite.push(r.adapter.activeQueue.length);
      await write(changes);
    };
    assert.deepEqual(await turn(r), ['attempt 1']);
    assert.deepEqual(queuedAtWrite, [0, 0], 'no reply had gone out when the state was written');
  });

  it('re-runs a turn whose write is refused, after undoing what it had saved; the other change stays', async function () {
    const r = rig();
    await turn(r);
    r.attempts = 0;
    // Another instance saves this user's state while the first attempt is under way.
    r.between = async (attempt) => {
      if (attempt !== 1) return;
      const current = (await r.inner.read([USER_KEY]))[USER_KEY];
      await r.inner.write({ [USER_KEY]: { ...current, count: 100 } });
    };
    assert.deepEqual(await turn(r), ['attempt 2'], "the abandoned attempt's reply is never sent");
    assert.equal(r.attempts, 2);
    assert.equal(await count(r, CONV_KEY), 2, 'counted once: the first attempt was undone');
    assert.equal(await count(r, USER_KEY), 101, "the other instance's change and this turn's");
    assert.deepEqual(r.faults, []);
  });

  it('gives up after its attempts with a TurnConflictError and sends nothing', async function () {
    const r = rig();
    await turn(r);
    r.between = async () => {
      const current = (await r.inner.read([USER_KEY]))[USER_KEY];
      await r.inner.write({ [USER_KEY]: { ...current, count: Number(current?.count) + 1000 } });
    };
    r.attempts = 0;
    assert.deepEqual(await turn(r), []);
    assert.equal(r.attempts, 3);
    assert.equal(r.faults.length, 1);
    assert.ok(r.faults[0] instanceof TurnConflictError);
    assert.equal(await count(r, CONV_KEY), 1, 'every attempt was undone');
  });

  it('sends what a failing turn said before the fault, then lets the error handler speak', async function () {
    const r = rig();
    r.between = () => Promise.reject(new Error('boom'));
    assert.deepEqual(await turn(r), ['attempt 1']);
    assert.equal(r.faults[0]?.message, 'boom');
  });

  it('undoes the saved state when the replies cannot be sent, so progress matches what the user saw', async function () {
    const r = rig();
    await turn(r);
    const original = r.adapter.sendActivities.bind(r.adapter);
    r.adapter.sendActivities = (context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> =>
      activities.some((a) => a.text === 'attempt 2')
        ? Promise.reject(new Error('connector down'))
        : original(context, activities);
    await turn(r);
    assert.equal(r.faults[0]?.message, 'connector down');
    assert.equal(await count(r, CONV_KEY), 1);
    assert.equal(await count(r, USER_KEY), 1);
  });

  it("passes '*' through outside a turn, and writes '*' for new items to a store without create-only", async function () {
    const plain = new SpyStorage(new MemoryStorage());
    const scoped = new TurnScopedStorage(plain, false);
    await scoped.write({ a: { n: 1, eTag: '*' } });
    assert.equal(plain.writes[0]?.a?.eTag, '*');
    const record = new TurnRecord();
    await scoped.runInTurn(record, async () => {
      await scoped.read(['a', 'b']);
      await scoped.write({ a: { n: 2, eTag: '*' }, b: { n: 1, eTag: '*' } });
    });
    const aETag = plain.writes[1]?.a?.eTag;
    assert.ok(aETag && aETag !== '*', 'the read eTag');
    assert.equal(plain.writes[2]?.b?.eTag, '*', 'botbuilder MemoryStorage cannot create-only');
  });
});
