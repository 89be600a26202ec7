import fs from 'node:fs';
import path from 'node:path';
import { ConversationState, UserState, type Storage } from 'botbuilder';
import type { Config } from './config.js';
import { PROJECT_ROOT } from './config.js';
import type { Logger } from '../core/logger.js';
import type { BotServices } from '../conversation/services.js';
import { createStorage } from './storage.js';
import { CommandRegistry } from '../conversation/commands/registry.js';
import { createCommandSpecs } from '../conversation/commands/index.js';
import { TroubleshootingBot } from '../conversation/troubleshootingBot.js';
import { KnowledgeStore, thresholdsOf } from '../knowledge/knowledgeStore.js';
import { loadKnowledgeOrThrow } from '../knowledge/load/loadKnowledge.js';
import { FreeTextAnswers } from '../conversation/freeTextAnswers.js';
import { TreeDialog } from '../dialogs/treeDialog.js';
import { USER_PROFILE, type UserProfile } from '../dialogs/profile.js';
import { dialogRequestOf, turnInputOf } from '../conversation/turnInput.js';
import { UserConversationState } from '../conversation/userConversationState.js';

/** Everything a running bot is made of, built the same way for HTTP, the terminal and tests. */
export interface App {
  readonly services: BotServices;
  readonly bot: TroubleshootingBot;
  readonly conversationState: ConversationState;
  /** One user's progress in a conversation (per user in group conversations). */
  readonly userConversationState: UserConversationState;
  readonly userState: UserState;
  readonly storage: Storage;
  readonly storageKind: string;
  readonly commands: CommandRegistry;
}

export interface AppOptions {
  /** Replaces the configured store (tests use this to simulate a restart on the same storage). */
  readonly storage?: Storage;
  /** Replaces DNS and fetch of the live probes (tests). */
  readonly probes?: BotServices['probes'];
}

/** The package version, for /healthz. */
export function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

/**
 * Builds the bot and its dependencies. Loads and validates the content first: invalid content
 * throws a ContentError listing every problem, so the bot never starts half-broken.
 */
export function buildApp(config: Config, logger: Logger, options: AppOptions = {}): App {
  const knowledge = new KnowledgeStore(
    loadKnowledgeOrThrow(config.knowledgeDir),
    config.knowledgeDir,
    thresholdsOf(config),
  );
  const services: BotServices = {
    config,
    logger,
    knowledge,
    startedAt: new Date(),
    ...(options.probes ? { probes: options.probes } : {}),
  };
  const created = options.storage ? { storage: options.storage, kind: 'custom' } : createStorage(config);
  const conversationState = new ConversationState(created.storage);
  const userConversationState = new UserConversationState(created.storage);
  const userState = new UserState(created.storage);
  // /help lists the registry it belongs to; the getter is called at run time, after construction.
  const commands: CommandRegistry = new CommandRegistry(
    createCommandSpecs(() => commands),
    logger,
  );
  const freeText = new FreeTextAnswers(services, userConversationState);
  const bot = new TroubleshootingBot({
    services,
    conversationState,
    userConversationState,
    userState,
    commands,
    registerDialogs: (dialogs) =>
      dialogs.add(
        new TreeDialog({
          knowledge,
          profile: userState.createProperty<UserProfile>(USER_PROFILE),
          logger,
          readTurn: (context) => ({ ...turnInputOf(context), request: dialogRequestOf(context) }),
          answerAside: (text) => freeText.answerAside(text),
        }),
      ),
    freeText,
    storage: created.storage,
  });
  return {
    services,
    bot,
    conversationState,
    userConversationState,
    userState,
    storage: created.storage,
    storageKind: created.kind,
    commands,
  };
}
