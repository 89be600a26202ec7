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

/** What the chat showed: a button press shows its label, not the command it sent. */
function shownText(activity: StoredActivity): string {
  const displayText = (activity.channelData as { messageBack?: { displayText?: unknown } } | undefined)?.messageBack
    ?.displayText;
  if (typeof displayText === 'string' && displayText !== '') return displayText;
  return typeof activity.text === 'string' ? activity.text : '';
}

function buttonTitles(activity: StoredActivity): string[] {
  const attachments = Array.isArray(activity.attachments) ? (activity.attachments as unknown[]) : [];
  const titles: string[] = [];
  for (const attachment of attachments) {
    const buttons = (attachment as { content?: { buttons?: unknown } } | undefined)?.content?.buttons;
    if (!Array.isArray(buttons)) continue;
    for (const b of buttons as unknown[]) {
      const title = (b as { title?: unknown } | undefined)?.title;
      if (typeof title === 'string') titles.push(title);
    }
  }
  return titles;
}
