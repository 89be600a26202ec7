/**
 * The goals summary at the end of `npm run bench`: each goal with the figure this run measured and
 * "met" or "NOT MET" (or "not measured" when its section did not run). Goals are printed, never
 * asserted: the bench always exits 0.
 */
import type { HttpFigures } from './httpBench.js';
import type { WorstCaseRow } from './worstCase.js';
import { GOAL_MS } from './worstCase.js';
import { FLAT_SLOPE_BYTES, type StateFigures } from '../state/stateBench.js';

export const TARGET_P99_MS = 5;
export const TARGET_SIZE = 10_000;
/** Bot/echo throughput at concurrency 10, per mix. */
export const THROUGHPUT_GOALS = { normal: 0.7, pasted: 0.5 } as const;
export const GOAL_CONCURRENCY = 10;
/** Bot/echo start-up time and peak RSS at most this. */
export const START_RATIO_GOAL = 1.5;
export const RSS_RATIO_GOAL = 1.5;

export interface SearchFigure {
  readonly size: number;
  readonly p99: number;
  readonly queriesUsed: number;
  readonly queries: number;
}

/** What each section measured, when it ran. */
export interface BenchFigures {
  search?: SearchFigure | undefined;
  worst?: readonly WorstCaseRow[];
  state?: StateFigures;
  http?: HttpFigures | undefined;
  /** Sections that failed to run (their goals then say so). */
  failed?: string[];
}

interface GoalLine {
  readonly goal: string;
  /** The section that measures it (named when it was not measured). */
  readonly section?: string;
  /** Undefined: not measured in this run. */
  readonly figure?: string;
  readonly met?: boolean;
}

function goalLines(f: BenchFigures): GoalLine[] {
  const lines: GoalLine[] = [];
  for (const mix of ['normal', 'pasted'] as const) {
    const goal = `throughput ≥ ${THROUGHPUT_GOALS[mix].toFixed(2)} of the echo bot, ${mix} mix, concurrency ${GOAL_CONCURRENCY}`;
    const cell = f.http?.cells.find((c) => c.mix === mix && c.concurrency === GOAL_CONCURRENCY);
    if (!cell) lines.push({ goal, section: 'HTTP' });
    else {
      const r = cell.bot.turnsPerSecond / cell.echo.turnsPerSecond;
      lines.push({
        goal,
        // CPU per turn beside it: on a shared machine it moves less than wall-clock throughput does.
        figure:
          `${r.toFixed(2)} (${cell.bot.turnsPerSecond.toFixed(0)} / ${cell.echo.turnsPerSecond.toFixed(0)} turns/s; ` +
          `CPU per turn ${cell.bot.cpuPerTurn.toFixed(2)} / ${cell.echo.cpuPerTurn.toFixed(2)} ms)`,
        met: r >= THROUGHPUT_GOALS[mix],
      });
    }
  }
  const start = f.http?.start;
  const startGoal = `start-up ≤ ${START_RATIO_GOAL}× the echo bot's (spawn to the first 200 on /healthz)`;
  const rssGoal = `peak RSS ≤ ${RSS_RATIO_GOAL}× the echo bot's (at start)`;
  if (!start) lines.push({ goal: startGoal, section: 'HTTP' }, { goal: rssGoal, section: 'HTTP' });
  else {
    const s = start.bot.startMs / start.echo.startMs;
    const m = start.bot.rss / start.echo.rss;
    const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(0)} MB`;
    lines.push(
      {
        goal: startGoal,
        figure: `${s.toFixed(2)}× (${start.bot.startMs.toFixed(0)} / ${start.echo.startMs.toFixed(0)} ms)`,
        met: s <= START_RATIO_GOAL,
      },
      {
        goal: rssGoal,
        figure: `${m.toFixed(2)}× (${mb(start.bot.rss)} / ${mb(start.echo.rss)})`,
        met: m <= RSS_RATIO_GOAL,
      },
    );
  }
  const searchGoal = `search p99 ≤ ${TARGET_P99_MS} ms at ${TARGET_SIZE.toLocaleString('en-US')} entries`;
  if (!f.search) lines.push({ goal: searchGoal, section: 'search' });
  else {
    const partial =
      f.search.queriesUsed < f.search.queries ? ` over ${f.search.queriesUsed}/${f.search.queries} queries` : '';
    lines.push({
      goal: searchGoal,
      figure: `${f.search.p99.toFixed(2)} ms${partial}`,
      met: f.search.p99 <= TARGET_P99_MS,
    });
  }
  const stateGoal = 'memory per idle conversation 0 after expiry (|slope| < 0.1 KB per conversation)';
  const slope = f.state?.afterExpirySlope;
  if (slope === undefined) lines.push({ goal: stateGoal, section: 'state' });
  else
    lines.push({
      goal: stateGoal,
      figure: `${(slope / 1024).toFixed(3)} KB per conversation`,
      met: Math.abs(slope) < FLAT_SLOPE_BYTES,
    });
  const worstGoal = `every worst-case turn under ${GOAL_MS} ms`;
  const worst = f.worst?.reduce<WorstCaseRow | undefined>((a, b) => (a && a.worstMs >= b.worstMs ? a : b), undefined);
  if (!worst) lines.push({ goal: worstGoal, section: 'worst-case' });
  else
    lines.push({
      goal: worstGoal,
      figure: `${worst.worstMs.toFixed(1)} ms (${worst.shape}, ${worst.where})`,
      met: worst.worstMs < GOAL_MS,
    });
  return lines;
}

/** Prints the goals summary. */
export function printGoals(figures: BenchFigures): void {
  const lines = goalLines(figures);
  const width = Math.max(...lines.map((l) => l.goal.length));
  process.stdout.write('\n## Goals (printed, not asserted)\n\n');
  for (const l of lines) {
    const failed = l.section !== undefined && (figures.failed ?? []).includes(l.section);
    const unmeasured = failed
      ? `not measured: the ${l.section ?? ''} section failed (see above)`
      : 'not measured in this run';
    const verdict = l.met === undefined ? unmeasured : l.met ? 'met' : 'NOT MET';
    process.stdout.write(
      `${l.goal.padEnd(width)}  ${verdict.padEnd(7)}${l.figure === undefined ? '' : `  ${l.figure}`}\n`,
    );
  }
}
