import {
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type ConversationState,
  type TurnContext,
} from 'botbuilder';
import { DialogContextError } from 'botbuilder-dialogs';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { messages } from './messages.js';

/**
 * Builds the CloudAdapter. Auth is on whenever an app id is configured; with an empty app id the
 * adapter accepts unauthenticated requests (local Emulator and terminal use only).
 */
export function createAdapter(config: Config): CloudAdapter {
  const settings = {
    MicrosoftAppId: config.microsoftAppId,
    MicrosoftAppPassword: config.microsoftAppPassword,
    MicrosoftAppType: config.microsoftAppType,
    MicrosoftAppTenantId: config.microsoftAppTenantId,
  };
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  const auth = new ConfigurationBotFrameworkAuthentication(settings, credentials);
  return new CloudAdapter(auth);
}

export interface TurnErrorDeps {
  readonly logger: Logger;
  readonly conversationState: ConversationState;
}

/**
 * The one turn-error handler: logs the fault with its conversation id and dialog stack, sends one
 * short apology (never a stack trace), and clears the conversation state so the user is not stuck
 * in a broken dialog. A failure while recovering is logged, never rethrown.
 */
export function createOnTurnError(deps: TurnErrorDeps): (context: TurnContext, error: Error) => Promise<void> {
  return async function onTurnError(context: TurnContext, error: Error): Promise<void> {
    const conversationId = context.activity.conversation?.id;
    deps.logger.error('turn failed', {
      conversationId,
      channelId: context.activity.channelId,
      activityType: context.activity.type,
      dialogStack: error instanceof DialogContextError ? error.dialogContext.stack : undefined,
      error: error.cause ?? error,
      errorMessage: error.message,
    });
    try {
      await context.sendActivity(messages.apology);
      // The Emulator shows trace activities; other channels ignore them.
      await context.sendActivity({ type: ActivityTypes.Trace, name: 'onTurnError', label: 'TurnError', valueType: 'https://www.botframework.com/schemas/error', value: error.message });
    } catch (sendError) {
      deps.logger.error('could not send the apology', { conversationId, error: sendError });
    }
    try {
      await deps.conversationState.delete(context);
    } catch (clearError) {
      deps.logger.error('could not clear conversation state', { conversationId, error: clearError });
    }
  };
}
