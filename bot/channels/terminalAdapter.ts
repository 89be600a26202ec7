import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import type { Writable } from 'node:stream';
import { markLocalOperator } from '../../conversation/caller.js';
import { sanitiseText } from '../../replies/quote.js';

/**
 * Channel id of the terminal chat; the bot renders plain text for it. Being the local operator is
 * not this id (an HTTP caller can send any channelId) but a mark this adapter puts on its own turns.
 */
export const TERMINAL_CHANNEL = 'terminal';

interface HeroButton {
  readonly title: string;
  readonly text: string;
  /** What the button sends besides its text (a troubleshooter step), as Teams and Web Chat do. */
  readonly value?: unknown;
}

/**
 * A Bot Framework adapter for a terminal: each line typed is one message activity, run through the
 * same bot and middleware as HTTP; replies are printed as text with numbered buttons, and typing a
 * button's number sends that button.
 */
export class TerminalAdapter extends BotAdapter {
  private lastButtons: readonly HeroButton[] = [];
  private nextId = 1;
  private readonly reference: ConversationReference = {
    channelId: TERMINAL_CHANNEL,
    serviceUrl: 'terminal://local',
    conversation: { id: 'terminal', isGroup: false, conversationType: 'personal', name: 'terminal' },
    user: { id: 'local-operator', name: 'operator', role: 'user' },
    bot: { id: 'troubleshooter', name: 'Troubleshooter', role: 'bot' },
  };

  constructor(private readonly output: Writable) {
    super();
  }

  /** Starts the conversation: the user "joins", so the bot welcomes them. */
  async join(logic: (context: TurnContext) => Promise<void>): Promise<void> {
    await this.runActivity(
      {
        type: ActivityTypes.ConversationUpdate,
        membersAdded: [this.reference.user as NonNullable<ConversationReference['user']>, this.reference.bot],
      },
      logic,
    );
  }

  /** Sends one typed line; a bare number picks the matching button of the last reply. */
  async say(line: string, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const trimmed = line.trim();
    const n = /^\d{1,2}$/.test(trimmed) ? Number(trimmed) : 0;
    const picked = n >= 1 ? this.lastButtons[n - 1] : undefined;
    const text = picked ? picked.text : line;
    if (picked) this.write(`> ${picked.title}\n\n`);
    await this.runActivity(
      { type: ActivityTypes.Message, text, ...(picked ? { value: picked.value ?? { text } } : {}) },
      logic,
    );
  }

  private async runActivity(partial: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = {
      ...TurnContext.applyConversationReference(
        { ...partial, id: String(this.nextId++), timestamp: new Date(), localTimestamp: new Date() },
        this.reference,
        true,
      ),
      from: this.reference.user,
      recipient: this.reference.bot,
    } as Activity;
    const context = new TurnContext(this, activity);
    markLocalOperator(context);
    await this.runMiddleware(context, logic);
  }

  /** Writes to the terminal; nothing the bot prints may carry an escape sequence or a bidi override. */
  write(text: string): void {
    this.output.write(sanitiseText(text));
  }

  override sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      responses.push({ id: String(this.nextId++) });
      if (activity.type !== ActivityTypes.Message) continue;
      const buttons = heroButtons(activity);
      if (buttons.length > 0) this.lastButtons = buttons;
      const lines: string[] = [];
      if (activity.text) lines.push(activity.text);
      if (buttons.length > 0) lines.push(buttons.map((b, i) => `  [${i + 1}] ${b.title}`).join('\n'));
      this.write(`${lines.join('\n\n')}\n\n`);
    }
    return Promise.resolve(responses);
  }

  override updateActivity(): Promise<void> {
    return Promise.reject(new Error('The terminal cannot update a message that was already printed.'));
  }

  override deleteActivity(): Promise<void> {
    return Promise.reject(new Error('The terminal cannot delete a message that was already printed.'));
  }

  override async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation' },
      reference,
      true,
    ) as Activity;
    const context = new TurnContext(this, activity);
    markLocalOperator(context);
    await this.runMiddleware(context, logic);
  }
}

function heroButtons(activity: Partial<Activity>): HeroButton[] {
  const buttons: HeroButton[] = [];
  for (const attachment of activity.attachments ?? []) {
    const content = attachment.content as
      { buttons?: { title?: string; text?: string; value?: unknown }[] } | undefined;
    for (const b of content?.buttons ?? []) {
      const text = typeof b.text === 'string' ? b.text : typeof b.value === 'string' ? b.value : (b.title ?? '');
      buttons.push({
        title: b.title ?? text,
        text,
        ...(typeof b.value === 'object' && b.value !== null ? { value: b.value } : {}),
      });
    }
  }
  for (const action of activity.suggestedActions?.actions ?? []) {
    const text =
      typeof action.text === 'string' ? action.text : typeof action.value === 'string' ? action.value : action.title;
    buttons.push({ title: action.title, text });
  }
  return buttons;
}
