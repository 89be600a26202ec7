/**
 * The real server in this process (config → app → adapter → restify, as bot/index.ts builds it),
 * and a client that posts activities with "deliveryMode": "expectReplies" and reads the replies from
 * the response, so nothing leaves loopback.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { Server } from 'restify';
import { buildApp, packageVersion, type App, type AppOptions } from '../../../bot/app.js';
import { createAdapter, createOnTurnError } from '../../../bot/adapter.js';
import { loadConfig } from '../../../bot/config.js';
import { createServer } from '../../../bot/server.js';
import { createLogger } from '../../../core/logger.js';
import { buttonsOf, textOf, type BotReply } from '../../support/harness.js';

export interface RunningServer {
  readonly app: App;
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Starts an instance of the bot on 127.0.0.1 (a free port). */
export async function startServer(env: Record<string, string>, options: AppOptions = {}): Promise<RunningServer> {
  const config = loadConfig({ LOG_LEVEL: 'silent', HOST: '127.0.0.1', ...env });
  const logger = createLogger(process.env.STATE_TEST_LOG ? 'debug' : 'silent');
  const app = buildApp(config, logger, options);
  const adapter = createAdapter(config);
  adapter.onTurnError = createOnTurnError({ logger, userConversationState: app.userConversationState });
  const server: Server = createServer({
    config,
    services: app.services,
    adapter,
    bot: app.bot,
    storageKind: app.storageKind,
    state: app.state,
    version: packageVersion(),
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address();
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface HttpAnswer {
  readonly status: number;
  readonly json: unknown;
  readonly text: string;
}

export function httpRequest(method: 'GET' | 'POST', url: string, body?: unknown): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string | number> = payload
      ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
      : {};
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text === '' ? undefined : JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, json, text });
      });
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** A bot's reply as the response carries it. */
export interface Reply {
  readonly text: string;
  readonly buttons: readonly { readonly title: string; readonly text: string; readonly value: unknown }[];
}

let sequence = 0;

/** One user in one personal conversation, whose turns can go to any instance. */
export class HttpUser {
  readonly conversationId: string;
  readonly userId: string;

  constructor(
    prefix: string,
    readonly channelId = 'msteams',
  ) {
    sequence += 1;
    this.conversationId = `a:${prefix}-${process.pid}-${sequence};messageid=1`;
    this.userId = `29:${prefix}-user-${sequence}`;
  }

  /** The key of this user's progress in the store (see UserConversationState). */
  get progressKey(): string {
    return `${this.channelId}/conversations/${this.conversationId}/private/`;
  }

  get conversationKey(): string {
    return `${this.channelId}/conversations/${this.conversationId}/`;
  }

  activity(extra: Record<string, unknown>): Record<string, unknown> {
    sequence += 1;
    return {
      type: 'message',
      id: `act-${sequence}`,
      channelId: this.channelId,
      serviceUrl: 'https://channel.test',
      deliveryMode: 'expectReplies',
      from: { id: this.userId, name: 'Tess', role: 'user' },
      recipient: { id: 'bot-1', name: 'Troubleshooter', role: 'bot' },
      conversation: { id: this.conversationId, conversationType: 'personal' },
      locale: 'en-US',
      ...extra,
    };
  }

  /** Posts one activity to `baseUrl` and returns the messages in the response. */
  async post(baseUrl: string, activity: Record<string, unknown>): Promise<Reply[]> {
    const res = await httpRequest('POST', `${baseUrl}/api/messages`, activity);
    assert.equal(res.status, 200, res.text.slice(0, 300));
    const body = res.json as { activities?: Record<string, unknown>[] } | undefined;
    assert.ok(body && Array.isArray(body.activities), `no activities in ${res.text.slice(0, 300)}`);
    return body.activities.filter((a) => a.type === 'message').map(toReply);
  }

  say(baseUrl: string, text: string): Promise<Reply[]> {
    return this.post(baseUrl, this.activity({ text }));
  }

  /** Clicks a button as Teams sends a messageBack: its text and its value. */
  click(baseUrl: string, replies: readonly Reply[], title: string): Promise<Reply[]> {
    const b = replies.flatMap((r) => r.buttons).find((x) => x.title === title);
    assert.ok(b, `no button "${title}" in ${JSON.stringify(replies.map((r) => r.text.slice(0, 80)))}`);
    return this.post(baseUrl, this.activity({ text: b.text, value: b.value }));
  }
}

/** A reply as the user sees it: its text (or its card's), and its buttons, hero or Adaptive Card. */
function toReply(a: Record<string, unknown>): Reply {
  const buttons = buttonsOf(a as BotReply).map((b) => ({ title: b.title, text: b.text, value: b.value }));
  return { text: textOf(a), buttons };
}

/** All reply texts, joined, for matching. */
export function allText(replies: readonly Reply[]): string {
  return replies.map((r) => r.text).join('\n---\n');
}
