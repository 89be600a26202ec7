import { createHash } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import type { Logger } from '../../core/logger.js';
import {
  StateConflictError,
  conditionOf,
  isConflictError,
  withoutETag,
  type ExpiringStorage,
  type StateStorage,
  type StoreItem,
  type StoreItems,
} from './stateStorage.js';

export interface BlobStateOptions {
  /**
   * botbuilder-azure-blobs' BlobsStorage on the container: it reads, writes (with its If-Match eTag
   * check) and deletes. Handed in by bot/storage.ts, the one file of ours that imports that package.
   */
  readonly blobs: StateStorage;
  /** The same container, for what BlobsStorage cannot do: create-only writes and listing for expiry. */
  readonly container: ContainerClient;
  readonly ttlMs: number;
  readonly now?: () => number;
  readonly logger?: Logger;
}

/** What one blob holds. BlobsStorage adds the blob's eTag when it reads it. */
interface Envelope {
  readonly v: 1;
  readonly key: string;
  readonly savedAt: number;
  readonly item: Record<string, unknown>;
}

const PREFIX = 'state-';

/**
 * State in Azure Blob storage, shared by every instance of the bot: the state-store contract on top
 * of BlobsStorage, whose eTags are the blobs' own (the service checks them, so two instances cannot
 * both replace one version).
 *
 * What this layer adds to BlobsStorage:
 * - **Safe, distinct names.** BlobsStorage URL-encodes a key but first drops empty path segments and
 *   cuts it at 1,024 characters, so `a//b` and `a/b` (or two long keys) share one blob. Here the blob
 *   name is `state-` + the SHA-256 of the key; the key itself is stored inside and checked on read.
 * - **Create-only writes** ({@link IF_ABSENT}), with the service's If-None-Match: `*`.
 * - **Expiry.** Each blob records when it was saved; an item idle for longer than the time to live
 *   reads as absent, and {@link prune} deletes such blobs (found by the service's last-modified time,
 *   confirmed by the time inside, each delete conditional on the eTag read, so a blob written
 *   meanwhile is kept). In Azure, a lifecycle-management rule on the container can do the same
 *   deletes (see README).
 */
export class BlobStateStorage implements ExpiringStorage {
  readonly conditionalCreate = true;
  private readonly blobs: StateStorage;
  private readonly container: ContainerClient;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly logger: Logger | undefined;
  private ready: Promise<unknown> | undefined;

  constructor(options: BlobStateOptions) {
    this.blobs = options.blobs;
    this.container = options.container;
    this.ttlMs = options.ttlMs;
    this.now = options.now ?? Date.now;
    this.logger = options.logger;
  }

  /** The blob that holds `key`. */
  static blobNameOf(key: string): string {
    return PREFIX + createHash('sha256').update(key, 'utf8').digest('hex');
  }

  async read(keys: string[]): Promise<StoreItems> {
    const names = keys.map((key) => BlobStateStorage.blobNameOf(key));
    const stored = await this.readBlobs(names);
    const out: StoreItems = {};
    keys.forEach((key, i) => {
      const item = this.unwrap(key, stored[names[i] ?? '']);
      if (item) out[key] = item;
    });
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, change] of Object.entries(changes)) await this.writeOne(key, change);
  }

  async delete(keys: string[]): Promise<void> {
    await this.blobs.delete(keys.map((key) => BlobStateStorage.blobNameOf(key)));
  }

  async prune(): Promise<number> {
    await this.ensureContainer();
    const now = this.now();
    let removed = 0;
    for await (const blob of this.container.listBlobsFlat({ prefix: PREFIX })) {
      if (now - blob.properties.lastModified.getTime() <= this.ttlMs) continue;
      if (await this.removeIfExpired(blob.name, now)) removed += 1;
    }
    return removed;
  }

  /**
   * Deletes a blob the listing says is idle, if the time saved inside agrees (an instance's clock and
   * the service's may differ) and only the version read (a blob written meanwhile is kept).
   */
  private async removeIfExpired(name: string, now: number): Promise<boolean> {
    const stored = (await this.readBlobs([name]))[name];
    if (!stored || typeof stored.eTag !== 'string') return false;
    const savedAt = stored.savedAt;
    if (typeof savedAt === 'number' && now - savedAt <= this.ttlMs) return false;
    try {
      await this.container.deleteBlob(name, { conditions: { ifMatch: stored.eTag } });
      return true;
    } catch (err) {
      // 404: gone already (another instance pruned it); 412: written since it was read, so kept.
      if (hasStatus(err, 404, 412)) return false;
      throw err;
    }
  }

  private async writeOne(key: string, change: StoreItem): Promise<void> {
    const name = BlobStateStorage.blobNameOf(key);
    const envelope: Envelope = { v: 1, key, savedAt: this.now(), item: withoutETag(change) };
    const condition = conditionOf(change);
    if (condition.kind === 'absent') {
      await this.create(key, name, envelope);
      return;
    }
    const eTag = condition.kind === 'match' ? condition.eTag : '*';
    try {
      await this.blobs.write({ [name]: { ...envelope, eTag } });
    } catch (err) {
      // BlobsStorage reports a 412 as a plain Error; If-Match on a blob that is gone may be a 404.
      if (isConflictError(err) || (condition.kind === 'match' && hasStatus(err, 404)))
        throw new StateConflictError(key);
      throw err;
    }
  }

  /** Creates the blob only if none exists; an expired one (not yet pruned) counts as none. */
  private async create(key: string, name: string, envelope: Envelope): Promise<void> {
    await this.ensureContainer();
    const body = JSON.stringify(envelope);
    try {
      await this.container.getBlockBlobClient(name).upload(body, Buffer.byteLength(body), {
        conditions: { ifNoneMatch: '*' },
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
      return;
    } catch (err) {
      if (!hasStatus(err, 409, 412)) throw err;
    }
    const existing = (await this.readBlobs([name]))[name];
    const live = this.unwrap(key, existing);
    if (live || typeof existing?.eTag !== 'string') throw new StateConflictError(key);
    // Replace the expired (or damaged) blob, but only that version of it.
    await this.writeOne(key, { ...envelope.item, eTag: existing.eTag });
  }

  /** BlobsStorage reads all or fails; a blob that is not JSON (written by hand?) must not stop the others. */
  private async readBlobs(names: string[]): Promise<StoreItems> {
    try {
      return await this.blobs.read(names);
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
    }
    const out: StoreItems = {};
    for (const name of names) {
      try {
        Object.assign(out, await this.blobs.read([name]));
      } catch (err) {
        if (!(err instanceof SyntaxError)) throw err;
        this.logger?.warn('state blob is not JSON: read as empty', { blob: name });
        // No envelope, so it reads as absent; its real eTag lets a create replace exactly this version.
        const props = await this.container.getBlobClient(name).getProperties();
        if (props.etag) out[name] = { eTag: props.etag };
      }
    }
    return out;
  }

  /** The caller's item from a stored envelope, or undefined when it is not there, not ours, or expired. */
  private unwrap(key: string, stored: StoreItem | undefined): StoreItem | undefined {
    if (!stored) return undefined;
    const { item, savedAt } = stored;
    if (stored.v !== 1 || stored.key !== key || typeof savedAt !== 'number' || !isRecord(item)) return undefined;
    if (this.now() - savedAt > this.ttlMs) return undefined;
    return { ...item, eTag: stored.eTag };
  }

  private ensureContainer(): Promise<unknown> {
    this.ready ??= this.container.createIfNotExists().catch((err: unknown) => {
      this.ready = undefined;
      throw err;
    });
    return this.ready;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasStatus(err: unknown, ...codes: number[]): boolean {
  const status = (err as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' && codes.includes(status);
}
