/**
 * The three stores under one contract: memory, file (a fresh temporary folder) and Azure Blob on
 * Azurite (a fresh container), each with a clock the test moves.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ContainerClient } from '@azure/storage-blob';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { BlobStateStorage } from '../../../bot/state/blobStorage.js';
import { FileStorage } from '../../../bot/state/fileStorage.js';
import { BoundedMemoryStorage } from '../../../bot/state/memoryStorage.js';
import type { ExpiringStorage } from '../../../bot/state/stateStorage.js';
import { azurite } from './azurite.js';

/** Keys as channels make them (Teams, Web Chat, Direct Line), and every character that breaks a naive mapping. */
export const ODD_KEYS: readonly string[] = [
  'msteams/conversations/a:1XyZ-9_Ab;messageid=1675432100000/private/',
  'msteams/conversations/19:abc123@thread.tacv2;messageid=1675432100000/users/29:1Ab-Cd',
  'webchat/conversations/7hP3yTbGs4A1-us/private/',
  'a/b',
  'a//b',
  'a/b/',
  '/a/b',
  'A/B',
  '.',
  '..',
  '../../../etc/passwd',
  'CON',
  'con',
  'nul.txt',
  'a\\b',
  'a%2Fb',
  'a b',
  '*',
  'a?b#c&d=e',
  'line\nbreak\ttab',
  'nul\u0000char',
  'ümlaut Ünïcödé',
  '会话/中文',
  '😀 emoji 👍🏽',
  `${'x'.repeat(1100)}a`,
  `${'x'.repeat(1100)}b`,
  'k'.repeat(5000),
];

export const TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** A clock that stands still until moved. */
export class TestClock {
  t = Date.now();
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface OpenedStore {
  readonly store: ExpiringStorage;
  /** A second handle on the same data, as another instance of the bot would have. */
  readonly other: ExpiringStorage;
  readonly clock: TestClock;
}

export interface StoreKind {
  readonly name: 'memory' | 'file' | 'blob';
  /** Why this store cannot run here, or undefined when it can. */
  unavailable(): Promise<string | undefined>;
  open(): Promise<OpenedStore>;
}

let sequence = 0;

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

/** A blob store on the test Azurite, in a container of its own. */
export async function blobStore(container: string, clock: TestClock): Promise<BlobStateStorage> {
  const started = await azurite();
  if (!started.ok) throw new Error(started.reason);
  const cs = started.azurite.connectionString;
  return new BlobStateStorage({
    blobs: new BlobsStorage(cs, container),
    container: new ContainerClient(cs, container),
    ttlMs: TTL_MS,
    now: clock.now,
  });
}

export function uniqueContainer(prefix: string): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${sequence}`.toLowerCase();
}

export const STORE_KINDS: readonly StoreKind[] = [
  {
    name: 'memory',
    unavailable: () => Promise.resolve(undefined),
    open: () => {
      const clock = new TestClock();
      const store = new BoundedMemoryStorage({ ttlMs: TTL_MS, now: clock.now });
      // One process's memory: "another instance" can only be the same store.
      return Promise.resolve({ store, other: store, clock });
    },
  },
  {
    name: 'file',
    unavailable: () => Promise.resolve(undefined),
    open: () => {
      const clock = new TestClock();
      const dir = tempDir('state-contract');
      const make = (): FileStorage => new FileStorage({ dir, ttlMs: TTL_MS, now: clock.now });
      return Promise.resolve({ store: make(), other: make(), clock });
    },
  },
  {
    name: 'blob',
    unavailable: async () => {
      const started = await azurite();
      return started.ok ? undefined : started.reason;
    },
    open: async () => {
      const clock = new TestClock();
      const container = uniqueContainer('contract');
      return { store: await blobStore(container, clock), other: await blobStore(container, clock), clock };
    },
  },
];
