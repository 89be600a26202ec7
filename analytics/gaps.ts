import type { KnowledgeIndex } from '../knowledge/search/knowledgeIndex.js';
import type { Unanswered } from './stats.js';

/** Two unanswered questions whose token sets overlap this much (Jaccard) are one content gap. */
export const GAP_SIMILARITY = 0.4;

/** Unanswered questions that say the same thing, and the entries the bot's search finds closest. */
export interface ContentGap {
  /** The question that stands for the cluster (the most asked form, then the first). */
  readonly representative: string;
  readonly questions: readonly string[];
  readonly count: number;
  readonly why: Readonly<Record<Unanswered['why'], number>>;
  readonly nearest: readonly { readonly entry: string; readonly title: string; readonly score: number }[];
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared += 1;
  return shared / (a.size + b.size - shared);
}

interface Cluster {
  tokens: Set<string>;
  texts: Map<string, number>;
  why: Record<Unanswered['why'], number>;
}

/**
 * Clusters the unanswered questions offline (QnA Maker's active learning, without a service): each
 * question is tokenised as the search tokenises it, and joins the cluster whose tokens it shares
 * most with (at least {@link GAP_SIMILARITY}), else starts one. Each cluster's representative is
 * searched with the bot's own index for the entries it came closest to. Largest gaps first.
 */
export function contentGaps(unanswered: readonly Unanswered[], index: KnowledgeIndex, max = 20): ContentGap[] {
  const clusters: Cluster[] = [];
  for (const u of unanswered) {
    const tokens = new Set(index.normaliser.tokens(u.text));
    let best: { cluster: Cluster; similarity: number } | undefined;
    for (const cluster of clusters) {
      const similarity = jaccard(tokens, cluster.tokens);
      if (similarity >= GAP_SIMILARITY && (!best || similarity > best.similarity)) best = { cluster, similarity };
    }
    const cluster: Cluster = best?.cluster ?? {
      tokens,
      texts: new Map<string, number>(),
      why: { none: 0, noneOfThese: 0, notHelpful: 0 },
    };
    if (!best) clusters.push(cluster);
    cluster.texts.set(u.text, (cluster.texts.get(u.text) ?? 0) + 1);
    cluster.why[u.why] += 1;
  }
  return clusters
    .map((c) => gapOf(c, index))
    .sort((a, b) => b.count - a.count || a.representative.localeCompare(b.representative))
    .slice(0, max);
}

function gapOf(cluster: Cluster, index: KnowledgeIndex): ContentGap {
  const texts = [...cluster.texts].sort((a, b) => b[1] - a[1]);
  const representative = texts[0]?.[0] ?? '';
  const result = index.search(representative);
  return {
    representative,
    questions: texts.map(([t]) => t),
    count: texts.reduce((n, [, k]) => n + k, 0),
    why: { ...cluster.why },
    nearest: result.hits.slice(0, 3).map((h) => ({ entry: h.entry.id, title: h.entry.title, score: h.score })),
  };
}
