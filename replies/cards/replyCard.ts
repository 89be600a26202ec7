import type { KnowledgeEntry, SupportStatus } from '../../knowledge/model.js';

/** The parts of an entry a user can ask for; `overview` is what an answer shows first. */
export const ENTRY_PARTS = ['overview', 'cause', 'powershell', 'verify', 'links', 'full'] as const;
export type EntryPart = (typeof ENTRY_PARTS)[number];

/**
 * What a reply's Adaptive Card is made of, per kind: the structured data its builder needs where
 * the reply's Markdown is not enough. A reply without a card is sent as text (with its buttons on
 * a hero card), and the terminal always gets the text.
 */
export type ReplyCard =
  EntryCard | ClarifyCard | TreeStepCard | HandoffCard | MatrixPairCard | MatrixExchangeCard | StatsCard;

/** `/stats`: the last days' figures as facts, and the most asked questions without an answer (quoted). */
export interface StatsCard {
  readonly kind: 'stats';
  readonly title: string;
  readonly facts: readonly { readonly title: string; readonly value: string }[];
  readonly gaps: readonly string[];
}

/** A knowledge entry answered in the chat (one part of it). */
export interface EntryCard {
  readonly kind: 'entry';
  readonly entry: KnowledgeEntry;
  readonly part: EntryPart;
  /** An answer to a question: ends with "Did this help?" above its 👍 / 👎 actions. */
  readonly askFeedback?: boolean;
}

/** "Did you mean…": the question (already quoted) and the entries offered. */
export interface ClarifyCard {
  readonly kind: 'clarify';
  readonly quotedQuery: string;
  readonly options: readonly { readonly title: string; readonly summary: string }[];
}

/** One step of a troubleshooter: a question, a check or a fix (its Markdown), after an optional lead. */
export interface TreeStepCard {
  readonly kind: 'treeStep';
  readonly treeTitle: string;
  /** What the bot says before the step ("Going back one step."); not part of the step. */
  readonly lead?: string;
  /** The step itself, as Markdown (a check's cmdlet as a PowerShell code block). */
  readonly body: string;
}

/** The end of a troubleshooter without a fix: why, and the ready-to-paste summary. */
export interface HandoffCard {
  readonly kind: 'handoff';
  readonly treeTitle: string;
  /** The handoff message as Markdown: the reason, what to do, and the summary as a text code block. */
  readonly body: string;
}

/** One topology's row of the matrix: the feature, its status, and its note numbers. */
export interface MatrixPairRow {
  readonly feature: string;
  readonly status: SupportStatus;
  readonly notes: readonly number[];
}

/** `/matrix <exchange> <sfb>`. */
export interface MatrixPairCard {
  readonly kind: 'matrixPair';
  readonly exchange: string;
  readonly sfb: string;
  readonly rows: readonly MatrixPairRow[];
  readonly notes: readonly string[];
}

/** `/matrix <exchange>`: every feature against every SfB side. */
export interface MatrixExchangeCard {
  readonly kind: 'matrixExchange';
  readonly exchange: string;
  /** The SfB sides' short labels, one column each. */
  readonly columns: readonly string[];
  readonly rows: readonly { readonly feature: string; readonly cells: readonly (SupportStatus | undefined)[] }[];
}
