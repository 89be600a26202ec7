import {
  type Activity,
  type InvokeResponse,
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type BotState,
  type TurnContext,
} from 'botbuilder';
import { DialogContextError } from '../dialogs/dialogKit.js';
import type { Config } from './config.js';
import type { Logger } from '../core/logger.js';
import { messages } from '../replies/messages.js';

/**
 * The CloudAdapter with its activity entry point public: the server parses and checks the request
 * itself (CloudAdapter.process answers failures with their internal error text and a console stack).
 */
export class BotAdapter extends CloudAdapter {
  /** Authenticates the request's token, then runs `logic` for the activity. Throws on a bad token. */
  processIncoming(
    authorization: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}

export interface AdapterOptions {
  /**
   * More ConfigurationBotFrameworkAuthentication settings (tests point ToBotFromChannelOpenIdMetadataUrl
   * at an unreachable host; botbuilder then needs the other channel endpoints spelled out too).
   */
  readonly authSettings?: Readonly<Record<string, string | boolean>>;
}

/**
 * Builds the adapter. Auth is on whenever an app id is configured; with an empty app id the
 * adapter accepts unauthenticated requests (local Emulator and terminal use only).
 */
export function createAdapter(config: Config, options: AdapterOptions = {}): BotAdapter {
  const settings = {
    MicrosoftAppId: config.microsoftAppId,
    MicrosoftAppPassword: config.microsoftAppPassword,
    MicrosoftAppType: config.microsoftAppType,
    MicrosoftAppTenantId: config.microsoftAppTenantId,
    ...options.authSettings,
  };
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  // botbuilder and botbuilder-core each declare this class; it is one class at run time.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
  const auth = new ConfigurationBotFrameworkAuthentication(settings, credentials);
  return new BotAdapter(auth);
}

export interface TurnErrorDeps {
  readonly logger: Logger;
  /** Where the user's progress (the dialog stack) lives; cleared only when it is what failed. */
  readonly userConversationState: BotState;
}

/**
 * True when the fault is in the saved progress itself: a dialog on the stack that no longer exists
 * (the bot was updated), or state of a shape this version cannot read. Only then is it cleared.
 */
export function isSavedStateFault(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.name === 'SavedStateError') return true;
    if (e instanceof DialogContextError && /wasn't found|was not found|not found/i.test(e.message)) return true;
  }
  return false;
}

/**
 * The one turn-error handler: logs the fault with its conversation id and dialog stack, sends one
 * short apology (never a stack trace), and keeps the user's progress: the turn's changes are not
 * saved, so the next turn starts where the last good one ended. Saved state is cleared only when
 * it is what failed. A failure while recovering is logged, never rethrown.
 */
export function createOnTurnError(deps: TurnErrorDeps): (context: TurnContext, error: Error) => Promise<void> {
  return async function onTurnError(context: TurnContext, error: Error): Promise<void> {
    const conversationId = context.activity.conversation.id;
    const stateFault = isSavedStateFault(error);
    deps.logger.error('turn failed', {
      conversationId,
      channelId: context.activity.channelId,
      activityType: context.activity.type,
      dialogStack: error instanceof DialogContextError ? error.dialogContext.stack.map((d) => d.id) : undefined,
      stateCleared: stateFault,
      error: error.cause ?? error,
      errorMessage: error.message,
    });
    if (stateFault) {
      try {
        await deps.userConversationState.delete(context);
      } catch (clearError) {
        deps.logger.error('could not clear conversation state', { conversationId, error: clearError });
      }
    }
    try {
      await context.sendActivity(stateFault ? messages.apologyStateCleared : messages.apology);
      // The Emulator shows trace activities; other channels ignore them.
      await context.sendActivity({
        type: ActivityTypes.Trace,
        name: 'onTurnError',
        label: 'TurnError',
        valueType: 'https://www.botframework.com/schemas/error',
        value: 'The turn failed; see the bot log.',
      });
    } catch (sendError) {
      deps.logger.error('could not send the apology', { conversationId, error: sendError });
    }
  };
}
