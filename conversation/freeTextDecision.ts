import type { SearchHit, SearchResult, SearchThresholds, TreeMatch } from '../knowledge/search/knowledgeIndex.js';
import type { Tree } from '../knowledge/model.js';

/** A troubleshooter whose triggers say the same as the question starts right away. */
export const TREE_START_SIMILARITY = 0.45;
/** A looser likeness only offers it ("Walk me through it"). */
export const TREE_OFFER_SIMILARITY = 0.3;

/** What the bot does with a free-text question: one decision, taken once, and explained by `/why`. */
export type FreeTextAction =
  | { readonly kind: 'startTree'; readonly tree: TreeMatch }
  | { readonly kind: 'answer'; readonly hit: SearchHit; readonly offer?: TreeMatch }
  | { readonly kind: 'clarify'; readonly hits: readonly SearchHit[]; readonly offer?: TreeMatch }
  | { readonly kind: 'none'; readonly offer?: TreeMatch };

/** How the question came: typed (may start a troubleshooter) or `/search` (only offers one). */
export type FreeTextMode = 'free' | 'search';

/** Every entry a troubleshooter walks through: its own list and the entries of its fixes. */
export function treeEntryIds(tree: Tree): ReadonlySet<string> {
  const ids = new Set(tree.entries);
  for (const node of tree.nodes.values()) if (node.kind === 'resolution') for (const id of node.entries) ids.add(id);
  return ids;
}

/**
 * Chooses between answering, asking "did you mean", saying "I don't know" and starting (or
 * offering) a troubleshooter. The troubleshooter must agree with the search: when the search has
 * a best entry worth offering, only a troubleshooter that covers it may start or be offered, so
 * "presence" never starts a troubleshooter about something the best answer is not. It starts only
 * on a real question (two matched words at least) whose close contenders it covers too (when the
 * best entries belong to different troubleshooters, the user is asked), and never on an error
 * signature (the entry answers that exactly). Pure.
 */
export function decideFreeText(result: SearchResult, mode: FreeTextMode, thresholds: SearchThresholds): FreeTextAction {
  const top = result.hits[0];
  if (top?.bySignature) return { kind: 'answer', hit: top };
  const anchored = top !== undefined && top.score >= thresholds.suggest;
  const agreeing = anchored ? result.trees.filter((t) => treeEntryIds(t.tree).has(top.entry.id)) : result.trees;
  const best = agreeing[0];
  if (mode === 'free' && best && best.similarity >= TREE_START_SIMILARITY && isUnambiguousFor(best.tree, result, thresholds)) return { kind: 'startTree', tree: best };
  const offer = best && best.similarity >= TREE_OFFER_SIMILARITY ? { offer: best } : {};
  if (result.decision === 'answer' && top) return { kind: 'answer', hit: top, ...offer };
  if (result.decision === 'clarify') return { kind: 'clarify', hits: result.hits.slice(0, 3), ...offer };
  return { kind: 'none', ...offer };
}

/** The query says enough, and every entry close to the best one is walked through by `tree`. */
function isUnambiguousFor(tree: Tree, result: SearchResult, thresholds: SearchThresholds): boolean {
  const top = result.hits[0];
  if (!top) return true;
  if (top.termsMatched < 2) return false;
  const covered = treeEntryIds(tree);
  const close = result.hits.filter((h) => h.score >= top.score * (1 - thresholds.margin));
  return result.decision === 'answer' || close.every((h) => covered.has(h.entry.id));
}
