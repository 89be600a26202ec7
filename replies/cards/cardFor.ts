import type { ReplyButton } from '../reply.js';
import type { ReplyCard } from './replyCard.js';
import type { AdaptiveCard } from './adaptiveCard.js';
import { buttonActions, type ActionOptions } from './cardActions.js';
import { clarifyCard } from './clarifyCard.js';
import { entryAnswerCard } from './entryCards.js';
import { handoffCard } from './handoffCard.js';
import { matrixExchangeCard, matrixPairCard } from './matrixCards.js';
import { treeStepCard } from './treeStepCard.js';
import { statsCard } from './statsCard.js';

/**
 * The Adaptive Card of a reply that has a card kind: one builder per kind, the reply's buttons as
 * its actions, and `fallbackText` (the reply's text for the channel) for hosts that cannot show it.
 */
export function cardFor(
  card: ReplyCard,
  buttons: readonly ReplyButton[],
  fallbackText: string,
  options: ActionOptions,
): AdaptiveCard {
  const actions = buttonActions(buttons, options);
  switch (card.kind) {
    case 'entry':
      return entryAnswerCard(card, actions, fallbackText);
    case 'clarify':
      return clarifyCard(card, actions, fallbackText);
    case 'treeStep':
      return treeStepCard(card, actions, fallbackText);
    case 'handoff':
      return handoffCard(card, actions, fallbackText);
    case 'matrixPair':
      return matrixPairCard(card, actions, fallbackText);
    case 'matrixExchange':
      return matrixExchangeCard(card, actions, fallbackText);
    case 'stats':
      return statsCard(card, actions, fallbackText);
    default: {
      const never: never = card;
      throw new Error(`unknown card kind ${JSON.stringify(never)}`);
    }
  }
}
