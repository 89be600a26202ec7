import { applyCalibrator, type Calibrator } from './calibration.js';
import { contributions, sigmoid, type LogisticModel } from './logistic.js';
import type { Language } from './language.js';
import type { OutOfScope, ScopeEvidence } from './scope.js';
import type { PostShape } from './segments.js';
import fitted from './decisionModel.json' with { type: 'json' };

/**
 * The answer / did-you-mean / none decision, kept apart from the ranking. The ranking orders the
 * entries; this module says how likely it is that the best one is right, from features of the query
 * and of the match, with small logistic models fitted by `npm run fit` (tools/fitDecision.ts) and
 * stored as data in decisionModel.json. Two probabilities are stated: p1, that the best entry is
 * right, and p3, that one of the three best is, each P(in domain) × P(right | in domain) (see
 * {@link DecisionModel}); each is recalibrated by a monotone curve fitted on
 * out-of-fold predictions (calibration.ts). The cut-offs on them follow from the stated cost (see
 * {@link COSTS} and {@link cutoffsFromCosts}): each is where one action's expected cost falls below
 * the next one's, for probabilities that mean what they say.
 */

/** What the bot should do with a query. */
export type Decision = 'answer' | 'clarify' | 'none';

/**
 * The stated cost of each outcome, in units of "one did-you-mean the user had to click through".
 * A confident wrong answer costs ten times that; an "I don't know" to a question the bot could have
 * answered costs four; offering suggestions that are all wrong costs two; saying "I don't know" to a
 * question it could not have answered anyway costs one (an honest miss, but a miss).
 */
export const COSTS = {
  answerRight: 0,
  answerWrong: 10,
  clarifyRight: 1,
  clarifyWrong: 2,
  noneAnswerable: 4,
  noneUnanswerable: 1,
  noneOutOfDomain: 0,
} as const;

/**
 * The cut-offs at which, for calibrated p1 and p3, one action's expected cost drops below another's.
 * - Did-you-mean against "I don't know": offering costs `clarifyRight` when one of the three is right
 *   and `clarifyWrong` when none is; saying nothing costs `noneAnswerable` when one was right and, at
 *   least, `noneOutOfDomain` when none was. So offer when p3 is above
 *   (clarifyWrong − noneOutOfDomain) / (noneAnswerable − clarifyRight + clarifyWrong − noneOutOfDomain).
 * - Answer against did-you-mean: answering costs `answerWrong` when the best entry is wrong; asking
 *   costs at least `clarifyRight`. So answer when p1 is above 1 − (clarifyRight − answerRight) /
 *   (answerWrong − answerRight), the cheapest case for asking (p3 = 1), so the answer is never the
 *   riskier choice.
 * Derived, not searched for: the fitting sets' cost is nearly flat around these points, and a
 * cut-off picked as that curve's lowest point moves with every small change to the data.
 */
export function cutoffsFromCosts(costs: Readonly<Record<keyof typeof COSTS, number>> = COSTS): {
  answer: number;
  suggest: number;
} {
  const suggest =
    (costs.clarifyWrong - costs.noneOutOfDomain) /
    (costs.noneAnswerable - costs.clarifyRight + costs.clarifyWrong - costs.noneOutOfDomain);
  const answer = 1 - (costs.clarifyRight - costs.answerRight) / (costs.answerWrong - costs.answerRight);
  const two = (n: number): number => Math.round(n * 100) / 100;
  return { answer: two(answer), suggest: two(suggest) };
}

/** What the ranking and the query tell the decision. Raw values; {@link featureVector} transforms them. */
export interface DecisionFeatures {
  /** Confidence score of the best entry (0..1). */
  readonly score: number;
  /** Lead of the best over the second, relative to the best (0..1; 1 without a second). */
  readonly margin: number;
  /** idf-weighted share of the query's in-domain words that the best entry's own descriptions contain. */
  readonly coverage: number;
  /** idf-weighted share of all the query's informative words (known or not) that the best entry contains. */
  readonly anyCoverage: number;
  /** Share of the query's informative words that the knowledge base never uses. */
  readonly unknownShare: number;
  /** Likeness of the query and the best entry's closest phrasing (title, symptom, error). */
  readonly phrase: number;
  /** Distinct query words the best entry shares. */
  readonly termsMatched: number;
  /** An error code or verbatim message identified the best entry. */
  readonly signature: boolean;
  /** Names in the post (SharePoint, Scheduling Assistant) that the best entry never mentions. */
  readonly unmatchedNames: readonly string[];
  /** Codes and numbers in the post (event IDs, error numbers, versions) that the best entry never mentions. */
  readonly unmatchedNumbers: readonly string[];
  /** Distinct informative words of the query. */
  readonly informativeTerms: number;
  /** The best entry matched a part of the post (its problem digest or one piece), not the whole. */
  readonly partView: boolean;
  readonly scope: ScopeEvidence;
  readonly shape: PostShape;
  readonly language: Language;
}

/** Names of the model's inputs, in order; decisionModel.json stores weights in this order. */
export const FEATURE_NAMES = [
  'score',
  'margin',
  'coverage',
  'anyCoverage',
  'unknownShare',
  'phrase',
  'termsMatched',
  'unmatchedNames',
  'unmatchedNumbers',
  'signature',
  'length',
  'partView',
  'sfb',
  'exchange',
  'anchors',
  'teams',
  'otherProduct',
  'uncoveredArea',
  'question',
  'paste',
  'segments',
  'nonEnglish',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

/**
 * The features of the match itself, which alone judge whether the best entry is right once a post is
 * in the domain. The domain evidence (products named, integration terms, Teams, other products,
 * uncovered areas) says whether a post is in the domain at all: it enters only the domain model, so
 * a post naming Skype for Business and Outlook is likely in the domain, and its poor match is still
 * a poor match.
 */
export const GIVEN_FEATURES: readonly FeatureName[] = FEATURE_NAMES.filter(
  (name) => !['sfb', 'exchange', 'anchors', 'teams', 'otherProduct', 'uncoveredArea'].includes(name),
);

/**
 * The direction each feature may push the confidence (a monotone model: more coverage never lowers
 * it, more out-of-domain evidence never raises it); 0 leaves the direction to the data.
 */
export const FEATURE_SIGNS: Readonly<Record<FeatureName, -1 | 0 | 1>> = {
  score: 1,
  margin: 1,
  coverage: 1,
  anyCoverage: 1,
  unknownShare: -1,
  phrase: 1,
  termsMatched: 1,
  unmatchedNames: -1,
  unmatchedNumbers: -1,
  signature: 1,
  length: 0,
  partView: 0,
  sfb: 1,
  exchange: 1,
  anchors: 1,
  teams: -1,
  otherProduct: -1,
  uncoveredArea: -1,
  question: 0,
  paste: 0,
  segments: 0,
  nonEnglish: 0,
};

const log1p = (n: number): number => Math.log(1 + n);

/** The model's input vector: counts on a log scale, booleans as 0/1, mentions capped at one. */
export function featureVector(f: DecisionFeatures): number[] {
  const values: Record<FeatureName, number> = {
    score: f.score,
    margin: f.margin,
    coverage: f.coverage,
    anyCoverage: f.anyCoverage,
    unknownShare: f.unknownShare,
    phrase: f.phrase,
    termsMatched: log1p(f.termsMatched),
    unmatchedNames: log1p(f.unmatchedNames.length),
    unmatchedNumbers: log1p(f.unmatchedNumbers.length),
    signature: f.signature ? 1 : 0,
    length: log1p(f.informativeTerms),
    partView: f.partView ? 1 : 0,
    sfb: Math.min(1, f.scope.sfb.length),
    exchange: Math.min(1, f.scope.exchange.length),
    anchors: log1p(f.scope.anchors.length),
    teams: Math.min(1, f.scope.teams.length),
    otherProduct: log1p(f.scope.other.length),
    uncoveredArea: log1p(f.scope.uncovered.length),
    question: f.shape.question ? 1 : 0,
    paste: f.shape.paste ? 1 : 0,
    segments: log1p(f.shape.segments),
    nonEnglish: f.language === 'en' ? 0 : 1,
  };
  return FEATURE_NAMES.map((name) => values[name]);
}

/**
 * The fitted model as stored: three logistic models over {@link FEATURE_NAMES} and the cut-offs. p1
 * is P(in domain) × P(the best entry is right | in domain); p3 the same with "one of the three best".
 */
export interface DecisionModel {
  readonly features: readonly string[];
  /**
   * P(the post is about the domain at all), from every feature. Absent in a model fitted before the
   * split (p1 was then one model over every feature), read as 1.
   */
  readonly domain?: LogisticModel;
  /** P(the best entry is right | in domain), from {@link GIVEN_FEATURES} (the others weigh zero). */
  readonly top1: LogisticModel;
  /** P(one of the three best entries is right | in domain). */
  readonly top3: LogisticModel;
  /** Answer when p1 reaches `answer`; else offer "did you mean" when p3 reaches `suggest`; else none. */
  readonly cutoffs: { readonly answer: number; readonly suggest: number };
  /**
   * The monotone recalibration of each model's output, and the observed rates among the fitting posts
   * the scope rule puts out of scope (the bot's confidence when it says a post is out of scope).
   */
  readonly calibration: {
    readonly top1: Calibrator;
    readonly top3: Calibrator;
    readonly outOfScope: { readonly p1: number; readonly p3: number };
  };
  /** How it was fitted, for `npm run eval` and the README (sets, folds, penalty, date). */
  readonly fittedOn: Readonly<Record<string, unknown>>;
}

/** Reads a stored calibrator (JSON has no literal types); anything unreadable is the identity. */
export function calibratorOf(raw: unknown): Calibrator {
  const c = (raw ?? {}) as { kind?: unknown; a?: unknown; b?: unknown; points?: unknown };
  if (c.kind === 'platt' && typeof c.a === 'number' && typeof c.b === 'number')
    return { kind: 'platt', a: c.a, b: c.b };
  if (c.kind === 'isotonic' && Array.isArray(c.points))
    return { kind: 'isotonic', points: (c.points as unknown[]).filter(isPair) };
  return { kind: 'identity' };
}

function isPair(x: unknown): x is readonly [number, number] {
  return Array.isArray(x) && x.length === 2 && x.every((v) => typeof v === 'number');
}

const stored = (fitted as { calibration?: { top1?: unknown; top3?: unknown; outOfScope?: unknown } }).calibration;
const scopeRates = (stored?.outOfScope ?? {}) as { p1?: unknown; p3?: unknown };

/** The fitted model; a file without a recalibration (before the first fit) reads as the identity. */
export const DECISION_MODEL: DecisionModel = {
  ...fitted,
  calibration: {
    top1: calibratorOf(stored?.top1),
    top3: calibratorOf(stored?.top3),
    outOfScope: {
      p1: typeof scopeRates.p1 === 'number' ? scopeRates.p1 : 0,
      p3: typeof scopeRates.p3 === 'number' ? scopeRates.p3 : 0,
    },
  },
};

/** One feature's push on the decision, for `/why`. */
export interface Driver {
  readonly feature: FeatureName;
  /** The raw value (a share, a count, 0/1). */
  readonly value: number;
  /**
   * Its contribution to the log-odds that the post is in the domain plus that to the log-odds that the
   * best entry is right given that (positive raises confidence).
   */
  readonly effect: number;
}

/** Why the decision was taken: the probabilities, the cut-offs, what drove them, scope and language. */
export interface DecisionExplanation {
  readonly p1: number;
  readonly p3: number;
  /** P(the post is about the domain at all), the first factor of p1 and p3 (absent without a domain model). */
  readonly domain?: number;
  readonly cutoffs: { readonly answer: number; readonly suggest: number };
  /** The strongest contributions to p1, strongest first (at most five). */
  readonly drivers: readonly Driver[];
  readonly outOfScope?: OutOfScope;
  readonly language: Language;
  /** An error signature decided it outright. */
  readonly bySignature: boolean;
}

function rawValue(f: DecisionFeatures, name: FeatureName, x: readonly number[]): number {
  const count: Partial<Record<FeatureName, number>> = {
    termsMatched: f.termsMatched,
    unmatchedNames: f.unmatchedNames.length,
    unmatchedNumbers: f.unmatchedNumbers.length,
    length: f.informativeTerms,
    anchors: f.scope.anchors.length,
    otherProduct: f.scope.other.length,
    uncoveredArea: f.scope.uncovered.length,
    segments: f.shape.segments,
  };
  return count[name] ?? x[FEATURE_NAMES.indexOf(name)] ?? 0;
}

/** p1 and p3 before recalibration (the fit recalibrates these), and their first factor, P(in domain). */
export function rawProbabilities(
  x: readonly number[],
  model: DecisionModel = DECISION_MODEL,
): { p1: number; p3: number; domain: number } {
  return productOf(contributionsOf(x, model), model);
}

/** Each model's per-feature contributions to its log-odds (the domain model's absent without one). */
interface Contributions {
  readonly domain?: readonly number[];
  readonly top1: readonly number[];
  readonly top3: readonly number[];
}

function contributionsOf(x: readonly number[], model: DecisionModel): Contributions {
  return {
    ...(model.domain ? { domain: contributions(model.domain, x) } : {}),
    top1: contributions(model.top1, x),
    top3: contributions(model.top3, x),
  };
}

function productOf(c: Contributions, model: DecisionModel): { p1: number; p3: number; domain: number } {
  const probability = (m: LogisticModel, parts: readonly number[]): number =>
    sigmoid(m.bias + parts.reduce((a, b) => a + b, 0));
  const domain = model.domain && c.domain ? probability(model.domain, c.domain) : 1;
  return { p1: domain * probability(model.top1, c.top1), p3: domain * probability(model.top3, c.top3), domain };
}

/**
 * p1 and p3 recalibrated, and the drivers of p1 for a query's features (each feature's contribution to
 * the domain model's log-odds plus that to the given-in-domain model's; both factors of p1 rise with
 * their log-odds and the recalibration is monotone, so what raised them raised p1).
 */
export function probabilities(
  f: DecisionFeatures,
  model: DecisionModel = DECISION_MODEL,
): { p1: number; p3: number; domain?: number; drivers: Driver[] } {
  const x = featureVector(f);
  const parts = contributionsOf(x, model);
  const effects = parts.top1.map((e, i) => e + (parts.domain?.[i] ?? 0));
  const raw = productOf(parts, model);
  const p1 = applyCalibrator(model.calibration.top1, raw.p1);
  const p3raw = applyCalibrator(model.calibration.top3, raw.p3);
  const drivers = FEATURE_NAMES.map((feature, i) => ({
    feature,
    value: rawValue(f, feature, x),
    effect: effects[i] ?? 0,
  }))
    .filter((d) => Math.abs(d.effect) >= 0.05)
    .sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect))
    .slice(0, 5);
  // The top three include the best: p3 is never below p1.
  return { p1, p3: Math.max(p1, p3raw), ...(model.domain ? { domain: raw.domain } : {}), drivers };
}

/** Below this lead over the second entry the best is never answered outright (the user is asked). */
export const DEFAULT_ANSWER_MARGIN = 0.12;

/**
 * The rule from the probabilities: an error signature answers; otherwise answer when p1 reaches the
 * answer cut-off and the best entry leads the second by the answer margin and the query is more than
 * one word (one word is a topic, not a question); offer "did you mean" when p3 reaches the suggest
 * cut-off; else none. Shared by the bot and the fit, so the cut-offs are chosen for the rule used.
 */
export function decisionFor(
  p: { readonly p1: number; readonly p3: number },
  f: Pick<DecisionFeatures, 'signature' | 'margin' | 'informativeTerms'>,
  cutoffs: DecisionModel['cutoffs'],
  answerMargin = DEFAULT_ANSWER_MARGIN,
): Decision {
  if (f.signature) return 'answer';
  if (p.p1 >= cutoffs.answer && f.margin >= answerMargin && f.informativeTerms > 1) return 'answer';
  return Math.max(p.p1, p.p3) >= cutoffs.suggest ? 'clarify' : 'none';
}

/**
 * The decision: an error signature answers outright (a pasted error wins by signature); a post about
 * Teams only, or another product, is out of scope; otherwise {@link decisionFor}.
 */
export function decide(
  f: DecisionFeatures | undefined,
  outOfScope: OutOfScope | undefined,
  language: Language,
  options: { readonly model?: DecisionModel; readonly answerMargin?: number } = {},
): { decision: Decision; explanation: DecisionExplanation } {
  const model = options.model ?? DECISION_MODEL;
  const base = { cutoffs: model.cutoffs, language, ...(outOfScope ? { outOfScope } : {}) };
  if (!f) return { decision: 'none', explanation: { ...base, p1: 0, p3: 0, drivers: [], bySignature: false } };
  const { p1, p3, domain, drivers } = probabilities(f, model);
  if (outOfScope && !f.signature) {
    // Out of scope, the confidence stated is the one observed on such posts, not the match's.
    const rates = model.calibration.outOfScope;
    return {
      decision: 'none',
      explanation: { ...base, p1: round(rates.p1), p3: round(rates.p3), drivers, bySignature: false },
    };
  }
  const explanation = {
    ...base,
    p1: round(p1),
    p3: round(p3),
    ...(domain === undefined ? {} : { domain: round(domain) }),
    drivers,
    bySignature: f.signature,
  };
  return { decision: decisionFor({ p1, p3 }, f, model.cutoffs, options.answerMargin), explanation };
}

/** The stated cost of deciding `decision` when the truth is as given (for the fit and the eval). */
export function costOf(decision: Decision, truth: { inDomain: boolean; top1: boolean; top3: boolean }): number {
  if (decision === 'answer') return truth.inDomain && truth.top1 ? COSTS.answerRight : COSTS.answerWrong;
  if (decision === 'clarify') return truth.inDomain && truth.top3 ? COSTS.clarifyRight : COSTS.clarifyWrong;
  if (!truth.inDomain) return COSTS.noneOutOfDomain;
  return truth.top3 ? COSTS.noneAnswerable : COSTS.noneUnanswerable;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
