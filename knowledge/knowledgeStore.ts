import { loadKnowledge, type LoadOptions } from './load/loadKnowledge.js';
import type { ContentProblem, Knowledge } from './model.js';
import { KnowledgeIndex, type SearchThresholds } from './search/knowledgeIndex.js';

interface Snapshot {
  readonly knowledge: Knowledge;
  /** Built at the first search, not at start: most of a start's work otherwise, and /healthz needs none of it. */
  index?: KnowledgeIndex;
}

/**
 * Holds the current knowledge and its search index, and swaps both atomically on reload: a turn
 * that already read them keeps a consistent pair, and invalid new content never replaces valid.
 * The index of the content loaded at start is built when it is first asked for.
 */
export class KnowledgeStore {
  private snapshot: Snapshot;

  constructor(
    initial: Knowledge,
    private readonly dir: string,
    private readonly thresholds: SearchThresholds,
    private readonly options: LoadOptions = {},
  ) {
    this.snapshot = { knowledge: initial };
  }

  get current(): Knowledge {
    return this.snapshot.knowledge;
  }

  get index(): KnowledgeIndex {
    const snapshot = this.snapshot;
    snapshot.index ??= new KnowledgeIndex(snapshot.knowledge, this.thresholds);
    return snapshot.index;
  }

  /** Reloads from disk and rebuilds the index; on problems keeps serving the old content. */
  reload(): { ok: true; knowledge: Knowledge } | { ok: false; problems: readonly ContentProblem[] } {
    const result = loadKnowledge(this.dir, this.options);
    if (!result.ok) return { ok: false, problems: result.problems };
    const next: Snapshot = {
      knowledge: result.knowledge,
      index: new KnowledgeIndex(result.knowledge, this.thresholds),
    };
    this.snapshot = next;
    return { ok: true, knowledge: result.knowledge };
  }

  /** Counts for /healthz and /stats. */
  counts(): { entries: number; trees: number; matrixFeatures: number; kbArticles: number } {
    const k = this.snapshot.knowledge;
    return {
      entries: k.entries.size,
      trees: k.trees.size,
      matrixFeatures: k.matrix.features.length,
      kbArticles: k.kbArticles.size,
    };
  }
}

/** The thresholds of a config. */
export function thresholdsOf(config: {
  searchAnswerThreshold: number;
  searchSuggestThreshold: number;
  searchMargin: number;
}): SearchThresholds {
  return { answer: config.searchAnswerThreshold, suggest: config.searchSuggestThreshold, margin: config.searchMargin };
}
