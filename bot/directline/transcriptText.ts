import { ADAPTIVE_CARD_CONTENT_TYPE } from '../../replies/cards/adaptiveCard.js';
import type { ConversationRecord, StoredActivity } from './conversationStore.js';

/**
 * The conversation as plain text, for the page's "Download transcript": one block per message, with
 * the time, who spoke, the text (the bot's Markdown as written) and the buttons it offered.
 */
export function transcriptText(record: ConversationRecord, productName: string): string {
  const lines = [`${productName}: web chat transcript`, `Conversation started ${record.createdAt}`, ''];
  if (record.nextSeq - 1 > record.activities.length)
    lines.push(`(The ${record.nextSeq - 1 - record.activities.length} oldest messages are no longer kept.)`, '');
  for (const activity of record.activities) {
    if (activity.type !== 'message') continue;
    const who = (activity.from as { role?: unknown } | undefined)?.role === 'bot' ? productName : 'You';
    const time = typeof activity.timestamp === 'string' ? activity.timestamp : '';
    lines.push(`[${time}] ${who}:`);
    const text = shownText(activity);
    if (text !== '') lines.push(text);
    const buttons = buttonTitles(activity);
    if (buttons.length > 0) lines.push(`Buttons: ${buttons.join(' | ')}`);
    lines.push('');
  }
  return lines.join('\n');
}

interface CardAttachment {
  readonly contentType?: unknown;
  readonly content?: {
    readonly buttons?: unknown;
    readonly fallbackText?: unknown;
    readonly actions?: unknown;
    readonly body?: unknown;
  };
}

function attachmentsOf(activity: StoredActivity): CardAttachment[] {
  return Array.isArray(activity.attachments) ? (activity.attachments as CardAttachment[]) : [];
}

/**
 * What the chat showed: a button press shows its label, not the command it sent; a card shows its
 * fallback text (what the bot says in words on a host without cards).
 */
function shownText(activity: StoredActivity): string {
  const displayText = (activity.channelData as { messageBack?: { displayText?: unknown } } | undefined)?.messageBack
    ?.displayText;
  if (typeof displayText === 'string' && displayText !== '') return displayText;
  // A card's Submit in Web Chat posts only its data: the label it showed is what was said.
  const submitted = (activity.value as { msteams?: { displayText?: unknown } } | undefined)?.msteams?.displayText;
  if (typeof submitted === 'string' && submitted !== '' && (typeof activity.text !== 'string' || activity.text === ''))
    return submitted;
  const texts = typeof activity.text === 'string' && activity.text !== '' ? [activity.text] : [];
  for (const a of attachmentsOf(activity))
    if (a.contentType === ADAPTIVE_CARD_CONTENT_TYPE && typeof a.content?.fallbackText === 'string')
      texts.push(a.content.fallbackText);
  return texts.join('\n');
}

function titlesOf(items: unknown): string[] {
  if (!Array.isArray(items)) return [];
  return (items as unknown[]).flatMap((b) => {
    const title = (b as { title?: unknown } | undefined)?.title;
    return typeof title === 'string' ? [title] : [];
  });
}

/** The buttons offered: a hero card's, or an Adaptive Card's actions (its own and its action sets'). */
function buttonTitles(activity: StoredActivity): string[] {
  return attachmentsOf(activity).flatMap((a) => {
    if (a.contentType !== ADAPTIVE_CARD_CONTENT_TYPE) return titlesOf(a.content?.buttons);
    const body = Array.isArray(a.content?.body) ? (a.content.body as { type?: unknown; actions?: unknown }[]) : [];
    return [
      ...titlesOf(a.content?.actions),
      ...body.flatMap((e) => (e.type === 'ActionSet' ? titlesOf(e.actions) : [])),
    ];
  });
}
