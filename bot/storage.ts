import { MemoryStorage, type Storage } from 'botbuilder';
import type { Config } from './config.js';

/**
 * The state store. Conversation and user state go through botbuilder's `Storage` interface, so a
 * persistent store (e.g. Azure Blob storage) can replace memory without touching the bot.
 */
export function createStorage(config: Config): { storage: Storage; kind: string } {
  switch (config.storage) {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- one kind today; the never check below makes a new one compile only when handled
    case 'memory':
      return { storage: new MemoryStorage(), kind: 'memory' };
    default: {
      const unknown: never = config.storage;
      throw new Error(`Unknown storage kind ${String(unknown)}`);
    }
  }
}
