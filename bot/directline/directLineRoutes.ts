import type { Request, Response, Server } from 'restify';
import type { WebChatConfig } from '../config.js';
import type { Logger } from '../../core/logger.js';
import type { RateLimitedLog } from '../rateLimitedLog.js';
import type { ConversationRecord, ConversationStore } from './conversationStore.js';
import type { LocalBot, LocalChannelAdapter } from './localChannelAdapter.js';
import type { TokenClaims, TokenSigner } from './token.js';
import { createRateLimiter, type RateLimiter } from './rateLimit.js';
import { buildUserActivity } from './userActivity.js';
import { transcriptText } from './transcriptText.js';

/** Where the Direct Line 3.0 subset lives, as Web Chat's `domain` option. */
export const DIRECTLINE_BASE = '/v3/directline';

export interface DirectLineDeps {
  readonly settings: WebChatConfig;
  readonly signer: TokenSigner;
  readonly store: ConversationStore;
  readonly adapter: LocalChannelAdapter;
  /** The bot's turn logic, the same object /api/messages runs. */
  readonly bot: LocalBot;
  readonly productName: string;
  readonly logger: Logger;
  readonly rejections: RateLimitedLog;
}

type Handler = (req: Request, res: Response) => Promise<void>;

/**
 * The Direct Line 3.0 subset Web Chat uses with polling, served by the bot itself:
 *
 * - `POST /conversations`: public (the page is); starts a conversation, the bot welcomes the user, and
 *   the answer is `{conversationId, token, expires_in}`. With a token, it answers for that conversation.
 * - `GET /conversations/:id?watermark=`: reconnect (Web Chat's reload path): a fresh token.
 * - `POST /conversations/:id/activities`: one message; the bot's turn runs before the answer `{id}`.
 * - `GET /conversations/:id/activities?watermark=`: the activities after the watermark.
 * - `POST /tokens/refresh`: a fresh token for the same conversation.
 * - `GET /conversations/:id/transcript`: the conversation as text (the page's "Download transcript").
 *
 * Every call but the first needs the conversation's own token (401 without a valid one, 403 when it
 * expired or belongs to another conversation); the user is whoever the token names.
 */
export class DirectLineRoutes {
  private readonly newConversations: RateLimiter;
  private readonly messages: RateLimiter;
  private readonly polls: RateLimiter;
  /** One turn at a time per conversation, in the order the messages arrived. */
  private readonly turns = new Map<string, Promise<void>>();

  constructor(private readonly deps: DirectLineDeps) {
    this.newConversations = createRateLimiter(deps.settings.conversationsPerMinute);
    this.messages = createRateLimiter(deps.settings.messagesPerMinute);
    this.polls = createRateLimiter(deps.settings.pollsPerMinute);
  }

  register(server: Server): void {
    const base = DIRECTLINE_BASE;
    server.post(
      `${base}/conversations`,
      this.guarded((req, res) => this.startConversation(req, res)),
    );
    server.get(
      `${base}/conversations/:id`,
      this.guarded((req, res) => this.reconnect(req, res)),
    );
    server.post(
      `${base}/conversations/:id/activities`,
      this.guarded((req, res) => this.postActivity(req, res)),
    );
    server.get(
      `${base}/conversations/:id/activities`,
      this.guarded((req, res) => this.getActivities(req, res)),
    );
    server.get(
      `${base}/conversations/:id/transcript`,
      this.guarded((req, res) => this.transcript(req, res)),
    );
    server.post(
      `${base}/tokens/refresh`,
      this.guarded((req, res) => this.refresh(req, res)),
    );
  }

  /** Every answer is JSON of our own; a fault is logged and answered 500 without internals. */
  private guarded(handler: Handler): Handler {
    return async (req, res) => {
      res.header('Cache-Control', 'no-store');
      res.header('X-Content-Type-Options', 'nosniff');
      try {
        await handler(req, res);
      } catch (err) {
        this.deps.logger.error('direct line request failed', { path: req.path(), error: err });
        if (!res.headersSent) sendError(res, 500, 'ServiceError', 'The request could not be processed.');
      }
    };
  }

  private async startConversation(req: Request, res: Response): Promise<void> {
    if (req.header('authorization', '') !== '') {
      const claims = this.authorize(req, res);
      if (claims) await this.answerConversation(res, claims.conversationId, 200);
      return;
    }
    const client = req.socket.remoteAddress ?? 'unknown';
    if (!this.allow(this.newConversations, `client:${client}`, req, res)) return;
    const record = await this.deps.store.create();
    const locale = localeOf(req.body);
    await this.runTurn(record.id, {
      type: 'conversationUpdate',
      id: `${record.id}|welcome`,
      timestamp: new Date(),
      from: { id: record.userId, role: 'user' },
      recipient: this.botAccount(),
      conversation: { id: record.id, isGroup: false, conversationType: 'personal' },
      membersAdded: [this.botAccount(), { id: record.userId, role: 'user' }],
      ...(locale ? { locale } : {}),
    });
    this.deps.logger.info('web chat conversation started', { conversationId: record.id });
    res.send(201, this.conversationBody(record));
  }

  private async reconnect(req: Request, res: Response): Promise<void> {
    const claims = this.authorize(req, res, conversationIdOf(req));
    if (!claims || !this.allow(this.polls, claims.conversationId, req, res)) return;
    await this.answerConversation(res, claims.conversationId, 200);
  }

  private async refresh(req: Request, res: Response): Promise<void> {
    const claims = this.authorize(req, res);
    if (!claims || !this.allow(this.polls, claims.conversationId, req, res)) return;
    await this.answerConversation(res, claims.conversationId, 200);
  }

  private async postActivity(req: Request, res: Response): Promise<void> {
    const conversationId = conversationIdOf(req);
    const claims = this.authorize(req, res, conversationId);
    if (!claims) return;
    if (req.header('content-type', '').split(';')[0]?.trim().toLowerCase() !== 'application/json') {
      this.reject(req, 415, 'content type');
      sendError(res, 415, 'BadArgument', 'Content-Type must be application/json');
      return;
    }
    if (!this.allow(this.messages, conversationId, req, res)) return;
    const built = buildUserActivity(req.body, { conversationId, userId: claims.userId, bot: this.botAccount() });
    if (!built.ok) {
      this.reject(req, 400, built.problem);
      sendError(res, 400, 'BadArgument', built.problem);
      return;
    }
    const [id] = (await this.deps.store.append(conversationId, [built.activity])) ?? [];
    if (!id) {
      sendError(res, 404, 'BadArgument', 'This conversation has ended; start a new one.');
      return;
    }
    await this.runTurn(conversationId, { ...built.activity, id, timestamp: new Date() });
    res.send(200, { id });
  }

  private async getActivities(req: Request, res: Response): Promise<void> {
    const conversationId = conversationIdOf(req);
    const claims = this.authorize(req, res, conversationId);
    if (!claims || !this.allow(this.polls, conversationId, req, res)) return;
    const raw = new URLSearchParams(req.getQuery()).get('watermark') ?? '';
    if (!/^\d{0,15}$/.test(raw)) {
      sendError(res, 400, 'BadArgument', 'The watermark must be a number given by an earlier answer');
      return;
    }
    const set = await this.deps.store.since(conversationId, raw === '' ? 0 : Number(raw));
    if (!set) sendError(res, 404, 'BadArgument', 'This conversation has ended; start a new one.');
    else res.send(200, set);
  }

  private async transcript(req: Request, res: Response): Promise<void> {
    const conversationId = conversationIdOf(req);
    const claims = this.authorize(req, res, conversationId);
    if (!claims || !this.allow(this.polls, conversationId, req, res)) return;
    const record = await this.deps.store.get(conversationId);
    if (!record) {
      sendError(res, 404, 'BadArgument', 'This conversation has ended; start a new one.');
      return;
    }
    const day = new Date().toISOString().slice(0, 10);
    res.sendRaw(200, transcriptText(record, this.deps.productName), {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Disposition': `attachment; filename="web-chat-transcript-${day}.txt"`,
    });
  }

  /** A fresh token for a conversation that still exists (404 when it expired). */
  private async answerConversation(res: Response, conversationId: string, status: number): Promise<void> {
    const record = await this.deps.store.get(conversationId);
    if (!record) sendError(res, 404, 'BadArgument', 'This conversation has ended; start a new one.');
    else res.send(status, this.conversationBody(record));
  }

  private conversationBody(record: ConversationRecord): Record<string, unknown> {
    return {
      conversationId: record.id,
      token: this.deps.signer.issue(record.id, record.userId),
      expires_in: this.deps.signer.expiresIn,
    };
  }

  /** The token's claims, or undefined after answering 401 (no valid token) or 403 (expired, or not this conversation's). */
  private authorize(req: Request, res: Response, conversationId?: string): TokenClaims | undefined {
    const check = this.deps.signer.verifyHeader(req.header('authorization', ''));
    if (!check.ok) {
      const expired = check.reason === 'expired';
      this.reject(req, expired ? 403 : 401, `token ${check.reason}`);
      if (expired) sendError(res, 403, 'TokenExpired', 'The token has expired.');
      else sendError(res, 401, 'Unauthorized', 'A valid token for this conversation is required.');
      return undefined;
    }
    if (conversationId !== undefined && check.claims.conversationId !== conversationId) {
      this.reject(req, 403, 'token of another conversation');
      sendError(res, 403, 'Forbidden', 'This token is not valid for this conversation.');
      return undefined;
    }
    return check.claims;
  }

  private allow(limiter: RateLimiter, key: string, req: Request, res: Response): boolean {
    if (limiter.take(key)) return true;
    this.reject(req, 429, 'rate limit');
    res.header('Retry-After', String(limiter.retryAfterSeconds(key)));
    sendError(res, 429, 'TooManyRequests', 'Too many requests; wait a moment and try again.');
    return false;
  }

  private reject(req: Request, status: number, reason: string): void {
    this.deps.rejections.record({ status, reason, path: req.path(), remote: req.socket.remoteAddress });
  }

  private botAccount(): { id: string; name?: string } {
    return this.deps.adapter.bot;
  }

  /** Runs the turn after the conversation's earlier turns; turn faults go to the adapter's onTurnError. */
  private runTurn(conversationId: string, activity: Record<string, unknown>): Promise<void> {
    const previous = this.turns.get(conversationId) ?? Promise.resolve();
    const turn = previous.then(() => this.deps.adapter.runTurn(activity, this.deps.bot));
    const settled = turn.catch(() => undefined);
    this.turns.set(conversationId, settled);
    void settled.then(() => {
      if (this.turns.get(conversationId) === settled) this.turns.delete(conversationId);
    });
    return turn;
  }
}

/** The `:id` of the route (restify's params are untyped). */
function conversationIdOf(req: Request): string {
  const id = (req.params as Record<string, unknown> | undefined)?.id;
  return typeof id === 'string' ? id : '';
}

function sendError(res: Response, status: number, code: string, message: string): void {
  res.send(status, { error: { code, message } });
}

function localeOf(body: unknown): string | undefined {
  const locale = (body as { locale?: unknown } | undefined)?.locale;
  return typeof locale === 'string' && /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,4}$/.test(locale) ? locale : undefined;
}
