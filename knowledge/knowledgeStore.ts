import { loadKnowledge, type LoadOptions } from './loadKnowledge.js';
import type { ContentProblem, Knowledge } from './model.js';

/**
 * Holds the current knowledge snapshot and swaps it atomically on reload: a turn that already
 * read `current` keeps a consistent snapshot, and invalid new content never replaces valid content.
 */
export class KnowledgeStore {
  private snapshot: Knowledge;

  constructor(
    initial: Knowledge,
    private readonly dir: string,
    private readonly options: LoadOptions = {},
  ) {
    this.snapshot = initial;
  }

  get current(): Knowledge {
    return this.snapshot;
  }

  /** Reloads from disk; on problems keeps serving the old content and returns them. */
  reload(): { ok: true; knowledge: Knowledge } | { ok: false; problems: readonly ContentProblem[] } {
    const result = loadKnowledge(this.dir, this.options);
    if (!result.ok) return { ok: false, problems: result.problems };
    this.snapshot = result.knowledge;
    return { ok: true, knowledge: result.knowledge };
  }

  /** Counts for /healthz and /stats. */
  counts(): { entries: number; trees: number; matrixFeatures: number; kbArticles: number } {
    const k = this.snapshot;
    return { entries: k.entries.size, trees: k.trees.size, matrixFeatures: k.matrix.features.length, kbArticles: k.kbArticles.size };
  }
}
