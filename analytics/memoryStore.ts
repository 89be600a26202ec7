import { randomBytes } from 'node:crypto';
import { dayOf, type AnalyticsEvent } from './events.js';
import type { AnalyticsStore } from './store.js';

/** Events in this process only (tests and the terminal chat). */
export class MemoryAnalyticsStore implements AnalyticsStore {
  readonly where = 'this process';
  private readonly days = new Map<string, AnalyticsEvent[]>();
  private readonly saltValue = randomBytes(24).toString('hex');

  append(events: readonly AnalyticsEvent[]): Promise<void> {
    for (const e of events) {
      const day = dayOf(e.at);
      // Appended in place: copying the day's array for every event made a busy day quadratic.
      const list = this.days.get(day);
      if (list) list.push(e);
      else this.days.set(day, [e]);
    }
    return Promise.resolve();
  }

  read(from: string, to: string): Promise<AnalyticsEvent[]> {
    const days = [...this.days.keys()].filter((d) => d >= from && d <= to).sort();
    return Promise.resolve(days.flatMap((d) => this.days.get(d) ?? []));
  }

  removeUser(user: string): Promise<number> {
    let removed = 0;
    for (const [day, events] of this.days) {
      const kept = events.filter((e) => e.user !== user);
      removed += events.length - kept.length;
      this.days.set(day, kept);
    }
    return Promise.resolve(removed);
  }

  deleteBefore(firstKept: string): Promise<string[]> {
    const gone = [...this.days.keys()].filter((d) => d < firstKept).sort();
    for (const d of gone) this.days.delete(d);
    return Promise.resolve(gone);
  }

  salt(): Promise<string> {
    return Promise.resolve(this.saltValue);
  }
}
