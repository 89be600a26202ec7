import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ChannelAccount,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import type { ConversationStore } from './conversationStore.js';

/** The channel id of the page's conversations: replies render as Web Chat Markdown. */
export const WEBCHAT_CHANNEL = 'webchat';
/** Not an address: the local channel has no connector URL, its replies are written in process. */
export const LOCAL_SERVICE_URL = 'directline://local';
/** Longest pause a `delay` activity may ask for. */
const MAX_DELAY_MS = 5_000;

/** The bot's turn logic (the same object /api/messages runs); the SDK's types stay in this file. */
export interface LocalBot {
  run(context: TurnContext): Promise<void>;
}

/** The turn-error handler the CloudAdapter also has (apology, progress kept). */
export type TurnErrorHandler = (context: TurnContext, error: Error) => Promise<void>;

/** Thrown when the bot replies into a conversation that expired while the turn ran. */
export class ConversationGoneError extends Error {
  override name = 'ConversationGoneError';
}

/**
 * The local Direct Line's side of the bot: turns arrive from the Direct Line routes in process (never
 * through /api/messages, so the CloudAdapter's token check there stays as it is), and the bot's replies
 * leave through the adapter's normal outbound path, `sendActivities`, which here is the connector: it
 * writes them to the conversation's transcript, where the page's next poll finds them.
 */
export class LocalChannelAdapter extends BotAdapter {
  constructor(
    private readonly store: ConversationStore,
    readonly bot: ChannelAccount,
  ) {
    super();
  }

  /** Runs one turn for an activity the routes built (with the user taken from the token). */
  async runTurn(activity: Partial<Activity> | Record<string, unknown>, bot: LocalBot): Promise<void> {
    const local = { ...activity, channelId: WEBCHAT_CHANNEL, serviceUrl: LOCAL_SERVICE_URL } as Partial<Activity>;
    const context = new TurnContext(this, local);
    await this.runMiddleware(context, (turn) => bot.run(turn));
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const conversationId = context.activity.conversation.id;
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === 'delay') {
        const ms = typeof activity.value === 'number' ? Math.min(Math.max(activity.value, 0), MAX_DELAY_MS) : 0;
        await new Promise((resolve) => setTimeout(resolve, ms));
        responses.push({ id: '' });
        continue;
      }
      // Web Chat shows messages (and events a page may listen to); traces and invoke responses are not for it.
      if (activity.type !== ActivityTypes.Message && activity.type !== ActivityTypes.Event) {
        responses.push({ id: '' });
        continue;
      }
      const ids = await this.store.append(conversationId, [this.outgoing(context, activity)]);
      if (!ids?.[0]) throw new ConversationGoneError(`Conversation ${conversationId} has ended`);
      responses.push({ id: ids[0] });
    }
    return responses;
  }

  /** The activity as the client receives it: from the bot, to the user, plain JSON. */
  private outgoing(context: TurnContext, activity: Partial<Activity>): Record<string, unknown> {
    const incoming = context.activity;
    const json = JSON.parse(JSON.stringify(activity)) as Record<string, unknown>;
    delete json.serviceUrl;
    return {
      ...json,
      type: activity.type,
      channelId: WEBCHAT_CHANNEL,
      timestamp: new Date().toISOString(),
      from: { id: this.bot.id, name: this.bot.name, role: 'bot' },
      recipient: { id: incoming.from.id, role: 'user' },
      conversation: { id: incoming.conversation.id },
      ...(incoming.type === 'message' && incoming.id ? { replyToId: incoming.id } : {}),
    };
  }

  override updateActivity(): Promise<void> {
    return Promise.reject(new Error('The web chat transcript does not change a message once it is sent.'));
  }

  override deleteActivity(): Promise<void> {
    return Promise.reject(new Error('The web chat transcript does not delete a message once it is sent.'));
  }

  override async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation' },
      reference,
      true,
    );
    await this.runTurn(activity, { run: logic });
  }
}
