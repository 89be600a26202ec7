/**
 * Test kit for the HTTP tests: starts the real restify server on 127.0.0.1:0 with the real app and
 * adapter, posts raw requests to it, and records what the bot sends back to the channel (nock).
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import nock from 'nock';
import type { Server } from 'restify';
import type { BotAdapter, AdapterOptions } from '../../bot/adapter.js';
import type { Config } from '../../bot/config.js';
import { createLogger } from '../../core/logger.js';
import { packageVersion, type App } from '../../bot/app.js';
import { createAdapter, createOnTurnError } from '../../bot/adapter.js';
import { createServer } from '../../bot/server.js';
import { connectHelpdesk } from '../../bot/helpdeskOutbox.js';
import type { KnowledgeEntry } from '../../knowledge/model.js';
import { messages } from '../../replies/messages.js';
import {
  buttonByTitle,
  clickActivity,
  freshApp,
  testConfig,
  textOf,
  uniqueId,
  type BotReply,
  type Chat,
} from './harness.js';

export { uniqueId } from './harness.js';

export interface RunningBot {
  readonly config: Config;
  readonly app: App;
  readonly adapter: BotAdapter;
  readonly server: Server;
  /** http://127.0.0.1:<port> */
  readonly baseUrl: string;
  close(): Promise<void>;
}

export interface StartOptions {
  readonly adapter?: AdapterOptions;
  /** Receives every log line (JSON) the bot writes at info level and above. */
  readonly logSink?: (line: string) => void;
}

/** Builds config → app → adapter → server exactly as bot/index.ts does, and listens on a free port. */
export async function startBot(env: Record<string, string> = {}, options: StartOptions = {}): Promise<RunningBot> {
  // HTTP_TEST_LOG=1 shows the bot's log lines while debugging a failing test.
  const logger = options.logSink
    ? createLogger('info', options.logSink)
    : createLogger(process.env.HTTP_TEST_LOG ? 'debug' : 'silent');
  const serverEnv = { HOST: '127.0.0.1', PORT: '3978', ...env };
  const config = testConfig(serverEnv);
  const app = freshApp(serverEnv, {}, logger);
  const adapter = createAdapter(config, options.adapter);
  adapter.onTurnError = createOnTurnError({ logger, userConversationState: app.userConversationState });
  connectHelpdesk(app, adapter, config);
  const server = createServer({
    config,
    services: app.services,
    adapter,
    bot: app.bot,
    storageKind: app.storageKind,
    version: packageVersion(),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const port = server.address().port;
  return {
    config,
    app,
    adapter,
    server,
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface HttpResult {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  readonly json: unknown;
}

export interface PostOptions {
  /** Defaults to application/json; null sends no Content-Type header at all. */
  readonly contentType?: string | null;
  readonly headers?: Record<string, string>;
}

/** Sends one request with node:http (no keep-alive, so servers close promptly). */
export function request(
  method: string,
  url: string,
  body?: string | Buffer,
  options: PostOptions = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...(options.headers ?? {}) };
    if (body !== undefined) {
      const contentType = options.contentType === undefined ? 'application/json' : options.contentType;
      if (contentType !== null) headers['content-type'] = contentType;
      headers['content-length'] = Buffer.byteLength(body);
    }
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
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** POSTs an activity (or any JSON-able value) to /api/messages. */
export function postActivity(bot: RunningBot, activity: unknown, options: PostOptions = {}): Promise<HttpResult> {
  return request('POST', `${bot.baseUrl}/api/messages`, JSON.stringify(activity), options);
}

export const SERVICE_URL = 'https://channel.test';
export const BOT_ACCOUNT = { id: 'bot-1', name: 'Troubleshooter', role: 'bot' } as const;
export const USER_ACCOUNT = { id: 'user-1', name: 'Test User', role: 'user' } as const;

export interface ActivityOptions {
  readonly conversationId: string;
  readonly channelId?: string;
  readonly id?: string;
  readonly serviceUrl?: string;
  readonly extra?: Record<string, unknown>;
}

/** A message activity shaped like the ones the Bot Framework Emulator posts. */
export function messageActivity(text: string, o: ActivityOptions): Record<string, unknown> {
  return {
    type: 'message',
    id: o.id ?? uniqueId('act'),
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    channelId: o.channelId ?? 'emulator',
    serviceUrl: o.serviceUrl ?? SERVICE_URL,
    from: USER_ACCOUNT,
    recipient: BOT_ACCOUNT,
    conversation: { id: o.conversationId },
    locale: 'en-US',
    textFormat: 'plain',
    text,
    ...(o.extra ?? {}),
  };
}

/** A conversationUpdate adding members, as the Emulator sends when a chat opens. */
export function membersAddedActivity(
  members: readonly { id: string; name?: string }[],
  o: ActivityOptions,
): Record<string, unknown> {
  return {
    type: 'conversationUpdate',
    id: o.id ?? uniqueId('cu'),
    timestamp: new Date().toISOString(),
    channelId: o.channelId ?? 'emulator',
    serviceUrl: o.serviceUrl ?? SERVICE_URL,
    from: USER_ACCOUNT,
    recipient: BOT_ACCOUNT,
    conversation: { id: o.conversationId },
    membersAdded: members,
    ...(o.extra ?? {}),
  };
}

/** One activity the bot sent to the channel's connector. */
export interface SentActivity {
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: Record<string, unknown>;
}

/** Path the connector uses for a reply to `activityId` in `conversationId`. */
export function replyPath(conversationId: string, activityId: string): string {
  return `/v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activityId)}`;
}

function parseBody(body: unknown): Record<string, unknown> {
  if (typeof body === 'string') return JSON.parse(body) as Record<string, unknown>;
  return body as Record<string, unknown>;
}

function authorizationOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const value = headers.authorization;
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Records every activity the bot POSTs to `serviceUrl` for the conversation (persisted interceptor;
 * nock.cleanAll() removes it). Answers like a real connector: `{ id }`.
 */
export function recordChannel(
  conversationId: string,
  serviceUrl: string = SERVICE_URL,
): { sent: SentActivity[]; scope: nock.Scope } {
  const sent: SentActivity[] = [];
  const prefix = `/v3/conversations/${encodeURIComponent(conversationId)}/activities`;
  const scope = nock(serviceUrl)
    .persist()
    .post((uri) => uri === prefix || uri.startsWith(`${prefix}/`))
    .reply(200, function (uri, body) {
      sent.push({ path: uri, authorization: authorizationOf(this.req.headers), body: parseBody(body) });
      return { id: uniqueId('sent') };
    });
  return { sent, scope };
}

/** Message texts among recorded activities (trace and typing activities skipped). */
export function messageTexts(sent: readonly SentActivity[]): string[] {
  return sent.filter((s) => s.body.type === 'message').map((s) => textOf(s.body));
}

/** Allows loopback only; everything else must be mocked. */
export function offlineOnly(): void {
  nock.disableNetConnect();
  nock.enableNetConnect((host) => /^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host));
}

/** One user's conversation over HTTP: every message expects its replies in the response. */
export class HttpChat implements Chat {
  readonly conversationId = uniqueId('tree-http-conv');
  readonly from = { id: uniqueId('tree-http-user'), name: 'Tess', role: 'user' };
  /** What reached the connector instead of the response (must stay empty). */
  readonly posted: SentActivity[];

  constructor(
    private readonly bot: RunningBot,
    private readonly channelId: string,
  ) {
    this.posted = recordChannel(this.conversationId).sent;
  }

  get entries(): ReadonlyMap<string, KnowledgeEntry> {
    return this.bot.app.services.knowledge.current.entries;
  }

  async say(text: string | undefined, value?: unknown): Promise<BotReply[]> {
    const incoming = messageActivity(text ?? '', {
      conversationId: this.conversationId,
      channelId: this.channelId,
      extra: { deliveryMode: 'expectReplies', from: this.from, ...(value !== undefined ? { value } : {}) },
    });
    const res = await postActivity(this.bot, incoming);
    assert.equal(res.status, 200, `POST "${text ?? ''}": ${res.status} ${res.text.slice(0, 300)}`);
    const body = res.json as { activities?: Record<string, unknown>[] } | undefined;
    assert.ok(
      body && Array.isArray(body.activities),
      `no activities in the response to "${text ?? ''}": ${res.text.slice(0, 300)}`,
    );
    const replies = body.activities.filter((a) => a.type === 'message');
    for (const r of replies) {
      assert.equal(r.replyToId, incoming.id, 'each reply answers the message posted');
      assert.notEqual(r.text, messages.apology, `the turn for "${text ?? ''}" failed`);
    }
    assert.equal(this.posted.length, 0, 'expectReplies must not post to the connector');
    return replies;
  }

  /** What the last invoke was answered with (the `invokeResponse` activity's value). */
  lastInvokeResponse: unknown;

  /** Clicks a button as the channel sends it (see clickActivity): a message, or for an Execute an invoke. */
  async click(activity: BotReply | undefined, title: string): Promise<BotReply[]> {
    const sent = clickActivity(buttonByTitle(activity, title), this.channelId);
    if (sent.type === 'message') return this.say(sent.text, sent.value);
    const incoming = {
      ...messageActivity('', { conversationId: this.conversationId, channelId: this.channelId }),
      ...sent,
      text: undefined,
      deliveryMode: 'expectReplies',
      from: this.from,
    };
    const res = await postActivity(this.bot, incoming);
    assert.equal(res.status, 200, `invoke for "${title}": ${res.status} ${res.text.slice(0, 300)}`);
    const body = res.json as { activities?: Record<string, unknown>[] } | undefined;
    const activities = body?.activities ?? [];
    this.lastInvokeResponse = activities.find((a) => a.type === 'invokeResponse')?.value;
    assert.equal(this.posted.length, 0, 'expectReplies must not post to the connector');
    return activities.filter((a) => a.type === 'message');
  }
}
