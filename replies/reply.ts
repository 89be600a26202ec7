import { ActivityTypes, CardFactory, type Activity, type CardAction, type TurnContext } from 'botbuilder';
import { renderMarkdown, type RenderTarget } from './render.js';
import { sanitiseText } from './quote.js';
import type { ButtonValue, StepChoice } from './buttonValue.js';

/** A button: what it says, and the message it sends back when clicked (or typed as its number). */
export interface ReplyButton {
  readonly label: string;
  /** The text the bot receives when the button is used; commands and tree answers are plain text. */
  readonly text: string;
  /** The troubleshooter step this button answers (sent back in the button's value). */
  readonly step?: StepChoice;
}

/** A channel-neutral reply: Markdown plus optional buttons. Formatters return these; handlers send them. */
export interface Reply {
  readonly markdown: string;
  readonly buttons?: readonly ReplyButton[];
}

/** Builds a {@link Reply}. */
export function reply(markdown: string, buttons?: readonly ReplyButton[]): Reply {
  return buttons && buttons.length > 0 ? { markdown, buttons } : { markdown };
}

/** Sends a reply rendered for the turn's channel. The one place replies leave the bot. */
export async function sendReply(context: TurnContext, r: Reply): Promise<void> {
  await context.sendActivity(toActivity(r, context.activity.channelId));
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

/**
 * Turns a reply into an activity for one channel. Buttons go on a hero card (not suggested
 * actions) because Teams does not show suggested actions in channels; `messageBack` sends the
 * button's text to the bot while the chat shows its label.
 */
export function toActivity(r: Reply, channelId: string | undefined): Partial<Activity> {
  const target = targetForChannel(channelId);
  const activity: Partial<Activity> = {
    type: ActivityTypes.Message,
    // Our text never holds control characters; sanitising here is the last guard for what a user sent.
    text: renderMarkdown(sanitiseText(r.markdown), target),
    textFormat: target === 'terminal' ? 'plain' : 'markdown',
  };
  if (r.buttons && r.buttons.length > 0) {
    const actions: CardAction[] = r.buttons.map((b) => {
      const value: ButtonValue = b.step ? { text: b.text, step: b.step } : { text: b.text };
      return {
        type: 'messageBack',
        title: sanitiseText(b.label),
        text: b.text,
        displayText: sanitiseText(b.label),
        value,
      };
    });
    activity.attachments = [CardFactory.heroCard('', undefined, actions)];
  }
  return activity;
}
