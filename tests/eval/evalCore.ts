import Fuse from 'fuse.js';
import type { Knowledge } from '../../knowledge/model.js';
import type { Decision } from '../../knowledge/search/knowledgeIndex.js';
import { isCorrect, isOutOfDomain, type EvalQuestion } from '../../tools/evalData.js';

export { readQuestions, type EvalQuestion } from '../../tools/evalData.js';

/** What a matcher returns for one query: a decision, ranked entry texts, and its confidence if it has one. */
export interface Ranked {
  readonly decision: Decision;
  readonly texts: readonly string[];
  /** P(the best entry is right), for the calibration table. */
  readonly p1?: number;
  /** Set when the matcher said the post is out of scope (counts as rejected: the decision is none). */
  readonly outOfScope?: string;
}

export type Matcher = (query: string) => Ranked;

export interface Figures {
  readonly inDomain: number;
  /** Decision not `none` and the best entry right. */
  readonly top1: number;
  readonly top3: number;
  /** The ranking alone (whatever the decision): the best entry right, one of the best three right. */
  readonly rankTop1: number;
  readonly rankTop3: number;
  readonly outOfDomain: number;
  readonly rejected: number;
  /** Out-of-domain posts told they are out of scope (Teams only, another product). */
  readonly outOfScope: number;
  readonly confidentlyWrong: number;
  readonly total: number;
}

type Counts = { -readonly [K in keyof Figures]: number };

const zero = (): Counts => ({
  inDomain: 0,
  top1: 0,
  top3: 0,
  rankTop1: 0,
  rankTop3: 0,
  outOfDomain: 0,
  rejected: 0,
  outOfScope: 0,
  confidentlyWrong: 0,
  total: 0,
});

/** One question's outcome. */
export interface Outcome {
  readonly question: EvalQuestion;
  readonly ranked: Ranked;
  readonly ood: boolean;
  readonly rankTop1: boolean;
  readonly rankTop3: boolean;
  readonly wrong: boolean;
}

function outcomeOf(q: EvalQuestion, r: Ranked): Outcome {
  const ood = isOutOfDomain(q);
  const rankTop1 = !ood && isCorrect(r.texts[0], q.markers);
  const rankTop3 = !ood && r.texts.slice(0, 3).some((t) => isCorrect(t, q.markers));
  return { question: q, ranked: r, ood, rankTop1, rankTop3, wrong: r.decision === 'answer' && (ood || !rankTop1) };
}

function add(bucket: Counts, o: Outcome): void {
  bucket.total++;
  if (o.ood) {
    bucket.outOfDomain++;
    if (o.ranked.decision === 'none') bucket.rejected++;
    if (o.ranked.outOfScope !== undefined) bucket.outOfScope++;
  } else {
    bucket.inDomain++;
    if (o.rankTop1) bucket.rankTop1++;
    if (o.rankTop3) bucket.rankTop3++;
    if (o.ranked.decision !== 'none' && o.rankTop1) bucket.top1++;
    if (o.ranked.decision !== 'none' && o.rankTop3) bucket.top3++;
  }
  if (o.wrong) bucket.confidentlyWrong++;
}

/**
 * Scores a matcher on questions: top-1/top-3 (a result's text holds a marker and the decision is not
 * `none`), the ranking alone, out-of-domain rejection (decision none), confidently wrong (decision
 * answer with a wrong top-1, or any answer to an out-of-domain question). Grouped per topic and overall.
 */
export function evaluate(
  questions: readonly EvalQuestion[],
  matcher: Matcher,
): { overall: Figures; byTopic: Map<string, Figures>; outcomes: Outcome[]; failures: string[] } {
  const byTopic = new Map<string, Counts>();
  const overall = zero();
  const outcomes = questions.map((q) => outcomeOf(q, matcher(q.text)));
  const failures: string[] = [];
  for (const o of outcomes) {
    add(overall, o);
    for (const t of o.question.topics) {
      const bucket = byTopic.get(t) ?? zero();
      byTopic.set(t, bucket);
      add(bucket, o);
    }
    const rejected = o.ood && o.ranked.decision === 'none';
    if ((o.ood && !rejected) || (!o.ood && !(o.rankTop1 && o.ranked.decision !== 'none')) || o.wrong)
      failures.push(`${o.question.id}: ${o.ranked.decision}${o.wrong ? ' (confidently wrong)' : ''}`);
  }
  return {
    overall,
    byTopic: new Map([...byTopic.entries()].sort(([a], [b]) => a.localeCompare(b))),
    outcomes,
    failures,
  };
}

/** The baseline: plain fuse.js, default options, over title and body; any hit counts as an answer. */
export function fuseBaseline(knowledge: Knowledge): Matcher {
  const entries = [...knowledge.entries.values()];
  const fuse = new Fuse(entries, { keys: ['title', 'markdown'] });
  return (query) => {
    const hits = fuse.search(query, { limit: 5 });
    return { decision: hits.length > 0 ? 'answer' : 'none', texts: hits.map((h) => h.item.markdown) };
  };
}

export function pct(n: number, d: number): string {
  return d === 0 ? '   -  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`;
}
