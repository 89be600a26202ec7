import type { Logger } from '../core/logger.js';
import type { KnowledgeStore } from '../knowledge/knowledgeStore.js';
import type { AutodiscoverResolver } from '../diagnostics/probeAutodiscover.js';
import type { SafeFetchOptions, SafeFetchResult } from '../diagnostics/safeFetch.js';
import type { HandoffDesk } from './handoffDesk.js';
import type { AnalyticsRecorder } from '../analytics/recorder.js';

/** What one forgetter deleted for /forget-me: a line of the reply ("tickets: 2"). */
export interface Forgotten {
  readonly what: string;
  readonly count: number;
}

/** Deletes what a part of the bot keeps about a user (by their channel user id), for /forget-me. */
export type Forgetter = (userId: string) => Promise<Forgotten>;

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
  /** The analytics events (absent: nothing is recorded). */
  readonly analytics?: AnalyticsRecorder;
  /**
   * What else /forget-me must delete, beyond the profile, the conversation's state and the analytics
   * rows (the ticket store adds its own here when it is wired in bot/app.ts).
   */
  readonly forgetters?: readonly Forgetter[];
  /** Injected DNS and fetch for the live probes (tests); defaults are the real, guarded ones. */
  readonly probes?: {
    readonly resolver?: AutodiscoverResolver;
    readonly fetch?: (url: string, options: SafeFetchOptions) => Promise<SafeFetchResult>;
  };
}
