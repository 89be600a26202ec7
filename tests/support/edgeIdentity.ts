/**
 * What the edge of the real bot vouches for, for tests that drive the bot through a TestAdapter:
 * the terminal adapter marks its own turns as the local operator, and CloudAdapter records the
 * verified token's identity. These middlewares do the same for a TestAdapter's turns; the real
 * edges are tested on their own (terminal adapter, HTTP with signed tokens).
 */
import type { Middleware, TurnContext } from 'botbuilder';
import { markLocalOperator } from '../../conversation/caller.js';

/** Every turn of the adapter is typed by the local operator (as TerminalAdapter marks them). */
export const asLocalOperator: Middleware = {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    markLocalOperator(context);
    await next();
  },
};

/** Marks a context as carrying a verified channel token (what CloudAdapter records after auth). */
export function markChannelVerified(context: TurnContext, appId = '00000000-0000-4000-8000-00000000b07a'): void {
  context.turnState.set(context.adapter.BotIdentityKey, {
    isAuthenticated: true,
    authenticationType: 'test-verified-token',
    claims: [{ type: 'aud', value: appId }],
  });
}

/** Every turn of the adapter arrives with a verified channel token. */
export const asVerifiedChannel: Middleware = {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    markChannelVerified(context);
    await next();
  },
};
