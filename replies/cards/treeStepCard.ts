import { messages } from '../messages.js';
import { renderMarkdown, type RenderTarget } from '../render.js';
import { adaptiveCard, type AdaptiveCard, type CardAction, type CardElement } from './adaptiveCard.js';
import { markdownElements, markdownText as textBlock } from './markdownElements.js';
import type { TreeStepCard } from './replyCard.js';

/** The troubleshooter's title above each of its steps, so a step read later says where it belongs. */
function treeHeader(title: string): CardElement {
  return textBlock(title, { isSubtle: true, size: 'Small', weight: 'Bolder' });
}

/**
 * A troubleshooter step: the lead (what happened to the last answer) apart from the step, then
 * the question, check (its cmdlet as a PowerShell code block) or fix, with the choices as buttons.
 */
export function treeStepCard(card: TreeStepCard, actions: readonly CardAction[], fallbackText: string): AdaptiveCard {
  const lead: CardElement[] =
    card.lead !== undefined ? [{ type: 'Container', style: 'emphasis', items: markdownElements(card.lead) }] : [];
  return adaptiveCard([treeHeader(card.treeTitle), ...lead, ...markdownElements(card.body)], actions, fallbackText);
}

/** What became of a step whose button was clicked: answered with this choice, or closed (stale). */
export type StepOutcome = { readonly answered: string } | { readonly closed: true };

/**
 * The step's card as it stays in the chat after a click (the `adaptiveCard/action` invoke's
 * answer): the step without its lead and without buttons, and the choice made (or that it is
 * closed), so the same card cannot be answered twice.
 */
export function answeredStepCard(card: TreeStepCard, outcome: StepOutcome, target: RenderTarget): AdaptiveCard {
  const note = 'answered' in outcome ? messages.cards.answered(outcome.answered) : messages.cards.stepClosed;
  const noteBlock = textBlock(note, 'answered' in outcome ? { color: 'Good', spacing: 'Medium' } : { isSubtle: true });
  return adaptiveCard(
    [treeHeader(card.treeTitle), ...markdownElements(card.body), noteBlock],
    [],
    renderMarkdown(`${card.body}\n\n${note}`, target),
  );
}

/** A card that only says something (a click on a step whose troubleshooter is gone), without buttons. */
export function closedCard(markdown: string, target: RenderTarget): AdaptiveCard {
  return adaptiveCard(markdownElements(markdown), [], renderMarkdown(markdown, target));
}
