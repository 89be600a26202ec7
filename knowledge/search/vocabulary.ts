import Fuse from 'fuse.js';

/** How typos are matched against the vocabulary (fuse.js's approximate match, Bitap). */
export const VOCABULARY_FUSE_OPTIONS = {
  includeScore: true,
  threshold: 0.3,
  ignoreLocation: true,
  minMatchCharLength: 3,
} as const;

/** Longest word fuse.js's Bitap matches in one piece (longer patterns are matched in chunks). */
const BITAP_MAX_LETTERS = 32;

export interface ClosestWord {
  readonly item: string;
  readonly score: number;
}

/**
 * The words typos are corrected towards, with the answer of a fuse.js search over all of them for
 * the price of a search over a few. fuse.js accepts a word only when the typo matches a part of it
 * with at most k errors (k = 30% of the typo's letters); such a word shares with the typo, whole,
 * at least one of k + 1 pieces of the typo (k errors cannot touch all of them) and at least
 * (letters - 1) - 2k of its letter pairs (one error spoils at most two). Candidates are found from
 * an index of letter pairs built once, and fuse.js ranks those alone, in vocabulary order, so the
 * best word and the ties between words come out as a search of the whole vocabulary gives them.
 */
export class Vocabulary {
  /** Letter pair → the words containing it (indices into `words`, ascending). */
  private readonly byPair = new Map<string, Int32Array>();
  private whole: Fuse<string> | undefined;

  constructor(private readonly words: readonly string[]) {
    const pairs = new Map<string, number[]>();
    words.forEach((word, i) => {
      for (let j = 0; j + 2 <= word.length; j++) {
        const pair = word.slice(j, j + 2);
        const list = pairs.get(pair);
        if (!list) pairs.set(pair, [i]);
        else if (list[list.length - 1] !== i) list.push(i);
      }
    });
    for (const [pair, list] of pairs) this.byPair.set(pair, Int32Array.from(list));
  }

  get size(): number {
    return this.words.length;
  }

  /** fuse.js's best match for `word` over the whole vocabulary (its score: 0 exact, 1 nothing alike), if any. */
  closest(word: string): ClosestWord | undefined {
    const candidates = this.candidates(word);
    const list = candidates === 'all' ? undefined : candidates.map((i) => this.words[i] as string);
    if (list?.length === 0) return undefined;
    const fuse = list ? new Fuse(list, VOCABULARY_FUSE_OPTIONS) : this.wholeVocabulary();
    const [best] = fuse.search(word, { limit: 1 });
    return best ? { item: best.item, score: best.score ?? 1 } : undefined;
  }

  /** A fuse.js search of every word: for words the pieces cannot bound (not plain letters). */
  private wholeVocabulary(): Fuse<string> {
    this.whole ??= new Fuse([...this.words], VOCABULARY_FUSE_OPTIONS);
    return this.whole;
  }

  /** Indices (ascending) of every word fuse.js could accept for `word`, or 'all' when that cannot be bounded. */
  private candidates(word: string): number[] | 'all' {
    if (!/^[a-z]+$/.test(word)) return 'all';
    if (word.length <= BITAP_MAX_LETTERS) return this.candidatesOf(word);
    // fuse.js matches a longer word in pieces of 32 letters (the last one ending at the word's end)
    // and accepts a word that matches any piece: the words that could match one piece, together.
    const found = new Set<number>();
    const chunks: string[] = [];
    const whole = word.length - (word.length % BITAP_MAX_LETTERS);
    for (let i = 0; i < whole; i += BITAP_MAX_LETTERS) chunks.push(word.slice(i, i + BITAP_MAX_LETTERS));
    if (whole < word.length) chunks.push(word.slice(word.length - BITAP_MAX_LETTERS));
    for (const chunk of chunks) {
      const some = this.candidatesOf(chunk);
      if (some === 'all') return 'all';
      for (const i of some) found.add(i);
    }
    return [...found].sort((a, b) => a - b);
  }

  /** {@link candidates} for a word fuse.js matches in one piece. */
  private candidatesOf(word: string): number[] | 'all' {
    const m = word.length;
    // fuse.js tries 0, 1, ... errors while errors / letters stays within its threshold.
    let k = 0;
    while (k + 1 < m && (k + 1) / m <= VOCABULARY_FUSE_OPTIONS.threshold) k++;
    const pieces: string[] = [];
    for (let p = 0; p <= k; p++)
      pieces.push(word.slice(Math.floor((p * m) / (k + 1)), Math.floor(((p + 1) * m) / (k + 1))));
    if (pieces.some((piece) => piece.length < 2)) return 'all';
    const found = new Set<number>();
    for (const piece of pieces) {
      let rarest: Int32Array | undefined;
      for (let j = 0; j + 2 <= piece.length; j++) {
        const list = this.byPair.get(piece.slice(j, j + 2));
        if (!list) {
          rarest = undefined;
          break;
        }
        if (!rarest || list.length < rarest.length) rarest = list;
      }
      for (const i of rarest ?? []) if ((this.words[i] as string).includes(piece)) found.add(i);
    }
    const pairsNeeded = m - 1 - 2 * k;
    const pairs: string[] = [];
    for (let j = 0; j + 2 <= m; j++) pairs.push(word.slice(j, j + 2));
    return [...found]
      .filter((i) => {
        const candidate = this.words[i] as string;
        let shared = 0;
        for (const pair of pairs) if (candidate.includes(pair)) shared++;
        return shared >= pairsNeeded;
      })
      .sort((a, b) => a - b);
  }
}
