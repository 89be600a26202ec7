import { MemoryStorage, type Storage } from 'botbuilder';
import type { Config } from './config.js';

/**
 * The state store. Conversation and user state go through botbuilder's `Storage` interface, so a
 * persistent store (e.g. Azure Blob storage) can replace memory without touching the bot.
 */
export function createStorage(config: Config): { storage: Storage; kind: string } {
  switch (config.storage) {
    case 'memory':
      return { storage: new MemoryStorage(), kind: 'memory' };
    default: {
      const unknown: never = config.storage;
      throw new Error(`Unknown storage kind ${String(unknown)}`);
    }
  }
}
