import { randomBytes } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import { parseEvent, type AnalyticsEvent } from './events.js';
import { byDay, DAY_NAME, type AnalyticsStore } from './store.js';

const PREFIX = 'analytics/';
const SALT_BLOB = `${PREFIX}salt`;

/**
 * Events in Azure Blob storage, beside the state in the same container: one append blob per UTC
 * day and bot instance (`analytics/2026-12-02/<instance>.jsonl`), so instances never append to the
 * same blob and retention deletes whole days.
 */
export class BlobAnalyticsStore implements AnalyticsStore {
  readonly where: string;
  private readonly instance: string;
  private readonly created = new Set<string>();
  private saltValue: Promise<string> | undefined;
  private containerReady: Promise<unknown> | undefined;

  constructor(
    private readonly container: ContainerClient,
    instance: string = randomBytes(6).toString('hex'),
  ) {
    this.instance = instance;
    this.where = `container ${container.containerName}, ${PREFIX}`;
  }

  async append(events: readonly AnalyticsEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.ready();
    for (const [day, list] of byDay(events)) {
      const name = `${PREFIX}${day}/${this.instance}.jsonl`;
      const blob = this.container.getAppendBlobClient(name);
      if (!this.created.has(name)) {
        await blob.createIfNotExists();
        this.created.add(name);
      }
      const body = Buffer.from(list.map((e) => `${JSON.stringify(e)}\n`).join(''), 'utf8');
      await blob.appendBlock(body, body.length);
    }
  }

  async read(from: string, to: string): Promise<AnalyticsEvent[]> {
    const out: AnalyticsEvent[] = [];
    for (const { day, name } of await this.blobs()) {
      if (day < from || day > to) continue;
      out.push(...(await this.readBlob(name)));
    }
    return out;
  }

  async removeUser(user: string): Promise<number> {
    let removed = 0;
    for (const { name } of await this.blobs()) {
      const events = await this.readBlob(name);
      const kept = events.filter((e) => e.user !== user);
      if (kept.length === events.length) continue;
      removed += events.length - kept.length;
      const blob = this.container.getAppendBlobClient(name);
      await blob.create();
      const body = Buffer.from(kept.map((e) => `${JSON.stringify(e)}\n`).join(''), 'utf8');
      if (body.length > 0) await blob.appendBlock(body, body.length);
    }
    return removed;
  }

  async deleteBefore(firstKept: string): Promise<string[]> {
    const days = new Set<string>();
    for (const { day, name } of await this.blobs()) {
      if (day >= firstKept) continue;
      await this.container.deleteBlob(name, { deleteSnapshots: 'include' });
      this.created.delete(name);
      days.add(day);
    }
    return [...days].sort();
  }

  salt(): Promise<string> {
    this.saltValue ??= this.readOrMakeSalt();
    return this.saltValue;
  }

  private async readOrMakeSalt(): Promise<string> {
    await this.ready();
    const blob = this.container.getBlockBlobClient(SALT_BLOB);
    const made = randomBytes(24).toString('hex');
    try {
      await blob.upload(made, made.length, { conditions: { ifNoneMatch: '*' } });
      return made;
    } catch {
      // Made already (by us earlier or another instance): read it.
      return (await blob.downloadToBuffer()).toString('utf8').trim();
    }
  }

  private ready(): Promise<unknown> {
    this.containerReady ??= this.container.createIfNotExists();
    return this.containerReady;
  }

  private async blobs(): Promise<{ day: string; name: string }[]> {
    await this.ready();
    const out: { day: string; name: string }[] = [];
    for await (const item of this.container.listBlobsFlat({ prefix: PREFIX })) {
      const day = item.name.slice(PREFIX.length, PREFIX.length + 10);
      if (DAY_NAME.test(day) && item.name.endsWith('.jsonl')) out.push({ day, name: item.name });
    }
    return out.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  }

  private async readBlob(name: string): Promise<AnalyticsEvent[]> {
    const text = (await this.container.getBlobClient(name).downloadToBuffer()).toString('utf8');
    return text.split('\n').flatMap((line) => {
      const e = parseEvent(line);
      return e ? [e] : [];
    });
  }
}
