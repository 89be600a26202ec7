import {
  StateConflictError,
  conditionHolds,
  conditionOf,
  withoutETag,
  type ExpiringStorage,
  type StoreItems,
} from './stateStorage.js';

export interface MemoryStorageOptions {
  /** Items idle for longer than this are gone. */
  readonly ttlMs: number;
  /** Most items kept; beyond it the longest-idle are dropped first (default 100,000). */
  readonly maxItems?: number;
  /** The clock (tests move it forward). */
  readonly now?: () => number;
}

interface Slot {
  readonly json: string;
  readonly eTag: string;
  readonly savedAt: number;
}

/**
 * State in this process's memory (tests, and a developer's quick run): the state-store contract,
 * with bounded memory. Items are kept in the order they were last written, so expiry looks only at
 * the oldest ones; every write drops what has expired, so memory follows the conversations of the
 * last `ttlMs` rather than every conversation ever seen. `maxItems` caps it outright.
 *
 * Values are stored as JSON text, as botbuilder's MemoryStorage does: a reader never shares an
 * object with the store or with another reader.
 */
export class BoundedMemoryStorage implements ExpiringStorage {
  readonly conditionalCreate = true;
  private readonly items = new Map<string, Slot>();
  private readonly ttlMs: number;
  private readonly maxItems: number;
  private readonly now: () => number;
  private sequence = 0;

  constructor(options: MemoryStorageOptions) {
    this.ttlMs = options.ttlMs;
    this.maxItems = options.maxItems ?? 100_000;
    this.now = options.now ?? Date.now;
  }

  /** Items held (expired ones not yet dropped included). */
  get size(): number {
    return this.items.size;
  }

  // The interface is asynchronous; this store answers at once.
  // eslint-disable-next-line @typescript-eslint/require-await
  async read(keys: string[]): Promise<StoreItems> {
    const out: StoreItems = {};
    const now = this.now();
    for (const key of keys) {
      const slot = this.live(key, now);
      if (slot) out[key] = { ...(JSON.parse(slot.json) as Record<string, unknown>), eTag: slot.eTag };
    }
    return out;
  }

  // eslint-disable-next-line @typescript-eslint/require-await
  async write(changes: StoreItems): Promise<void> {
    const now = this.now();
    // Check every condition first, so a refused write changes nothing.
    for (const [key, change] of Object.entries(changes))
      if (!conditionHolds(conditionOf(change), this.live(key, now)?.eTag)) throw new StateConflictError(key);
    for (const [key, change] of Object.entries(changes)) {
      this.sequence += 1;
      const slot: Slot = { json: JSON.stringify(withoutETag(change)), eTag: `m${this.sequence}`, savedAt: now };
      // Delete first so the key moves to the end: the map stays ordered by last write.
      this.items.delete(key);
      this.items.set(key, slot);
    }
    this.dropExpired(now);
    while (this.items.size > this.maxItems) {
      const oldest = this.items.keys().next();
      if (oldest.done === true) break;
      this.items.delete(oldest.value);
    }
  }

  // eslint-disable-next-line @typescript-eslint/require-await
  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.items.delete(key);
  }

  // eslint-disable-next-line @typescript-eslint/require-await
  async prune(): Promise<number> {
    return this.dropExpired(this.now());
  }

  private live(key: string, now: number): Slot | undefined {
    const slot = this.items.get(key);
    if (slot && now - slot.savedAt > this.ttlMs) {
      this.items.delete(key);
      return undefined;
    }
    return slot;
  }

  /** Drops expired items from the oldest end; stops at the first live one (the rest are newer). */
  private dropExpired(now: number): number {
    let dropped = 0;
    for (const [key, slot] of this.items) {
      if (now - slot.savedAt <= this.ttlMs) break;
      this.items.delete(key);
      dropped += 1;
    }
    return dropped;
  }
}
