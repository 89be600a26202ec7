import type { TurnContext } from 'botbuilder';
import type { Caller } from './commands/commandSpec.js';

/**
 * Marks a turn as typed by the local operator: the person at the terminal of the process itself.
 * Only the terminal adapter sets it, on contexts it builds; nothing in an activity (which over HTTP
 * anyone can write) can, because turn state is not part of the activity.
 */
const LOCAL_OPERATOR = Symbol('localOperator');

/** Called by the terminal adapter for each turn it runs. */
export function markLocalOperator(context: TurnContext): void {
  context.turnState.set(LOCAL_OPERATOR, true);
}

/**
 * True when the channel proved who sent this activity: the adapter verified a Bot Framework token
 * (with auth off, CloudAdapter records an anonymous identity, and any field could be forged).
 */
export function isChannelVerified(context: TurnContext): boolean {
  const identity = context.turnState.get<{ isAuthenticated?: boolean; authenticationType?: unknown } | undefined>(
    context.adapter.BotIdentityKey,
  );
  return identity?.isAuthenticated === true && identity.authenticationType !== 'anonymous';
}

/**
 * Who is asking. Admins are the local operator and the Teams users whose Azure AD object id is
 * configured, when the channel's token vouches for the activity. A web chat `from.id` is never trusted.
 * The helpdesk is proved the same way (its own list of object ids); admins are helpdesk too.
 */
export function callerOf(
  context: TurnContext,
  adminAadObjectIds: readonly string[],
  helpdeskAadObjectIds: readonly string[] = [],
): Caller {
  // The edge check (activityGuard.ts) refuses an activity without a sender or a channel.
  const { from, channelId } = context.activity;
  const aad = typeof from.aadObjectId === 'string' ? from.aadObjectId.toLowerCase() : undefined;
  const isLocalOperator = context.turnState.get(LOCAL_OPERATOR) === true;
  const isAdmin =
    isLocalOperator ||
    (channelId === 'msteams' && aad !== undefined && adminAadObjectIds.includes(aad) && isChannelVerified(context));
  const isHelpdesk =
    isAdmin ||
    (channelId === 'msteams' && aad !== undefined && helpdeskAadObjectIds.includes(aad) && isChannelVerified(context));
  return {
    id: from.id,
    channelId,
    isAdmin,
    ...(isHelpdesk ? { isHelpdesk: true } : {}),
    ...(typeof from.name === 'string' && from.name ? { name: from.name } : {}),
    ...(aad ? { aadObjectId: aad } : {}),
  };
}
