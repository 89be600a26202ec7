import fs from 'node:fs';
import Fuse from 'fuse.js';
import type { Knowledge } from '../../knowledge/model.js';
import type { Decision } from '../../knowledge/search/knowledgeIndex.js';

/** One evaluation question (format of shared/eval/README.md). */
export interface EvalQuestion {
  readonly id: string;
  readonly text: string;
  readonly topics: readonly string[];
  readonly markers: readonly string[];
  readonly source: string;
}

/** What a matcher returns for one query: a decision and ranked entry texts. */
export interface Ranked {
  readonly decision: Decision;
  readonly texts: readonly string[];
}

export type Matcher = (query: string) => Ranked;

export interface Figures {
  readonly inDomain: number;
  readonly top1: number;
  readonly top3: number;
  readonly outOfDomain: number;
  readonly rejected: number;
  readonly confidentlyWrong: number;
  readonly total: number;
}

export function readQuestions(file: string): EvalQuestion[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as EvalQuestion);
}

function isCorrect(text: string | undefined, markers: readonly string[]): boolean {
  if (text === undefined) return false;
  const lower = text.toLowerCase();
  return markers.some((m) => lower.includes(m.toLowerCase()));
}

/**
 * Scores a matcher on questions: top-1/top-3 (a result's text holds a marker), out-of-domain
 * rejection (decision none), confidently wrong (decision answer with a wrong top-1, or any answer
 * to an out-of-domain question). Grouped per topic and overall.
 */
export function evaluate(
  questions: readonly EvalQuestion[],
  matcher: Matcher,
): { overall: Figures; byTopic: Map<string, Figures>; failures: string[] } {
  const byTopic = new Map<
    string,
    {
      inDomain: number;
      top1: number;
      top3: number;
      outOfDomain: number;
      rejected: number;
      confidentlyWrong: number;
      total: number;
    }
  >();
  const overall = { inDomain: 0, top1: 0, top3: 0, outOfDomain: 0, rejected: 0, confidentlyWrong: 0, total: 0 };
  const failures: string[] = [];
  for (const q of questions) {
    const r = matcher(q.text);
    const ood = q.topics.includes('NONE');
    const top1 = !ood && r.decision !== 'none' && isCorrect(r.texts[0], q.markers);
    const top3 = !ood && r.decision !== 'none' && r.texts.slice(0, 3).some((t) => isCorrect(t, q.markers));
    const wrong = r.decision === 'answer' && (ood || !isCorrect(r.texts[0], q.markers));
    const rejected = ood && r.decision === 'none';
    for (const bucket of [
      overall,
      ...q.topics.map((t) => {
        let topic = byTopic.get(t);
        if (!topic) {
          topic = { inDomain: 0, top1: 0, top3: 0, outOfDomain: 0, rejected: 0, confidentlyWrong: 0, total: 0 };
          byTopic.set(t, topic);
        }
        return topic;
      }),
    ]) {
      bucket.total++;
      if (ood) {
        bucket.outOfDomain++;
        if (rejected) bucket.rejected++;
      } else {
        bucket.inDomain++;
        if (top1) bucket.top1++;
        if (top3) bucket.top3++;
      }
      if (wrong) bucket.confidentlyWrong++;
    }
    if ((ood && !rejected) || (!ood && !top1) || wrong)
      failures.push(`${q.id}: ${r.decision}${wrong ? ' (confidently wrong)' : ''}`);
  }
  return { overall, byTopic: new Map([...byTopic.entries()].sort(([a], [b]) => a.localeCompare(b))), failures };
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
