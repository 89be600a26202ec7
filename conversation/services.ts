import type { Logger } from '../core/logger.js';
import type { KnowledgeStore } from '../knowledge/knowledgeStore.js';
import type { AutodiscoverResolver } from '../diagnostics/probeAutodiscover.js';
import type { SafeFetchOptions, SafeFetchResult } from '../diagnostics/safeFetch.js';
import type { HandoffDesk } from './handoffDesk.js';

/** What the conversation layer reads of the configuration (bot/config.ts's Config provides it). */
export interface ConversationSettings {
  readonly adminAadObjectIds: readonly string[];
  readonly helpdeskAadObjectIds: readonly string[];
  readonly probeAllowPrivate: boolean;
  readonly probeTimeoutMs: number;
}

/** Long-lived objects shared by the bot and the commands. Built once, in bot/app.ts. */
export interface BotServices {
  readonly config: ConversationSettings;
  readonly logger: Logger;
  readonly knowledge: KnowledgeStore;
  readonly startedAt: Date;
  /** Handoff tickets: opened by every handoff, worked by the helpdesk (absent in apps built without one). */
  readonly handoffDesk?: HandoffDesk;
  /** Injected DNS and fetch for the live probes (tests); defaults are the real, guarded ones. */
  readonly probes?: {
    readonly resolver?: AutodiscoverResolver;
    readonly fetch?: (url: string, options: SafeFetchOptions) => Promise<SafeFetchResult>;
  };
}
