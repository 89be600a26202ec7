import path from 'node:path';
import type { Server } from 'restify';
import type { Config } from '../config.js';
import { PROJECT_ROOT } from '../config.js';
import type { Logger } from '../../core/logger.js';
import { createRateLimitedLog, type RateLimitedLog } from '../rateLimitedLog.js';
import { ConversationStore, type KeyValueStorage } from './conversationStore.js';
import { LocalChannelAdapter, type LocalBot, type TurnErrorHandler } from './localChannelAdapter.js';
import { DirectLineRoutes } from './directLineRoutes.js';
import { TokenSigner } from './token.js';
import { resolveSecret } from './secret.js';
import { WebChatPage } from './webChatPage.js';

/** Where the generated token secret is kept when DIRECTLINE_SECRET is empty. */
export const DEFAULT_SECRET_FILE = path.join(PROJECT_ROOT, '.data', 'directline-secret');
/** The page's own files and the vendored Web Chat bundle. */
export const WEB_DIR = path.join(PROJECT_ROOT, 'web');
/** Deleting expired conversations: this often, and once at start. */
const SWEEP_INTERVAL_MS = 15 * 60_000;

/** The web chat: the page at `/` and the Direct Line at `/v3/directline`, registered on the bot's server. */
export interface WebChat {
  readonly store: ConversationStore;
  readonly adapter: LocalChannelAdapter;
  register(server: Server): void;
  /** Stops the expiry sweep. */
  close(): void;
}

export interface WebChatDeps {
  readonly config: Config;
  /** The app's state store (any botbuilder Storage). */
  readonly storage: KeyValueStorage;
  readonly bot: LocalBot;
  /** The same handler as the CloudAdapter's (apology, state kept). */
  readonly onTurnError: TurnErrorHandler;
  readonly logger: Logger;
  readonly rejections?: RateLimitedLog;
  /** Replaces .data/directline-secret (tests). */
  readonly secretFile?: string;
  readonly now?: () => number;
}

/** Builds the web chat from the app's parts; nothing listens until `register`. */
export function createWebChat(deps: WebChatDeps): WebChat {
  const settings = deps.config.webChat;
  const now = deps.now ?? Date.now;
  const secret = resolveSecret(settings.secret, deps.secretFile ?? DEFAULT_SECRET_FILE, deps.logger);
  const store = new ConversationStore(deps.storage, {
    ttlMs: settings.conversationTtlSeconds * 1000,
    maxActivities: settings.maxActivities,
    now,
  });
  const productName = deps.config.teamsApp.shortName;
  const adapter = new LocalChannelAdapter(store, { id: 'troubleshooter', name: productName });
  adapter.onTurnError = deps.onTurnError;
  const routes = new DirectLineRoutes({
    settings,
    signer: new TokenSigner(secret, settings.tokenTtlSeconds, now),
    store,
    adapter,
    bot: deps.bot,
    productName,
    logger: deps.logger,
    rejections: deps.rejections ?? createRateLimitedLog(deps.logger, 'request rejected'),
  });
  const page = new WebChatPage({ webDir: WEB_DIR, productName, tagline: deps.config.teamsApp.shortDescription });
  let timer: NodeJS.Timeout | undefined;
  const sweep = (): void => {
    store.sweep().catch((err: unknown) => deps.logger.warn('web chat expiry sweep failed', { error: err }));
  };
  return {
    store,
    adapter,
    register(server) {
      page.register(server);
      routes.register(server);
      sweep();
      timer = setInterval(sweep, SWEEP_INTERVAL_MS);
      timer.unref();
    },
    close() {
      if (timer) clearInterval(timer);
    },
  };
}
