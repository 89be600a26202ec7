import type { Logger } from '../core/logger.js';
import { dayOf, hashUser, type AnalyticsEvent, type EventInput } from './events.js';
import { daysBefore, type AnalyticsStore } from './store.js';

export interface RecorderOptions {
  /** Days of events kept (today included); older day units are deleted. */
  readonly retentionDays: number;
  readonly now?: () => number;
  /** How long an event may wait in memory before it is written (ms). */
  readonly flushMs?: number;
  /** Events held at most before a write is started at once. */
  readonly maxBuffered?: number;
}

interface Pending {
  readonly userId: string;
  readonly at: string;
  readonly event: EventInput;
}

/**
 * The one writer of analytics: `record` only buffers (a turn never waits for, nor fails on, a
 * write); the buffer is appended every `flushMs` or when it fills; a failed write is logged and
 * its events dropped. Retention runs on the first write of each day.
 */
export class AnalyticsRecorder {
  private buffer: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private prunedOn: string | undefined;
  private readonly now: () => number;
  private readonly flushMs: number;
  private readonly maxBuffered: number;

  constructor(
    readonly store: AnalyticsStore,
    private readonly logger: Logger,
    private readonly options: RecorderOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.flushMs = options.flushMs ?? 2000;
    this.maxBuffered = options.maxBuffered ?? 200;
  }

  /** Records an event of `userId` (the raw channel id: it is hashed before anything is written). */
  record(userId: string, event: EventInput): void {
    this.buffer.push({ userId, at: new Date(this.now()).toISOString(), event });
    if (this.buffer.length >= this.maxBuffered) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.flushMs);
      this.timer.unref();
    }
  }

  /** Writes what is buffered (and runs retention once a day). Never throws. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer;
    this.buffer = [];
    this.writing = this.writing.then(() => this.write(batch));
    return this.writing;
  }

  /** The user's hash in this store. */
  async userHash(userId: string): Promise<string> {
    return hashUser(await this.store.salt(), userId);
  }

  /** Deletes every event of the user (buffered ones too); returns how many stored rows went. */
  async forgetUser(userId: string): Promise<number> {
    this.buffer = this.buffer.filter((p) => p.userId !== userId);
    await this.flush();
    return this.store.removeUser(await this.userHash(userId));
  }

  /** The events of the last `days` days (today included), after writing what is buffered. */
  async lastDays(days: number): Promise<AnalyticsEvent[]> {
    await this.flush();
    const today = dayOf(new Date(this.now()));
    return this.store.read(daysBefore(today, days - 1), today);
  }

  /** Deletes the days older than the retention; returns them. */
  async prune(): Promise<string[]> {
    const today = dayOf(new Date(this.now()));
    this.prunedOn = today;
    const gone = await this.store.deleteBefore(daysBefore(today, this.options.retentionDays - 1));
    if (gone.length > 0) this.logger.info('analytics retention: days deleted', { days: gone });
    return gone;
  }

  private async write(batch: readonly Pending[]): Promise<void> {
    try {
      if (this.prunedOn !== dayOf(new Date(this.now()))) await this.prune();
      if (batch.length === 0) return;
      const salt = await this.store.salt();
      const events: AnalyticsEvent[] = batch.map((p) => ({ ...p.event, at: p.at, user: hashUser(salt, p.userId) }));
      await this.store.append(events);
    } catch (err) {
      this.logger.warn('analytics write failed; events dropped', {
        events: batch.length,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
}
