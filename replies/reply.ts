import { ActivityTypes, CardFactory, type Activity, type CardAction, type TurnContext } from 'botbuilder';
import { renderMarkdown, type RenderTarget } from './render.js';
import { sanitiseText } from './quote.js';
import type { StepChoice } from './buttonValue.js';
import type { ReplyCard } from './cards/replyCard.js';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from './cards/adaptiveCard.js';
import { buttonValue } from './cards/cardActions.js';
import { cardFor } from './cards/cardFor.js';

/** A button: what it says, and the message it sends back when clicked (or typed as its number). */
export interface ReplyButton {
  readonly label: string;
  /** The text the bot receives when the button is used; commands and tree answers are plain text. */
  readonly text: string;
  /** The troubleshooter step this button answers (sent back in the button's value). */
  readonly step?: StepChoice;
}

/**
 * A channel-neutral reply: Markdown plus optional buttons, and for the kinds that have one, what
 * its Adaptive Card is made of. Formatters return these; handlers send them.
 */
export interface Reply {
  readonly markdown: string;
  readonly buttons?: readonly ReplyButton[];
  readonly card?: ReplyCard;
}

/** Builds a {@link Reply}. */
export function reply(markdown: string, buttons?: readonly ReplyButton[], card?: ReplyCard): Reply {
  return {
    markdown,
    ...(buttons && buttons.length > 0 ? { buttons } : {}),
    ...(card ? { card } : {}),
  };
}

/** Sends a reply rendered for the turn's channel. The one place replies leave the bot. */
export async function sendReply(context: TurnContext, r: Reply): Promise<void> {
  const { channelId, conversation, from } = context.activity;
  const group = conversation.isGroup || ['channel', 'groupChat'].includes(conversation.conversationType);
  await context.sendActivity(toActivity(r, channelId, group ? { owner: from.id } : {}));
}

/** Shortcut for a button whose label is also the text it sends. */
export function button(label: string, text: string = label, step?: StepChoice): ReplyButton {
  return step ? { label, text, step } : { label, text };
}

/** Which rendering a channel gets. Unknown channels get full Markdown (what Web Chat shows). */
export function targetForChannel(channelId: string | undefined): RenderTarget {
  if (channelId === 'msteams') return 'teams';
  if (channelId === 'terminal') return 'terminal';
  return 'webchat';
}

export interface ActivityOptions {
  /** In a group conversation: the user whose turn this is (their troubleshooter's buttons name them). */
  readonly owner?: string;
}

/**
 * Turns a reply into an activity for one channel. A reply with a card kind is an Adaptive Card in
 * Teams and Web Chat (its text, rendered for the channel, as the card's fallback text); the
 * terminal always gets the text. Other replies are text, their buttons on a hero card (not
 * suggested actions: Teams does not show those in channels); `messageBack` sends the button's
 * text to the bot while the chat shows its label.
 */
export function toActivity(r: Reply, channelId: string | undefined, options: ActivityOptions = {}): Partial<Activity> {
  const target = targetForChannel(channelId);
  // Our text never holds control characters; sanitising here is the last guard for what a user sent.
  const text = renderMarkdown(sanitiseText(r.markdown), target);
  if (r.card && target !== 'terminal') {
    const card = cardFor(r.card, r.buttons ?? [], text, { universal: target === 'teams', ...options });
    return { type: ActivityTypes.Message, attachments: [adaptiveCardAttachment(card)] };
  }
  const activity: Partial<Activity> = {
    type: ActivityTypes.Message,
    text,
    textFormat: target === 'terminal' ? 'plain' : 'markdown',
  };
  if (r.buttons && r.buttons.length > 0) {
    const actions: CardAction[] = r.buttons.map((b) => ({
      type: 'messageBack',
      title: sanitiseText(b.label),
      text: b.text,
      displayText: sanitiseText(b.label),
      value: buttonValue(b),
    }));
    activity.attachments = [CardFactory.heroCard('', undefined, actions)];
  }
  return activity;
}

/** An Adaptive Card as an activity attachment. */
export function adaptiveCardAttachment(card: AdaptiveCard): { contentType: string; content: AdaptiveCard } {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}

/** The most of a display name a mention shows. */
const MAX_MENTION_NAME = 60;

/**
 * A display name as a mention may show it: a user sets their own name, so controls, markup and
 * Markdown characters are removed (the `<at>` text must match the entity's text exactly, and
 * nothing in it may turn into markup), blanks collapsed, the length bounded. '' when nothing is left.
 */
export function mentionName(name: string | undefined): string {
  const clean = sanitiseText(name ?? '')
    .replace(/[<>&*_`~#|[\]\\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- code points, as every bound on user text (replies/quote.ts)
  const points = [...clean];
  return points.length > MAX_MENTION_NAME ? points.slice(0, MAX_MENTION_NAME).join('').trim() : clean;
}

/**
 * An activity that @mentions the user it answers (Teams channels and group chats): `<at>name</at>`
 * before the text and a mention entity; on a card, a first TextBlock and the card's
 * `msteams.entities`. Unchanged when the name leaves nothing to show.
 */
export function withMention(activity: Partial<Activity>, user: { id: string; name?: string }): Partial<Activity> {
  const name = mentionName(user.name);
  if (name === '' || user.id === '') return activity;
  const text = `<at>${name}</at>`;
  const entity = { type: 'mention' as const, text, mentioned: { id: user.id, name } };
  // Once per activity: a turn run again after a state conflict registers its mention hook again.
  if (mentions(activity, user.id)) return activity;
  const [first, ...rest] = activity.attachments ?? [];
  // Text first: a merged reply (text above its card) names the user where the message starts.
  const hasText = typeof activity.text === 'string' && activity.text !== '';
  if (!hasText && first?.contentType === ADAPTIVE_CARD_CONTENT_TYPE && rest.length === 0) {
    const card = first.content as AdaptiveCard;
    const mentioned: AdaptiveCard = {
      ...card,
      body: [{ type: 'TextBlock', text, wrap: true }, ...card.body],
      msteams: { ...card.msteams, entities: [entity] },
    };
    return { ...activity, attachments: [adaptiveCardAttachment(mentioned)] };
  }
  if (typeof activity.text !== 'string') return activity;
  return { ...activity, text: `${text} ${activity.text}`, entities: [...(activity.entities ?? []), entity] };
}

/** Whether the activity (its entities or its single card's) already @mentions the user. */
function mentions(activity: Partial<Activity>, userId: string): boolean {
  const isThem = (e: { type?: string; mentioned?: { id?: string } }): boolean =>
    e.type === 'mention' && e.mentioned?.id === userId;
  if ((activity.entities ?? []).some(isThem)) return true;
  const card = activity.attachments?.[0];
  if (card?.contentType !== ADAPTIVE_CARD_CONTENT_TYPE) return false;
  return ((card.content as AdaptiveCard).msteams?.entities ?? []).some(isThem);
}

/** The most of one merged activity, as JSON characters: Teams refuses a message over about 28 KB. */
const MAX_MERGED_CHARS = 20_000;

/** What a text-only message may carry and still be folded into the message after it. */
const FOLDABLE_KEYS = new Set([
  'type',
  'text',
  'textFormat',
  'entities',
  'replyToId',
  'channelId',
  'serviceUrl',
  'conversation',
  'from',
  'recipient',
  'locale',
]);

/**
 * One connector post per turn where the replies fit in one activity: a run of text-only messages
 * is folded into the message that follows it (its text first, then that message's text and card),
 * which is the order the channel shows them in anyway. Everything else is left as it is: typing,
 * invoke responses and events, a message after a card (it would move above the card), messages with
 * suggested actions, speech or channel data, and anything that would grow past Teams' size limit.
 */
export function mergeMessages(activities: readonly Partial<Activity>[]): Partial<Activity>[] {
  const out: Partial<Activity>[] = [];
  for (const next of activities) {
    const previous = out[out.length - 1];
    const merged = previous && folded(previous, next);
    if (merged) out[out.length - 1] = merged;
    else out.push(next);
  }
  return out;
}

/** `previous` folded into `next`, or undefined when the two must stay separate posts. */
function folded(previous: Partial<Activity>, next: Partial<Activity>): Partial<Activity> | undefined {
  if (previous.type !== ActivityTypes.Message || next.type !== ActivityTypes.Message) return undefined;
  if (typeof previous.text !== 'string' || previous.text === '') return undefined;
  if (Object.keys(previous).some((key) => !FOLDABLE_KEYS.has(key))) return undefined;
  if (previous.replyToId !== next.replyToId || previous.conversation?.id !== next.conversation?.id) return undefined;
  const nextText = typeof next.text === 'string' && next.text !== '' ? next.text : undefined;
  if (nextText !== undefined && (next.textFormat ?? 'markdown') !== (previous.textFormat ?? 'markdown'))
    return undefined;
  const entities = [...(previous.entities ?? []), ...(next.entities ?? [])];
  const merged: Partial<Activity> = {
    ...next,
    text: nextText === undefined ? previous.text : `${previous.text}\n\n${nextText}`,
    ...(previous.textFormat !== undefined || next.textFormat !== undefined
      ? { textFormat: next.textFormat ?? previous.textFormat }
      : {}),
    ...(entities.length > 0 ? { entities } : {}),
  };
  return JSON.stringify(merged).length <= MAX_MERGED_CHARS ? merged : undefined;
}
