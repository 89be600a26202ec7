import { analyticsMessages } from '../messages.js';
import { adaptiveCard, type AdaptiveCard, type CardAction } from './adaptiveCard.js';
import { markdownHeading as heading, markdownText as textBlock } from './markdownElements.js';
import type { StatsCard } from './replyCard.js';

/** `/stats`: one card with the last days' figures and the biggest content gaps. */
export function statsCard(card: StatsCard, actions: readonly CardAction[], fallbackText: string): AdaptiveCard {
  const gaps = card.gaps.length > 0 ? card.gaps : [analyticsMessages.statsNone];
  return adaptiveCard(
    [
      heading(card.title, 1),
      { type: 'FactSet', facts: card.facts },
      heading(analyticsMessages.statsGapsTitle, 2),
      ...gaps.map((g) => textBlock(g, { spacing: 'Small' })),
      textBlock(analyticsMessages.statsMore, { isSubtle: true, size: 'Small', spacing: 'Medium' }),
    ],
    actions,
    fallbackText,
  );
}
