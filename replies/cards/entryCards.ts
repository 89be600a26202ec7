import type { KnowledgeEntry } from '../../knowledge/model.js';
import { kbUrl } from '../../knowledge/model.js';
import { analyticsMessages, messages } from '../messages.js';
import {
  adaptiveCard,
  textBlock as plainText,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
} from './adaptiveCard.js';
import { markdownElements, markdownHeading as heading, markdownText as textBlock } from './markdownElements.js';
import type { EntryCard } from './replyCard.js';

/** At most this many KB articles get an Open URL button on an inserted answer. */
const MAX_KB_BUTTONS = 5;

/** The overview's body: the title, the summary, the fix steps and the KB line. */
function overviewElements(entry: KnowledgeEntry): CardElement[] {
  const kb = entry.kb.map((n) => messages.kbLink(n, kbUrl(n))).join(', ');
  return [
    heading(entry.title, 1),
    textBlock(entry.summary),
    heading(messages.entry.fixHeading, 2),
    ...markdownElements(entry.sections.fix),
    ...(kb ? [textBlock(messages.entry.kbLine(kb))] : []),
  ];
}

/** The body of one part of an entry: the overview, a section under its heading, or the whole entry. */
function partElements(card: EntryCard): CardElement[] {
  const { entry, part } = card;
  switch (part) {
    case 'overview':
      return overviewElements(entry);
    case 'full':
      return markdownElements(entry.markdown);
    case 'cause':
    case 'powershell':
    case 'verify':
    case 'links':
      return [
        heading(entry.title, 1),
        heading(messages.entry.partHeadings[part], 2),
        ...markdownElements(entry.sections[part] ?? ''),
      ];
    default: {
      const never: never = part;
      throw new Error(`unknown entry part ${String(never)}`);
    }
  }
}

/** An answer in the chat: the part asked for, and the buttons for the other parts. */
export function entryAnswerCard(card: EntryCard, actions: readonly CardAction[], fallbackText: string): AdaptiveCard {
  const ask = card.askFeedback
    ? [plainText(analyticsMessages.didThisHelp, { isSubtle: true, size: 'Small', spacing: 'Medium', separator: true })]
    : [];
  return adaptiveCard([...partElements(card), ...ask], actions, fallbackText);
}

/**
 * An answer inserted into a chat by the messaging extension, where the bot may not be a member:
 * the overview, the PowerShell and the verification, and its KB articles as Open URL buttons. No
 * button sends anything to the bot.
 */
export function standaloneEntryCard(entry: KnowledgeEntry, fallbackText: string): AdaptiveCard {
  const { sections } = entry;
  const more = (part: 'powershell' | 'verify', text: string | undefined): CardElement[] =>
    text === undefined ? [] : [heading(messages.entry.partHeadings[part], 2), ...markdownElements(text)];
  const actions: CardAction[] = entry.kb.slice(0, MAX_KB_BUTTONS).map((kb) => ({
    type: 'Action.OpenUrl',
    title: messages.entry.kbButton(kb),
    url: kbUrl(kb),
  }));
  return adaptiveCard(
    [...overviewElements(entry), ...more('powershell', sections.powershell), ...more('verify', sections.verify)],
    actions,
    fallbackText,
  );
}
