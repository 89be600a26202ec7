import { randomBytes } from 'node:crypto';
import type { BotState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { BotServices } from './services.js';
import type { KnowledgeEntry } from '../knowledge/model.js';
import { button, reply, type Reply, type ReplyButton } from '../replies/reply.js';
import { shorten } from '../replies/entryCard.js';
import { analyticsMessages as words } from '../replies/messages.js';
import { keptText } from '../analytics/events.js';
import { recordTurnEvent } from './turnEvents.js';
import { treeEntryIds } from './treeEntries.js';

/** State key (per user in the conversation): the last answers shown, for their feedback buttons. */
export const RECENT_ANSWERS = 'recentAnswers';
/** How many answers keep their feedback record (older buttons still count once: see {@link AnswerFeedback.rate}). */
const MAX_RECENT = 12;

interface RecentAnswer {
  readonly id: string;
  readonly entry: string;
  /** The question (cut), kept in the conversation's state only, for a 👎 and its "other matches". */
  readonly query?: string;
  readonly others: readonly string[];
  rated?: boolean;
}

/** The text a feedback button sends: `/feedback up|down <answer> <entry>`. */
export function feedbackText(verdict: 'up' | 'down', answer: string, entry: string): string {
  return `/feedback ${verdict} ${answer} ${entry}`;
}

/**
 * "Did this help?" under every answer: 👍 / 👎 buttons naming the answer shown, counted once per
 * answer (a repeated or stale click is thanked, not counted again); a 👎 offers the entry's
 * troubleshooter, the other matches and a handoff.
 */
export class AnswerFeedback {
  private readonly recent: StatePropertyAccessor<RecentAnswer[]>;

  constructor(
    private readonly services: BotServices,
    userConversationState: BotState,
  ) {
    this.recent = userConversationState.createProperty<RecentAnswer[]>(RECENT_ANSWERS);
  }

  /** The answer `r` of `entry` with the feedback question and buttons, and the "answer shown" event. */
  async ask(
    context: TurnContext,
    r: Reply,
    entry: KnowledgeEntry,
    query?: string,
    others: string[] = [],
  ): Promise<Reply> {
    const id = randomBytes(4).toString('hex');
    const list = await this.recent.get(context, []);
    const kept: RecentAnswer = {
      id,
      entry: entry.id,
      others: others.slice(0, 2),
      ...(query ? { query: keptText(query) } : {}),
    };
    await this.recent.set(context, [...list, kept].slice(-MAX_RECENT));
    recordTurnEvent(context, { type: 'answerShown', entry: entry.id, answer: id });
    const buttons: ReplyButton[] = [
      button(words.helpfulButton, feedbackText('up', id, entry.id)),
      button(words.notHelpfulButton, feedbackText('down', id, entry.id)),
    ];
    const card = r.card?.kind === 'entry' ? { ...r.card, askFeedback: true } : r.card;
    return reply(`${r.markdown}\n\n${words.didThisHelp}`, [...(r.buttons ?? []), ...buttons], card);
  }

  /** {@link ask} for an entry named by id (`/kb <id>`); the reply unchanged when the entry is unknown. */
  async askFor(context: TurnContext, r: Reply, entryId: string): Promise<Reply> {
    const entry = this.services.knowledge.current.entries.get(entryId);
    return entry ? this.ask(context, r, entry) : r;
  }

  /** A 👍 / 👎 click: recorded once per answer; a 👎 gets the ways forward. */
  async rate(context: TurnContext, helpful: boolean, answer: string, entryId: string): Promise<Reply[]> {
    const entry = this.services.knowledge.current.entries.get(entryId);
    if (!entry) return [reply(words.unknownEntry)];
    const list = await this.recent.get(context, []);
    const found = list.find((a) => a.id === answer && a.entry === entryId);
    if (found?.rated) return [reply(words.alreadyCounted)];
    const record: RecentAnswer = found ?? { id: answer, entry: entryId, others: [] };
    record.rated = true;
    await this.recent.set(context, found ? [...list] : [...list, record].slice(-MAX_RECENT));
    recordTurnEvent(context, {
      type: 'feedback',
      entry: entryId,
      answer,
      helpful,
      ...(!helpful && record.query ? { text: record.query } : {}),
    });
    return helpful ? [reply(words.thanksHelpful)] : [this.waysForward(entry, record)];
  }

  private waysForward(entry: KnowledgeEntry, record: RecentAnswer): Reply {
    const { trees, entries } = this.services.knowledge.current;
    const tree = [...trees.values()].find((t) => treeEntryIds(t).has(entry.id));
    const others = record.others.flatMap((id) => {
      const other = entries.get(id);
      return other ? [button(words.otherMatchButton(shorten(other.title, 32)), `/kb ${other.id}`)] : [];
    });
    return reply(words.notHelpful(entry.title), [
      ...(tree ? [button(words.tryTreeButton, `/troubleshoot ${tree.id}`)] : []),
      ...others,
      button(words.handOffButton, '/handoff-from not-helpful'),
    ]);
  }
}
