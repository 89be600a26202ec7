import type { BotState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { BotServices } from './services.js';
import type {
  DecisionReason,
  SearchHit,
  SearchResult,
  SearchThresholds,
  TreeMatch,
} from '../knowledge/search/knowledgeIndex.js';
import { entryReply, shorten } from '../replies/entryCard.js';
import { button, reply, type Reply } from '../replies/reply.js';
import { decisionMessages, messages } from '../replies/messages.js';
import { quoteUserText } from '../replies/quote.js';
import type { Tree } from '../knowledge/model.js';
import type { OutOfScope } from '../knowledge/search/scope.js';
import { treeEntryIds } from './treeEntries.js';
import { AnswerFeedback } from './answerFeedback.js';
import { recordTurnEvent } from './turnEvents.js';
import { keptText } from '../analytics/events.js';

/** A troubleshooter whose triggers say the same as the question starts right away. */
export const TREE_START_SIMILARITY = 0.45;
/** A looser likeness only offers it ("Walk me through it"). */
export const TREE_OFFER_SIMILARITY = 0.3;

/** What the bot does with a free-text question: one decision, taken once, and explained by `/why`. */
export type FreeTextAction =
  | { readonly kind: 'startTree'; readonly tree: TreeMatch }
  | { readonly kind: 'answer'; readonly hit: SearchHit; readonly offer?: TreeMatch }
  | { readonly kind: 'clarify'; readonly hits: readonly SearchHit[]; readonly offer?: TreeMatch }
  | { readonly kind: 'none'; readonly offer?: TreeMatch }
  | { readonly kind: 'outOfScope'; readonly outOfScope: OutOfScope };

/** How the question came: typed (may start a troubleshooter) or `/search` (only offers one). */
export type FreeTextMode = 'free' | 'search';

export { treeEntryIds };

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
  // Teams only, or another product: said so, and no troubleshooter of ours is started or offered.
  if (result.outOfScope) return { kind: 'outOfScope', outOfScope: result.outOfScope };
  const anchored = top !== undefined && top.score >= thresholds.suggest;
  const agreeing = anchored ? result.trees.filter((t) => treeEntryIds(t.tree).has(top.entry.id)) : result.trees;
  const best = agreeing[0];
  if (
    mode === 'free' &&
    result.decision !== 'none' &&
    best &&
    best.similarity >= TREE_START_SIMILARITY &&
    isUnambiguousFor(best.tree, result, thresholds)
  )
    return { kind: 'startTree', tree: best };
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

/** State key (per user) of the last free-text decision, for "Why this answer?" and /why. */
export const LAST_SEARCH = 'lastSearch';

/** What `/why` explains: the question, the decision actually taken and why, and the best hits. */
export interface LastSearch {
  readonly query: string;
  /** The action taken: answer, clarify, none, or startTree. */
  readonly decision: FreeTextAction['kind'];
  readonly reason?: DecisionReason;
  /** The troubleshooter started or offered, and the trigger phrase that matched. */
  readonly tree?: { readonly id: string; readonly title: string; readonly phrase: string; readonly similarity: number };
  readonly hits: readonly {
    readonly id: string;
    readonly title: string;
    readonly score: number;
    readonly matched: readonly string[];
  }[];
  /** The decision model's confidence and what drove it (absent in state saved before it existed). */
  readonly explanation?: {
    readonly p1: number;
    readonly p3: number;
    /** P(in the domain at all), p1's first factor (absent in state saved before it existed). */
    readonly domain?: number;
    readonly cutoffs: { readonly answer: number; readonly suggest: number };
    readonly drivers: readonly { readonly feature: string; readonly value: number; readonly effect: number }[];
    readonly unmatched: readonly string[];
    readonly bySignature: boolean;
    readonly outOfScope?: string;
    /** How the out-of-scope rule read the post: its kind and the lexicon terms it found (not user text). */
    readonly scope?: { readonly kind: string; readonly evidence: readonly string[] };
    readonly language: string;
  };
}

/** What a free-text turn comes to: the replies to send, and the troubleshooter to start, if any. */
export interface FreeTextOutcome {
  readonly replies: readonly Reply[];
  readonly startTree?: string;
}

/**
 * Answers free text and the search-like commands: searches once, decides once (see
 * {@link decideFreeText}), remembers the decision for `/why`, and returns the replies (the bot
 * sends them).
 */
export class FreeTextAnswers {
  private readonly lastSearch: StatePropertyAccessor<LastSearch>;
  /** "Did this help?" under the answers. */
  readonly feedback: AnswerFeedback;

  constructor(
    private readonly services: BotServices,
    userConversationState: BotState,
  ) {
    this.lastSearch = userConversationState.createProperty<LastSearch>(LAST_SEARCH);
    this.feedback = new AnswerFeedback(services, userConversationState);
  }

  /**
   * Typed text may start a troubleshooter (never inside one: there it is offered at most);
   * `/search` only offers one.
   */
  async answer(context: TurnContext, text: string, mode: FreeTextMode, inDialog: boolean): Promise<FreeTextOutcome> {
    const result = this.search(context, text, mode);
    const action = decideFreeText(result, inDialog ? 'search' : mode, this.thresholds());
    await this.remember(context, result, action);
    recordQuestion(context, result, action);
    if (action.kind === 'startTree')
      return { replies: [reply(messages.search.startingTree(action.tree.tree.title))], startTree: action.tree.tree.id };
    const replies = this.repliesFor(result, action);
    if (action.kind === 'answer') {
      const others = result.hits.slice(1, 3).map((h) => h.entry.id);
      const first = replies[0];
      if (first) replies[0] = await this.feedback.ask(context, first, action.hit.entry, result.query, others);
    }
    return { replies: [...languageNote(result), ...replies] };
  }

  /**
   * "None of these" on a did-you-mean: the question is recorded as unanswered, with the entries
   * offered (the question's text comes from the decision kept for /why).
   */
  async noneOfThese(context: TurnContext): Promise<void> {
    const last = await this.lastSearch.get(context);
    const asked = last?.decision === 'clarify';
    recordTurnEvent(context, {
      type: 'noneOfThese',
      options: asked ? last.hits.map((h) => h.id) : [],
      ...(asked ? { text: keptText(last.query) } : {}),
    });
  }

  /** `/explain`: error signatures first; says what it recognised, or that it recognised nothing. */
  async explain(context: TurnContext, text: string): Promise<Reply[]> {
    const result = this.search(context, text, 'explain');
    const signatures = result.hits.filter((h) => h.bySignature);
    const first = signatures[0];
    if (!first) {
      const action = decideFreeText(result, 'search', this.thresholds());
      await this.remember(context, result, action);
      // In 'search' mode a troubleshooter is only ever offered, never started.
      return [
        reply(messages.search.nothingRecognised),
        ...(action.kind === 'startTree' ? [] : this.repliesFor(result, action)),
      ];
    }
    await this.remember(context, result, { kind: 'answer', hit: first });
    recordQuestion(context, result, { kind: 'answer', hit: first });
    const others = signatures.slice(1, 3).map((h) => button(shorten(h.entry.title, 40), `/kb ${h.entry.id}`));
    const answer = entryReply(first.entry, 'overview', [button(messages.search.whyButton, '/why'), ...others]);
    return [
      reply(messages.search.recognised(first.signature, quoteUserText(first.signature?.text ?? '', 200))),
      await this.feedback.ask(context, answer, first.entry, result.query),
    ];
  }

  /** `/why`: the last decision, explained with what actually drove it. */
  async why(context: TurnContext): Promise<Reply[]> {
    return [whyReply(await this.lastSearch.get(context), this.thresholds())];
  }

  /** The last free-text decision in this conversation (its question and what was done), if any. */
  lastDecision(context: TurnContext): Promise<LastSearch | undefined> {
    return this.lastSearch.get(context);
  }

  /** The confident answer to a question asked in the middle of a tree, if there is one. */
  answerAside(text: string): Reply | undefined {
    const result = this.services.knowledge.index.search(text);
    const top = result.hits[0];
    return result.decision === 'answer' && top ? entryReply(top.entry, 'overview') : undefined;
  }

  private search(context: TurnContext, text: string, mode: string): SearchResult {
    const result = this.services.knowledge.index.search(text);
    this.services.logger.info('search', {
      conversationId: context.activity.conversation.id,
      mode,
      decision: result.decision,
      reason: result.reason,
      confidence: result.explanation.p1,
      outOfScope: result.outOfScope?.category,
      top: result.hits[0]?.entry.id,
      score: result.hits[0]?.score,
    });
    return result;
  }

  private thresholds(): SearchThresholds {
    return this.services.knowledge.index.decisionThresholds;
  }

  private async remember(context: TurnContext, result: SearchResult, action: FreeTextAction): Promise<void> {
    const tree = action.kind === 'startTree' ? action.tree : action.kind === 'outOfScope' ? undefined : action.offer;
    await this.lastSearch.set(context, {
      query: result.query.slice(0, 500),
      decision: action.kind,
      reason: result.reason,
      ...(tree
        ? { tree: { id: tree.tree.id, title: tree.tree.title, phrase: tree.phrase, similarity: tree.similarity } }
        : {}),
      hits: result.hits
        .slice(0, 3)
        .map((h) => ({ id: h.entry.id, title: h.entry.title, score: h.score, matched: h.matched })),
      explanation: explanationOf(result),
    });
  }

  private repliesFor(result: SearchResult, action: Exclude<FreeTextAction, { kind: 'startTree' }>): Reply[] {
    switch (action.kind) {
      case 'answer': {
        const walk = action.offer ? [button(messages.search.walkButton, `/troubleshoot ${action.offer.tree.id}`)] : [];
        return [entryReply(action.hit.entry, 'overview', [button(messages.search.whyButton, '/why'), ...walk])];
      }
      case 'clarify':
        return [clarifyReply(result), ...offerReplies(action.offer)];
      case 'none':
        return [noMatchReply(this.services, result.query), ...offerReplies(action.offer)];
      case 'outOfScope':
        return [outOfScopeReply(action.outOfScope)];
      default: {
        const never: never = action;
        throw new Error(`unknown action ${JSON.stringify(never)}`);
      }
    }
  }
}

/**
 * The "question asked" event: its decision and best score; the text only when nothing answered it
 * (what the content-gap report clusters).
 */
function recordQuestion(context: TurnContext, result: SearchResult, action: FreeTextAction): void {
  const top = result.hits[0];
  const unanswered = action.kind === 'none' || action.kind === 'outOfScope';
  recordTurnEvent(context, {
    type: 'question',
    decision: action.kind,
    score: Math.round((top?.score ?? 0) * 1000) / 1000,
    ...(top ? { top: top.entry.id } : {}),
    ...(unanswered ? { text: keptText(result.query) } : {}),
  });
}

/** "Answers are in English", before the replies to a post in another language. */
function languageNote(result: SearchResult): Reply[] {
  return result.language === 'en' ? [] : [reply(decisionMessages.answersInEnglish(result.language))];
}

/** Teams only or another product: said plainly, with the handoff and our own troubleshooters. */
export function outOfScopeReply(outOfScope: OutOfScope): Reply {
  return reply(decisionMessages.outOfScope(outOfScope.kind, outOfScope.category), [
    button(messages.handoffButton, '/handoff'),
    button(decisionMessages.allTroubleshootersButton, '/troubleshoot'),
  ]);
}

/** What `/why` keeps of the decision: its probabilities, cut-offs, drivers, unmatched names, scope, language. */
function explanationOf(result: SearchResult): LastSearch['explanation'] {
  const e = result.explanation;
  const unmatched = [...(result.features?.unmatchedNames ?? []), ...(result.features?.unmatchedNumbers ?? [])];
  return {
    p1: e.p1,
    p3: e.p3,
    ...(e.domain === undefined ? {} : { domain: e.domain }),
    cutoffs: e.cutoffs,
    drivers: e.drivers.map((d) => ({ feature: d.feature, value: round(d.value), effect: round(d.effect) })),
    unmatched: unmatched.slice(0, 6),
    bySignature: e.bySignature,
    ...(result.outOfScope
      ? {
          outOfScope: result.outOfScope.category,
          scope: { kind: result.outOfScope.kind, evidence: result.outOfScope.evidence.slice(0, 4) },
        }
      : {}),
    language: e.language,
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function offerReplies(offer: TreeMatch | undefined): Reply[] {
  return offer
    ? [
        reply(messages.search.offerTree(offer.tree.title), [
          button(messages.search.walkButton, `/troubleshoot ${offer.tree.id}`),
        ]),
      ]
    : [];
}

/** The "I don't know" reply: honest, with the troubleshooters and a handoff as ways forward. */
export function noMatchReply(services: BotServices, query: string): Reply {
  const trees = [...services.knowledge.current.trees.values()].slice(0, 4);
  return reply(messages.search.noMatch(quoteUserText(query, 120)), [
    ...trees.map((t) => button(shorten(t.title, 40), `/troubleshoot ${t.id}`)),
    button(messages.search.allTroubleshootersButton, '/troubleshoot'),
    button(messages.handoffButton, '/handoff'),
  ]);
}

/** "Did you mean…": the top 2–3 as buttons plus "None of these". */
export function clarifyReply(result: SearchResult): Reply {
  const options = result.hits.slice(0, 3);
  const list = options.map((h, i) => messages.search.clarifyOption(i + 1, h.entry.title, h.entry.summary)).join('\n');
  const quotedQuery = quoteUserText(result.query, 120);
  return reply(
    messages.search.clarify(quotedQuery, list),
    [
      ...options.map((h) => button(shorten(h.entry.title, 40), `/kb ${h.entry.id}`)),
      button(messages.search.noneOfTheseButton, '/handoff-from none-of-these'),
    ],
    { kind: 'clarify', quotedQuery, options: options.map((h) => ({ title: h.entry.title, summary: h.entry.summary })) },
  );
}

/** The explanation of the last decision: what was done, why, and what matched. */
export function whyReply(last: LastSearch | undefined, thresholds: SearchThresholds): Reply {
  if (!last) return reply(messages.why.nothingToExplain);
  const lines = last.hits.map((h, i) =>
    messages.why.hit(
      i + 1,
      h.title,
      h.score,
      h.matched.map((m) => quoteUserText(m, 160)),
    ),
  );
  const hits = lines.length > 0 ? `\n\n${lines.join('\n')}` : '';
  const query = quoteUserText(last.query, 120);
  const tree = last.tree
    ? { title: last.tree.title, phrase: quoteUserText(last.tree.phrase, 120), similarity: last.tree.similarity }
    : undefined;
  if (last.decision === 'startTree' && tree)
    return reply(`${messages.why.startedTree(query, tree, last.hits[0]?.title)}${hits}`);
  if (last.explanation)
    return reply(
      `${explainedDecision(last, last.explanation, query)}${hits}${tree ? `\n\n${messages.why.offeredTree(tree)}` : ''}`,
    );
  const [top, second] = last.hits;
  const reason = messages.why.reason(last.reason ?? 'no-match', {
    top: top?.score ?? 0,
    second: second?.score,
    answer: thresholds.answer,
    suggest: thresholds.suggest,
  });
  return reply(`${messages.why.decided(query, reason)}${hits}${tree ? `\n\n${messages.why.offeredTree(tree)}` : ''}`);
}

/** `/why` from the decision model: what was done, how sure it was, and what weighed most. */
function explainedDecision(last: LastSearch, e: NonNullable<LastSearch['explanation']>, query: string): string {
  const w = decisionMessages.why;
  const what =
    e.outOfScope !== undefined
      ? w.outOfScope(e.outOfScope)
      : last.reason === 'one-word'
        ? messages.why.reason('one-word', { top: 0, answer: e.cutoffs.answer, suggest: e.cutoffs.suggest })
        : last.decision === 'answer'
          ? e.bySignature
            ? w.signature
            : w.answered
          : last.decision === 'clarify'
            ? w.asked
            : w.notKnown;
  if (e.scope) return [w.decided(query, what), w.outOfScopeRule(e.scope.kind, e.scope.evidence)].join('\n');
  const lines = [
    w.decided(query, what),
    ...(e.domain === undefined ? [] : [w.domain(e.domain)]),
    w.confidence(e.p1, e.p3, e.cutoffs.answer, e.cutoffs.suggest),
    ...(e.drivers.length > 0 ? [w.driversTitle, ...e.drivers.map((d) => w.driver(d.feature, d.value, d.effect))] : []),
    ...(e.unmatched.length > 0 ? [w.unmatched(e.unmatched.map((n) => quoteUserText(n, 40)))] : []),
    ...(e.language !== 'en' ? [w.language(e.language)] : []),
  ];
  return lines.join('\n');
}
