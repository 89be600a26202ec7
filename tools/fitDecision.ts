/**
 * `npm run fit`: fits the answer / did-you-mean / none decision (knowledge/search/decision.ts) and
 * writes its weights to knowledge/search/decisionModel.json.
 *
 * Held-out discipline: the model is fitted on the fitting sets only (the shared dev questions, the
 * shared KB symptoms and tests/fixtures/eval/fit-questions.jsonl); the real-question set is never
 * read here, `npm run eval` reports on it. Three logistic models (the post is in the domain; given
 * that, the best entry is right; given that, one of the three best is: p1 and p3 are the products)
 * are fitted with an L2 penalty chosen by 5-fold cross-validation; the answer and suggest cut-offs
 * follow from the stated cost (decision.ts cutoffsFromCosts), and the cut-offs that would minimise
 * that cost on the out-of-fold predictions are printed beside them, for comparison; the monotone
 * recalibrations are the pair whose nested out-of-fold decisions cost least (chooseRecalibrations).
 * Sample weights make in-domain questions a stated share of the total (IN_DOMAIN_SHARE), not the
 * fitting sets' accidental mix. Weights have stated signs (FEATURE_SIGNS).
 *
 * Long posts: the fitting questions are short and clean, real posts ramble. Every in-domain question, and
 * a seeded share of the out-of-domain ones, is also searched wrapped as 2-3 helpdesk posts
 * (tools/longPosts.ts); the variants share their question's fold, and carry WRAPPED_SHARE of their
 * class's weight in both classes, so length is no evidence of being in domain.
 *
 *   npm run fit              # fit, print the weights, cross-validated figures and calibration, write the model
 *   npm run fit -- --dry-run # the same without writing
 */
import fs from 'node:fs';
import { format } from 'prettier';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSearchFromEnv } from './searchCli.js';
import type { KnowledgeIndex } from '../knowledge/search/knowledgeIndex.js';
import {
  EVAL_SETS,
  calibration,
  formatCalibration,
  formatCostTable,
  isOutOfDomain,
  readQuestions,
  truthOf,
  type Truth,
} from './evalData.js';
import { hashOf, variantCount, wrapAsPost, wrapsOutOfDomain } from './longPosts.js';
import {
  costOf,
  cutoffsFromCosts,
  decisionFor,
  featureVector,
  FEATURE_NAMES,
  FEATURE_SIGNS,
  GIVEN_FEATURES,
  type Decision,
  type DecisionFeatures,
  type DecisionModel,
} from '../knowledge/search/decision.js';
import { outOfScopeOf } from '../knowledge/search/scope.js';
import {
  applyCalibrator,
  fitIsotonic,
  fitPlatt,
  type CalibrationPoint,
  type Calibrator,
} from '../knowledge/search/calibration.js';
import { fitLogistic, logLoss, predict, type Example, type LogisticModel } from '../knowledge/search/logistic.js';

const MODEL_FILE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'knowledge',
  'search',
  'decisionModel.json',
);
const FOLDS = 5;
const PENALTIES = [0.003, 0.01, 0.03, 0.1, 0.3];
const SIGNS = FEATURE_NAMES.map((name) => FEATURE_SIGNS[name]);
/**
 * The share of in-domain posts the fit assumes (sample weights make in-domain questions this share of
 * the total): about two in five, the share of answerable posts among the public posts collected for
 * the real-question set before this fit existed (46 of 108). The fitting sets' own mix (one in eight)
 * is an accident of what could be collected.
 */
const IN_DOMAIN_SHARE = 0.4;

/** One fitting question, searched once: its features, what was true, its fold and its weight. */
export interface Sample {
  readonly id: string;
  readonly set: string;
  readonly x: readonly number[];
  readonly truth: Truth;
  readonly signature: boolean;
  readonly margin: number;
  readonly informativeTerms: number;
  /** The post names only Teams or another product (scope.ts): the bot says none whatever p1 is. */
  readonly outOfScope: boolean;
  readonly fold: number;
  readonly weight: number;
}

/**
 * The share of each class's weight that the long-post variants carry (tools/longPosts.ts): half, in
 * both classes alike, so that being a long post is no evidence of being in domain. The other half is
 * the questions as written.
 */
const WRAPPED_SHARE = 0.5;
/** The share of out-of-domain fitting questions that are also wrapped (every in-domain one is). */
const OOD_WRAP_SHARE = 0.5;
/** Marks a long-post variant's id: `<question id>~post<n>`. */
const LONG_POST_MARK = '~post';

/** A fitting question as searched: as written, or wrapped as a long post (`base` is the question's id). */
export interface RawSample extends Omit<Sample, 'fold' | 'weight'> {
  readonly base: string;
  readonly wrapped: boolean;
}

/**
 * Searches every fitting question once as written, and again wrapped as 2-3 long posts (every in-domain
 * question, a seeded share of the out-of-domain ones). Searches nothing matched are left out (they get
 * `none` anyway).
 */
function textSamples(index: KnowledgeIndex): RawSample[] {
  const raw: RawSample[] = [];
  for (const set of EVAL_SETS.filter((s) => s.role === 'fit' && fs.existsSync(s.file))) {
    for (const q of readQuestions(set.file)) {
      const texts = [{ id: q.id, text: q.text, wrapped: false }];
      if (!isOutOfDomain(q) || wrapsOutOfDomain(q.id, OOD_WRAP_SHARE)) {
        for (let n = 0; n < variantCount(q.id); n++)
          texts.push({ id: `${q.id}${LONG_POST_MARK}${String(n)}`, text: wrapAsPost(q.id, q.text, n), wrapped: true });
      }
      for (const t of texts) {
        const result = index.search(t.text);
        if (!result.features) continue;
        raw.push({ ...sampleOf(t.id, set.name, result.features, truthOf(q, result)), base: q.id, wrapped: t.wrapped });
      }
    }
  }
  return raw;
}

function sampleOf(id: string, set: string, f: DecisionFeatures, truth: Truth): Omit<Sample, 'fold' | 'weight'> {
  return {
    id,
    set,
    x: featureVector(f),
    truth,
    signature: f.signature,
    margin: f.margin,
    informativeTerms: f.informativeTerms,
    outOfScope: outOfScopeOf(f.scope) !== undefined,
  };
}

/**
 * Folds stratified by class and spread by a hash of the question's id; a question's long-post variants
 * share its fold, so cross-validation never tests on a wrapping of a question it was fitted on.
 */
export function foldsOf(raw: readonly RawSample[]): Map<string, number> {
  const bases = [...new Map(raw.map((s) => [s.base, s.truth.inDomain])).entries()];
  bases.sort((a, b) => Number(a[1]) - Number(b[1]) || hashOf(a[0]) - hashOf(b[0]));
  return new Map(bases.map(([base], i) => [base, i % FOLDS]));
}

/**
 * Every fitting sample, with its fold and its weight: in-domain questions weigh IN_DOMAIN_SHARE of the
 * total, and within each class the long-post variants weigh WRAPPED_SHARE of the class.
 */
export function collectSamples(): Sample[] {
  const { index } = loadSearchFromEnv();
  const raw = textSamples(index);
  const folds = foldsOf(raw);
  const count = (inDomain: boolean, wrapped: boolean): number =>
    Math.max(1, raw.filter((s) => s.truth.inDomain === inDomain && s.wrapped === wrapped).length);
  const weightOf = (s: RawSample): number =>
    (s.truth.inDomain ? IN_DOMAIN_SHARE : 1 - IN_DOMAIN_SHARE) *
    (s.wrapped ? WRAPPED_SHARE : 1 - WRAPPED_SHARE) *
    (raw.length / count(s.truth.inDomain, s.wrapped));
  return raw.map(({ base, wrapped, ...s }) => ({
    ...s,
    fold: folds.get(base) ?? 0,
    weight: weightOf({ ...s, base, wrapped }),
  }));
}

/**
 * The fitted pair behind one target: P(in domain) from every post, and P(target | in domain) from the
 * in-domain posts alone, over the match features only (GIVEN_FEATURES). The bot's raw probability is
 * their product, so naming the products can make a post likely in domain but never makes a poor
 * match likely right.
 */
export interface TargetModels {
  readonly domain: LogisticModel;
  readonly given: LogisticModel;
}

/** A sample's features as the in-domain model reads them: the domain evidence held at zero. */
function givenX(x: readonly number[]): number[] {
  return x.map((v, i) => (GIVEN_MASK[i] ? v : 0));
}

const GIVEN_MASK = FEATURE_NAMES.map((name) => GIVEN_FEATURES.includes(name));

function examples(samples: readonly Sample[], target: 'top1' | 'top3'): Example[] {
  return samples
    .filter((s) => s.truth.inDomain)
    .map((s) => ({ x: givenX(s.x), y: s.truth[target] ? 1 : 0, weight: s.weight }));
}

function domainExamples(samples: readonly Sample[]): Example[] {
  return samples.map((s) => ({ x: s.x, y: s.truth.inDomain ? 1 : 0, weight: s.weight }));
}

function fitDomain(samples: readonly Sample[], lambda: number): LogisticModel {
  return fitLogistic(domainExamples(samples), lambda, SIGNS);
}

function fitGiven(samples: readonly Sample[], target: 'top1' | 'top3', lambda: number): LogisticModel {
  return fitLogistic(examples(samples, target), lambda, SIGNS);
}

export function fitTarget(samples: readonly Sample[], target: 'top1' | 'top3', lambda: number): TargetModels {
  return { domain: fitDomain(samples, lambda), given: fitGiven(samples, target, lambda) };
}

export function predictTarget(models: TargetModels, x: readonly number[]): number {
  return predict(models.domain, x) * predict(models.given, givenX(x));
}

/** Out-of-fold predictions of a model fitted with `lambda`. */
export function outOfFold(samples: readonly Sample[], target: 'top1' | 'top3', lambda: number): number[] {
  return outOfFoldWithin(samples, target, lambda, FOLD_IDS);
}

const FOLD_IDS = Array.from({ length: FOLDS }, (_, i) => i);

/**
 * Out-of-fold predictions using only the given folds: each of them is predicted by a model fitted on
 * the others of them; samples of any other fold are left at NaN. With every fold this is plain
 * cross-validation; without the outer fold it gives the inner predictions a recalibration is fitted
 * on, so the outer fold is never seen by the model or by its calibration (nested cross-validation).
 */
function outOfFoldWithin(
  samples: readonly Sample[],
  target: 'top1' | 'top3',
  lambda: number,
  folds: readonly number[],
): number[] {
  const predictions = new Array<number>(samples.length).fill(Number.NaN);
  for (const fold of folds) {
    const train = samples.filter((s) => s.fold !== fold && folds.includes(s.fold));
    const models = fitTarget(train, target, lambda);
    samples.forEach((s, i) => {
      if (s.fold === fold) predictions[i] = predictTarget(models, s.x);
    });
  }
  return predictions;
}

/** The scope rule decides these (none), so their confidence is the rate observed on such posts. */
function decidedByScope(s: Sample): boolean {
  return s.outOfScope && !s.signature;
}

/**
 * How often a post the scope rule rejects had a right best entry, weighted, with half a typical
 * sample's weight of pseudo-count each way (so no count ever reads as certainty).
 */
function scopeRate(samples: readonly Sample[], target: 'top1' | 'top3'): number {
  const picked = samples.filter(decidedByScope);
  const total = picked.reduce((sum, s) => sum + s.weight, 0);
  const mean = samples.reduce((sum, s) => sum + s.weight, 0) / Math.max(1, samples.length);
  const right = picked.reduce((sum, s) => sum + (s.truth[target] ? s.weight : 0), 0);
  return (right + mean / 2) / (total + mean);
}

/** The relative cost cut a more flexible pair of calibrators needs over a simpler one to be chosen. */
const PARSIMONY = 0.01;

const CALIBRATION_METHODS = {
  identity: (): Calibrator => ({ kind: 'identity' }),
  platt: fitPlatt,
  isotonic: fitIsotonic,
} as const;
type CalibrationMethod = keyof typeof CALIBRATION_METHODS;

/** One target's recalibrations, each method measured by nested CV (the choice is made for both targets). */
interface Recalibration {
  /** Nested out-of-fold log loss of each method (on the posts the scope rule leaves to the model). */
  readonly losses: Readonly<Record<CalibrationMethod, number>>;
  /** Nested out-of-fold calibrated predictions of each method (scope-rejected posts at their rate). */
  readonly nested: Readonly<Record<CalibrationMethod, readonly number[]>>;
  /** A method's calibrator fitted on all the out-of-fold predictions. */
  readonly fitted: (method: CalibrationMethod) => Calibrator;
  /** The rate among scope-rejected fitting posts, fitted on all of them. */
  readonly scopeRate: number;
}

/** The calibration points of the samples kept, leaving out those the scope rule decides. */
function pointsOf(
  samples: readonly Sample[],
  p: readonly number[],
  target: 'top1' | 'top3',
  keep: (i: number) => boolean,
): CalibrationPoint[] {
  return samples.flatMap((s, i): CalibrationPoint[] =>
    keep(i) && !decidedByScope(s) ? [{ p: p[i] ?? 0, y: s.truth[target] ? 1 : 0, weight: s.weight }] : [],
  );
}

/**
 * Measures the monotone recalibrations of one model (calibration.ts): for each outer fold, the
 * calibrators are fitted on inner out-of-fold predictions of the other folds and applied to the outer
 * fold's out-of-fold predictions, so each method's nested predictions never saw their fold.
 */
function recalibrate(
  samples: readonly Sample[],
  raw: readonly number[],
  target: 'top1' | 'top3',
  lambda: number,
): Recalibration {
  const methods = Object.keys(CALIBRATION_METHODS) as CalibrationMethod[];
  const nested = Object.fromEntries(methods.map((m) => [m, new Array<number>(samples.length).fill(0)])) as Record<
    CalibrationMethod,
    number[]
  >;
  for (const outer of FOLD_IDS) {
    const inner = outOfFoldWithin(
      samples,
      target,
      lambda,
      FOLD_IDS.filter((f) => f !== outer),
    );
    const points = pointsOf(samples, inner, target, (i) => samples[i]?.fold !== outer);
    const rate = scopeRate(
      samples.filter((s) => s.fold !== outer),
      target,
    );
    for (const m of methods) {
      const c = CALIBRATION_METHODS[m](points);
      samples.forEach((s, i) => {
        if (s.fold === outer) nested[m][i] = decidedByScope(s) ? rate : applyCalibrator(c, raw[i] ?? 0);
      });
    }
  }
  const lossOf = (m: CalibrationMethod): number => logLoss(pointsOf(samples, nested[m], target, () => true));
  const losses = Object.fromEntries(methods.map((m) => [m, lossOf(m)])) as Record<CalibrationMethod, number>;
  return {
    losses,
    nested,
    fitted: (m) => CALIBRATION_METHODS[m](pointsOf(samples, raw, target, () => true)),
    scopeRate: scopeRate(samples, target),
  };
}

/**
 * The recalibration of p1 and of p3, chosen together by what they are for: the stated cost of the
 * nested out-of-fold decisions at the derived cut-offs. A monotone recalibration changes no ranking,
 * only which posts cross a cut-off, so that cost is the measure; log loss judges the whole curve, and
 * a curve that fits the bulk can be wrong where the bot acts (Platt's single shift made p3 say 49%
 * for posts right 32% of the time, just above the suggest cut-off). Pairs are tried simplest first
 * (identity, Platt, isotonic); a more flexible pair must cut the cost by more than PARSIMONY, since
 * smaller differences are fold-to-fold noise.
 */
export function chooseRecalibrations(
  samples: readonly Sample[],
  cal1: Pick<Recalibration, 'nested'>,
  cal3: Pick<Recalibration, 'nested'>,
  cut: { answer: number; suggest: number },
): { top1: CalibrationMethod; top3: CalibrationMethod; cost: number; costs: [string, number][] } {
  const methods = Object.keys(CALIBRATION_METHODS) as CalibrationMethod[];
  const pairs = methods
    .flatMap((a, i) => methods.map((b, j) => ({ top1: a, top3: b, complexity: i + j })))
    .sort((x, y) => x.complexity - y.complexity);
  const costOfPair = (top1: CalibrationMethod, top3: CalibrationMethod): number => {
    const p1 = cal1.nested[top1];
    const p3 = cal3.nested[top3].map((p, i) => Math.max(p, p1[i] ?? 0));
    return meanCost(samples, p1, p3, cut);
  };
  const costs = pairs.map((p) => ({ ...p, cost: costOfPair(p.top1, p.top3) }));
  const best = costs.reduce((b, c) => (c.cost < b.cost * (1 - PARSIMONY) ? c : b));
  return {
    top1: best.top1,
    top3: best.top3,
    cost: best.cost,
    costs: costs.map((c) => [`${c.top1}/${c.top3}`, c.cost]),
  };
}

export function choosePenalty(samples: readonly Sample[], target: 'top1' | 'top3'): { lambda: number; loss: number } {
  let best = { lambda: PENALTIES[0] ?? 0.01, loss: Infinity };
  for (const lambda of PENALTIES) {
    const p = outOfFold(samples, target, lambda);
    const loss = logLoss(samples.map((s, i) => ({ p: p[i] ?? 0, y: s.truth[target] ? 1 : 0, weight: s.weight })));
    if (loss < best.loss) best = { lambda, loss };
  }
  return best;
}

/** The bot's rule (decision.ts decide): out of scope is none unless a signature answers, else decisionFor. */
function decisionAt(s: Sample, p1: number, p3: number, answer: number, suggest: number): Decision {
  if (s.outOfScope && !s.signature) return 'none';
  return decisionFor({ p1, p3 }, s, { answer, suggest });
}

function totalWeight(samples: readonly Sample[]): number {
  return samples.reduce((sum, s) => sum + s.weight, 0);
}

/** The weighted stated cost of the out-of-fold decisions at given cut-offs, summed. */
function weightedCost(
  samples: readonly Sample[],
  p1: readonly number[],
  p3: readonly number[],
  cut: { answer: number; suggest: number },
): number {
  return samples.reduce(
    (sum, s, i) => sum + s.weight * costOf(decisionAt(s, p1[i] ?? 0, p3[i] ?? 0, cut.answer, cut.suggest), s.truth),
    0,
  );
}

/** The weighted mean stated cost of the out-of-fold decisions at given cut-offs. */
export function meanCost(
  samples: readonly Sample[],
  p1: readonly number[],
  p3: readonly number[],
  cut: { answer: number; suggest: number },
): number {
  return weightedCost(samples, p1, p3, cut) / totalWeight(samples);
}

/**
 * The cost of cut-offs searched for instead of derived, measured honestly: each fold decided with the
 * cut-offs that are cheapest on the other folds. Printed beside the derived ones' cost, as the
 * evidence for deriving them.
 */
function nestedCutoffCost(samples: readonly Sample[], p1: readonly number[], p3: readonly number[]): number {
  let cost = 0;
  for (const fold of FOLD_IDS) {
    // The samples in (or out of) the fold, with their predictions.
    const part = (inFold: boolean): [Sample[], number[], number[]] => {
      const at = samples.flatMap((s, i) => ((s.fold === fold) === inFold ? [i] : []));
      return [at.map((i) => samples[i] as Sample), at.map((i) => p1[i] ?? 0), at.map((i) => p3[i] ?? 0)];
    };
    const cut = chooseCutoffs(...part(false));
    cost += weightedCost(...part(true), cut);
  }
  return cost / totalWeight(samples);
}

/** The derived cut-offs and their cost, beside cut-offs searched for (on other folds, and on these posts). */
function printCutoffs(
  samples: readonly Sample[],
  p1: readonly number[],
  p3: readonly number[],
  cut: { answer: number; suggest: number },
  cost: number,
): void {
  const lowest = chooseCutoffs(samples, p1, p3);
  console.log(
    `cut-offs from the stated cost: answer when p1 >= ${cut.answer}, did-you-mean when p3 >= ${cut.suggest}` +
      ` (mean cost ${cost.toFixed(3)} out of fold; cut-offs searched for on the other folds cost ${nestedCutoffCost(samples, p1, p3).toFixed(3)};` +
      ` the lowest on these very posts, ${(lowest.cost / totalWeight(samples)).toFixed(3)}, is at ${lowest.answer} / ${lowest.suggest})`,
  );
}

/** The cut-offs that minimise the weighted stated cost of the out-of-fold decisions (for comparison). */
export function chooseCutoffs(
  samples: readonly Sample[],
  p1: readonly number[],
  p3: readonly number[],
): { answer: number; suggest: number; cost: number } {
  let best = { answer: 0.9, suggest: 0.5, cost: Infinity };
  for (let a = 50; a <= 99; a++) {
    for (let b = 5; b <= a; b++) {
      const answer = a / 100;
      const suggest = b / 100;
      const cost = weightedCost(samples, p1, p3, { answer, suggest });
      if (cost < best.cost - 1e-9) best = { answer, suggest, cost };
    }
  }
  return best;
}

function printWeights(domain: LogisticModel, top1: LogisticModel, top3: LogisticModel): void {
  console.log(
    '\nweights (per standard deviation of the feature; positive raises confidence; p1 and p3 are given in domain)',
  );
  const cell = (m: LogisticModel, i: number): string => (m.weights[i] ?? 0).toFixed(3).padStart(7);
  console.log(`  ${'feature'.padEnd(14)}  ${'domain'.padStart(7)}  ${'p1'.padStart(7)}  ${'p3'.padStart(7)}`);
  console.log(`  ${'(bias)'.padEnd(14)}  ${[domain, top1, top3].map((m) => m.bias.toFixed(3).padStart(7)).join('  ')}`);
  FEATURE_NAMES.forEach((name, i) =>
    console.log(`  ${name.padEnd(14)}  ${cell(domain, i)}  ${cell(top1, i)}  ${cell(top3, i)}`),
  );
}

function printOutOfFold(
  samples: readonly Sample[],
  p1: readonly number[],
  p3: readonly number[],
  cut: { answer: number; suggest: number },
  raw1: readonly number[],
): void {
  const decisions = samples.map((s, i) => decisionAt(s, p1[i] ?? 0, p3[i] ?? 0, cut.answer, cut.suggest));
  const rows: [string, (s: Sample) => boolean][] = [
    ['all', () => true],
    ['as written', (s) => !isLongPost(s)],
    ['long posts', isLongPost],
  ];
  console.log(`\nout-of-fold on the fitting sets (${samples.length} searches; long posts share their question's fold)`);
  for (const [label, keep] of rows) {
    const picked = samples.map((s, i) => ({ s, d: decisions[i] ?? 'none' })).filter(({ s }) => keep(s));
    console.log(`  ${label.padEnd(10)} ${figuresOf(picked)}`);
  }
  const weighted = `weighted so in-domain questions are ${IN_DOMAIN_SHARE} of the total`;
  const stated = `recalibrated, nested out of fold, out-of-scope posts at their rate; ${weighted}`;
  for (const [label, p, target] of [
    [`model output before recalibration (out of fold, ${weighted})`, raw1, 'top1'],
    [`p1 as the bot states it (${stated})`, p1, 'top1'],
    [`p3, on which did-you-mean turns (${stated})`, p3, 'top3'],
  ] as const) {
    console.log(`calibration of ${label}:`);
    const points = samples.map((s, i) => ({ p: p[i] ?? 0, outcome: s.truth[target], weight: s.weight }));
    for (const line of formatCalibration(calibration(points))) console.log(line);
  }
  console.log(`stated cost of the out-of-fold decisions (${weighted}):`);
  for (const line of formatCostTable(
    samples.map((s, i) => ({ decision: decisions[i] ?? 'none', truth: s.truth, weight: s.weight })),
  ))
    console.log(line);
}

function isLongPost(s: Sample): boolean {
  return s.id.includes(LONG_POST_MARK);
}

/** The eval's figures over some out-of-fold decisions: top-1/top-3 of in-domain, rejected and wrong. */
function figuresOf(picked: readonly { s: Sample; d: Decision }[]): string {
  const inDomain = picked.filter(({ s }) => s.truth.inDomain);
  const ood = picked.filter(({ s }) => !s.truth.inDomain);
  const n = (pred: (x: { s: Sample; d: Decision }) => boolean): number => picked.filter(pred).length;
  return (
    `n=${String(picked.length).padStart(4)} (${String(inDomain.length).padStart(3)} in)  ` +
    `top1 ${pct(
      n(({ s, d }) => s.truth.top1 && d !== 'none'),
      inDomain.length,
    )}  top3 ${pct(
      n(({ s, d }) => s.truth.top3 && d !== 'none'),
      inDomain.length,
    )}  ood-rejected ${pct(
      n(({ s, d }) => !s.truth.inDomain && d === 'none'),
      ood.length,
    )}  confidently-wrong ${pct(
      n(({ s, d }) => d === 'answer' && !s.truth.top1),
      picked.length,
    )}`
  );
}

function pct(n: number, d: number): string {
  return d === 0 ? '  -  ' : `${((100 * n) / d).toFixed(1)}%`;
}

function printRecalibration(name: string, cal: Recalibration): void {
  const losses = Object.entries(cal.losses)
    .map(([m, l]) => `${m} ${l.toFixed(4)}`)
    .join(', ');
  console.log(
    `recalibration of ${name} (nested CV log loss, posts the scope rule leaves to the model): ${losses}; out of scope: ${(100 * cal.scopeRate).toFixed(1)}%`,
  );
}

async function main(argv: readonly string[]): Promise<void> {
  const samples = collectSamples();
  const pen1 = choosePenalty(samples, 'top1');
  const pen3 = choosePenalty(samples, 'top3');
  const raw1 = outOfFold(samples, 'top1', pen1.lambda);
  const raw3 = outOfFold(samples, 'top3', pen3.lambda);
  const cal1 = recalibrate(samples, raw1, 'top1', pen1.lambda);
  const cal3 = recalibrate(samples, raw3, 'top3', pen3.lambda);
  // Measured on the recalibrated nested out-of-fold predictions, as the bot reads them.
  const cut = cutoffsFromCosts();
  const chosen = chooseRecalibrations(samples, cal1, cal3, cut);
  const p1 = cal1.nested[chosen.top1];
  const p3 = cal3.nested[chosen.top3].map((p, i) => Math.max(p, p1[i] ?? 0));
  const costAt = chosen.cost;
  // One domain model serves both targets: fitted with p1's penalty (the answer is p1's call).
  const domain = fitDomain(samples, pen1.lambda);
  const top1 = fitGiven(samples, 'top1', pen1.lambda);
  const top3 = fitGiven(samples, 'top3', pen3.lambda);
  const sets = [...new Set(samples.map((s) => s.set))];
  const model: DecisionModel = {
    features: [...FEATURE_NAMES],
    domain: roundModel(domain),
    top1: roundModel(top1),
    top3: roundModel(top3),
    cutoffs: { answer: cut.answer, suggest: cut.suggest },
    calibration: {
      top1: roundCalibrator(cal1.fitted(chosen.top1)),
      top3: roundCalibrator(cal3.fitted(chosen.top3)),
      outOfScope: { p1: round(cal1.scopeRate), p3: round(cal3.scopeRate) },
    },
    fittedOn: {
      sets: Object.fromEntries(
        sets.map((name) => [name, samples.filter((s) => s.set === name && !isLongPost(s)).length]),
      ),
      heldOut: 'real-questions (never read by the fit)',
      folds: FOLDS,
      penalty: { top1: pen1.lambda, top3: pen3.lambda },
      outOfFoldLogLoss: { top1: round(pen1.loss), top3: round(pen3.loss) },
      recalibration: { top1: chosen.top1, top3: chosen.top3 },
      nestedLogLoss: { top1: round(cal1.losses[chosen.top1]), top3: round(cal3.losses[chosen.top3]) },
      outOfFoldCost: round(costAt),
      weighting: `in-domain questions weigh ${IN_DOMAIN_SHARE} of the total; long-post variants ${WRAPPED_SHARE} of each class`,
      longPosts: samples.filter(isLongPost).length,
    },
  };
  printWeights(domain, top1, top3);
  console.log(
    `\npenalty (5-fold CV log loss): p1 ${pen1.lambda} (${pen1.loss.toFixed(3)}), p3 ${pen3.lambda} (${pen3.loss.toFixed(3)})`,
  );
  printRecalibration('p1', cal1);
  printRecalibration('p3', cal3);
  console.log(
    `recalibration chosen by the stated cost of the nested out-of-fold decisions (p1/p3): ${chosen.costs
      .map(([pair, c]) => `${pair} ${c.toFixed(3)}`)
      .join(', ')}; chosen ${chosen.top1}/${chosen.top3}`,
  );
  printCutoffs(samples, p1, p3, cut, costAt);
  printOutOfFold(samples, p1, p3, cut, raw1);
  if (argv.includes('--dry-run')) return;
  // Written as the repository's Prettier writes JSON, so a fit changes only the numbers.
  fs.writeFileSync(MODEL_FILE, await format(JSON.stringify(model), { parser: 'json', printWidth: 120 }));
  console.log(`\nwrote ${path.relative(process.cwd(), MODEL_FILE)}`);
}

function roundCalibrator(c: Calibrator): Calibrator {
  if (c.kind === 'platt') return { kind: 'platt', a: round(c.a), b: round(c.b) };
  if (c.kind === 'isotonic')
    return { kind: 'isotonic', points: c.points.map(([x, y]) => [round(x), round(y)] as const) };
  return c;
}

function roundModel(m: LogisticModel): LogisticModel {
  return { means: m.means.map(round), scales: m.scales.map(round), bias: round(m.bias), weights: m.weights.map(round) };
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  await main(process.argv.slice(2));
