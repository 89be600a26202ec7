import { ActivityHandler, TurnContext, type ConversationState, type StatePropertyAccessor, type UserState } from 'botbuilder';
import { DialogSet, type DialogContext, type DialogState } from 'botbuilder-dialogs';
import type { BotServices } from './botServices.js';
import type { Caller, CommandContext, CommandOutcome } from './commands/commandSpec.js';
import type { CommandRegistry } from './commands/registry.js';
import { helpReply } from './commands/help.js';
import { sendReply, type Reply } from './cards/reply.js';
import { messages } from './messages.js';
import { routeMessage, type Route } from './router.js';
import { USER_PROFILE, type UserProfile } from '../dialogs/profile.js';
import type { FreeTextHandler } from './freeTextHandler.js';

/** Conversation-state keys. */
export const DIALOG_STATE = 'dialogState';
export const WELCOMED_MEMBERS = 'welcomedMembers';

export interface TroubleshootingBotDeps {
  readonly services: BotServices;
  readonly conversationState: ConversationState;
  readonly userState: UserState;
  readonly commands: CommandRegistry;
  /** Registers the bot's dialogs on the set (trees, profile questions). */
  readonly registerDialogs?: (dialogs: DialogSet) => void;
  /** Answers free text and search outcomes; see {@link FreeTextHandler}. */
  readonly freeText: FreeTextHandler;
}

/**
 * The bot: strips the @mention, routes each message (command, global word, active dialog, free
 * text), and saves state once per turn. Replies are built by pure formatters and sent here.
 */
export class TroubleshootingBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly welcomed: StatePropertyAccessor<string[]>;
  private readonly profile: StatePropertyAccessor<UserProfile>;
  readonly dialogs: DialogSet;

  constructor(private readonly deps: TroubleshootingBotDeps) {
    super();
    this.dialogState = deps.conversationState.createProperty<DialogState>(DIALOG_STATE);
    this.welcomed = deps.conversationState.createProperty<string[]>(WELCOMED_MEMBERS);
    this.profile = deps.userState.createProperty<UserProfile>(USER_PROFILE);
    this.dialogs = new DialogSet(this.dialogState);
    deps.registerDialogs?.(this.dialogs);

    this.onMembersAdded(async (context, next) => {
      await this.welcomeNewMembers(context);
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
  }

  /** Runs the turn, then saves conversation and user state once. */
  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.deps.conversationState.saveChanges(context, false);
    await this.deps.userState.saveChanges(context, false);
  }

  private async welcomeNewMembers(context: TurnContext): Promise<void> {
    const botId = context.activity.recipient?.id;
    const welcomed = await this.welcomed.get(context, []);
    for (const member of context.activity.membersAdded ?? []) {
      // The bot itself is also "added"; and channels may repeat the event on reconnect.
      if (member.id === botId || welcomed.includes(member.id)) continue;
      welcomed.push(member.id);
      await this.send(context, { markdown: messages.welcome(member.name && member.name !== 'User' ? member.name : undefined), buttons: [{ label: 'Troubleshooters', text: '/troubleshoot' }, { label: 'Commands', text: '/help' }] });
    }
    await this.welcomed.set(context, welcomed);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const text = messageText(context);
    const dc = await this.dialogs.createContext(context);
    const route = routeMessage({ text, hasActiveDialog: dc.activeDialog !== undefined });
    this.deps.services.logger.debug('route', { conversationId: context.activity.conversation?.id, route: route.kind });
    await this.dispatch(context, dc, route);
  }

  private async dispatch(context: TurnContext, dc: DialogContext, route: Route): Promise<void> {
    switch (route.kind) {
      case 'empty':
        await this.send(context, { markdown: messages.emptyMessage });
        return;
      case 'help':
        await this.send(context, helpReply(this.deps.commands, this.caller(context)));
        if (dc.activeDialog) await dc.repromptDialog();
        return;
      case 'cancel':
        if (!dc.activeDialog) {
          await this.send(context, { markdown: messages.nothingToCancel });
          return;
        }
        await dc.cancelAllDialogs();
        await this.send(context, { markdown: messages.cancelled });
        return;
      case 'restart':
        await dc.cancelAllDialogs();
        await this.send(context, { markdown: messages.restarted });
        return;
      case 'back':
        if (!dc.activeDialog) {
          await this.send(context, { markdown: messages.nothingToGoBackTo });
          return;
        }
        await dc.continueDialog();
        return;
      case 'continue':
        await dc.continueDialog();
        return;
      case 'command': {
        const outcome = await this.deps.commands.execute(route.name, route.args, await this.commandContext(context));
        const wasActive = dc.activeDialog !== undefined;
        await this.apply(context, dc, outcome);
        // A command in the middle of a troubleshooter answers, then shows where the user was.
        if (wasActive && outcome.kind !== 'beginTree' && dc.activeDialog) await dc.repromptDialog();
        return;
      }
      case 'search':
        await this.deps.freeText.answer(context, dc, route.text, 'free');
        return;
      default: {
        const unexpected: never = route;
        throw new Error(`Unhandled route ${JSON.stringify(unexpected)}`);
      }
    }
  }

  private async apply(context: TurnContext, dc: DialogContext, outcome: CommandOutcome): Promise<void> {
    switch (outcome.kind) {
      case 'reply':
        for (const r of outcome.replies) await this.send(context, r);
        return;
      case 'setProfile':
        await this.profile.set(context, outcome.profile);
        for (const r of outcome.replies) await this.send(context, r);
        return;
      case 'beginTree':
        for (const r of outcome.replies ?? []) await this.send(context, r);
        await this.deps.freeText.beginTree(context, dc, outcome.treeId);
        return;
      case 'search':
        await this.deps.freeText.answer(context, dc, outcome.text, outcome.mode);
        return;
      default: {
        const unexpected: never = outcome;
        throw new Error(`Unhandled command outcome ${JSON.stringify(unexpected)}`);
      }
    }
  }

  private async commandContext(context: TurnContext): Promise<CommandContext> {
    return { caller: this.caller(context), services: this.deps.services, profile: await this.profile.get(context, {}) };
  }

  /** Who is asking. Only the local terminal and configured Teams AAD object ids are admins. */
  caller(context: TurnContext): Caller {
    return callerOf(context, this.deps.services.config.adminAadObjectIds);
  }

  private async send(context: TurnContext, r: Reply): Promise<void> {
    await sendReply(context, r);
  }
}

/** Builds the {@link Caller} of a turn; web chat `from.id` is never trusted for admin rights. */
export function callerOf(context: TurnContext, adminAadObjectIds: readonly string[]): Caller {
  const from = context.activity.from ?? { id: 'unknown' };
  const channelId = context.activity.channelId ?? 'unknown';
  const aad = from.aadObjectId?.toLowerCase();
  const isAdmin = channelId === 'terminal' || (channelId === 'msteams' && aad !== undefined && adminAadObjectIds.includes(aad));
  return { id: from.id, channelId, isAdmin, ...(from.name ? { name: from.name } : {}), ...(aad ? { aadObjectId: aad } : {}) };
}

/**
 * The text of a message without the bot's @mention; a card submit that carries `{ text }` in its
 * value counts as that text.
 */
export function messageText(context: TurnContext): string {
  const activity = context.activity;
  let text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
  // Teams sometimes leaves the mention markup when the display name differs from the entity text.
  // Teams may leave mention markup the entity did not describe; the bot's own mention leads the
  // message in channels, while mentions of other people later in the text are kept.
  text = text.replace(/^(\s*<at>[^<]*<\/at>)+/i, ' ');
  if (text.trim() === '' && activity.value && typeof activity.value === 'object' && 'text' in activity.value) {
    const v = (activity.value as { text?: unknown }).text;
    if (typeof v === 'string') text = v;
  }
  return text.replace(/\u00a0/g, ' ').trim();
}
