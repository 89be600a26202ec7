import { PrivateConversationState, type TurnContext } from 'botbuilder';

/** True in a Teams channel or group chat (or any conversation the channel marks as a group). */
export function isGroupConversation(context: TurnContext): boolean {
  const c = context.activity.conversation;
  return c.isGroup || c.conversationType === 'channel' || c.conversationType === 'groupChat';
}

/**
 * State that belongs to one user's progress in a conversation: the troubleshooter they are in and
 * their last answer. In a group conversation (a Teams channel thread, a group chat) each user has
 * their own, so one person's `cancel` never ends another's troubleshooter; in a personal chat there
 * is one user, and the state is the conversation's.
 */
export class UserConversationState extends PrivateConversationState {
  override getStorageKey(context: TurnContext): string | undefined {
    if (isGroupConversation(context)) return super.getStorageKey(context);
    const { channelId, conversation } = context.activity;
    if (!channelId || !conversation.id) return undefined;
    return `${channelId}/conversations/${conversation.id}/private/`;
  }
}
