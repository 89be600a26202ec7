import type { Config } from '../bot/config.js';
import type { Logger } from '../bot/logger.js';
import type { KnowledgeStore } from '../knowledge/knowledgeStore.js';
import type { AutodiscoverResolver } from '../diagnostics/probeAutodiscover.js';
import type { SafeFetchOptions, SafeFetchResult } from '../diagnostics/safeFetch.js';

/** Long-lived objects shared by the bot, the commands and the dialogs. Built once in index.ts. */
export interface BotServices {
  readonly config: Config;
  readonly logger: Logger;
  readonly knowledge: KnowledgeStore;
  readonly startedAt: Date;
  /** Injected DNS and fetch for the live probes (tests); defaults are the real, guarded ones. */
  readonly probes?: {
    readonly resolver?: AutodiscoverResolver;
    readonly fetch?: (url: string, options: SafeFetchOptions) => Promise<SafeFetchResult>;
  };
}
