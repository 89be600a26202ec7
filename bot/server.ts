import restify, { type Request, type Response, type Server } from 'restify';
import type { CloudAdapter } from 'botbuilder';
import type { ActivityHandler } from 'botbuilder';
import type { BotServices } from './botServices.js';

export interface ServerDeps {
  readonly services: BotServices;
  readonly adapter: CloudAdapter;
  readonly bot: ActivityHandler;
  /** Storage kind reported by /healthz. */
  readonly storageKind: string;
  readonly version: string;
}

/**
 * The HTTP surface: `POST /api/messages` (Bot Framework protocol) and `GET /healthz`.
 * Bad requests (wrong content type, malformed JSON, oversized body, not an activity) get a 4xx
 * and never reach the bot.
 */
export function createServer(deps: ServerDeps): Server {
  const { services } = deps;
  const log = services.logger;
  const server = restify.createServer({ name: 'sfb-exchange-troubleshooter', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: services.config.maxBodyBytes, mapParams: false, mapFiles: false }));

  server.post('/api/messages', async (req: Request, res: Response) => {
    const contentType = (req.header('content-type') ?? '').toLowerCase();
    if (contentType.split(';')[0]?.trim() !== 'application/json') {
      res.send(415, { error: 'Content-Type must be application/json' });
      return;
    }
    if (!isActivityLike(req.body)) {
      res.send(400, { error: 'The body must be a Bot Framework activity: type, channelId, serviceUrl, conversation.id, from.id and recipient.id' });
      return;
    }
    try {
      await deps.adapter.process(req, res, (context) => deps.bot.run(context));
    } catch (err) {
      // Turn faults are handled by onTurnError; what lands here is a malformed activity.
      log.warn('request rejected', { error: err, path: '/api/messages' });
      if (!res.headersSent) res.send(400, { error: 'The activity could not be processed' });
    }
  });

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, {
      status: 'ok',
      version: deps.version,
      uptimeSeconds: Math.round((Date.now() - services.startedAt.getTime()) / 1000),
      content: services.knowledge.counts(),
      contentLoadedAt: services.knowledge.current.loadedAt.toISOString(),
      storage: deps.storageKind,
      auth: services.config.isAuthEnabled ? 'on' : 'off',
    });
  });

  server.on('restifyError', (req: Request, res: Response, err: Error & { statusCode?: number }, callback: () => void) => {
    const status = err.statusCode ?? 500;
    (status >= 500 ? log.error : log.warn)('http error', { method: req.method, path: req.path(), status, error: err.message });
    return callback();
  });
  return server;
}

/** The minimum an activity needs before the adapter and the bot may see it. */
function isActivityLike(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const a = body as Record<string, unknown>;
  const hasId = (v: unknown): boolean => typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string';
  return (
    typeof a.type === 'string' &&
    typeof a.channelId === 'string' &&
    typeof a.serviceUrl === 'string' &&
    /^https?:\/\//i.test(a.serviceUrl) &&
    hasId(a.conversation) &&
    hasId(a.from) &&
    hasId(a.recipient) &&
    (a.text === undefined || typeof a.text === 'string') &&
    (a.membersAdded === undefined || (Array.isArray(a.membersAdded) && a.membersAdded.every(hasId))) &&
    (a.membersRemoved === undefined || (Array.isArray(a.membersRemoved) && a.membersRemoved.every(hasId)))
  );
}
