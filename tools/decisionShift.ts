/**
 * `npm run fit:shift`: where the decision's features differ between the fitting sets and the held-out
 * real-question set, per class (in domain / out of domain), as aggregates only: the mean of each feature
 * on the fitting questions as written, their long-post variants and the real posts, and the real mean's
 * shift in standard deviations of the fitting data. It reads the real set to report on it, as
 * `npm run eval` does; nothing here feeds the fit.
 *
 *   npm run fit:shift
 */
import fs from 'node:fs';
import { loadSearchFromEnv } from './searchCli.js';
import { EVAL_SETS, readQuestions, truthOf, type Truth } from './evalData.js';
import { collectSamples, type Sample } from './fitDecision.js';
import { featureVector, FEATURE_NAMES } from '../knowledge/search/decision.js';

interface Row {
  readonly x: readonly number[];
  readonly weight: number;
  readonly truth: Truth;
}

function mean(rows: readonly Row[], i: number): number {
  const total = rows.reduce((s, r) => s + r.weight, 0) || 1;
  return rows.reduce((s, r) => s + r.weight * (r.x[i] ?? 0), 0) / total;
}

function sd(rows: readonly Row[], i: number): number {
  const m = mean(rows, i);
  const total = rows.reduce((s, r) => s + r.weight, 0) || 1;
  return Math.sqrt(rows.reduce((s, r) => s + r.weight * ((r.x[i] ?? 0) - m) ** 2, 0) / total);
}

function realRows(): Row[] {
  const set = EVAL_SETS.find((s) => s.role === 'held-out');
  if (!set || !fs.existsSync(set.file)) return [];
  const { index } = loadSearchFromEnv();
  return readQuestions(set.file).flatMap((q) => {
    const r = index.search(q.text);
    return r.features ? [{ x: featureVector(r.features), weight: 1, truth: truthOf(q, r) }] : [];
  });
}

function table(label: string, groups: readonly [string, readonly Row[]][], reference: readonly Row[]): void {
  console.log(`\n${label}`);
  console.log(
    `  ${'feature'.padEnd(16)}${groups.map(([name, rows]) => `${name} (${rows.length})`.padStart(18)).join('')}   shift (sd)`,
  );
  const real = groups[groups.length - 1]?.[1] ?? [];
  FEATURE_NAMES.forEach((name, i) => {
    const spread = sd(reference, i) || 1;
    const shift = (mean(real, i) - mean(reference, i)) / spread;
    console.log(
      `  ${name.padEnd(16)}${groups.map(([, rows]) => mean(rows, i).toFixed(3).padStart(18)).join('')}   ${shift.toFixed(2).padStart(6)}${Math.abs(shift) >= 0.5 ? ' <' : ''}`,
    );
  });
}

const samples: Sample[] = collectSamples();
const real = realRows();
const wrapped = (s: Sample): boolean => s.id.includes('~post');
for (const inDomain of [true, false]) {
  const fit = samples.filter((s) => s.truth.inDomain === inDomain);
  const groups: [string, Row[]][] = [
    ...[...new Set(fit.map((s) => s.set))].map((set): [string, Row[]] => [
      set,
      fit.filter((s) => s.set === set && !wrapped(s)),
    ]),
    ['fit long posts', fit.filter(wrapped)],
    ['real', real.filter((r) => r.truth.inDomain === inDomain)],
  ];
  table(
    inDomain ? 'in-domain questions: feature means' : 'out-of-domain questions: feature means',
    groups.filter(([, rows]) => rows.length > 0),
    fit,
  );
}
const share = (rows: readonly Row[]): string =>
  `${rows.filter((r) => r.truth.top1).length} of ${rows.filter((r) => r.truth.inDomain).length}`;
console.log(
  `\nranking top-1 among in-domain: fit ${share(samples.filter((s) => !wrapped(s)))}, fit long posts ${share(samples.filter(wrapped))}, real ${share(real)}`,
);
