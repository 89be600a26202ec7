import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { KnowledgeStore } from '../knowledge/knowledgeStore.js';

/** Long-lived objects shared by the bot, the commands and the dialogs. Built once in index.ts. */
export interface BotServices {
  readonly config: Config;
  readonly logger: Logger;
  readonly knowledge: KnowledgeStore;
  readonly startedAt: Date;
}
