import fs from 'node:fs';
import path from 'node:path';
import { ConversationState, UserState, type TurnContext } from 'botbuilder';
import type { Config } from './config.js';
import { PROJECT_ROOT } from './config.js';
import type { Logger } from '../core/logger.js';
import type { BotServices } from '../conversation/services.js';
import { createStorage } from './storage.js';
import { StateStore } from './state/stateStore.js';
import type { StateStorage } from './state/stateStorage.js';
import { TurnScopedStorage } from './state/turnScopedStorage.js';
import { runTurnSafely, type TurnSafety } from './state/turnRunner.js';
import { CommandRegistry } from '../conversation/commands/registry.js';
import { createCommandSpecs } from '../conversation/commands/index.js';
import { TroubleshootingBot, type TroubleshootingBotDeps } from '../conversation/troubleshootingBot.js';
import { KnowledgeStore, thresholdsOf } from '../knowledge/knowledgeStore.js';
import { loadKnowledgeCachedOrThrow } from '../knowledge/load/contentCache.js';
import type { Knowledge } from '../knowledge/model.js';
import { FreeTextAnswers, LAST_SEARCH, type LastSearch } from '../conversation/freeTextAnswers.js';
import { TreeDialog } from '../dialogs/treeDialog.js';
import { USER_PROFILE, type UserProfile } from '../dialogs/profile.js';
import { dialogRequestOf, turnInputOf } from '../conversation/turnInput.js';
import { UserConversationState } from '../conversation/userConversationState.js';
import { HandoffDesk } from '../conversation/handoffDesk.js';
import { TicketStore } from '../tickets/ticketStore.js';
import { IF_ABSENT, isConflictError } from './state/stateStorage.js';
import { recordTurnEvent } from '../conversation/turnEvents.js';
import { createAnalytics } from './analytics.js';
import type { AnalyticsStore } from '../analytics/store.js';
import type { Forgetter } from '../conversation/services.js';
import { analyticsMessages } from '../replies/messages.js';

/** Everything a running bot is made of, built the same way for HTTP, the terminal and tests. */
export interface App {
  readonly services: BotServices;
  readonly bot: TroubleshootingBot;
  readonly conversationState: ConversationState;
  /** One user's progress in a conversation (per user in group conversations). */
  readonly userConversationState: UserConversationState;
  readonly userState: UserState;
  /** The store itself (what the states write through it, turn by turn, is conditional: see TurnScopedStorage). */
  readonly storage: StateStorage;
  readonly storageKind: string;
  /** The store with its health check and expiry pruning. */
  readonly state: StateStore;
  readonly commands: CommandRegistry;
}

export interface AppOptions {
  /**
   * Replaces the configured store (tests use this to simulate a restart on the same storage). A store
   * of ours (bot/state) keeps create-only writes; another (botbuilder's MemoryStorage) gets '*' writes
   * for new items and eTag-checked writes for the rest.
   */
  readonly storage?: StateStorage;
  /** The clock of state expiry (tests and the bench move it forward). */
  readonly now?: () => number;
  /**
   * False runs turns as botbuilder does, last writer wins (only to show, in a test, the race that the
   * default prevents).
   */
  readonly optimisticConcurrency?: boolean;
  /** Replaces DNS and fetch of the live probes (tests). */
  readonly probes?: BotServices['probes'];
  /** Replaces the configured analytics store (tests). */
  readonly analyticsStore?: AnalyticsStore;
  /** What /forget-me deletes besides the states and the analytics (the ticket store's, once wired). */
  readonly forgetters?: readonly Forgetter[];
}

/**
 * The bot, each turn run by {@link runTurnSafely}: state written with the eTags the turn read, and
 * the turn run again on fresh state when another turn of the conversation saved first. Every entry
 * point (HTTP, the terminal, the tests' TestAdapter) goes through `run`.
 */
class TurnSafeBot extends TroubleshootingBot {
  constructor(
    deps: TroubleshootingBotDeps,
    private readonly safety: TurnSafety | undefined,
  ) {
    super(deps);
  }

  override run(context: TurnContext): Promise<void> {
    if (!this.safety) return super.run(context);
    return runTurnSafely(context, () => super.run(context), this.safety);
  }
}

/** The package version, for /healthz. */
export function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

function treeDialogFor(
  knowledge: KnowledgeStore,
  userState: UserState,
  logger: Logger,
  freeText: FreeTextAnswers,
  desk: HandoffDesk,
): TreeDialog {
  return new TreeDialog({
    knowledge,
    profile: userState.createProperty<UserProfile>(USER_PROFILE),
    logger,
    readTurn: (context) => ({ ...turnInputOf(context), request: dialogRequestOf(context) }),
    answerAside: (text) => freeText.answerAside(text),
    onHandoff: (context, handoff) => desk.fromTree(context, handoff),
    record: recordTurnEvent,
  });
}

/**
 * The handoff desk over the store itself, not the turn-scoped one: a ticket (and its number) is not
 * part of a turn's state, so a turn run again after a conflict never undoes it (the desk remembers
 * the turn's ticket instead of opening another).
 */
function handoffDeskFor(
  storage: StateStorage,
  userState: UserState,
  userConversationState: UserConversationState,
  logger: Logger,
): HandoffDesk {
  const createOnly = (storage as { conditionalCreate?: unknown }).conditionalCreate === true;
  const store = new TicketStore({
    storage,
    ...(createOnly ? { createOnlyETag: IF_ABSENT } : {}),
    isConflict: isConflictError,
  });
  const profile = userState.createProperty<UserProfile>(USER_PROFILE);
  const lastSearch = userConversationState.createProperty<LastSearch>(LAST_SEARCH);
  return new HandoffDesk({
    store,
    logger,
    readProfile: (context) => profile.get(context, {}),
    readLastQuestion: async (context) => (await lastSearch.get(context))?.query,
  });
}

/** /forget-me's part for tickets: the user's name, words and Azure AD id blanked on each of theirs. */
function ticketForgetter(desk: HandoffDesk): Forgetter {
  return async (userId) => ({
    what: analyticsMessages.forgetWhat.tickets,
    count: await desk.forgetUserTickets(userId),
  });
}

/** Validated content snapshots (knowledge/load/contentCache.ts): where tools keep caches, gone with `npm ci`. */
const CONTENT_CACHE_DIR = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'sfb-exchange-troubleshooter');

function loadContent(config: Config, logger: Logger): Knowledge {
  return loadKnowledgeCachedOrThrow(config.knowledgeDir, {
    cacheDir: CONTENT_CACHE_DIR,
    onCacheProblem: (message) => logger.debug(message),
  });
}

/**
 * Builds the bot and its dependencies. Loads and validates the content first: invalid content
 * throws a ContentError listing every problem, so the bot never starts half-broken.
 */
export function buildApp(config: Config, logger: Logger, options: AppOptions = {}): App {
  const knowledge = new KnowledgeStore(loadContent(config, logger), config.knowledgeDir, thresholdsOf(config));
  const state = options.storage
    ? new StateStore('custom', 'handed in', options.storage, logger)
    : createStorage(config, logger, options.now ? { now: options.now } : {});
  const createOnly = (state.storage as { conditionalCreate?: unknown }).conditionalCreate === true;
  const scoped = new TurnScopedStorage(state.storage, createOnly);
  const conversationState = new ConversationState(scoped);
  const userConversationState = new UserConversationState(scoped);
  const userState = new UserState(scoped);
  // /help lists the registry it belongs to; the getter is called at run time, after construction.
  const commands: CommandRegistry = new CommandRegistry(
    createCommandSpecs(() => commands),
    logger,
  );
  const desk = handoffDeskFor(state.storage, userState, userConversationState, logger);
  const services: BotServices = {
    config,
    logger,
    knowledge,
    startedAt: new Date(),
    handoffDesk: desk,
    ...(options.probes ? { probes: options.probes } : {}),
    analytics: createAnalytics(config, logger, {
      ...(options.analyticsStore ? { store: options.analyticsStore } : {}),
      ...(options.now ? { now: options.now } : {}),
    }),
    forgetters: [ticketForgetter(desk), ...(options.forgetters ?? [])],
  };
  const freeText = new FreeTextAnswers(services, userConversationState);
  const safety = options.optimisticConcurrency === false ? undefined : { storage: scoped, logger };
  const bot = new TurnSafeBot(
    {
      services,
      conversationState,
      userConversationState,
      userState,
      commands,
      registerDialogs: (dialogs) => dialogs.add(treeDialogFor(knowledge, userState, logger, freeText, desk)),
      freeText,
      storage: scoped,
    },
    safety,
  );
  return {
    services,
    bot,
    conversationState,
    userConversationState,
    userState,
    storage: state.storage,
    storageKind: state.kind,
    state,
    commands,
  };
}
