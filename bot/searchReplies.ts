import type { BotState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs';
import type { BotServices } from './botServices.js';
import type { FreeTextHandler } from './freeTextHandler.js';
import type { SearchResult } from '../knowledge/knowledgeIndex.js';
import { entryReply, shorten } from './cards/entryCard.js';
import { button, reply, sendReply, type Reply } from './cards/reply.js';
import { quoteUserText } from '../replies/quote.js';
import { TREE_DIALOG } from '../dialogs/treeDialog.js';

/** Conversation-state key of the last search, for "Why this answer?" and /why. */
export const LAST_SEARCH = 'lastSearch';

export interface LastSearch {
  readonly query: string;
  readonly decision: string;
  readonly hits: readonly { readonly id: string; readonly title: string; readonly score: number; readonly matched: readonly string[] }[];
}

/** A troubleshooter whose triggers say the same as the question starts right away. */
const TREE_START_SIMILARITY = 0.45;
/** A looser likeness only offers it ("Walk me through it"). */
const TREE_OFFER_SIMILARITY = 0.3;

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

/** The explanation of a search: which phrases, words and signatures matched, and the scores. */
export function whyReply(last: LastSearch | undefined): Reply {
  if (!last || last.hits.length === 0) return reply('There is no earlier answer to explain. Ask a question first, then `/why`.');
  const lines = last.hits.slice(0, 3).map((h, i) => `${i + 1}. **${h.title}** (score ${h.score.toFixed(2)}): ${h.matched.length > 0 ? h.matched.map((m) => quoteUserText(m, 160)).join('; ') : 'no specific phrase'}`);
  const decision = last.decision === 'answer' ? 'one entry was a clear winner' : last.decision === 'clarify' ? 'several entries were close, so I asked' : 'nothing was close enough, so I said I did not know';
  return reply(`For "${quoteUserText(last.query, 120)}", ${decision}:\n\n${lines.join('\n')}`);
}

/** Builds the bot's free-text answering: search, decisions, trees, explanations. */
export function createFreeTextHandler(services: BotServices, userConversationState: BotState): FreeTextHandler {
  const lastSearch: StatePropertyAccessor<LastSearch> = userConversationState.createProperty<LastSearch>(LAST_SEARCH);

  const remember = async (context: TurnContext, result: SearchResult): Promise<void> => {
    await lastSearch.set(context, {
      query: result.query.slice(0, 500),
      decision: result.decision,
      hits: result.hits.map((h) => ({ id: h.entry.id, title: h.entry.title, score: h.score, matched: h.matched })),
    });
  };

  const replyFor = (result: SearchResult, walkButton?: { id: string }): Reply[] => {
    const top = result.hits[0];
    if (result.decision === 'answer' && top) {
      const extra = [button('Why this answer?', '/why'), ...(walkButton ? [button('Walk me through it', `/troubleshoot ${walkButton.id}`)] : [])];
      return [entryReply(top.entry, 'overview', extra)];
    }
    if (result.decision === 'clarify') return [clarifyReply(result)];
    return [noMatchReply(services, result.query)];
  };

  const handler: FreeTextHandler = {
    async answer(context: TurnContext, dc: DialogContext, text: string, mode) {
      if (mode === 'why') {
        await sendReply(context, whyReply(await lastSearch.get(context)));
        return;
      }
      const index = services.knowledge.index;
      const result = index.search(text);
      await remember(context, result);
      services.logger.info('search', { conversationId: context.activity.conversation?.id, mode, decision: result.decision, top: result.hits[0]?.entry.id, score: result.hits[0]?.score });

      if (mode === 'explain') {
        const sig = result.hits.filter((h) => h.bySignature);
        const first = sig[0];
        if (first) {
          const recognised = first.matched.find((m) => m.startsWith('error')) ?? 'a known error';
          const others = sig.slice(1, 3).map((h) => button(shorten(h.entry.title, 40), `/kb ${h.entry.id}`));
          await sendReply(context, reply(`I recognised ${quoteUserText(recognised, 200)}.`));
          await sendReply(context, entryReply(first.entry, 'overview', [button('Why this answer?', '/why'), ...others]));
          return;
        }
        await sendReply(context, reply("I didn't recognise a specific error code or message in that text, so here is what it is closest to:"));
        for (const r of replyFor(result)) await sendReply(context, r);
        return;
      }

      // A symptom that a guided troubleshooter covers starts it (outside a tree) or is offered.
      const tree = dc.activeDialog ? undefined : index.matchTree(text);
      const mayStart = mode === 'free';
      const signature = result.hits[0]?.bySignature === true;
      if (tree && mayStart && !signature && tree.similarity >= TREE_START_SIMILARITY) {
        await sendReply(context, reply(`That sounds like **${tree.tree.title}**. Let's walk through it.`));
        await dc.beginDialog(TREE_DIALOG, { treeId: tree.tree.id });
        return;
      }
      const offer = tree && tree.similarity >= TREE_OFFER_SIMILARITY ? { id: tree.tree.id } : undefined;
      for (const r of replyFor(result, offer)) await sendReply(context, r);
      if (offer && result.decision !== 'answer') await sendReply(context, reply(`Or let me walk you through **${tree?.tree.title}**.`, [button('Walk me through it', `/troubleshoot ${offer.id}`)]));
    },
    async beginTree(context: TurnContext, dc: DialogContext, treeId: string) {
      if (dc.activeDialog) await dc.cancelAllDialogs();
      await dc.beginDialog(TREE_DIALOG, { treeId });
    },
  };
  return handler;
}

/** Answers a question asked in the middle of a tree; true when it had a confident answer. */
export async function answerAside(services: BotServices, context: TurnContext, text: string): Promise<boolean> {
  const result = services.knowledge.index.search(text);
  const top = result.hits[0];
  if (result.decision !== 'answer' || !top) return false;
  await sendReply(context, entryReply(top.entry, 'overview'));
  return true;
}
