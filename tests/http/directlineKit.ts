/**
 * Test kit for the web chat: the real app, adapter, server and web chat (page + Direct Line) on
 * 127.0.0.1:0, built as bot/index.ts builds them, with a chosen store (a restart reuses it) and clock.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryStorage, type Storage } from 'botbuilder';
import type { Server } from 'restify';
import { loadConfig, type Config } from '../../bot/config.js';
import { createLogger } from '../../core/logger.js';
import { buildApp, packageVersion, type App } from '../../bot/app.js';
import { createAdapter, createOnTurnError, type AdapterOptions } from '../../bot/adapter.js';
import { createServer } from '../../bot/server.js';
import { createWebChat, type WebChat } from '../../bot/directline/index.js';
import { request, type HttpResult } from '../support/httpBot.js';
import { textOf } from '../support/harness.js';

export interface WebChatBot {
  readonly config: Config;
  readonly app: App;
  readonly webChat: WebChat;
  readonly server: Server;
  /** http://127.0.0.1:<port> */
  readonly baseUrl: string;
  close(): Promise<void>;
}

export interface WebChatBotOptions {
  readonly env?: Record<string, string>;
  /** The state store; pass the same one again to simulate a restart. */
  readonly storage?: Storage;
  /** Where a generated secret is kept (a temp file by default). */
  readonly secretFile?: string;
  readonly now?: () => number;
  readonly adapter?: AdapterOptions;
  readonly logSink?: (line: string) => void;
}

/** A fresh temp file path for a generated secret (the file does not exist yet). */
export function tempSecretFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dl-secret-')), 'directline-secret');
}

export async function startWebChatBot(options: WebChatBotOptions = {}): Promise<WebChatBot> {
  const config = loadConfig({ LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '3978', ...options.env });
  const logger = options.logSink
    ? createLogger('info', options.logSink)
    : createLogger(process.env.HTTP_TEST_LOG ? 'debug' : 'silent');
  const app = buildApp(config, logger, { storage: options.storage ?? new MemoryStorage() });
  const adapter = createAdapter(config, options.adapter);
  const onTurnError = createOnTurnError({ logger, userConversationState: app.userConversationState });
  adapter.onTurnError = onTurnError;
  const webChat = createWebChat({
    config,
    storage: app.storage,
    bot: app.bot,
    onTurnError,
    logger,
    secretFile: options.secretFile ?? tempSecretFile(),
    ...(options.now ? { now: options.now } : {}),
  });
  const server = createServer({
    config,
    services: app.services,
    adapter,
    bot: app.bot,
    storageKind: app.storageKind,
    version: packageVersion(),
    webChat,
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = server.address().port;
  return {
    config,
    app,
    webChat,
    server,
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        webChat.close();
        server.server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const DL = '/v3/directline';

export interface Started {
  readonly conversationId: string;
  readonly token: string;
  readonly expires_in: number;
}

/** POST /v3/directline/conversations without a token. */
export async function startConversation(bot: WebChatBot): Promise<Started> {
  const res = await request('POST', `${bot.baseUrl}${DL}/conversations`);
  if (res.status !== 201) throw new Error(`start conversation: ${res.status} ${res.text}`);
  return res.json as Started;
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** Posts a message as Web Chat does (its `from` is whatever the client claims). */
export function postMessage(
  bot: WebChatBot,
  c: { conversationId: string; token: string },
  activity: Record<string, unknown>,
): Promise<HttpResult> {
  return request(
    'POST',
    `${bot.baseUrl}${DL}/conversations/${c.conversationId}/activities`,
    JSON.stringify({ type: 'message', from: { id: 'someone-else', role: 'user' }, ...activity }),
    { headers: bearer(c.token) },
  );
}

export interface Polled {
  readonly activities: Record<string, unknown>[];
  readonly watermark: string;
}

export async function poll(
  bot: WebChatBot,
  c: { conversationId: string; token: string },
  watermark = '',
): Promise<Polled> {
  const res = await request(
    'GET',
    `${bot.baseUrl}${DL}/conversations/${c.conversationId}/activities?watermark=${watermark}`,
    undefined,
    { headers: bearer(c.token) },
  );
  if (res.status !== 200) throw new Error(`poll: ${res.status} ${res.text}`);
  return res.json as Polled;
}

/** Texts of the bot's messages among polled activities. */
export function botTexts(activities: readonly Record<string, unknown>[]): string[] {
  return activities
    .filter((a) => (a.from as { role?: string } | undefined)?.role === 'bot' && a.type === 'message')
    .map((a) => textOf(a));
}
