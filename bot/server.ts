import restify, { type Request, type Response, type Server } from 'restify';
import type { TurnContext } from 'botbuilder';
import type { BotAdapter } from './adapter.js';
import type { BotServices } from '../conversation/services.js';
import type { Config } from './config.js';
import { guardActivity } from '../conversation/activityGuard.js';
import { createRateLimitedLog, type RateLimitedLog } from './rateLimitedLog.js';
import type { StoreHealth } from './state/stateStore.js';

/** What the HTTP edge needs of the bot: its turn logic. */
export interface TurnRunner {
  run(context: TurnContext): Promise<void>;
}

export interface ServerDeps {
  readonly config: Config;
  readonly services: BotServices;
  readonly adapter: BotAdapter;
  readonly bot: TurnRunner;
  /** Storage kind reported by /healthz. */
  readonly storageKind: string;
  /** The state store's health check: /healthz then says whether the store answers (503 when not). */
  readonly state?: { check(): Promise<StoreHealth> };
  readonly version: string;
  /** Replaces the rejected-request log (tests). */
  readonly rejections?: RateLimitedLog;
  /** The web chat page and its Direct Line (bot/directline/), when enabled. */
  readonly webChat?: { register(server: Server): void };
}

/**
 * The HTTP surface: `POST /api/messages` (Bot Framework protocol), `GET /healthz`, and when enabled the
 * web chat page with its Direct Line (registered by bot/directline/, never through /api/messages).
 * Bad requests (wrong content type, malformed JSON, oversized body, not an activity) get a 4xx and
 * never reach the bot; a token that fails gets 401, one that cannot be checked right now 503. No
 * response carries internal error text.
 */
export function createServer(deps: ServerDeps): Server {
  const { services } = deps;
  const log = services.logger;
  const rejections = deps.rejections ?? createRateLimitedLog(log, 'request rejected');
  const server = restify.createServer({ name: 'sfb-exchange-troubleshooter', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: deps.config.maxBodyBytes, mapParams: false, mapFiles: false }));

  server.post('/api/messages', async (req: Request, res: Response) => {
    const contentType = req.header('content-type', '').toLowerCase();
    if (contentType.split(';')[0]?.trim() !== 'application/json') {
      rejections.record({ status: 415, reason: 'content type', remote: req.socket.remoteAddress });
      res.send(415, { error: 'Content-Type must be application/json' });
      return;
    }
    const guarded = guardActivity(req.body, { httpServiceUrl: true });
    if (!guarded.ok) {
      rejections.record({ status: 400, reason: guarded.problem, remote: req.socket.remoteAddress });
      res.send(400, { error: guarded.problem });
      return;
    }
    const authorization = req.header('authorization', '');
    try {
      const invoke = await deps.adapter.processIncoming(authorization, guarded.activity, (context) =>
        deps.bot.run(context),
      );
      res.send(invoke?.status ?? 200, invoke?.body);
    } catch (err) {
      // Turn faults are handled by onTurnError; what lands here is auth, or a fault around the turn.
      const failure = classifyFailure(err);
      rejections.record({
        status: failure.status,
        reason: failure.reason,
        remote: req.socket.remoteAddress,
        error: oneLine(err),
      });
      if (failure.status === 503) res.header('Retry-After', '30');
      res.send(failure.status, { error: failure.message });
    }
  });

  server.get('/healthz', async (_req: Request, res: Response) => {
    const { status, body } = await health(deps);
    res.send(status, body);
  });

  deps.webChat?.register(server);

  server.on(
    'restifyError',
    (req: Request, _res: Response, err: Error & { statusCode?: number }, callback: () => void) => {
      const status = err.statusCode ?? 500;
      if (status >= 500) log.error('http error', { method: req.method, path: req.path(), status, error: err.message });
      else rejections.record({ status, reason: err.message.slice(0, 200), remote: req.socket.remoteAddress });
      callback();
    },
  );
  return server;
}

/**
 * What /healthz answers: 200 with `status: "ok"`, or 503 with `status: "degraded"` when the state
 * store does not answer (a load balancer then stops sending turns that could not be saved).
 */
async function health(deps: ServerDeps): Promise<{ status: number; body: Record<string, unknown> }> {
  const { services } = deps;
  const store = deps.state ? await deps.state.check() : undefined;
  const answers = store?.answers ?? true;
  return {
    status: answers ? 200 : 503,
    body: {
      status: answers ? 'ok' : 'degraded',
      version: deps.version,
      uptimeSeconds: Math.round((Date.now() - services.startedAt.getTime()) / 1000),
      content: services.knowledge.counts(),
      contentLoadedAt: services.knowledge.current.loadedAt.toISOString(),
      storage: deps.storageKind,
      // Whether it answers, not why not: no response carries internal error text (the log has it).
      ...(store ? { storageWhere: store.where, storageAnswers: store.answers, storageMs: store.ms } : {}),
      auth: deps.config.isAuthEnabled ? 'on' : 'off',
    },
  };
}

interface Failure {
  readonly status: 401 | 500 | 503;
  /** For the log. */
  readonly reason: string;
  /** For the caller: never internal details. */
  readonly message: string;
}

const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Sorts a failure of `processActivity`: a token that is wrong (401), a token that cannot be checked
 * because the channel's signing keys are unreachable (503: the caller may retry), anything else 500.
 */
export function classifyFailure(err: unknown): Failure {
  const e = err as
    { name?: unknown; statusCode?: unknown; code?: unknown; type?: unknown; message?: unknown } | undefined;
  const name = typeof e?.name === 'string' ? e.name : '';
  const message = typeof e?.message === 'string' ? e.message : '';
  const unavailable: Failure = {
    status: 503,
    reason: 'token keys unavailable',
    message: 'The token cannot be verified right now; try again later.',
  };
  // botframework-connector reports key download failures as an AuthenticationError with status 500.
  if (isAuthenticationError(err))
    return e?.statusCode === 500 || /^Failed to load/.test(message)
      ? unavailable
      : { status: 401, reason: 'bad token', message: 'Unauthorized' };
  if (['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError'].includes(name))
    return { status: 401, reason: 'bad token', message: 'Unauthorized' };
  if (name === 'FetchError' || e?.type === 'system' || (typeof e?.code === 'string' && NETWORK_CODES.has(e.code)))
    return unavailable;
  return { status: 500, reason: 'internal error', message: 'The activity could not be processed.' };
}

function isAuthenticationError(err: unknown): boolean {
  return err instanceof Error && err.constructor.name === 'AuthenticationError';
}

/** The first line of an error, for a log line that stays one line. */
function oneLine(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.split('\n')[0]?.slice(0, 300) ?? '';
}
