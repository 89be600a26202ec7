import { createRequire } from 'node:module';
import type * as StorageBlob from '@azure/storage-blob';
import type * as AzureBlobs from 'botbuilder-azure-blobs';
import type { Config } from './config.js';
import { PROJECT_ROOT } from './config.js';
import path from 'node:path';
import type { Logger } from '../core/logger.js';
import { BlobStateStorage } from './state/blobStorage.js';
import { FileStorage } from './state/fileStorage.js';
import { BoundedMemoryStorage } from './state/memoryStorage.js';
import { daysToMs } from './state/stateStorage.js';
import { StateStore } from './state/stateStore.js';

// The Azure SDKs add about 20 MB and a few hundred ms to a start; only STORAGE=blob needs them, so they
// are loaded (synchronously, both are CommonJS) the first time a blob store is made.
const requireLazily = createRequire(import.meta.url);

/** A client of one blob container (state, analytics); loads the Azure SDK on first use. */
export function containerClient(connectionString: string, container: string): StorageBlob.ContainerClient {
  const { ContainerClient } = requireLazily('@azure/storage-blob') as typeof StorageBlob;
  return new ContainerClient(connectionString, container);
}

function blobsStorage(connectionString: string, container: string): AzureBlobs.BlobsStorage {
  const { BlobsStorage } = requireLazily('botbuilder-azure-blobs') as typeof AzureBlobs;
  return new BlobsStorage(connectionString, container);
}

export interface StorageOptions {
  /** The clock of expiry (tests and the bench move it forward). */
  readonly now?: () => number;
}

/**
 * The configured state store (STORAGE): files in STATE_DIR (the default of `npm start`: a restart
 * keeps every conversation), Azure Blob storage (several instances share it), or memory (tests and
 * the terminal chat). All three keep the contract of bot/state/stateStorage.ts: eTags, create-only
 * writes, and expiry after STATE_TTL_DAYS idle days. Nothing is read or written until the first turn.
 */
export function createStorage(config: Config, logger: Logger, options: StorageOptions = {}): StateStore {
  const ttlMs = daysToMs(config.stateTtlDays);
  const now = options.now ?? Date.now;
  const log = logger.child({ component: 'state' });
  switch (config.storage) {
    case 'memory':
      return new StateStore('memory', 'this process', new BoundedMemoryStorage({ ttlMs, now }), log);
    case 'file': {
      const shown = path.relative(PROJECT_ROOT, config.stateDir);
      const where = shown !== '' && !shown.startsWith('..') && !path.isAbsolute(shown) ? shown : config.stateDir;
      return new StateStore('file', where, new FileStorage({ dir: config.stateDir, ttlMs, now, logger: log }), log);
    }
    case 'blob': {
      const blobs = blobsStorage(config.blobConnectionString, config.blobContainer);
      const container = containerClient(config.blobConnectionString, config.blobContainer);
      const storage = new BlobStateStorage({ blobs, container, ttlMs, now, logger: log });
      return new StateStore('blob', `container ${config.blobContainer}`, storage, log);
    }
    default: {
      const unknown: never = config.storage;
      throw new Error(`Unknown storage kind ${String(unknown)}`);
    }
  }
}
