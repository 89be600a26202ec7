/**
 * The evaluation sets and what is true of a result on them, shared by `npm run fit`
 * (tools/fitDecision.ts) and `npm run eval` (tests/eval/runEval.ts): which sets exist, which ones the
 * decision model may be fitted on (never the held-out real-question set), whether a result is right,
 * and the calibration table.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../bot/config.js';
import { costOf, type Decision } from '../knowledge/search/decision.js';
import type { SearchResult } from '../knowledge/search/knowledgeIndex.js';

/** One evaluation question (format of shared/eval/README.md). */
export interface EvalQuestion {
  readonly id: string;
  readonly text: string;
  readonly topics: readonly string[];
  readonly markers: readonly string[];
  readonly source: string;
}

export interface EvalSet {
  readonly name: string;
  readonly file: string;
  /** Fitting sets tune the decision model; the held-out set is only ever reported on. */
  readonly role: 'fit' | 'held-out';
}

const SHARED_EVAL = path.resolve(PROJECT_ROOT, '..', 'shared', 'eval');
const OWN_EVAL = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'eval');

export const EVAL_SETS: readonly EvalSet[] = [
  { name: 'dev-questions', file: path.join(SHARED_EVAL, 'dev-questions.jsonl'), role: 'fit' },
  { name: 'kb-symptoms', file: path.join(SHARED_EVAL, 'kb-symptoms.jsonl'), role: 'fit' },
  { name: 'fit-questions', file: path.join(OWN_EVAL, 'fit-questions.jsonl'), role: 'fit' },
  // Short helpdesk tickets we wrote (README: "Fitting tickets"), so the fit sees posts shaped like real ones.
  { name: 'fit-tickets', file: path.join(OWN_EVAL, 'fit-tickets.jsonl'), role: 'fit' },
  { name: 'real-questions', file: path.join(OWN_EVAL, 'real-questions.jsonl'), role: 'held-out' },
];

export function readQuestions(file: string): EvalQuestion[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as EvalQuestion);
}

export function isOutOfDomain(q: EvalQuestion): boolean {
  return q.topics.includes('NONE');
}

/** A result's text is right for a question when it contains one of the question's markers. */
export function isCorrect(text: string | undefined, markers: readonly string[]): boolean {
  if (text === undefined) return false;
  const lower = text.toLowerCase();
  return markers.some((m) => lower.includes(m.toLowerCase()));
}

/** What is true of a search result for a question, whatever the decision. */
export interface Truth {
  readonly inDomain: boolean;
  /** The best entry is right. */
  readonly top1: boolean;
  /** One of the three best entries is right. */
  readonly top3: boolean;
}

export function truthOf(q: EvalQuestion, result: SearchResult): Truth {
  const inDomain = !isOutOfDomain(q);
  const texts = result.hits.map((h) => h.entry.markdown);
  return {
    inDomain,
    top1: inDomain && isCorrect(texts[0], q.markers),
    top3: inDomain && texts.slice(0, 3).some((t) => isCorrect(t, q.markers)),
  };
}

/** One row of the calibration table: predictions in [from, to) and how often they came true. */
export interface CalibrationBand {
  readonly from: number;
  readonly to: number;
  readonly n: number;
  readonly predicted: number;
  readonly observed: number;
}

export const BAND_EDGES = [0, 0.2, 0.4, 0.6, 0.8, 1.0001] as const;

/**
 * Predicted against observed per band. Points may carry a weight (the fit weighs in-domain questions
 * to a stated share); predicted and observed are then weighted means, `n` still counts points.
 */
export function calibration(points: readonly { p: number; outcome: boolean; weight?: number }[]): CalibrationBand[] {
  const bands: CalibrationBand[] = [];
  for (let i = 0; i + 1 < BAND_EDGES.length; i++) {
    const from = BAND_EDGES[i] ?? 0;
    const to = BAND_EDGES[i + 1] ?? 1;
    const inBand = points.filter((x) => x.p >= from && x.p < to);
    const total = inBand.reduce((s, x) => s + (x.weight ?? 1), 0);
    const mean = (f: (x: (typeof inBand)[number]) => number): number =>
      total === 0 ? 0 : inBand.reduce((s, x) => s + (x.weight ?? 1) * f(x), 0) / total;
    bands.push({
      from,
      to: Math.min(1, to),
      n: inBand.length,
      predicted: mean((x) => x.p),
      observed: mean((x) => (x.outcome ? 1 : 0)),
    });
  }
  return bands;
}

/** The calibration table as text lines, with the largest gap over bands of at least `minN` items. */
export function formatCalibration(bands: readonly CalibrationBand[], minN = 5): string[] {
  const lines = ['  band        n   predicted  observed  gap'];
  for (const b of bands) {
    const gap = b.n === 0 ? '' : (100 * (b.observed - b.predicted)).toFixed(1).padStart(6);
    lines.push(
      `  ${b.from.toFixed(1)}-${b.to.toFixed(1)}  ${String(b.n).padStart(4)}   ${b.n === 0 ? '   -  ' : pctOf(b.predicted)}   ${b.n === 0 ? '   -  ' : pctOf(b.observed)}  ${gap}`,
    );
  }
  const counted = bands.filter((b) => b.n >= minN);
  const worst = counted.reduce((m, b) => Math.max(m, Math.abs(b.observed - b.predicted)), 0);
  lines.push(`  largest gap over bands with n >= ${minN}: ${(100 * worst).toFixed(1)} points`);
  return lines;
}

function pctOf(x: number): string {
  return `${(100 * x).toFixed(1).padStart(5)}%`;
}

/** What the truth was, for the cost table's columns. */
function truthColumn(t: Truth): number {
  if (!t.inDomain) return 3;
  if (t.top1) return 0;
  return t.top3 ? 1 : 2;
}

const TRUTH_COLUMNS = ['best right', 'in top 3', 'not in top 3', 'out of domain'] as const;
const DECISION_ROWS: readonly [Decision, string][] = [
  ['answer', 'answer'],
  ['clarify', 'did you mean'],
  ['none', 'none'],
];

/**
 * The stated cost (decision.ts COSTS) as a table: per decision and truth, how many posts and what each
 * costs, and the mean cost per post. Points may carry a weight (the mean is then weighted).
 */
export function formatCostTable(rows: readonly { decision: Decision; truth: Truth; weight?: number }[]): string[] {
  const cell = (d: Decision, col: number): string => {
    const n = rows.filter((r) => r.decision === d && truthColumn(r.truth) === col).length;
    const example: Truth = [
      { inDomain: true, top1: true, top3: true },
      { inDomain: true, top1: false, top3: true },
      { inDomain: true, top1: false, top3: false },
      { inDomain: false, top1: false, top3: false },
    ][col] as Truth;
    return `${String(n).padStart(5)} x${String(costOf(d, example)).padStart(3)}`;
  };
  const total = rows.reduce((s, r) => s + (r.weight ?? 1), 0) || 1;
  const cost = rows.reduce((s, r) => s + (r.weight ?? 1) * costOf(r.decision, r.truth), 0) / total;
  return [
    `  ${'decision'.padEnd(14)}${TRUTH_COLUMNS.map((c) => c.padStart(15)).join('')}`,
    ...DECISION_ROWS.map(
      ([d, label]) => `  ${label.padEnd(14)}${TRUTH_COLUMNS.map((_, col) => cell(d, col).padStart(15)).join('')}`,
    ),
    `  (posts x cost each)  mean cost per post ${cost.toFixed(3)}`,
  ];
}
