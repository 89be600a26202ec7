import type { BotState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs';
import type { BotServices } from './services.js';
import type { DecisionReason, SearchResult, SearchThresholds, TreeMatch } from '../knowledge/search/knowledgeIndex.js';
import { entryReply, shorten } from '../replies/entryCard.js';
import { button, reply, sendReply, type Reply } from '../replies/reply.js';
import { quoteUserText } from '../replies/quote.js';
import { TREE_DIALOG } from '../dialogs/treeDialog.js';
import { decideFreeText, type FreeTextAction, type FreeTextMode } from './freeTextDecision.js';

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
  readonly hits: readonly { readonly id: string; readonly title: string; readonly score: number; readonly matched: readonly string[] }[];
}

/**
 * Answers free text and the search-like commands: searches once, decides once (see
 * {@link decideFreeText}), remembers the decision for `/why`, and sends the replies.
 */
export class FreeTextAnswers {
  private readonly lastSearch: StatePropertyAccessor<LastSearch>;

  constructor(
    private readonly services: BotServices,
    userConversationState: BotState,
  ) {
    this.lastSearch = userConversationState.createProperty<LastSearch>(LAST_SEARCH);
  }

  /** Typed text (may start a troubleshooter) or `/search` (only offers one). */
  async answer(context: TurnContext, dc: DialogContext, text: string, mode: FreeTextMode): Promise<void> {
    const result = this.search(context, text, mode);
    // Inside a troubleshooter another one is never started by a question; it is offered at most.
    const action = decideFreeText(result, dc.activeDialog ? 'search' : mode, this.thresholds());
    await this.remember(context, result, action);
    if (action.kind === 'startTree') {
      await sendReply(context, reply(`That sounds like **${action.tree.tree.title}**. Let's walk through it.`));
      await this.beginTree(dc, action.tree.tree.id);
      return;
    }
    for (const r of this.repliesFor(result, action)) await sendReply(context, r);
  }

  /** `/explain`: error signatures first; says what it recognised, or that it recognised nothing. */
  async explain(context: TurnContext, text: string): Promise<void> {
    const result = this.search(context, text, 'explain');
    const signatures = result.hits.filter((h) => h.bySignature);
    const first = signatures[0];
    if (!first) {
      await sendReply(context, reply("I didn't recognise a specific error code or message in that text, so here is what it is closest to:"));
      const action = decideFreeText(result, 'search', this.thresholds());
      await this.remember(context, result, action);
      // In 'search' mode a troubleshooter is only ever offered, never started.
      if (action.kind !== 'startTree') for (const r of this.repliesFor(result, action)) await sendReply(context, r);
      return;
    }
    await this.remember(context, result, { kind: 'answer', hit: first });
    const recognised = first.matched.find((m) => m.startsWith('error')) ?? 'a known error';
    const others = signatures.slice(1, 3).map((h) => button(shorten(h.entry.title, 40), `/kb ${h.entry.id}`));
    await sendReply(context, reply(`I recognised ${quoteUserText(recognised, 200)}.`));
    await sendReply(context, entryReply(first.entry, 'overview', [button('Why this answer?', '/why'), ...others]));
  }

  /** `/why`: the last decision, explained with what actually drove it. */
  async why(context: TurnContext): Promise<void> {
    await sendReply(context, whyReply(await this.lastSearch.get(context), this.thresholds()));
  }

  /** Starts the guided troubleshooter `treeId`, ending any other first. */
  async beginTree(dc: DialogContext, treeId: string): Promise<void> {
    if (dc.activeDialog) await dc.cancelAllDialogs();
    await dc.beginDialog(TREE_DIALOG, { treeId });
  }

  /** Answers a question asked in the middle of a tree; true when it had a confident answer. */
  async answerAside(context: TurnContext, text: string): Promise<boolean> {
    const result = this.services.knowledge.index.search(text);
    const top = result.hits[0];
    if (result.decision !== 'answer' || !top) return false;
    await sendReply(context, entryReply(top.entry, 'overview'));
    return true;
  }

  private search(context: TurnContext, text: string, mode: string): SearchResult {
    const result = this.services.knowledge.index.search(text);
    this.services.logger.info('search', { conversationId: context.activity.conversation?.id, mode, decision: result.decision, reason: result.reason, top: result.hits[0]?.entry.id, score: result.hits[0]?.score });
    return result;
  }

  private thresholds(): SearchThresholds {
    return this.services.knowledge.index.decisionThresholds;
  }

  private async remember(context: TurnContext, result: SearchResult, action: FreeTextAction): Promise<void> {
    const tree = action.kind === 'startTree' ? action.tree : action.offer;
    await this.lastSearch.set(context, {
      query: result.query.slice(0, 500),
      decision: action.kind,
      reason: result.reason,
      ...(tree ? { tree: { id: tree.tree.id, title: tree.tree.title, phrase: tree.phrase, similarity: tree.similarity } } : {}),
      hits: result.hits.slice(0, 3).map((h) => ({ id: h.entry.id, title: h.entry.title, score: h.score, matched: h.matched })),
    });
  }

  private repliesFor(result: SearchResult, action: Exclude<FreeTextAction, { kind: 'startTree' }>): Reply[] {
    switch (action.kind) {
      case 'answer': {
        const walk = action.offer ? [button('Walk me through it', `/troubleshoot ${action.offer.tree.id}`)] : [];
        return [entryReply(action.hit.entry, 'overview', [button('Why this answer?', '/why'), ...walk])];
      }
      case 'clarify':
        return [clarifyReply(result), ...offerReplies(action.offer)];
      case 'none':
        return [noMatchReply(this.services, result.query), ...offerReplies(action.offer)];
      default: {
        const never: never = action;
        throw new Error(`unknown action ${JSON.stringify(never)}`);
      }
    }
  }
}

function offerReplies(offer: TreeMatch | undefined): Reply[] {
  return offer ? [reply(`Or let me walk you through **${offer.tree.title}**.`, [button('Walk me through it', `/troubleshoot ${offer.tree.id}`)])] : [];
}

/** The "I don't know" reply: honest, with the troubleshooters and a handoff as ways forward. */
export function noMatchReply(services: BotServices, query: string): Reply {
  const trees = [...services.knowledge.current.trees.values()].slice(0, 4);
  return reply(
    `I don't know the answer to "${quoteUserText(query, 120)}". I only know Skype for Business / Lync ↔ Exchange / Outlook integration, from Microsoft's documentation and KB articles, and I'd rather say so than guess.\n\nYou can pick a guided troubleshooter, rephrase with the exact error message, or hand this to your helpdesk.`,
    [...trees.map((t) => button(shorten(t.title, 40), `/troubleshoot ${t.id}`)), button('All troubleshooters', '/troubleshoot'), button('Hand off to helpdesk', '/handoff')],
  );
}

/** "Did you mean…": the top 2–3 as buttons plus "None of these". */
export function clarifyReply(result: SearchResult): Reply {
  const options = result.hits.slice(0, 3);
  return reply(
    `I'm not sure which of these you mean by "${quoteUserText(result.query, 120)}". Did you mean:\n\n${options.map((h, i) => `${i + 1}. **${h.entry.title}**: ${h.entry.summary}`).join('\n')}`,
    [...options.map((h) => button(shorten(h.entry.title, 40), `/kb ${h.entry.id}`)), button('None of these', '/handoff')],
  );
}

/** Why the search decided what it did, in words (the thresholds are the configured ones). */
function reasonText(last: LastSearch, t: SearchThresholds): string {
  const [top, second] = last.hits;
  const score = (n: number | undefined): string => (n ?? 0).toFixed(2);
  switch (last.reason) {
    case 'signature':
      return 'it contains an error code or message that identifies one entry exactly';
    case 'clear-winner':
      return `one entry was a clear winner (score ${score(top?.score)}${second ? `, next ${score(second.score)}` : ''})`;
    case 'close-scores':
      return `the best entries scored close to each other (${score(top?.score)} and ${score(second?.score)}), so I asked which you meant`;
    case 'below-answer-threshold':
      return `the best score, ${score(top?.score)}, is below the ${score(t.answer)} I need to answer outright, so I asked which you meant`;
    case 'one-word':
      return 'you gave one word, which several entries share, so I asked which you meant';
    case 'too-few-words-matched':
      return 'only one of your words matched anything I know, which is not enough to go on, so I said I did not know';
    case 'below-suggest-threshold':
      return `the best score, ${score(top?.score)}, is below ${score(t.suggest)}, so I said I did not know`;
    case 'no-match':
    case undefined:
      return 'nothing I know matched your words, so I said I did not know';
  }
}

/** The explanation of the last decision: what was done, why, and what matched. */
export function whyReply(last: LastSearch | undefined, thresholds: SearchThresholds): Reply {
  if (!last) return reply('There is no earlier answer to explain. Ask a question first, then `/why`.');
  const lines = last.hits.map((h, i) => `${i + 1}. **${h.title}** (score ${h.score.toFixed(2)}): ${h.matched.length > 0 ? h.matched.map((m) => quoteUserText(m, 160)).join('; ') : 'no specific phrase'}`);
  const hits = lines.length > 0 ? `\n\n${lines.join('\n')}` : '';
  const q = quoteUserText(last.query, 120);
  if (last.decision === 'startTree' && last.tree) {
    const agreement = last.hits[0] ? ` and it covers the best entry, **${last.hits[0].title}**` : '';
    return reply(`For "${q}", I started **${last.tree.title}**: your words match its trigger "${quoteUserText(last.tree.phrase, 120)}" (likeness ${last.tree.similarity.toFixed(2)})${agreement}.${hits}`);
  }
  const offered = last.tree ? `\n\nI offered **${last.tree.title}** because your words are like its trigger "${quoteUserText(last.tree.phrase, 120)}" (likeness ${last.tree.similarity.toFixed(2)}).` : '';
  return reply(`For "${q}", ${reasonText(last, thresholds)}.${hits}${offered}`);
}
