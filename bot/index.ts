/** Composition root: config → objects → listen. No logic lives here. */
import { ConfigError, loadConfig, loadDotEnv } from './config.js';
import { createLogger, type Logger } from '../core/logger.js';
import type { AnalyticsRecorder } from '../analytics/recorder.js';
import { buildApp, packageVersion } from './app.js';
import { createAdapter, createOnTurnError } from './adapter.js';
import { createServer } from './server.js';
import { connectHelpdesk } from './helpdeskOutbox.js';
import { createWebChat } from './directline/index.js';
import { bridgeConsole } from './consoleBridge.js';
import { ContentError } from '../knowledge/load/loadKnowledge.js';

function main(): void {
  loadDotEnv();

  // The server keeps conversations in files unless STORAGE says otherwise (the chat and tests: memory).
  const config = loadConfig(process.env, { defaultStorage: 'file' });
  const logger = createLogger(config.logLevel);
  bridgeConsole(logger);
  const app = buildApp(config, logger);
  const adapter = createAdapter(config);
  const onTurnError = createOnTurnError({ logger, userConversationState: app.userConversationState });
  adapter.onTurnError = onTurnError;
  connectHelpdesk(app, adapter, config);
  const webChat = config.webChat.enabled
    ? createWebChat({ config, storage: app.storage, bot: app.bot, onTurnError, logger })
    : undefined;
  const server = createServer({
    config,
    services: app.services,
    adapter,
    bot: app.bot,
    storageKind: app.storageKind,
    state: app.state,
    version: packageVersion(),
    webChat,
  });
  const stopPruning = app.state.startPruning();
  // A state folder that cannot be written is a setup error: say so now, not at the first turn.
  void app.state.check().then((health) => {
    if (health.answers) return;
    if (app.storageKind !== 'file') return; // a remote store may come back; /healthz reports it meanwhile
    process.stderr.write(`Refusing to start. STATE_DIR ${health.where} cannot be used: ${health.problem ?? ''}\n`);
    process.exit(1);
  });

  server.listen(config.port, config.host, () => {
    logger.info('listening', {
      url: `http://localhost:${config.port}`,
      endpoint: '/api/messages',
      webChat: webChat ? `http://localhost:${config.port}/` : 'off',
      auth: config.isAuthEnabled ? 'on' : 'off (local mode: MicrosoftAppId is empty)',
      storage: app.storageKind,
      state: app.state.where,
      content: app.services.knowledge.counts(),
    });
  });

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    stopPruning();
    // Stop accepting connections, let in-flight turns finish, then exit; force after 10 s.
    const force = setTimeout(() => {
      logger.warn('forced exit after 10 s');
      process.exit(1);
    }, 10_000);
    force.unref();
    // The analytics buffer (a few seconds of events) is written before exit.
    server.close(() => void flushThenExit(app.services.analytics, logger));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

async function flushThenExit(analytics: AnalyticsRecorder | undefined, logger: Logger): Promise<void> {
  await analytics?.flush();
  logger.info('stopped');
  process.exit(0);
}

try {
  main();
} catch (err) {
  if (err instanceof ConfigError || err instanceof ContentError) {
    process.stderr.write(`Refusing to start. ${err.message}\n`);
  } else {
    process.stderr.write(`Refusing to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
}
