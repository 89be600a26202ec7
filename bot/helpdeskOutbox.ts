import {
  CardFactory,
  MessageFactory,
  type CloudAdapter,
  type ConversationParameters,
  type ConversationReference,
} from 'botbuilder';
import type { HelpdeskOutbox } from '../conversation/handoffDesk.js';
import type { App } from './app.js';
import type { Config } from './config.js';
import { sendReply } from '../replies/reply.js';
import type { AdaptiveCard } from '../replies/cards/adaptiveCard.js';
import type { TicketPost } from '../tickets/ticket.js';

const TEAMS = 'msteams';

function cardActivity(card: AdaptiveCard): ReturnType<typeof MessageFactory.attachment> {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}

/**
 * The proactive side of the handoff desk, through the CloudAdapter (see ../shared/STACK.md): a new
 * ticket is a new thread in the helpdesk channel (`POST /v3/conversations`, whose id comes back as
 * `<channel>;messageid=<id>`), its card is replaced in place when the ticket moves, and the user is
 * told in the chat they handed off from. CloudAdapter needs the app id for all three; without one
 * (local mode) nothing is posted and the user's notices fail, which the desk logs.
 */
export function createHelpdeskOutbox(
  adapter: CloudAdapter,
  config: Pick<Config, 'microsoftAppId' | 'helpdeskTeamsChannelId'>,
): HelpdeskOutbox {
  const appId = config.microsoftAppId;
  const channelId = config.helpdeskTeamsChannelId;
  return {
    postsToChannel: channelId !== '' && appId !== '',
    post: async (card, serviceUrl) => {
      const params: ConversationParameters = {
        isGroup: true,
        channelData: { channel: { id: channelId } },
        activity: cardActivity(card) as ConversationParameters['activity'],
      } as ConversationParameters;
      let post: TicketPost | undefined;
      await adapter.createConversationAsync(appId, TEAMS, serviceUrl, '', params, (context) => {
        const id = context.activity.conversation.id;
        post = { conversationId: id, activityId: id.split(';messageid=')[1] ?? id };
        return Promise.resolve();
      });
      if (!post) throw new Error('the channel post returned no conversation');
      return post;
    },
    update: async (post, card, serviceUrl) => {
      const reference: Partial<ConversationReference> = {
        channelId: TEAMS,
        serviceUrl,
        conversation: { id: post.conversationId, isGroup: true, conversationType: 'channel', name: '' },
      };
      await adapter.continueConversationAsync(appId, reference, async (context) => {
        await context.updateActivity({ ...cardActivity(card), id: post.activityId });
      });
    },
    notify: async (reference, message) => {
      await adapter.continueConversationAsync(appId, reference, async (context) => {
        await sendReply(context, message);
      });
    },
  };
}

/** Connects the app's handoff desk to the adapter (bot/index.ts, and the HTTP tests, after both exist). */
export function connectHelpdesk(app: App, adapter: CloudAdapter, config: Config): void {
  app.services.handoffDesk?.attach(createHelpdeskOutbox(adapter, config));
}
