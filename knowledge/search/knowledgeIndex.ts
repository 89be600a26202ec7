import type { Knowledge, KnowledgeEntry, Tree } from '../model.js';
import { stripBoilerplate } from './boilerplate.js';
import { isMistypedStopword, TextNormaliser } from './textNormaliser.js';
import { decide, type Decision, type DecisionExplanation, type DecisionFeatures } from './decision.js';
import { detectLanguage, readInEnglish, type Language } from './language.js';
import { outOfScopeOf, ScopeLexicon, type OutOfScope, type ScopeEvidence } from './scope.js';
import { shapeOf, viewsOf, type QueryView } from './segments.js';
import { namesOf, numbersOf, unmatchedIn, wordsOfEntry } from './specifics.js';
import { Vocabulary } from './vocabulary.js';
import { SignatureIndex, signatureForm, signaturesOf, type Signature, type SignatureHit } from './signatures.js';

export type { Decision } from './decision.js';
export { signatureForm } from './signatures.js';

export interface SearchHit {
  readonly entry: KnowledgeEntry;
  /** 0..1, higher is better; the top hit's score is the confidence of the decision. */
  readonly score: number;
  /** Why it matched: signatures and phrases, in words a user can read. */
  readonly matched: readonly string[];
  /** True when an error signature (code or verbatim message) identified the entry. */
  readonly bySignature: boolean;
  /** The error signature that identified the entry, when one did: its kind and the entry's own text of it. */
  readonly signature?: SignatureMatch;
  /** Distinct informative query terms the entry contains. */
  readonly termsMatched: number;
}

/** An error signature found in a query: a code ("code=50043") or a verbatim error message. */
export interface SignatureMatch {
  readonly kind: 'code' | 'message';
  readonly text: string;
}

/** Why the decision was taken, so `/why` can say what actually happened. */
export type DecisionReason =
  | 'signature'
  | 'clear-winner'
  | 'close-scores'
  | 'below-answer-threshold'
  | 'one-word'
  | 'too-few-words-matched'
  | 'below-suggest-threshold'
  | 'no-match';

/** A guided troubleshooter whose trigger phrases are like the query. */
export interface TreeMatch {
  readonly tree: Tree;
  /** idf-weighted likeness (0..1) of the query and the closest trigger phrase. */
  readonly similarity: number;
  readonly phrase: string;
}

export interface SearchResult {
  readonly query: string;
  readonly decision: Decision;
  readonly reason: DecisionReason;
  readonly hits: readonly SearchHit[];
  /** The troubleshooters most like the query, best first (at most three, similarity above 0). */
  readonly trees: readonly TreeMatch[];
  /** The decision's probabilities, cut-offs and the features that drove it (for `/why`). */
  readonly explanation: DecisionExplanation;
  /** Set when the post is about Teams only or another product (the decision is then `none`). */
  readonly outOfScope?: OutOfScope;
  /** The language the post is written in (answers are in English). */
  readonly language: Language;
  /** The decision's inputs (absent when nothing matched), for the fit and the eval. */
  readonly features?: DecisionFeatures;
}

export interface SearchThresholds {
  /** Lowest top score for a confident answer. */
  readonly answer: number;
  /** Lowest top score to offer "did you mean". */
  readonly suggest: number;
  /** Lead (0..1) the top hit needs over the second to be a clear winner. */
  readonly margin: number;
}

/** Field weights of the index: symptoms and errors are how users talk, so they weigh most. */
export const FIELD_WEIGHTS = { title: 3, symptoms: 3, errors: 3, tags: 2, summary: 1.5, body: 0.6 } as const;
type Field = keyof typeof FIELD_WEIGHTS;
const FIELDS = Object.keys(FIELD_WEIGHTS) as Field[];

interface Doc {
  readonly entry: KnowledgeEntry;
  /** Every token of the entry, in any field. */
  readonly tokens: ReadonlySet<string>;
  readonly length: number;
  readonly signatures: readonly Signature[];
  /** Title, symptoms and errors as token sets: how users phrase it, compared whole. */
  readonly phrases: readonly Phrase[];
  /** Tokens of the fields that say what the entry is about (all but the body). */
  readonly descriptive: ReadonlySet<string>;
}

/** What one view's query says about its words, for the decision. */
interface QueryStats {
  /** Distinct informative words (not synonym tokens). */
  readonly informative: number;
  /** Of those, the words the knowledge base never uses (after typo correction and synonyms). */
  readonly unknown: number;
}

const EMPTY_STATS: QueryStats = { informative: 0, unknown: 0 };

/** One entry as one view of the query ranked it. */
interface RankedHit {
  readonly entry: KnowledgeEntry;
  readonly score: number;
  readonly matched: readonly string[];
  readonly termsMatched: number;
  readonly coverage: number;
  readonly anyCoverage: number;
  readonly phrase: number;
}

/** One entry at its best over the views, with that view's query statistics. */
interface CombinedHit extends RankedHit {
  readonly bySignature: boolean;
  readonly signature?: SignatureMatch;
  readonly stats: QueryStats;
  readonly view: QueryView['kind'];
}

/**
 * A phrasing compared whole with the query: an entry's title, symptom or error, or a troubleshooter's
 * title or trigger. Its distinct tokens in order, with their idfs worked out once the index is built.
 */
interface Phrase {
  readonly text: string;
  readonly tokens: readonly string[];
  readonly idfs: Float64Array;
}

/** What scoring one entry needs to know about the query's terms, worked out once per ranking. */
interface ScoredQuery {
  readonly terms: readonly string[];
  readonly set: ReadonlySet<string>;
  /** idf of each term, and whether it is a word (not a synonym token) and descriptive, by position. */
  readonly idfs: Float64Array;
  readonly words: readonly boolean[];
  readonly descriptive: readonly boolean[];
  readonly weight: number;
  readonly best: number;
  readonly corrections: ReadonlyMap<string, string>;
}

interface Accumulators {
  readonly bm25: Float64Array;
  readonly covered: Float64Array;
  readonly termCount: Uint16Array;
}

/**
 * One term's postings, ready to add up: the entries containing it (ascending), the term's BM25
 * frequency part in each (everything but the idf, which is the same for all of them) and its
 * coverage factor there (how it counts towards covering the query: less when only in the body).
 */
interface Postings {
  readonly docs: Int32Array;
  readonly frequency: Float64Array;
  readonly coverage: Float64Array;
}

/** BM25 constants. */
const K1 = 1.2;
const B = 0.5;

/** How many informative query terms count at most: long pastes are scored on their rarest terms. */
const MAX_QUERY_TERMS = 14;
/** Weight of the closest-phrase similarity in the confidence score (the rest: coverage × rank). */
const PHRASE_SHARE = 0.3;
/** Up to this many informative terms, unknown words weigh fully against a match. */
const SHORT_QUERY_TERMS = 6;
/** The least weight unknown words keep in very long queries. */
const LONG_QUERY_UNKNOWN_FLOOR = 0.35;
/** Saying exactly what one of an entry's own phrasings says is strong evidence for that entry. */
const EXACT_PHRASE_BONUS = 0.05;
/** A problem piece of a long post is ranked on its own only with this many informative words. */
const MIN_PIECE_TERMS = 3;

/** Unknown words per query that typo correction looks at (each costs a fuse.js search of the vocabulary). */
const MAX_CORRECTIONS = 8;
/** Shortest piece of a known error message that identifies it on its own. */
const MIN_FRAGMENT_CHARS = 30;
/** How many of the best bm25 hits get the finer (phrase) scoring. */
const RANK_CANDIDATES = 60;

/**
 * The free-text index: exact tokens with explicit field weights (title, symptoms, errors, tags,
 * summary, body) ranked BM25-style over postings; fuse.js over the vocabulary of those fields to
 * correct typos; phrase similarity against each entry's own phrasings; error signatures that win
 * outright. (fuse.js over whole entries was measured: seconds per query at 10,000 entries.)
 */
export class KnowledgeIndex {
  private readonly docs: Doc[] = [];
  private readonly df = new Map<string, number>();
  /** term → the entries containing it, with the term's field-weighted frequency there (while building). */
  private readonly building = new Map<string, { doc: number; weighted: number; bestWeight: number }[]>();
  /** term → its postings, computed once when the index is built. */
  private readonly postings = new Map<string, Postings>();
  /** term → its idf, computed once (document frequencies do not change after the build). */
  private readonly idfs = new Map<string, number>();
  /** The idf of a term no entry contains (that of a term seen once). */
  private readonly unknownIdf: number;
  /** Per-entry sums of one ranking, kept between searches (reset after each) so no search allocates them. */
  private readonly acc: Accumulators;
  private readonly signatures: SignatureIndex;
  private readonly vocabulary: Vocabulary;
  /** Length of the longest correctable word: a typo is at most two letters longer. */
  private readonly longestWord: number;
  /** Terms that occur where entries say what they are about (not only in their bodies). */
  private readonly descriptive = new Set<string>();
  private readonly avgLength: number;
  private readonly treePhrases: (Phrase & { readonly tree: Tree })[] = [];
  readonly normaliser: TextNormaliser;
  private readonly scope: ScopeLexicon;
  /** Every word of each entry (folded and stemmed), by entry id. */
  private readonly wordsById = new Map<string, ReadonlySet<string>>();

  constructor(
    knowledge: Knowledge,
    private readonly thresholds: SearchThresholds,
  ) {
    this.normaliser = new TextNormaliser(knowledge.synonyms);
    this.scope = new ScopeLexicon(knowledge);
    let total = 0;
    for (const entry of knowledge.entries.values()) total += this.indexEntry(entry);
    this.avgLength = this.docs.length > 0 ? total / this.docs.length : 1;
    const n = this.docs.length;
    for (const [term, df] of this.df) this.idfs.set(term, idfOf(n, df));
    this.unknownIdf = idfOf(n, 0);
    this.finishPostings();
    this.signatures = new SignatureIndex(this.docs);
    this.acc = { bm25: new Float64Array(n), covered: new Float64Array(n), termCount: new Uint16Array(n) };
    for (const tree of knowledge.trees.values()) {
      for (const text of [tree.title, ...tree.triggers]) this.treePhrases.push({ tree, ...this.phraseOf(text) });
    }
    // Typos are corrected towards real words only (not synonym tokens, codes or numbers).
    const words = [...this.df.keys()].filter((t) => /^[a-z]{4,}$/.test(t));
    this.longestWord = words.reduce((max, w) => Math.max(max, w.length), 0);
    this.vocabulary = new Vocabulary(words);
  }

  /** Adds one entry to the postings, document frequencies and vocabulary; returns its length in tokens. */
  private indexEntry(entry: KnowledgeEntry): number {
    const fields: Record<Field, string> = {
      title: entry.title,
      symptoms: entry.symptoms.join(' . '),
      errors: entry.errors.join(' . '),
      tags: entry.tags.join(' ').replace(/-/g, ' '),
      summary: entry.summary,
      body: `${entry.sections.cause} ${entry.sections.fix}`,
    };
    const fieldTokens = new Map<Field, Map<string, number>>();
    const seen = new Set<string>();
    const descriptive = new Set<string>();
    let length = 0;
    for (const field of FIELDS) {
      const counts = new Map<string, number>();
      for (const t of this.normaliser.tokens(fields[field])) {
        if (field !== 'body') {
          this.descriptive.add(t);
          descriptive.add(t);
        }
        counts.set(t, (counts.get(t) ?? 0) + 1);
        seen.add(t);
        length++;
      }
      fieldTokens.set(field, counts);
    }
    for (const t of seen) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    // Their idfs are filled in once every entry is in (see finishPostings).
    const phrases = [entry.title, ...entry.symptoms, ...entry.errors].map((text) => {
      const tokens = [...new Set(this.normaliser.tokens(text))];
      return { text, tokens, idfs: new Float64Array(tokens.length) };
    });
    const docIndex = this.docs.length;
    for (const term of seen) {
      let weighted = 0;
      let bestWeight = 0;
      for (const field of FIELDS) {
        const tf = fieldTokens.get(field)?.get(term) ?? 0;
        if (tf > 0) {
          weighted += tf * FIELD_WEIGHTS[field];
          bestWeight = Math.max(bestWeight, FIELD_WEIGHTS[field]);
        }
      }
      const list = this.building.get(term);
      if (list) list.push({ doc: docIndex, weighted, bestWeight });
      else this.building.set(term, [{ doc: docIndex, weighted, bestWeight }]);
    }
    this.docs.push({
      entry,
      tokens: seen,
      length,
      signatures: signaturesOf(entry, this.normaliser),
      phrases,
      descriptive,
    });
    // Every word the entry contains, folded and stemmed, for checking a post's names and numbers.
    this.wordsById.set(
      entry.id,
      wordsOfEntry([entry.title, entry.summary, entry.markdown, ...entry.symptoms, ...entry.errors, ...entry.tags]),
    );
    return length;
  }

  /**
   * Turns the postings built entry by entry into typed arrays with each entry's BM25 frequency part
   * worked out once (it needs the average length, known only once every entry is in).
   */
  private finishPostings(): void {
    for (const [term, list] of this.building) {
      const docs = new Int32Array(list.length);
      const frequency = new Float64Array(list.length);
      const coverage = new Float64Array(list.length);
      list.forEach((p, k) => {
        const length = (this.docs[p.doc] as Doc).length;
        docs[k] = p.doc;
        frequency[k] = (p.weighted * (K1 + 1)) / (p.weighted + K1 * (1 - B + (B * length) / this.avgLength));
        // Coverage: a term found only in the body counts less than one in how users describe it.
        coverage[k] = p.bestWeight >= 2 ? 1 : p.bestWeight >= 1.5 ? 0.8 : 0.55;
      });
      this.postings.set(term, { docs, frequency, coverage });
    }
    this.building.clear();
    for (const doc of this.docs)
      for (const phrase of doc.phrases) phrase.tokens.forEach((t, k) => (phrase.idfs[k] = this.idf(t)));
  }

  /** A phrase of the finished index (its idfs known). */
  private phraseOf(text: string): Phrase {
    const tokens = [...new Set(this.normaliser.tokens(text))];
    return { text, tokens, idfs: Float64Array.from(tokens, (t) => this.idf(t)) };
  }

  get size(): number {
    return this.docs.length;
  }

  /**
   * Searches and decides. The post is read in English when it is not (its product terms, cmdlets and
   * errors still match), scored whole and, when it is long, on its problem pieces too (see
   * segments.ts); error signatures win outright; the decision (decision.ts) is taken from features of
   * the best match and of the query, apart from the ranking.
   */
  search(query: string, limit = 5): SearchResult {
    // The post as its writer wrote it: docs-feedback metadata, phone signatures and link targets go.
    const text = stripBoilerplate(query);
    const { language } = detectLanguage(text);
    const reading = readInEnglish(text, language);
    const signatureHits = this.matchSignatures(this.normaliser.clean(text));
    const scored = viewsOf(reading)
      .map((view) => ({ view, ...this.scoreView(view.text) }))
      // A piece of two words ("Is there a step missing?") matches whatever says them, fully: too
      // little of the post to rank it by.
      .filter((s) => s.view.kind !== 'segment' || s.stats.informative >= MIN_PIECE_TERMS);
    const combined = combineViews(scored);
    const hits = this.mergeSignatures(combined, signatureHits).slice(0, limit);
    // Scope evidence reads the words as corrected too: "outlok" and "presense" name Outlook and presence.
    const corrected = [...new Set(scored.flatMap((s) => [...s.corrections.keys()]))];
    const evidence = this.scope.evidence(corrected.length > 0 ? `${text}\n${corrected.join(' ')}` : text);
    const features = this.featuresOf(hits, evidence, { query: text, reading, language });
    const outOfScope = outOfScopeOf(evidence);
    const { decision, explanation } = decide(features, outOfScope, language, { answerMargin: this.thresholds.margin });
    return {
      query,
      decision,
      reason: reasonOf(decision, hits, features),
      hits: hits.map((h) => ({
        entry: h.entry,
        score: round(h.score),
        matched: dedupe(h.matched).slice(0, 6),
        bySignature: h.bySignature,
        ...(h.signature ? { signature: h.signature } : {}),
        termsMatched: h.termsMatched,
      })),
      trees: this.rankTrees(scored[0]?.terms ?? []),
      explanation,
      ...(outOfScope && decision !== 'answer' ? { outOfScope } : {}),
      language,
      ...(features ? { features } : {}),
    };
  }

  /** One view of the query ranked, with what the decision needs to know about the query's words. */
  private scoreView(text: string): {
    terms: string[];
    ranked: RankedHit[];
    stats: QueryStats;
    corrections: ReadonlyMap<string, string>;
  } {
    const { terms, corrections, stats } = this.queryTerms(text);
    return { terms, ranked: this.rank(terms, corrections), stats, corrections };
  }

  /** Signature hits first (they identify an entry exactly), then the ranked hits. */
  private mergeSignatures(combined: readonly CombinedHit[], signatureHits: readonly SignatureHit[]): CombinedHit[] {
    const byId = new Map<string, CombinedHit>();
    for (const hit of combined) byId.set(hit.entry.id, hit);
    // A longer matched signature is more specific: it ranks first among signature hits.
    const longest = Math.max(1, ...signatureHits.map((s) => s.length));
    for (const sig of signatureHits) {
      const current = byId.get(sig.entry.id);
      // Signature hits outrank everything; among them the longer signature, then the other evidence.
      const score = Math.min(
        1,
        (sig.kind === 'message' ? 0.95 : 0.9) + 0.03 * (sig.length / longest) + 0.02 * (current?.score ?? 0),
      );
      const matched = [
        `${sig.kind === 'code' ? 'error code' : 'error message'}: ${sig.original}`,
        ...(current?.matched ?? []),
      ];
      byId.set(sig.entry.id, {
        ...(current ?? {
          coverage: 1,
          anyCoverage: 1,
          phrase: 0,
          termsMatched: 0,
          stats: EMPTY_STATS,
          view: 'whole' as const,
        }),
        entry: sig.entry,
        score,
        matched,
        bySignature: true,
        signature: { kind: sig.kind, text: sig.original },
      });
    }
    return [...byId.values()].sort(
      (a, b) =>
        Number(b.bySignature) - Number(a.bySignature) || b.score - a.score || a.entry.id.localeCompare(b.entry.id),
    );
  }

  /** The decision's features: the best hit and its view, the second's score, scope, shape and language. */
  private featuresOf(
    hits: readonly CombinedHit[],
    scope: ScopeEvidence,
    post: { query: string; reading: string; language: Language },
  ): DecisionFeatures | undefined {
    const [top, second] = hits;
    if (!top) return undefined;
    const words = this.wordsById.get(top.entry.id) ?? new Set<string>();
    return {
      unmatchedNames: unmatchedIn(namesOf(post.query, post.language === 'en'), words),
      unmatchedNumbers: unmatchedIn(numbersOf(post.query), words),
      score: top.score,
      margin: second && top.score > 0 ? Math.max(0, (top.score - second.score) / top.score) : 1,
      coverage: top.coverage,
      anyCoverage: top.anyCoverage,
      unknownShare: top.stats.informative > 0 ? top.stats.unknown / top.stats.informative : 0,
      phrase: top.phrase,
      termsMatched: top.termsMatched,
      signature: top.bySignature,
      informativeTerms: top.stats.informative,
      partView: top.view !== 'whole',
      scope,
      shape: shapeOf(post.reading),
      language: post.language,
    };
  }

  /** The thresholds decisions are taken with, for explanations. */
  get decisionThresholds(): SearchThresholds {
    return this.thresholds;
  }

  /**
   * Informative query terms (rarest first, capped) with typos corrected against the vocabulary.
   * Correction is the costly step, so it is bounded: only words of a length the vocabulary has,
   * and at most {@link MAX_CORRECTIONS} distinct unknown words per query.
   */
  private queryTerms(query: string): { terms: string[]; corrections: Map<string, string>; stats: QueryStats } {
    const corrections = new Map<string, string>();
    const terms: string[] = [];
    let corrected = 0;
    let informative = 0;
    let unknownWords = 0;
    for (const raw of new Set(this.normaliser.tokens(query))) {
      const word = !raw.startsWith('syn:');
      if (word) informative++;
      if (this.df.has(raw)) {
        terms.push(raw);
        continue;
      }
      const correctable = raw.length <= this.longestWord + 2 && /^[a-z]{4,}$/.test(raw) && corrected < MAX_CORRECTIONS;
      // A mistyped stopword ("olny") is no more informative than the stopword.
      if (correctable && isMistypedStopword(raw)) {
        corrected++;
        if (word) informative--;
        continue;
      }
      const fixed = correctable ? this.correct(raw) : undefined;
      if (correctable) corrected++;
      if (fixed) {
        corrections.set(fixed, raw);
        terms.push(fixed);
      } else {
        // Unknown: counts against coverage, which is how off-topic text is rejected (a synonym
        // spelling the content does not use is not unknown: its canonical token follows it).
        if (word && !this.normaliser.isVariant(raw)) unknownWords++;
        terms.push(raw);
      }
    }
    const unique = [...new Set(terms)];
    // Long pastes: keep the rarest words we know, so a screenful of text is judged by its signal.
    const known = unique.filter((t) => this.descriptive.has(t)).sort((a, b) => this.idf(b) - this.idf(a));
    const unknown = unique.filter((t) => !this.descriptive.has(t));
    return {
      terms: [...known.slice(0, MAX_QUERY_TERMS), ...unknown.slice(0, MAX_QUERY_TERMS)],
      corrections,
      stats: { informative, unknown: unknownWords },
    };
  }

  private readonly correctionCache = new Map<string, string | undefined>();

  private correct(word: string): string | undefined {
    if (this.correctionCache.has(word)) return this.correctionCache.get(word);
    const best = this.vocabulary.closest(word);
    // Accept only close words of similar length that start alike: typos rarely hit the first
    // letter ("exchagne" → "exchange"), while "specifically" is not a typo of "especially".
    const fixed =
      best && best.score <= 0.3 && Math.abs(best.item.length - word.length) <= 2 && best.item[0] === word[0]
        ? best.item
        : undefined;
    if (this.correctionCache.size > 10_000) this.correctionCache.clear();
    this.correctionCache.set(word, fixed);
    return fixed;
  }

  private idf(term: string): number {
    return this.idfs.get(term) ?? this.unknownIdf;
  }

  private rank(terms: readonly string[], corrections: ReadonlyMap<string, string>): RankedHit[] {
    const queryWeight = this.queryWeight(terms);
    if (queryWeight === 0) return [];
    // Accumulate over postings only: a query touches the entries that contain its terms, not all.
    const acc = this.acc;
    const touched: number[] = [];
    try {
      for (const term of terms) {
        const postings = this.postings.get(term);
        if (!postings) continue;
        const idf = this.idf(term);
        const counts = !term.startsWith('syn:');
        const { docs, frequency, coverage } = postings;
        for (let k = 0; k < docs.length; k++) {
          const doc = docs[k] as number;
          if (acc.bm25[doc] === 0) touched.push(doc);
          acc.bm25[doc] = (acc.bm25[doc] as number) + idf * (frequency[k] as number);
          acc.covered[doc] = (acc.covered[doc] as number) + idf * (coverage[k] as number);
          if (counts) acc.termCount[doc] = (acc.termCount[doc] as number) + 1;
        }
      }
      if (touched.length === 0) return [];
      const candidates = topByScore(touched, acc.bm25, RANK_CANDIDATES);
      const query: ScoredQuery = {
        terms,
        set: new Set(terms),
        idfs: Float64Array.from(terms, (t) => this.idf(t)),
        words: terms.map((t) => !t.startsWith('syn:')),
        descriptive: terms.map((t) => this.descriptive.has(t)),
        weight: queryWeight,
        best: acc.bm25[candidates[0] ?? 0] || 1,
        corrections,
      };
      return candidates
        .map((i) => this.scoreDoc(i, acc, query))
        .sort((x, y) => y.score - x.score)
        .slice(0, 20);
    } finally {
      for (const doc of touched) {
        acc.bm25[doc] = 0;
        acc.covered[doc] = 0;
        acc.termCount[doc] = 0;
      }
    }
  }

  /** The confidence score of one touched entry, with why it matched and how much of the query it covers. */
  private scoreDoc(i: number, acc: Accumulators, query: ScoredQuery): RankedHit {
    const doc = this.docs[i] as Doc;
    const phrase = this.bestPhrase(doc, query.set, query.weight);
    const words = query.terms.filter((t) => !t.startsWith('syn:') && doc.tokens.has(t));
    const matched = words.map((t) => {
      const typed = query.corrections.get(t);
      return typed !== undefined ? `${t} (you typed "${typed}")` : t;
    });
    return {
      entry: doc.entry,
      termsMatched: acc.termCount[i] ?? 0,
      // Confidence: how much of the query the entry explains, how it ranks, and how closely one
      // of its own phrasings (title, symptom, error) says the same thing as the query.
      score: Math.min(
        1,
        PHRASE_SHARE * phrase.similarity +
          (1 - PHRASE_SHARE) * ((acc.covered[i] ?? 0) / query.weight) * ((acc.bm25[i] ?? 0) / query.best) +
          (phrase.similarity >= 0.98 ? EXACT_PHRASE_BONUS : 0),
      ),
      matched: [
        ...(phrase.similarity >= 0.35 ? [`phrase: ${phrase.text}`] : []),
        ...(matched.length > 0 ? [`words: ${matched.slice(0, 8).join(', ')}`] : []),
      ],
      coverage: rareCoverage(doc, query),
      anyCoverage: anyCoverage(doc, query),
      phrase: phrase.similarity,
    };
  }

  /**
   * The guided troubleshooter whose trigger phrases are most like the query (idf-weighted Jaccard),
   * or undefined when none shares anything with it.
   */
  matchTree(query: string): TreeMatch | undefined {
    return this.rankTrees(this.queryTerms(query).terms)[0];
  }

  /** Troubleshooters by the likeness of their closest trigger phrase to the query terms, best first. */
  private rankTrees(terms: readonly string[]): TreeMatch[] {
    const queryWeight = this.queryWeight(terms);
    const q = new Set(terms);
    const best = new Map<string, TreeMatch>();
    for (const p of this.treePhrases) {
      const similarity = round(phraseSimilarity(p, q, queryWeight));
      const current = best.get(p.tree.id);
      if (similarity > 0 && (!current || similarity > current.similarity))
        best.set(p.tree.id, { tree: p.tree, similarity, phrase: p.text });
    }
    return [...best.values()]
      .sort((a, b) => b.similarity - a.similarity || a.tree.id.localeCompare(b.tree.id))
      .slice(0, 3);
  }

  /**
   * How much evidence a full match of the query would be. Words we have never seen count fully in a
   * short question ("reset my password": that is what makes it off-topic) but less and less in a
   * long paste, where most unknown words are noise around the signal.
   */
  private queryWeight(terms: readonly string[]): number {
    let known = 0;
    let unknown = 0;
    for (const t of terms) {
      // Words seen only in entry bodies ("week", "next") say little about what a question is about.
      if (this.descriptive.has(t)) known += this.idf(t);
      else unknown += this.idf(t);
    }
    const unknownShare = Math.max(LONG_QUERY_UNKNOWN_FLOOR, Math.min(1, SHORT_QUERY_TERMS / Math.max(1, terms.length)));
    return known + unknown * unknownShare;
  }

  /** The entry phrase most like the query: idf-weighted Jaccard over informative terms. */
  private bestPhrase(doc: Doc, query: ReadonlySet<string>, queryWeight: number): { similarity: number; text: string } {
    let best = { similarity: 0, text: '' };
    for (const phrase of doc.phrases) {
      const similarity = phraseSimilarity(phrase, query, queryWeight);
      if (similarity > best.similarity) best = { similarity, text: phrase.text };
    }
    return best;
  }

  private matchSignatures(cleaned: string): SignatureHit[] {
    // "code = 50043" and "code=50043" are the same code; "code=5" must not match inside "code=50043".
    const form = signatureForm(cleaned).replace(/[.!]+$/, '');
    // A short paste that is a piece of a known message ("could not establish trust relationship")
    // identifies it too, when the piece is long enough to be specific.
    const fragment = form.length >= MIN_FRAGMENT_CHARS && form.length <= 200 && form.split(' ').length >= 4;
    return this.signatures.match(form, fragment);
  }
}

/**
 * The best of every view per entry: a match on the whole post counts fully, on its problem digest
 * or one problem piece a little less (each view's weight), so a question asked inside a story is
 * found without letting one stray sentence outrank what the whole post says.
 */
function combineViews(
  scored: readonly { view: QueryView; ranked: readonly RankedHit[]; stats: QueryStats }[],
): CombinedHit[] {
  const best = new Map<string, CombinedHit>();
  for (const { view, ranked, stats } of scored) {
    for (const hit of ranked) {
      const score = hit.score * view.weight;
      const current = best.get(hit.entry.id);
      if (!current || score > current.score)
        best.set(hit.entry.id, { ...hit, score, bySignature: false, stats, view: view.kind });
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score || a.entry.id.localeCompare(b.entry.id));
}

/** The reason in the older vocabulary (`/why` and the logs still name it), from the model's decision. */
function reasonOf(
  decision: Decision,
  hits: readonly CombinedHit[],
  features: DecisionFeatures | undefined,
): DecisionReason {
  const [top, second] = hits;
  if (!top) return 'no-match';
  if (top.bySignature) return 'signature';
  if (decision === 'answer') return 'clear-winner';
  if (decision === 'clarify' && (features?.informativeTerms ?? 0) <= 1) return 'one-word';
  if (decision === 'clarify')
    return second && top.score - second.score < 0.12 * top.score ? 'close-scores' : 'below-answer-threshold';
  return 'below-suggest-threshold';
}

/** idf-weighted Jaccard of a phrase and the query: shared weight over the weight of both. */
function phraseSimilarity(phrase: Phrase, query: ReadonlySet<string>, queryWeight: number): number {
  let shared = 0;
  let phraseOnly = 0;
  for (let k = 0; k < phrase.tokens.length; k++) {
    if (query.has(phrase.tokens[k] as string)) shared += phrase.idfs[k] as number;
    else phraseOnly += phrase.idfs[k] as number;
  }
  return shared / (queryWeight + phraseOnly || 1);
}

/**
 * How much of everything specific the query says (every informative word, known or not, idf-weighted)
 * the entry contains anywhere: words the knowledge base never uses count fully against it.
 */
function anyCoverage(doc: Doc, query: ScoredQuery): number {
  let all = 0;
  let covered = 0;
  query.terms.forEach((t, k) => {
    if (!query.words[k]) return;
    const idf = query.idfs[k] as number;
    all += idf;
    if (doc.tokens.has(t)) covered += idf;
  });
  return all > 0 ? covered / all : 0;
}

/**
 * How much of the query's in-domain vocabulary the entry's own descriptions (title, symptoms,
 * errors, tags, summary) contain, idf-weighted (words nearly every entry has weigh little).
 */
function rareCoverage(doc: Doc, query: ScoredQuery): number {
  let all = 0;
  let covered = 0;
  query.terms.forEach((t, k) => {
    if (!query.descriptive[k]) return;
    const idf = query.idfs[k] as number;
    all += idf;
    if (doc.descriptive.has(t)) covered += idf;
  });
  return all > 0 ? covered / all : 0;
}

/** Inverse document frequency of a term in `df` of `n` entries (a term seen nowhere counts as seen once). */
function idfOf(n: number, df: number): number {
  return Math.log(1 + (n - Math.max(df, 1) + 0.5) / (Math.max(df, 1) + 0.5));
}

/**
 * The `k` best of `items` by `scores` (highest first; equal scores keep their order in `items`):
 * exactly the first `k` of a stable sort, found in time linear in `items`, since a query may touch
 * thousands of entries of which only the best few are scored further.
 */
export function topByScore(items: readonly number[], scores: Float64Array, k: number): number[] {
  const byScore = (x: number, y: number): number => (scores[y] as number) - (scores[x] as number);
  if (items.length <= k) return [...items].sort(byScore);
  const values = new Float64Array(items.length);
  for (let j = 0; j < items.length; j++) values[j] = scores[items[j] as number] as number;
  const kth = kthLargest(values.slice(), k);
  let ties = k;
  for (let j = 0; j < values.length; j++) if ((values[j] as number) > kth) ties--;
  const out: number[] = [];
  for (let j = 0; j < items.length; j++) {
    const i = items[j] as number;
    const v = values[j] as number;
    if (v > kth) out.push(i);
    else if (v === kth && ties > 0) {
      out.push(i);
      ties--;
    }
  }
  return out.sort(byScore);
}

/** The k-th largest value (1-based) of `values`, which it reorders (quickselect). */
function kthLargest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) > pivot) i++;
      while ((values[j] as number) < pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i] = values[j] as number;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return values[target] as number;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function dedupe(items: readonly string[]): string[] {
  return [...new Set(items)];
}
