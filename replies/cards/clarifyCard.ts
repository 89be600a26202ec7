import { messages } from '../messages.js';
import { adaptiveCard, type AdaptiveCard, type CardAction, type Container } from './adaptiveCard.js';
import { markdownText as textBlock } from './markdownElements.js';
import type { ClarifyCard } from './replyCard.js';

/**
 * "Did you mean…": the question as the bot read it (quoted), then each entry offered with its
 * summary, numbered like the buttons under them (typing the number works too).
 */
export function clarifyCard(card: ClarifyCard, actions: readonly CardAction[], fallbackText: string): AdaptiveCard {
  const options: Container[] = card.options.map((o, i) => ({
    type: 'Container',
    separator: i === 0,
    spacing: 'Medium',
    items: [
      textBlock(messages.search.clarifyOptionTitle(i + 1, o.title)),
      textBlock(o.summary, { isSubtle: true, spacing: 'Small' }),
    ],
  }));
  return adaptiveCard([textBlock(messages.search.clarifyLead(card.quotedQuery)), ...options], actions, fallbackText);
}
