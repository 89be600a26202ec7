import { dayOf, type AnalyticsEvent } from './events.js';

/** One troubleshooter step: how many runs reached it, and how many stopped there without a fix. */
export interface NodeDropOff {
  readonly tree: string;
  readonly node: string;
  readonly reached: number;
  readonly dropped: number;
}

export interface EntryUse {
  readonly entry: string;
  readonly shown: number;
  readonly helpful: number;
  readonly notHelpful: number;
}

/** A question nobody answered: its text, and why it counts as unanswered. */
export interface Unanswered {
  readonly text: string;
  readonly why: 'none' | 'noneOfThese' | 'notHelpful';
}

/** The figures of `npm run stats` and `/stats`, from the events of a period. */
export interface Stats {
  readonly from: string;
  readonly to: string;
  readonly events: number;
  readonly users: number;
  readonly questions: number;
  readonly decisions: {
    readonly answer: number;
    readonly clarify: number;
    readonly none: number;
    readonly startTree: number;
  };
  readonly feedback: { readonly helpful: number; readonly notHelpful: number };
  readonly trees: {
    readonly started: number;
    readonly resolved: number;
    readonly handedOff: number;
    readonly abandoned: number;
  };
  readonly handoffs: number;
  readonly tickets: {
    readonly created: number;
    readonly taken: number;
    readonly resolved: number;
    readonly resolveMinutes: readonly number[];
  };
  readonly perDay: readonly { readonly day: string; readonly questions: number }[];
  readonly dropOff: readonly NodeDropOff[];
  readonly entries: readonly EntryUse[];
  readonly unanswered: readonly Unanswered[];
}

/** A share (0..1) of `total`, 0 when there is nothing to share. */
export function rate(part: number, total: number): number {
  return total === 0 ? 0 : part / total;
}

/** The median of some numbers (undefined for none). */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function count(events: readonly AnalyticsEvent[], type: AnalyticsEvent['type']): number {
  return events.filter((e) => e.type === type).length;
}

/** Computes the figures of a period from its events (any order). */
export function computeStats(all: readonly AnalyticsEvent[], from: string, to: string): Stats {
  const events = [...all].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const questions = events.flatMap((e) => (e.type === 'question' ? [e] : []));
  const decided = (d: string[]): number => questions.filter((q) => d.includes(q.decision)).length;
  const feedback = events.flatMap((e) => (e.type === 'feedback' ? [e] : []));
  const runs = treeRuns(events);
  const resolvedTickets = events.flatMap((e) => (e.type === 'ticketResolved' ? [e] : []));
  return {
    from,
    to,
    events: events.length,
    users: new Set(events.map((e) => e.user)).size,
    questions: questions.length,
    decisions: {
      answer: decided(['answer']),
      clarify: decided(['clarify']),
      none: decided(['none', 'outOfScope']),
      startTree: decided(['startTree']),
    },
    feedback: {
      helpful: feedback.filter((f) => f.helpful).length,
      notHelpful: feedback.filter((f) => !f.helpful).length,
    },
    trees: {
      started: runs.length,
      resolved: runs.filter((r) => r.end === 'resolved').length,
      handedOff: runs.filter((r) => r.end === 'handoff').length,
      abandoned: runs.filter((r) => r.end === 'abandoned').length,
    },
    handoffs: count(events, 'handoff'),
    tickets: {
      created: count(events, 'ticketCreated'),
      taken: count(events, 'ticketTaken'),
      resolved: resolvedTickets.length,
      resolveMinutes: resolvedTickets.map((t) => (Date.parse(t.resolvedAt) - Date.parse(t.createdAt)) / 60_000),
    },
    perDay: perDay(questions, from, to),
    dropOff: dropOff(runs),
    entries: entryUse(events),
    unanswered: unanswered(events),
  };
}

interface TreeRun {
  readonly tree: string;
  readonly nodes: string[];
  end: 'resolved' | 'handoff' | 'abandoned';
}

/**
 * Each user's troubleshooter runs, in time order: a start, the steps reached, and how it ended. A
 * run with no end recorded (the user walked away; the state timed out) counts as abandoned at its
 * last step, as a cancelled one does.
 */
function treeRuns(events: readonly AnalyticsEvent[]): TreeRun[] {
  const runs: TreeRun[] = [];
  const open = new Map<string, TreeRun>();
  for (const e of events) {
    const current = open.get(e.user);
    if (e.type === 'treeStarted') {
      const run: TreeRun = { tree: e.tree, nodes: [], end: 'abandoned' };
      runs.push(run);
      open.set(e.user, run);
    } else if (current && e.type === 'treeStep' && e.tree === current.tree) current.nodes.push(e.node);
    else if (
      current &&
      (e.type === 'treeResolved' || e.type === 'treeAbandoned' || (e.type === 'handoff' && e.source === 'tree'))
    ) {
      current.end = e.type === 'treeResolved' ? 'resolved' : e.type === 'handoff' ? 'handoff' : 'abandoned';
      open.delete(e.user);
    }
  }
  return runs;
}

function dropOff(runs: readonly TreeRun[]): NodeDropOff[] {
  const byNode = new Map<string, { tree: string; node: string; reached: number; dropped: number }>();
  const at = (tree: string, node: string): { tree: string; node: string; reached: number; dropped: number } => {
    const key = `${tree}\u0000${node}`;
    let row = byNode.get(key);
    if (!row) {
      row = { tree, node, reached: 0, dropped: 0 };
      byNode.set(key, row);
    }
    return row;
  };
  for (const run of runs) {
    for (const node of new Set(run.nodes)) at(run.tree, node).reached += 1;
    const last = run.nodes[run.nodes.length - 1];
    if (run.end === 'abandoned' && last !== undefined) at(run.tree, last).dropped += 1;
  }
  return [...byNode.values()].sort(
    (a, b) => b.dropped - a.dropped || b.reached - a.reached || (a.tree + a.node).localeCompare(b.tree + b.node),
  );
}

function entryUse(events: readonly AnalyticsEvent[]): EntryUse[] {
  const rows = new Map<string, { entry: string; shown: number; helpful: number; notHelpful: number }>();
  const row = (entry: string): { entry: string; shown: number; helpful: number; notHelpful: number } => {
    let r = rows.get(entry);
    if (!r) {
      r = { entry, shown: 0, helpful: 0, notHelpful: 0 };
      rows.set(entry, r);
    }
    return r;
  };
  for (const e of events) {
    if (e.type === 'answerShown') row(e.entry).shown += 1;
    else if (e.type === 'feedback') {
      if (e.helpful) row(e.entry).helpful += 1;
      else row(e.entry).notHelpful += 1;
    }
  }
  return [...rows.values()].sort((a, b) => b.shown - a.shown || a.entry.localeCompare(b.entry));
}

/** The entries with the most 👎, then the worst share of 👎 (only entries with a 👎). */
export function worstRated(entries: readonly EntryUse[]): EntryUse[] {
  return entries
    .filter((e) => e.notHelpful > 0)
    .sort(
      (a, b) =>
        b.notHelpful - a.notHelpful ||
        rate(b.notHelpful, b.notHelpful + b.helpful) - rate(a.notHelpful, a.notHelpful + a.helpful) ||
        a.entry.localeCompare(b.entry),
    );
}

function unanswered(events: readonly AnalyticsEvent[]): Unanswered[] {
  return events.flatMap((e): Unanswered[] => {
    if (e.type === 'question' && (e.decision === 'none' || e.decision === 'outOfScope') && e.text)
      return [{ text: e.text, why: 'none' }];
    if (e.type === 'noneOfThese' && e.text) return [{ text: e.text, why: 'noneOfThese' }];
    if (e.type === 'feedback' && !e.helpful && e.text) return [{ text: e.text, why: 'notHelpful' }];
    return [];
  });
}

function perDay(questions: readonly AnalyticsEvent[], from: string, to: string): { day: string; questions: number }[] {
  const out: { day: string; questions: number }[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push({ day, questions: questions.filter((q) => dayOf(q.at) === day).length });
  }
  return out;
}
