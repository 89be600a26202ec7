import os from 'node:os';
import type { Logger } from '../../core/logger.js';
import type { ExpiringStorage, StateStorage } from './stateStorage.js';

/** What /healthz says of the store. */
export interface StoreHealth {
  /** memory, file, blob, or custom (a store handed in by a test). */
  readonly kind: string;
  /** Where the state is, without secrets: a folder, a container name. */
  readonly where: string;
  /** True when a write, a read and a delete of a probe item all succeeded just now. */
  readonly answers: boolean;
  readonly ms: number;
  /** Why it does not answer (first line of the error, never a connection string). */
  readonly problem?: string;
}

const CHECK_TIMEOUT_MS = 3_000;
/** /healthz is public: one probe of the store per this interval, however often it is asked. */
const CHECK_CACHE_MS = 5_000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** The configured store, with what the rest of the bot needs around it. */
export class StateStore {
  private lastCheck: { at: number; result: Promise<StoreHealth> } | undefined;
  private readonly probeKey = `healthz/${os.hostname()}/${process.pid}`;

  constructor(
    readonly kind: string,
    readonly where: string,
    readonly storage: StateStorage,
    private readonly logger: Logger,
  ) {}

  /** Writes, reads back and deletes a probe item (at most once per few seconds; concurrent callers share it). */
  check(): Promise<StoreHealth> {
    const now = Date.now();
    if (this.lastCheck && now - this.lastCheck.at < CHECK_CACHE_MS) return this.lastCheck.result;
    const result = this.probe();
    this.lastCheck = { at: now, result };
    return result;
  }

  /** Deletes expired items; a failure is logged, never thrown. */
  async prune(): Promise<number> {
    const storage = this.storage as Partial<ExpiringStorage>;
    if (typeof storage.prune !== 'function') return 0;
    const started = Date.now();
    try {
      const removed = await storage.prune();
      this.logger.info('state pruned', { store: this.kind, removed, ms: Date.now() - started });
      return removed;
    } catch (err) {
      this.logger.warn('state prune failed', { store: this.kind, error: firstLine(err) });
      return 0;
    }
  }

  /** Prunes now and then every hour, in the background; returns the function that stops it. */
  startPruning(everyMs = PRUNE_EVERY_MS): () => void {
    const first = setTimeout(() => void this.prune(), 1_000);
    const timer = setInterval(() => void this.prune(), everyMs);
    first.unref();
    timer.unref();
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }

  private async probe(): Promise<StoreHealth> {
    const started = Date.now();
    const done = (answers: boolean, problem?: string): StoreHealth => ({
      kind: this.kind,
      where: this.where,
      answers,
      ms: Date.now() - started,
      ...(problem !== undefined ? { problem } : {}),
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.roundTrip(started), timeout]);
      return done(true);
    } catch (err) {
      this.logger.warn('state store does not answer', { store: this.kind, error: firstLine(err) });
      return done(false, firstLine(err));
    } finally {
      clearTimeout(timer);
    }
  }

  private async roundTrip(stamp: number): Promise<void> {
    await this.storage.write({ [this.probeKey]: { checkedAt: stamp, eTag: '*' } });
    const back = await this.storage.read([this.probeKey]);
    await this.storage.delete([this.probeKey]);
    if (back[this.probeKey]?.checkedAt !== stamp) throw new Error('the probe item did not read back');
  }
}

/** One line of an error, without anything that looks like a key or a signature. */
function firstLine(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return (text.split('\n')[0] ?? '').replace(/(AccountKey|SharedAccessSignature|sig)=[^;&\s]+/gi, '$1=…').slice(0, 200);
}
