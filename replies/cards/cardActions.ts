import type { ReplyButton } from '../reply.js';
import type { ButtonValue } from '../buttonValue.js';
import { sanitiseText } from '../quote.js';
import type { CardAction, ExecuteAction, SubmitAction } from './adaptiveCard.js';

/** The verb of a troubleshooter step's Action.Execute (the `adaptiveCard/action` invoke names it). */
export const TREE_STEP_VERB = 'treeStep';

/** How a card's buttons are made for one host. */
export interface ActionOptions {
  /**
   * True in Teams: troubleshooter steps are Universal Actions (Action.Execute, answered by the
   * `adaptiveCard/action` invoke, which refreshes the card). Web Chat has no Action.Execute
   * (its renderer knows the type, so a fallback would never be used), so there steps are Submits.
   */
  readonly universal: boolean;
  /** In a group conversation, the user whose troubleshooter the steps answer. */
  readonly owner?: string;
}

/** What a button sends: its text, and the step it answers. */
export function buttonValue(b: ReplyButton): ButtonValue {
  return b.step ? { text: b.text, step: b.step } : { text: b.text };
}

/**
 * A Submit that works in both hosts: Web Chat posts `data` as the message's value; Teams reads
 * `msteams` and sends a messageBack (its text as the message text, its value as the value), so the
 * chat shows the label and the bot reads the same text and step either way.
 */
export function submitAction(b: ReplyButton, extra: Readonly<Record<string, unknown>> = {}): SubmitAction {
  const title = sanitiseText(b.label);
  const value = { ...buttonValue(b), ...extra };
  return {
    type: 'Action.Submit',
    title,
    data: { ...value, msteams: { type: 'messageBack', text: b.text, displayText: title, value } },
  };
}

function executeAction(b: ReplyButton, owner: string | undefined): ExecuteAction {
  const extra = owner !== undefined ? { owner } : {};
  return {
    type: 'Action.Execute',
    title: sanitiseText(b.label),
    verb: TREE_STEP_VERB,
    data: { ...buttonValue(b), ...extra },
    fallback: submitAction(b, extra),
  };
}

/** The card actions for a reply's buttons: Execute for troubleshooter steps where the host has it. */
export function buttonActions(buttons: readonly ReplyButton[], options: ActionOptions): CardAction[] {
  return buttons.map((b) => (b.step && options.universal ? executeAction(b, options.owner) : submitAction(b)));
}
