import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../core/logger.js';
import { KeyedMutex } from './keyedMutex.js';
import {
  StateConflictError,
  conditionHolds,
  conditionOf,
  withoutETag,
  type ExpiringStorage,
  type StoreItem,
  type StoreItems,
} from './stateStorage.js';

export interface FileStorageOptions {
  /** The folder (created when missing). */
  readonly dir: string;
  /** Items idle for longer than this are gone (and {@link FileStorage.prune} deletes their files). */
  readonly ttlMs: number;
  readonly now?: () => number;
  readonly logger?: Logger;
  /**
   * fsync each file before it replaces the old one, and the folder after (default true): a write that
   * returned survives a power cut. Off only for throwaway stores.
   */
  readonly durable?: boolean;
}

/** What one file holds: the key in full (file names are hashes), the item, its eTag and when it was saved. */
interface Envelope {
  readonly v: 1;
  readonly key: string;
  readonly eTag: string;
  readonly savedAt: number;
  readonly item: Record<string, unknown>;
}

/** Left-over temporary files older than this are from a process that died mid-write. */
const ORPHAN_AGE_MS = 60 * 60 * 1000;

/**
 * One lock table per folder for the whole process, so two FileStorage objects on one folder (two apps
 * in one process, or a test that "restarts") still check eTags one write at a time.
 */
const LOCKS = new Map<string, KeyedMutex>();

/**
 * State in files: the state-store contract for one process (one bot instance). Several instances
 * need a shared store with server-side conditions: Azure Blob storage (STORAGE=blob).
 *
 * - **Safe names.** A key (conversation ids hold `:`, `;`, `@`, `/` and anything a channel sends)
 *   becomes the SHA-256 of its UTF-8 bytes in hex: `<dir>/v1/<first two>/<64 hex>.json`. Every key
 *   maps to one short, case-insensitive-safe name, and no key can reach outside the folder. The file
 *   holds the key itself, checked on read.
 * - **Atomic writes.** Each write goes to a temporary file in the same folder, is fsynced, then
 *   renamed over the old file (rename is atomic), and the folder is fsynced. A process killed at any
 *   point leaves the old file or the new one, never half of one; the temporary file it left is
 *   deleted by {@link prune} once it is an hour old.
 * - **eTags.** A write checks the eTag of the file on disk and replaces it under a per-file lock, so
 *   concurrent turns of this process never lose an update. eTags are random: one read before a
 *   restart is never mistaken for a later version.
 * - **A damaged file** (cut short by a disk fault or an older tool) reads as absent, is logged, and is
 *   moved aside as `<name>.corrupt` for inspection; the bot goes on.
 * - **Expiry.** An item not written for `ttlMs` reads as absent; {@link prune} deletes its file.
 */
export class FileStorage implements ExpiringStorage {
  readonly conditionalCreate = true;
  readonly dir: string;
  private readonly root: string;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly logger: Logger | undefined;
  private readonly durable: boolean;
  private readonly locks: KeyedMutex;
  private sequence = 0;

  constructor(options: FileStorageOptions) {
    this.dir = path.resolve(options.dir);
    this.root = path.join(this.dir, 'v1');
    this.ttlMs = options.ttlMs;
    this.now = options.now ?? Date.now;
    this.logger = options.logger;
    this.durable = options.durable ?? true;
    let locks = LOCKS.get(this.root);
    if (!locks) {
      locks = new KeyedMutex();
      LOCKS.set(this.root, locks);
    }
    this.locks = locks;
  }

  /** The file that holds `key`. */
  fileOf(key: string): string {
    const hash = createHash('sha256').update(key, 'utf8').digest('hex');
    return path.join(this.root, hash.slice(0, 2), `${hash}.json`);
  }

  async read(keys: string[]): Promise<StoreItems> {
    const out: StoreItems = {};
    const found = await Promise.all(keys.map(async (key) => [key, await this.load(key)] as const));
    for (const [key, envelope] of found) if (envelope) out[key] = { ...envelope.item, eTag: envelope.eTag };
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, change] of Object.entries(changes)) {
      const file = this.fileOf(key);
      await this.locks.run(file, () => this.writeOne(key, file, change));
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) {
      const file = this.fileOf(key);
      await this.locks.run(file, async () => {
        await fs.rm(file, { force: true });
        await this.syncFolder(path.dirname(file));
      });
    }
  }

  /**
   * Deletes the files of expired items, damaged files as old as that, and temporary files left by a
   * process that died mid-write. Files are looked at by modification time first, then (for state
   * files) by the time saved inside, under the file's lock, so a file written meanwhile is kept.
   */
  async prune(): Promise<number> {
    const now = this.now();
    let removed = 0;
    for (const folder of await listNames(this.root)) {
      const folderPath = path.join(this.root, folder);
      for (const name of await listNames(folderPath)) {
        const file = path.join(folderPath, name);
        const stat = await fs.stat(file).catch(() => undefined);
        if (!stat?.isFile()) continue;
        const age = now - stat.mtimeMs;
        if (name.endsWith('.json')) {
          if (age > this.ttlMs && (await this.removeIfExpired(file, now))) removed += 1;
        } else if (age > (name.endsWith('.corrupt') ? this.ttlMs : ORPHAN_AGE_MS)) {
          await fs.rm(file, { force: true });
          removed += 1;
        }
      }
    }
    return removed;
  }

  private async writeOne(key: string, file: string, change: StoreItem): Promise<void> {
    const current = await this.load(key, file, true);
    if (!conditionHolds(conditionOf(change), current?.eTag)) throw new StateConflictError(key);
    const envelope: Envelope = { v: 1, key, eTag: randomUUID(), savedAt: this.now(), item: withoutETag(change) };
    const folder = path.dirname(file);
    // Every time, not once: the folder may have been removed while the bot runs.
    await fs.mkdir(folder, { recursive: true });
    this.sequence += 1;
    const temp = `${file}.${process.pid}.${this.sequence}.tmp`;
    try {
      const handle = await fs.open(temp, 'w');
      try {
        await handle.writeFile(JSON.stringify(envelope), 'utf8');
        if (this.durable) await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temp, file);
    } catch (err) {
      await fs.rm(temp, { force: true });
      throw err;
    }
    await this.syncFolder(folder);
  }

  /** The item of `key` when it exists, is whole, and has not expired. `locked`: the caller holds the file's lock. */
  private async load(key: string, file = this.fileOf(key), locked = false): Promise<Envelope | undefined> {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    const envelope = parseEnvelope(text);
    if (!envelope || envelope.key !== key) {
      if (locked) await this.moveAside(key, file, text);
      else await this.locks.run(file, () => this.moveAside(key, file, text));
      return undefined;
    }
    return this.now() - envelope.savedAt > this.ttlMs ? undefined : envelope;
  }

  /** Moves a damaged file aside (caller holds its lock), unless a good one replaced it meanwhile. */
  private async moveAside(key: string, file: string, seen: string): Promise<void> {
    const now = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (now !== seen) return;
    await fs.rename(file, `${file}.corrupt`).catch(() => undefined);
    this.logger?.warn('state file damaged: read as empty and moved aside', {
      file: `${file}.corrupt`,
      keyLength: key.length,
      bytes: Buffer.byteLength(seen),
    });
  }

  private async removeIfExpired(file: string, now: number): Promise<boolean> {
    return this.locks.run(file, async () => {
      const text = await fs.readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined) return false;
      const envelope = parseEnvelope(text);
      if (envelope && now - envelope.savedAt <= this.ttlMs) return false;
      await fs.rm(file, { force: true });
      return true;
    });
  }

  /** Makes a rename or delete in `folder` durable. Windows cannot open a folder; it needs no fsync there. */
  private async syncFolder(folder: string): Promise<void> {
    if (!this.durable || process.platform === 'win32') return;
    const handle = await fs.open(folder, 'r').catch(() => undefined);
    if (!handle) return;
    try {
      await handle.sync();
    } catch {
      // Some file systems refuse fsync on a folder; the rename is still atomic.
    } finally {
      await handle.close();
    }
  }
}

function parseEnvelope(text: string): Envelope | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const e = value as Record<string, unknown>;
  const item = e.item;
  if (
    e.v !== 1 ||
    typeof e.key !== 'string' ||
    typeof e.eTag !== 'string' ||
    typeof e.savedAt !== 'number' ||
    typeof item !== 'object' ||
    item === null ||
    Array.isArray(item)
  )
    return undefined;
  return value as Envelope;
}

async function listNames(folder: string): Promise<string[]> {
  try {
    return await fs.readdir(folder);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}
