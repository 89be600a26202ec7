/**
 * The analytics events: what happened, never who said what. Users appear only as a salted hash
 * (see {@link hashUser}); the question text is kept only where the content-gap report needs it
 * (a question nobody answered: no match, "none of these", a 👎), and then cut to
 * {@link MAX_QUESTION_CHARS}.
 */
import { createHmac } from 'node:crypto';

/** The longest question text an event keeps. */
export const MAX_QUESTION_CHARS = 200;

/** How a troubleshooter was left without a fix: cancelled, replaced by another, or never finished. */
export type AbandonReason = 'cancel' | 'replaced' | 'timeout';

/** Where a handoff was asked for. */
export type HandoffSource = 'tree' | 'command' | 'noneOfThese' | 'feedback';

/** The free-text decisions a question can come to. */
export type QuestionDecision = 'answer' | 'clarify' | 'none' | 'startTree' | 'outOfScope';

/** One event, as the caller gives it (the recorder adds the time and the user's hash). */
export type EventInput =
  | {
      readonly type: 'question';
      readonly decision: QuestionDecision;
      readonly score: number;
      readonly top?: string;
      /** Only for a question without an answer (decision none or outOfScope). */
      readonly text?: string;
    }
  | { readonly type: 'answerShown'; readonly entry: string; readonly answer: string }
  | {
      readonly type: 'feedback';
      readonly entry: string;
      readonly answer: string;
      readonly helpful: boolean;
      /** Only for a 👎: the question the answer was given to. */
      readonly text?: string;
    }
  | { readonly type: 'noneOfThese'; readonly text?: string; readonly options: readonly string[] }
  | { readonly type: 'treeStarted'; readonly tree: string }
  | { readonly type: 'treeStep'; readonly tree: string; readonly node: string }
  | { readonly type: 'treeResolved'; readonly tree: string; readonly node: string }
  | { readonly type: 'treeAbandoned'; readonly tree: string; readonly node: string; readonly reason: AbandonReason }
  | { readonly type: 'handoff'; readonly source: HandoffSource; readonly tree?: string; readonly node?: string }
  | { readonly type: 'ticketCreated'; readonly ticket: number; readonly createdAt: string }
  | { readonly type: 'ticketTaken'; readonly ticket: number; readonly createdAt: string; readonly takenAt: string }
  | {
      readonly type: 'ticketResolved';
      readonly ticket: number;
      readonly createdAt: string;
      readonly resolvedAt: string;
    };

export type EventType = EventInput['type'];

/** A stored event: the input, when (ISO time, UTC) and whose (the salted hash of the user id). */
export type AnalyticsEvent = EventInput & { readonly at: string; readonly user: string };

/** The UTC day (YYYY-MM-DD) an ISO time falls on: the day file it belongs to. */
export function dayOf(at: string | Date): string {
  return (typeof at === 'string' ? at : at.toISOString()).slice(0, 10);
}

/** The salted hash of a user id: the same for the same user and salt, so /forget-me can find the rows. */
export function hashUser(salt: string, userId: string): string {
  return createHmac('sha256', salt).update(userId).digest('hex').slice(0, 24);
}

/** A question's text as an event keeps it: blanks folded, cut to {@link MAX_QUESTION_CHARS}. */
export function keptText(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, MAX_QUESTION_CHARS);
}

const TYPES: ReadonlySet<string> = new Set<EventType>([
  'question',
  'answerShown',
  'feedback',
  'noneOfThese',
  'treeStarted',
  'treeStep',
  'treeResolved',
  'treeAbandoned',
  'handoff',
  'ticketCreated',
  'ticketTaken',
  'ticketResolved',
]);

/** Parses one stored line; undefined for a line that is not an event (a torn write, another version). */
export function parseEvent(line: string): AnalyticsEvent | undefined {
  if (line.trim() === '') return undefined;
  try {
    const value = JSON.parse(line) as Record<string, unknown> | null;
    if (typeof value !== 'object' || value === null) return undefined;
    const { type, at, user } = value;
    if (typeof type !== 'string' || !TYPES.has(type) || typeof at !== 'string' || typeof user !== 'string')
      return undefined;
    return value as unknown as AnalyticsEvent;
  } catch {
    return undefined;
  }
}
