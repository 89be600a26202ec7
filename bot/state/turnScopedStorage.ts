import { AsyncLocalStorage } from 'node:async_hooks';
import {
  IF_ABSENT,
  isConflictError,
  withoutETag,
  type StateStorage,
  type StoreItem,
  type StoreItems,
} from './stateStorage.js';

const WRITTEN = Symbol('written');

/** What one turn attempt read and wrote, for conditional writes and for undoing them. */
export class TurnRecord {
  /** The eTag each key had when this turn read it (undefined: absent), or 'written' after its write. */
  readonly eTags = new Map<string, string | undefined | typeof WRITTEN>();
  /** Each key's value as this turn first read it (JSON without eTag; undefined: absent). */
  readonly before = new Map<string, string | undefined>();
  /** The writes that succeeded, in order: what each key held before and what was written. */
  readonly written: { readonly key: string; readonly before: string | undefined; readonly wrote: string }[] = [];
}

/**
 * The store the bot's states use. Outside a turn it passes every call through. Inside a turn run
 * through {@link runInTurn} it makes botbuilder's last-writer-wins writes conditional:
 *
 * `BotState.saveChanges` always writes with eTag `'*'`, so two turns of one conversation that overlap
 * (two instances behind Azure Bot Service, or two requests to one instance) each save their copy and
 * one change is silently lost. Here a `'*'` write of a key this turn read is sent with the eTag it
 * read, or as create-only when the key was absent; the store then refuses it if anyone wrote the key
 * since, and the turn runner (turnRunner.ts) runs the turn again on fresh state.
 *
 * Writes with an explicit eTag, and keys the turn never read, are passed on unchanged.
 */
export class TurnScopedStorage implements StateStorage {
  private readonly turns = new AsyncLocalStorage<TurnRecord>();

  /**
   * @param inner - the real store.
   * @param createOnly - true when `inner` honours {@link IF_ABSENT} (our stores); a store that does not
   *   (e.g. botbuilder's MemoryStorage, which tests hand in) gets `'*'` for a key that was absent.
   */
  constructor(
    readonly inner: StateStorage,
    private readonly createOnly: boolean,
  ) {}

  /** Runs `task` as one turn attempt recorded in `record`. */
  runInTurn<T>(record: TurnRecord, task: () => Promise<T>): Promise<T> {
    return this.turns.run(record, task);
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items = await this.inner.read(keys);
    const record = this.turns.getStore();
    if (record)
      for (const key of keys) {
        const item = items[key];
        record.eTags.set(key, item?.eTag);
        if (!record.before.has(key)) record.before.set(key, item ? bodyOf(item) : undefined);
      }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const record = this.turns.getStore();
    if (!record) {
      await this.inner.write(changes);
      return;
    }
    for (const [key, change] of Object.entries(changes)) {
      await this.inner.write({ [key]: await this.conditioned(record, key, change) });
      record.written.push({ key, before: record.before.get(key), wrote: bodyOf(change) });
      record.eTags.set(key, WRITTEN);
    }
  }

  async delete(keys: string[]): Promise<void> {
    await this.inner.delete(keys);
    const record = this.turns.getStore();
    if (record) for (const key of keys) record.eTags.set(key, undefined);
  }

  /**
   * Undoes the writes of a turn attempt that is being abandoned, newest first: each key gets back
   * what the turn first read, but only while it still holds what the turn wrote (someone else's later
   * write is never undone). Returns false when that no longer holds for some key.
   */
  async undo(record: TurnRecord): Promise<boolean> {
    for (const w of [...record.written].reverse()) {
      const current = (await this.inner.read([w.key]))[w.key];
      if (!current || bodyOf(current) !== w.wrote) return false;
      try {
        if (w.before === undefined) await this.inner.delete([w.key]);
        else
          await this.inner.write({
            [w.key]: { ...(JSON.parse(w.before) as Record<string, unknown>), eTag: current.eTag ?? '*' },
          });
      } catch (err) {
        if (isConflictError(err)) return false;
        throw err;
      }
    }
    return true;
  }

  private async conditioned(record: TurnRecord, key: string, change: StoreItem): Promise<StoreItem> {
    if (change.eTag !== undefined && change.eTag !== '*' && change.eTag !== '') return change;
    if (!record.eTags.has(key)) return change;
    let eTag = record.eTags.get(key);
    if (eTag === WRITTEN) {
      // Written earlier in this turn: stores do not return the new eTag, so read it back.
      eTag = (await this.inner.read([key]))[key]?.eTag;
    }
    return { ...change, eTag: eTag ?? (this.createOnly ? IF_ABSENT : '*') };
  }
}

/** An item as JSON without its eTag: two reads of one version compare equal. */
function bodyOf(item: StoreItem): string {
  return JSON.stringify(withoutETag(item));
}
