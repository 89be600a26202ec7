import {
  ActivityTypes,
  TeamsActivityHandler,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type InvokeResponse,
  type BotState,
  type ChannelAccount,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  type StatePropertyAccessor,
  type Storage,
  type TurnContext,
  type UserState,
} from 'botbuilder';
import { DialogSet, type DialogContext, type DialogState } from '../dialogs/dialogKit.js';
import type { BotServices } from './services.js';
import type { AnswerCommands, Caller, CommandContext, CommandOutcome } from './commands/commandSpec.js';
import { TREE_DIALOG, choiceLabel, isTreeState, stepReply } from '../dialogs/treeDialog.js';
import type { CommandRegistry } from './commands/registry.js';
import { helpReply } from './commands/help.js';
import {
  button,
  reply,
  sendReply,
  targetForChannel,
  withMention,
  type Reply,
  type ReplyButton,
} from '../replies/reply.js';
import { answeredStepCard, closedCard, type StepOutcome } from '../replies/cards/treeStepCard.js';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from '../replies/cards/adaptiveCard.js';
import { TREE_STEP_VERB } from '../replies/cards/cardActions.js';
import { answerComposeQuery } from './composeSearch.js';
import { StateFootprint, type KeyedState } from './stateFootprint.js';
import { messages } from '../replies/messages.js';
import { routeMessage, type Route } from './router.js';
import { guardActivity } from './activityGuard.js';
import { ADAPTIVE_CARD_ACTION, setDialogRequest, turnInputOf, type DialogRequest } from './turnInput.js';
import { callerOf } from './caller.js';
import { isGroupConversation, takeStateRestart } from './userConversationState.js';
import { USER_PROFILE, type UserProfile } from '../dialogs/profile.js';
import type { StepChoice } from '../replies/buttonValue.js';
import type { FreeTextAnswers } from './freeTextAnswers.js';
import { NOTE_INPUT_ID, TICKET_VERBS, isTicketVerb, ticketCard, type TicketVerb } from '../replies/cards/ticketCard.js';
import type { TicketAction, TicketKind } from '../tickets/ticket.js';
import { recordTurnEvent, takeTurnEvents } from './turnEvents.js';
import type { AbandonReason, HandoffSource } from '../analytics/events.js';
import { analyticsMessages } from '../replies/messages.js';

/** State keys: the dialog stack (per user in group conversations) and who was welcomed (per conversation). */
export const DIALOG_STATE = 'dialogState';
export const WELCOMED_MEMBERS = 'welcomedMembers';
/** The welcomed-list entry that records the one intro posted when the bot joins a team or group. */
const GROUP_INTRO = '#intro';

export interface TroubleshootingBotDeps {
  readonly services: BotServices;
  /** Conversation-wide state: who was welcomed. */
  readonly conversationState: BotState & KeyedState;
  /** One user's progress in the conversation: the dialog stack and their last answer. */
  readonly userConversationState: BotState & KeyedState;
  readonly userState: UserState;
  readonly commands: CommandRegistry;
  /** Registers the bot's dialogs on the set (trees, profile questions). */
  readonly registerDialogs?: (dialogs: DialogSet) => void;
  /** Answers free text, /search, /explain and /why. */
  readonly freeText: FreeTextAnswers;
  /** The store under the states: uninstalling deletes what the bot stored for the install. */
  readonly storage: Storage;
}

/** Turn state flag: this turn removed the bot's state (an uninstall, a /forget-me), so nothing is recorded after it. */
const UNINSTALLED = Symbol('uninstalled');

/**
 * The bot: checks each activity at the edge, reads the user's input once, routes it (command,
 * global word, active dialog, free text), and saves state once per turn.
 */
export class TroubleshootingBot extends TeamsActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly welcomed: StatePropertyAccessor<string[]>;
  private readonly profile: StatePropertyAccessor<UserProfile>;
  private readonly footprint: StateFootprint;
  readonly dialogs: DialogSet;

  constructor(private readonly deps: TroubleshootingBotDeps) {
    super();
    this.dialogState = deps.userConversationState.createProperty<DialogState>(DIALOG_STATE);
    this.welcomed = deps.conversationState.createProperty<string[]>(WELCOMED_MEMBERS);
    this.profile = deps.userState.createProperty<UserProfile>(USER_PROFILE);
    this.dialogs = new DialogSet(this.dialogState);
    deps.registerDialogs?.(this.dialogs);
    this.footprint = new StateFootprint(
      deps.storage,
      [deps.conversationState, deps.userConversationState],
      deps.services.logger,
    );

    this.onMembersAdded(async (context, next) => {
      await this.welcomeNewMembers(context);
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    // Removed from a team (or the chat): Teams says so in a conversationUpdate and an installationUpdate.
    this.onMembersRemoved(async (context, next) => {
      const botId = context.activity.recipient.id;
      if ((context.activity.membersRemoved ?? []).some((m) => m.id === botId)) await this.uninstalled(context);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await this.uninstalled(context);
      await next();
    });
  }

  /** Checks the activity, runs the turn, then saves every state once. */
  override async run(context: TurnContext): Promise<void> {
    const guarded = guardActivity(context.activity);
    if (!guarded.ok) {
      // Adapters only build activities with these fields; this is a defect upstream, not user input.
      this.deps.services.logger.warn('activity refused', { problem: guarded.problem });
      return;
    }
    replaceActivity(context.activity, guarded.activity);
    if (guarded.dropped.length > 0)
      this.deps.services.logger.debug('malformed activity fields dropped', {
        conversationId: guarded.activity.conversation.id,
        dropped: guarded.dropped,
      });
    mentionTheUserAnswered(context);
    await super.run(context);
    await this.deps.conversationState.saveChanges(context, false);
    await this.deps.userConversationState.saveChanges(context, false);
    await this.deps.userState.saveChanges(context, false);
    // Only now, with the state saved: a turn run again after a state conflict records its events once.
    const analytics = this.deps.services.analytics;
    const events = takeTurnEvents(context);
    if (analytics) for (const event of events) analytics.record(context.activity.from.id, event);
    if (context.turnState.get(UNINSTALLED) !== true) await this.footprint.record(context);
  }

  /** The bot was uninstalled (personal app, team or chat): forget what it stored for that install. */
  private async uninstalled(context: TurnContext): Promise<void> {
    if (context.turnState.get(UNINSTALLED) === true) return;
    context.turnState.set(UNINSTALLED, true);
    const deleted = await this.footprint.clear(context);
    this.deps.services.logger.info('uninstalled: state deleted', {
      conversationId: context.activity.conversation.id,
      keys: deleted,
    });
  }

  /**
   * Invokes the bot has no handler for get an empty 200, which Teams treats as "nothing to do";
   * a 501 makes clients show an error to the user.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    // botbuilder reads `value.action.type` unchecked: a value without an action would fault the turn.
    if (context.activity.name === ADAPTIVE_CARD_ACTION && !hasAction(context.activity.value))
      return { status: 400, body: unreadableActionResponse() };
    const response = await super.onInvokeActivity(context);
    return response.status === 501 ? { status: 200 } : response;
  }

  /**
   * A troubleshooter button clicked in Teams (Action.Execute): the same turn as a click sent as a
   * message (the action's data carries the text and the step), the next step sent as the next
   * message, and the clicked card answered with its refreshed self: the choice made shown and its
   * buttons gone, so it cannot be answered twice. A stale click closes its card and is answered as
   * a stale message click is. Someone else's card in a channel is left alone.
   */
  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    if (isTicketVerb(invokeValue.action.verb)) return this.ticketAction(context, invokeValue);
    const { step } = turnInputOf(context);
    if (invokeValue.action.verb !== TREE_STEP_VERB || !step) return unreadableActionResponse();
    const owner = (invokeValue.action.data as { owner?: unknown }).owner;
    if (isGroupConversation(context) && owner !== undefined && owner !== context.activity.from.id)
      return messageResponse(messages.cards.notYourCard);
    const refreshed = await this.refreshedStepCard(context, step);
    await this.handleMessage(context);
    return {
      statusCode: 200,
      type: ADAPTIVE_CARD_CONTENT_TYPE,
      value: refreshed as unknown as Record<string, unknown>,
    };
  }

  /**
   * **Take it**, **Resolve** or **Add note** on a ticket's card: helpdesk members only; answered with
   * the ticket's card refreshed (who took it, resolved it, the notes), or a short message on the card.
   */
  private async ticketAction(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const desk = this.deps.services.handoffDesk;
    const data = invokeValue.action.data as { ticket?: unknown; [NOTE_INPUT_ID]?: unknown };
    const n = typeof data.ticket === 'number' && Number.isSafeInteger(data.ticket) ? data.ticket : undefined;
    if (!desk || n === undefined) return unreadableActionResponse();
    const caller = this.caller(context);
    if (caller.isHelpdesk !== true) return messageResponse(messages.tickets.cardNotHelpdesk);
    const note = typeof data[NOTE_INPUT_ID] === 'string' ? data[NOTE_INPUT_ID] : '';
    const verb = invokeValue.action.verb as TicketVerb;
    const action: TicketAction =
      verb === TICKET_VERBS.take
        ? { kind: 'take' }
        : verb === TICKET_VERBS.resolve
          ? { kind: 'resolve', ...(note.trim() !== '' ? { note } : {}) }
          : { kind: 'note', text: note };
    const result = await desk.act(context, caller, n, action, true);
    if (!result) return messageResponse(messages.tickets.noSuch(String(n)));
    if (!result.ok && result.refusal === 'emptyNote') return messageResponse(messages.tickets.emptyNote);
    const ticket = result.ok ? result.ticket : await desk.store.get(n);
    if (!ticket) return messageResponse(messages.tickets.noSuch(String(n)));
    return {
      statusCode: 200,
      type: ADAPTIVE_CARD_CONTENT_TYPE,
      value: ticketCard(ticket) as unknown as Record<string, unknown>,
    };
  }

  /** The clicked step's card as it will stay: answered when it is the user's current step, else closed. */
  private async refreshedStepCard(context: TurnContext, step: StepChoice): Promise<AdaptiveCard> {
    const target = targetForChannel(context.activity.channelId);
    const tree = this.deps.services.knowledge.current.trees.get(step.tree);
    const node = tree?.nodes.get(step.node);
    const shown = tree && node ? stepReply(tree, node, this.deps.services.knowledge).card : undefined;
    if (!tree || !node || shown?.kind !== 'treeStep') return closedCard(messages.staleButton(tree?.title), target);
    const dc = await this.dialogs.createContext(context);
    const state: unknown = dc.activeDialog?.id === TREE_DIALOG ? dc.activeDialog.state : undefined;
    const label = choiceLabel(node, step.choice);
    const current = isTreeState(state) && state.treeId === step.tree && state.nodeId === step.node;
    const outcome: StepOutcome = current && label !== undefined ? { answered: label } : { closed: true };
    return answeredStepCard(shown, outcome, target);
  }

  /** The messaging extension's search (the compose box): entries as cards to insert. */
  protected override handleTeamsMessagingExtensionQuery(
    _context: TurnContext,
    query: MessagingExtensionQuery,
  ): Promise<MessagingExtensionResponse> {
    return Promise.resolve(answerComposeQuery(query, this.deps.services.knowledge) as MessagingExtensionResponse);
  }

  /**
   * Welcomes people, never twice: in a personal chat (or web chat) the user who opened it; when the
   * bot is added to a team or group chat, one short intro. Nothing when others join a team.
   */
  private async welcomeNewMembers(context: TurnContext): Promise<void> {
    const botId = context.activity.recipient.id;
    const added = context.activity.membersAdded ?? [];
    const botAdded = added.some((m) => m.id === botId);
    const welcomed = await this.welcomed.get(context, []);
    if (isGroupConversation(context)) {
      if (botAdded && !welcomed.includes(GROUP_INTRO)) {
        welcomed.push(GROUP_INTRO);
        await this.send(context, reply(messages.teamIntro));
      }
    } else {
      const people = added.filter((m) => m.id !== botId);
      // Teams installs a personal app by adding only the bot; the user it talks to is the sender.
      const toWelcome: ChannelAccount[] = people.length > 0 ? people : botAdded ? [context.activity.from] : [];
      for (const member of toWelcome) {
        if (welcomed.includes(member.id)) continue;
        welcomed.push(member.id);
        const name = member.name && member.name !== 'User' ? member.name : undefined;
        await this.send(context, reply(messages.welcome(name), startButtons()));
      }
    }
    await this.welcomed.set(context, welcomed);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const input = turnInputOf(context);
    const dc = await this.dialogs.createContext(context);
    const route = routeMessage({
      text: input.text,
      hasActiveDialog: dc.activeDialog !== undefined,
      ...(input.step ? { step: input.step } : {}),
    });
    this.deps.services.logger.debug('route', { conversationId: context.activity.conversation.id, route: route.kind });
    // Saved progress from another version of the bot was restarted: say so (a click on its old card needs nothing more).
    const restart = takeStateRestart(context);
    if (restart) {
      await this.send(context, this.restartReply(restart.treeId));
      if (route.kind === 'staleStep') return;
    }
    if (input.cutFrom !== undefined)
      await this.send(context, reply(messages.longMessage(input.text.length, input.cutFrom)));
    await this.dispatch(context, dc, route);
  }

  private async dispatch(context: TurnContext, dc: DialogContext, route: Route): Promise<void> {
    switch (route.kind) {
      case 'empty':
        await this.send(context, reply(messages.emptyMessage));
        return;
      case 'help':
        await this.send(context, helpReply(this.deps.commands, this.caller(context)));
        if (dc.activeDialog) await dc.repromptDialog();
        return;
      case 'smallTalk':
        await this.send(context, reply(messages.smallTalk[route.topic], dc.activeDialog ? [] : startButtons()));
        if (dc.activeDialog) await dc.repromptDialog();
        return;
      case 'cancel':
        if (!dc.activeDialog) {
          await this.send(context, reply(messages.nothingToCancel));
          return;
        }
        this.abandonTree(context, dc, 'cancel');
        await dc.cancelAllDialogs();
        await this.send(context, reply(messages.cancelled));
        return;
      case 'restart':
        await this.askDialog(context, dc, 'restart', messages.restarted);
        return;
      case 'back':
        await this.askDialog(context, dc, 'back', messages.nothingToGoBackTo);
        return;
      case 'staleStep':
        await this.send(context, this.staleStepReply(route.step));
        return;
      case 'continue':
        await dc.continueDialog();
        return;
      case 'command': {
        const outcome = await this.deps.commands.execute(route.name, route.args, await this.commandContext(context));
        const wasActive = dc.activeDialog !== undefined;
        await this.apply(context, dc, outcome);
        const isStillActive = dc.activeDialog !== undefined;
        // A command in the middle of a troubleshooter answers, then shows where the user was.
        if (wasActive && isStillActive && outcome.kind !== 'beginTree' && outcome.kind !== 'handoff')
          await dc.repromptDialog();
        return;
      }
      case 'search': {
        const outcome = await this.deps.freeText.answer(context, route.text, 'free', dc.activeDialog !== undefined);
        for (const r of outcome.replies) await this.send(context, r);
        if (outcome.startTree) await this.beginTree(dc, outcome.startTree);
        return;
      }
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
        await this.beginTree(dc, outcome.treeId);
        return;
      case 'handoff':
        if (outcome.source === 'noneOfThese') await this.deps.freeText.noneOfThese(context);
        // Inside a troubleshooter the handoff carries everything done so far (the dialog opens the
        // ticket and records the handoff).
        if (dc.activeDialog) await this.askDialog(context, dc, 'handoff');
        else {
          recordTurnEvent(context, { type: 'handoff', source: outcome.source ?? 'command' });
          const notice = await this.looseHandoff(context, outcome.source ?? 'command');
          const replies = [...outcome.replies];
          const last = replies.pop();
          for (const r of replies) await this.send(context, r);
          if (last)
            await this.send(
              context,
              notice
                ? {
                    ...last,
                    markdown: `${last.markdown}

${notice}`,
                  }
                : last,
            );
          else if (notice) await this.send(context, reply(notice));
        }
        return;
      case 'forgetMe':
        await this.send(context, await this.forgetMe(context, dc));
        return;
      default: {
        const unexpected: never = outcome;
        throw new Error(`Unhandled command outcome ${JSON.stringify(unexpected)}`);
      }
    }
  }

  /**
   * `/handoff` outside a troubleshooter opens a ticket with the user's last question: after a
   * did-you-mean it is "none of these", after an "I don't know" a handoff after misses.
   */
  private async looseHandoff(context: TurnContext, source: HandoffSource): Promise<string | undefined> {
    const desk = this.deps.services.handoffDesk;
    if (!desk) return undefined;
    const last = await this.deps.freeText.lastDecision(context);
    const kind: TicketKind =
      source === 'feedback'
        ? 'feedback'
        : source === 'noneOfThese' || last?.decision === 'clarify'
          ? 'noneOfThese'
          : last?.decision === 'none' || last?.decision === 'outOfScope'
            ? 'afterMisses'
            : 'asked';
    const shown = last && kind !== 'asked' ? last.hits.map((h) => ({ id: h.id, title: h.title })) : [];
    return desk.openTicket(context, kind, { entries: shown });
  }

  /** Hands a request to the active troubleshooter, or says `withoutDialog` when there is none. */
  private async askDialog(
    context: TurnContext,
    dc: DialogContext,
    request: DialogRequest,
    withoutDialog?: string,
  ): Promise<void> {
    if (!dc.activeDialog) {
      if (withoutDialog) await this.send(context, reply(withoutDialog));
      return;
    }
    setDialogRequest(context, request);
    await dc.continueDialog();
  }

  /** Starts the guided troubleshooter `treeId`, ending any other first. */
  private async beginTree(dc: DialogContext, treeId: string): Promise<void> {
    this.abandonTree(dc.context, dc, 'replaced');
    if (dc.activeDialog) await dc.cancelAllDialogs();
    await dc.beginDialog(TREE_DIALOG, { treeId });
  }

  /** Records that the active troubleshooter (if one is) ends without a fix. */
  private abandonTree(context: TurnContext, dc: DialogContext, reason: AbandonReason): void {
    const state: unknown = dc.activeDialog?.id === TREE_DIALOG ? dc.activeDialog.state : undefined;
    if (isTreeState(state))
      recordTurnEvent(context, { type: 'treeAbandoned', tree: state.treeId, node: state.nodeId, reason });
  }

  /**
   * `/forget-me`: deletes the caller's profile, their progress in this conversation (the whole
   * conversation's state in a personal chat; in a group, their own part and their name on the
   * welcomed list), their analytics rows and whatever the configured forgetters hold. Says what went.
   */
  private async forgetMe(context: TurnContext, dc: DialogContext): Promise<Reply> {
    const { services, storage, userState, userConversationState, conversationState } = this.deps;
    const userId = context.activity.from.id;
    const words = analyticsMessages.forgetWhat;
    const keyOf = (s: KeyedState): string | undefined => s.getStorageKey(context);
    const group = isGroupConversation(context);
    const keys = {
      profile: keyOf(userState),
      progress: keyOf(userConversationState),
      conversation: group ? undefined : keyOf(conversationState),
    };
    const stored = await storage.read(Object.values(keys).filter((k): k is string => k !== undefined));
    const has = (key: string | undefined): number => (key !== undefined && stored[key] !== undefined ? 1 : 0);
    if (dc.activeDialog) await dc.cancelAllDialogs();
    await userState.delete(context);
    await userConversationState.delete(context);
    if (group)
      await this.welcomed.set(
        context,
        (await this.welcomed.get(context, [])).filter((id) => id !== userId),
      );
    else await conversationState.delete(context);
    context.turnState.set(UNINSTALLED, true);
    const lines = [
      analyticsMessages.forgotItem(words.profile, has(keys.profile)),
      analyticsMessages.forgotItem(words.conversationState, has(keys.progress) + has(keys.conversation)),
    ];
    if (services.analytics)
      lines.push(analyticsMessages.forgotItem(words.analytics, await services.analytics.forgetUser(userId)));
    for (const forget of services.forgetters ?? []) {
      const gone = await forget(userId);
      lines.push(analyticsMessages.forgotItem(gone.what, gone.count));
    }
    services.logger.info('forget-me', { channel: context.activity.channelId, lines: lines.length });
    return reply(analyticsMessages.forgot(lines));
  }

  /** "I was updated; let's start that troubleshooter again", with a button that does. */
  private restartReply(treeId: string | undefined): Reply {
    const tree = treeId !== undefined ? this.deps.services.knowledge.current.trees.get(treeId) : undefined;
    if (!tree) return reply(messages.stateRestarted(), [button(messages.buttons.troubleshooters, '/troubleshoot')]);
    return reply(messages.stateRestarted(tree.title), [
      button(messages.buttons.startAgain, `/troubleshoot ${tree.id}`),
    ]);
  }

  /** A troubleshooter button clicked after its troubleshooter ended (or its state is gone). */
  private staleStepReply(step: StepChoice): Reply {
    const tree = this.deps.services.knowledge.current.trees.get(step.tree);
    if (!tree) return reply(messages.staleButton(), [button(messages.buttons.troubleshooters, '/troubleshoot')]);
    return reply(messages.staleButton(tree.title), [
      button(messages.buttons.startAgain, `/troubleshoot ${tree.id}`),
      button(messages.buttons.troubleshooters, '/troubleshoot'),
    ]);
  }

  private async commandContext(context: TurnContext): Promise<CommandContext> {
    const { freeText } = this.deps;
    const answers: AnswerCommands = {
      search: async (text) => (await freeText.answer(context, text, 'search', false)).replies,
      explain: (text) => freeText.explain(context, text),
      why: () => freeText.why(context),
      rate: (helpful, answer, entry) => freeText.feedback.rate(context, helpful, answer, entry),
      askFeedback: (answer, entry) => freeText.feedback.askFor(context, answer, entry),
    };
    const caller = this.caller(context);
    const desk = this.deps.services.handoffDesk;
    return {
      caller,
      services: this.deps.services,
      answers,
      profile: await this.profile.get(context, {}),
      ...(desk && caller.isHelpdesk === true ? { tickets: desk.commandsFor(context, caller) } : {}),
    };
  }

  /** Who is asking; see {@link callerOf}. */
  caller(context: TurnContext): Caller {
    const { adminAadObjectIds, helpdeskAadObjectIds } = this.deps.services.config;
    return callerOf(context, adminAadObjectIds, helpdeskAadObjectIds);
  }

  private async send(context: TurnContext, r: Reply): Promise<void> {
    await sendReply(context, r);
  }
}

/** The answer to an Action.Execute the bot cannot read: Teams shows the message on the card. */
function unreadableActionResponse(): AdaptiveCardInvokeResponse {
  return {
    statusCode: 400,
    type: 'application/vnd.microsoft.error',
    value: { code: 'BadRequest', message: messages.cards.unreadableAction },
  };
}

function hasAction(value: unknown): boolean {
  const action = (value as { action?: unknown } | null | undefined)?.action;
  return typeof value === 'object' && value !== null && typeof action === 'object' && action !== null;
}

/** A Universal Actions answer that shows a short message and leaves the card as it is. */
function messageResponse(text: string): AdaptiveCardInvokeResponse {
  // Teams reads a string value for this type (the Record type of botbuilder does not say so).
  return {
    statusCode: 200,
    type: 'application/vnd.microsoft.activity.message',
    value: text as unknown as Record<string, unknown>,
  };
}

/**
 * In a Teams channel or group chat, the first message the bot sends in a user's turn @mentions
 * that user (the thread may hold several people's questions). Installs and other events are not
 * anyone's question.
 */
function mentionTheUserAnswered(context: TurnContext): void {
  const { channelId, type, from } = context.activity;
  if (channelId !== 'msteams' || !isGroupConversation(context)) return;
  if (type !== 'message' && type !== 'invoke') return;
  let mentioned = false;
  context.onSendActivities(async (_ctx, activities, next) => {
    for (let i = 0; i < activities.length && !mentioned; i++) {
      const activity = activities[i];
      if (activity?.type !== ActivityTypes.Message) continue;
      activities[i] = withMention(activity, from);
      mentioned = true;
    }
    return next();
  });
}

/** Where to start: the troubleshooters and the commands. */
function startButtons(): ReplyButton[] {
  return [button(messages.buttons.troubleshooters, '/troubleshoot'), button(messages.buttons.commands, '/help')];
}

/** Puts the checked activity in place of the one the adapter built (the context holds that object). */
function replaceActivity(target: Activity, checked: Activity): void {
  if (target === checked) return;
  const record = target as unknown as Record<string, unknown>;
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- emptying the adapter's own activity object in place (the context holds it)
  for (const key of Object.keys(record)) delete record[key];
  Object.assign(record, checked);
}
