import { messages } from '../messages.js';
import { adaptiveCard, type AdaptiveCard, type CardAction } from './adaptiveCard.js';
import { markdownElements, markdownHeading as heading, markdownText as textBlock } from './markdownElements.js';
import type { HandoffCard } from './replyCard.js';

/**
 * The handoff: its title and troubleshooter, the reason, what to do, and the summary as a plain
 * text code block (Teams gives a code block a copy button: the summary is there to be pasted).
 */
export function handoffCard(card: HandoffCard, actions: readonly CardAction[], fallbackText: string): AdaptiveCard {
  return adaptiveCard(
    [
      heading(messages.tree.handoffTitle, 1),
      textBlock(card.treeTitle, { isSubtle: true, spacing: 'None' }),
      ...markdownElements(card.body),
    ],
    actions,
    fallbackText,
  );
}
