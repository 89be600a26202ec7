import { dayOf, type AnalyticsEvent } from './events.js';

/**
 * An append-only event store: one unit per UTC day (a file, a blob), so retention deletes whole
 * days. Implementations: memory (tests, the terminal chat), files (the default), Azure Blob.
 */
export interface AnalyticsStore {
  /** Where the events go, for the logs and the stats tool (never a secret). */
  readonly where: string;
  /** Appends events (any days) at the end of their day. */
  append(events: readonly AnalyticsEvent[]): Promise<void>;
  /** The events of the days `from`..`to` (YYYY-MM-DD, inclusive), oldest day first. */
  read(from: string, to: string): Promise<AnalyticsEvent[]>;
  /** Rewrites every day without the rows of `user` (a hash); returns how many rows went. */
  removeUser(user: string): Promise<number>;
  /** Deletes the days before `firstKept` (YYYY-MM-DD); returns the days deleted. */
  deleteBefore(firstKept: string): Promise<string[]>;
  /** The salt of the user hashes, made once per store and kept in it. */
  salt(): Promise<string>;
}

/** Groups events by their day. */
export function byDay(events: readonly AnalyticsEvent[]): Map<string, AnalyticsEvent[]> {
  const days = new Map<string, AnalyticsEvent[]>();
  for (const e of events) {
    const day = dayOf(e.at);
    const list = days.get(day);
    if (list) list.push(e);
    else days.set(day, [e]);
  }
  return days;
}

/** The day `days` days before `day` (YYYY-MM-DD). */
export function daysBefore(day: string, days: number): string {
  const t = Date.parse(`${day}T00:00:00.000Z`) - days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export const DAY_NAME = /^\d{4}-\d{2}-\d{2}$/;
