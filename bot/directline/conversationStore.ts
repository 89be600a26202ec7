import crypto from 'node:crypto';

/**
 * The part of botbuilder's `Storage` the store needs (any configured store satisfies it), so the
 * Direct Line keeps its transcripts wherever the bot keeps its state.
 */
export interface KeyValueStorage {
  read(keys: string[]): Promise<Record<string, unknown>>;
  write(changes: Record<string, unknown>): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

/** One activity as the client sees it: plain JSON, its id `<conversation>|<sequence>`. */
export type StoredActivity = Record<string, unknown> & { readonly id: string };

/** One conversation: who it belongs to, when it expires, and the last activities of its transcript. */
export interface ConversationRecord {
  readonly id: string;
  readonly userId: string;
  readonly createdAt: string;
  /** Milliseconds since the epoch; every new activity moves it to now + the conversation lifetime. */
  expiresAt: number;
  /** Sequence number the next activity gets (the first is 1); the watermark is the last one given. */
  nextSeq: number;
  /** At most the configured number, oldest dropped first; sequence numbers never go back. */
  activities: StoredActivity[];
}

export interface ConversationStoreOptions {
  readonly ttlMs: number;
  readonly maxActivities: number;
  readonly now?: () => number;
}

/** What a poll returns: the activities after the watermark, and the new watermark. */
export interface ActivitySet {
  readonly activities: StoredActivity[];
  readonly watermark: string;
}

const PREFIX = 'directline/conversation/';
const INDEX_KEY = 'directline/index';
const WRITE_ATTEMPTS = 3;

interface IndexRecord {
  /** Conversation id → creation time (ms): what the sweep looks at. */
  ids: Record<string, number>;
}

/**
 * Conversations and their transcripts in the bot's state store. Changes to one conversation are
 * serialised in this process (a post and the bot's replies write the same record) and written with
 * the eTag read, so a store that checks eTags also catches a second process; a conflict is retried.
 */
export class ConversationStore {
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly now: () => number;

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly options: ConversationStoreOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** A new, empty conversation for a new user. */
  async create(): Promise<ConversationRecord> {
    const record: ConversationRecord = {
      id: randomId(),
      userId: `dl_${randomId()}`,
      createdAt: new Date(this.now()).toISOString(),
      expiresAt: this.now() + this.options.ttlMs,
      nextSeq: 1,
      activities: [],
    };
    await this.storage.write({ [PREFIX + record.id]: { ...record, eTag: '*' } });
    await this.serial(INDEX_KEY, () =>
      this.update<IndexRecord>(INDEX_KEY, (index) => ({ ids: { ...index?.ids, [record.id]: this.now() } })),
    );
    return record;
  }

  /** The conversation, or undefined when it does not exist or has expired (an expired one is deleted). */
  async get(id: string): Promise<ConversationRecord | undefined> {
    const record = await this.readRecord(id);
    if (record && record.expiresAt <= this.now()) {
      await this.remove(id);
      return undefined;
    }
    return record;
  }

  /** Activities after `watermark` (a sequence number; 0 for all that are kept). */
  async since(id: string, watermark: number): Promise<ActivitySet | undefined> {
    const record = await this.get(id);
    if (!record) return undefined;
    const firstSeq = record.nextSeq - record.activities.length;
    const skip = Math.max(0, watermark - firstSeq + 1);
    return { activities: record.activities.slice(skip), watermark: String(record.nextSeq - 1) };
  }

  /**
   * Appends activities (given their id here) and moves the expiry; drops the oldest beyond the bound.
   * Returns the ids given, or undefined when the conversation is gone.
   */
  async append(id: string, activities: readonly Record<string, unknown>[]): Promise<string[] | undefined> {
    let ids: string[] | undefined;
    await this.serial(PREFIX + id, () =>
      this.update<ConversationRecord>(PREFIX + id, (record) => {
        if (!record || record.expiresAt <= this.now()) return (ids = undefined);
        ids = [];
        for (const activity of activities) {
          const activityId = `${id}|${String(record.nextSeq).padStart(7, '0')}`;
          record.activities.push({ ...activity, id: activityId });
          record.nextSeq += 1;
          ids.push(activityId);
        }
        record.activities.splice(0, Math.max(0, record.activities.length - this.options.maxActivities));
        record.expiresAt = this.now() + this.options.ttlMs;
        return record;
      }),
    );
    return ids;
  }

  /** Deletes the expired conversations the index knows of; returns how many were deleted. */
  async sweep(): Promise<number> {
    const index = (await this.storage.read([INDEX_KEY]))[INDEX_KEY] as IndexRecord | undefined;
    const candidates = Object.entries(index?.ids ?? {})
      .filter(([, createdAt]) => createdAt + this.options.ttlMs <= this.now())
      .map(([id]) => id);
    let deleted = 0;
    for (const id of candidates) {
      const record = await this.readRecord(id);
      if (record && record.expiresAt > this.now()) continue;
      await this.remove(id);
      deleted += 1;
    }
    return deleted;
  }

  private async remove(id: string): Promise<void> {
    await this.serial(PREFIX + id, () => this.storage.delete([PREFIX + id]));
    await this.serial(INDEX_KEY, () =>
      this.update<IndexRecord>(INDEX_KEY, (index) => {
        const ids = Object.fromEntries(Object.entries(index?.ids ?? {}).filter(([kept]) => kept !== id));
        return { ids };
      }),
    );
  }

  private async readRecord(id: string): Promise<ConversationRecord | undefined> {
    const item = (await this.storage.read([PREFIX + id]))[PREFIX + id];
    return isRecord(item) ? item : undefined;
  }

  /** Read, change, write with the eTag read; retried when another writer came first. */
  private async update<T extends object>(
    key: string,
    change: (current: T | undefined) => T | undefined,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const current = (await this.storage.read([key]))[key] as (T & { eTag?: string }) | undefined;
      const next = change(current ? structuredClone(current) : undefined);
      if (next === undefined) return;
      try {
        await this.storage.write({ [key]: { ...next, eTag: current?.eTag ?? '*' } });
        return;
      } catch (err) {
        if (attempt >= WRITE_ATTEMPTS || !/etag/i.test(err instanceof Error ? err.message : '')) throw err;
      }
    }
  }

  /** Runs `task` after every earlier task of the same key in this process. */
  private serial<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(key, settled);
    void settled.then(() => {
      if (this.locks.get(key) === settled) this.locks.delete(key);
    });
    return run;
  }
}

function isRecord(item: unknown): item is ConversationRecord {
  if (typeof item !== 'object' || item === null) return false;
  const r = item as Partial<ConversationRecord>;
  return (
    typeof r.id === 'string' &&
    typeof r.userId === 'string' &&
    typeof r.expiresAt === 'number' &&
    typeof r.nextSeq === 'number' &&
    Array.isArray(r.activities)
  );
}

/** 16 random bytes, base64url: unguessable, safe in a URL path and a storage key. */
function randomId(): string {
  return crypto.randomBytes(16).toString('base64url');
}
