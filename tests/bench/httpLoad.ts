/**
 * The pieces of the HTTP section of `npm run bench` (tests/bench/httpBench.ts), shared with its test:
 * a loopback fake Bot Framework connector that the servers post their replies to, a server started as
 * its own node process (timed from spawn to the first 200 on /healthz), readers of that process's CPU
 * time and peak RSS from /proc, the seeded message mixes, and the driver that sends them over HTTP
 * with normal delivery (replies come back as connector posts, as in Teams), N conversations in flight.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { PROJECT_ROOT } from '../../bot/config.js';
import { COMPILED_ENTRY } from '../support/compiled.js';
import { httpRequest, type Reply } from '../state/support/botServer.js';
import { textOf, type BotReply } from '../support/harness.js';
import { seededRandom } from '../support/seededRandom.js';
import { firstButtonOf, isFaultReply, replyTexts } from '../proof/support/botProcess.js';
import { PASTES, SHORT } from './queryTexts.js';

// ---- the fake connector ------------------------------------------------------------------------

/** A Bot Framework connector on loopback: answers every post with 200 `{id}` and keeps what was posted. */
export class FakeConnector {
  /** Posts to .../activities since the last reset. */
  posts = 0;
  /** Any other request (none expected): counted so a change of the bots' calls shows up. */
  others = 0;
  private readonly posted = new Map<string, Record<string, unknown>[]>();
  private readonly server: http.Server;

  private constructor() {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.receive(req, Buffer.concat(chunks).toString('utf8'), res));
    });
    this.server.keepAliveTimeout = 30_000;
  }

  static async start(): Promise<FakeConnector> {
    const connector = new FakeConnector();
    await new Promise<void>((resolve) => connector.server.listen(0, '127.0.0.1', resolve));
    return connector;
  }

  /** The serviceUrl the activities name. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private receive(req: http.IncomingMessage, raw: string, res: http.ServerResponse): void {
    // POST /v3/conversations/{conversationId}/activities[/{replyToId}]
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/[^/]+)?$/.exec(req.url ?? '');
    let body = '{}';
    if (req.method === 'POST' && match?.[1]) {
      this.posts += 1;
      const conversationId = decodeURIComponent(match[1]);
      let activity: Record<string, unknown> = {};
      try {
        activity = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        // Counted all the same: what matters here is that a post was made.
      }
      const list = this.posted.get(conversationId) ?? [];
      list.push(activity);
      this.posted.set(conversationId, list);
      body = JSON.stringify({ id: `post-${this.posts}` });
    } else this.others += 1;
    // Two calls: under the test suite's nock interception writeHead does not return the response.
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  }

  /** What was posted to a conversation since the last take, removed from the connector. */
  take(conversationId: string): Record<string, unknown>[] {
    const list = this.posted.get(conversationId) ?? [];
    this.posted.delete(conversationId);
    return list;
  }

  reset(): void {
    this.posts = 0;
    this.others = 0;
    this.posted.clear();
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}

// ---- a server process --------------------------------------------------------------------------

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly baseUrl: string;
  /** Milliseconds from spawn to the first 200 on /healthz. */
  readonly startMs: number;
  readonly output: () => string;
}

/**
 * The node arguments `npm start` runs (its flags and entry), read from package.json so the bench
 * follows the start path as it changes: the last `node ...` command of the script (after any `&&`);
 * `node dist/bot/index.js` when there is none. The entry is replaced by `entry` when one is given (the
 * echo bot runs under the same flags, so the two differ only in what they load).
 */
export function startArgs(entry?: string): string[] {
  const pkg = JSON.parse(fs.readFileSync(`${PROJECT_ROOT}/package.json`, 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const commands = (pkg.scripts?.['start'] ?? '').split(/&&|;/).map((c) => c.trim().split(/\s+/));
  const node = commands.filter((words) => words[0] === 'node' && words.length >= 2).pop();
  const args = node ? node.slice(1) : [COMPILED_ENTRY];
  if (entry !== undefined) args[args.length - 1] = entry;
  return args;
}

/** The echo bot as `npm run build` compiles it. */
export const ECHO_ENTRY = 'dist/tests/bench/echoBot.js';

/**
 * Spawns `node <args>` in the project root with `env` and polls /healthz every 10 ms until it answers
 * 200 (within 30 s). The environment is cleaned of what would change the bot's setup (the store, the
 * host, an app id), so it runs as `npm start` does on a fresh clone.
 */
export async function spawnServer(
  args: readonly string[],
  port: number,
  env: NodeJS.ProcessEnv = {},
): Promise<ServerProcess> {
  const full: NodeJS.ProcessEnv = { ...process.env, ...env, PORT: String(port) };
  for (const key of ['STORAGE', 'HOST', 'MicrosoftAppId', 'MicrosoftAppPassword', 'LOG_LEVEL'])
    if (!(key in env)) Reflect.deleteProperty(full, key);
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env: full, stdio: ['ignore', 'pipe', 'pipe'] });
  // Keep the first 20 KB only (for a failure message): the bot logs every search at info.
  let output = '';
  const keep = (c: string): void => {
    if (output.length < 20_000) output += c;
  };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  const baseUrl = `http://127.0.0.1:${port}`;
  while (performance.now() - started < 30_000) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}:\n${output}`);
    const res = await httpRequest('GET', `${baseUrl}/healthz`).catch(() => undefined);
    if (res?.status === 200 && child.pid !== undefined)
      return { child, pid: child.pid, baseUrl, startMs: performance.now() - started, output: () => output };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  child.kill('SIGKILL');
  throw new Error(`${args.join(' ')} did not answer /healthz within 30 s:\n${output}`);
}

export function killServer(server: ServerProcess): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
  server.child.kill('SIGKILL');
  return exited;
}

// ---- /proc readers -----------------------------------------------------------------------------

let clockTicks: number | undefined;

/** Clock ticks per second of /proc/<pid>/stat (getconf CLK_TCK; 100 on Linux when that fails). */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    clockTicks = Number(out.stdout.trim()) || 100;
  }
  return clockTicks;
}

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat; NaN off Linux. */
export function cpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond();
  } catch {
    return NaN;
  }
}

/** Peak resident memory of a process (VmHWM in /proc/<pid>/status), in bytes; NaN off Linux. */
export function peakRss(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? NaN : Number(kb) * 1024;
  } catch {
    return NaN;
  }
}

// ---- the message mixes -------------------------------------------------------------------------

/** One incoming message: its text and, for a button press, the value the button carries. */
/** What a turn is, for the posts per kind of turn. */
export type TurnKind = 'tree start' | 'button press' | 'command' | 'question' | 'paste';

export interface Turn {
  readonly kind: TurnKind;
  readonly text: string;
  readonly value?: unknown;
  /** The reply texts a bot that never stops gives (tree walks): a turn that differs is counted. */
  readonly expect?: readonly string[];
}

export type Conversation = readonly Turn[];

/** A recorded walk of a tree (referenceWalk): the replies to its start and to each press of the first button. */
export type Walk = readonly (readonly Reply[])[];

/** A walk as turns: `/troubleshoot <tree>`, then each press of the first button of the previous replies. */
export function walkTurns(tree: string, walk: Walk): Turn[] {
  const turns: Turn[] = [];
  walk.forEach((replies, i) => {
    const expect = replyTexts(replies);
    if (i === 0) {
      turns.push({ kind: 'tree start', text: `/troubleshoot ${tree}`, expect });
      return;
    }
    const before = walk[i - 1] ?? [];
    const title = firstButtonOf(before);
    const button = before.flatMap((r) => r.buttons).find((b) => b.title === title);
    if (button) turns.push({ kind: 'button press', text: button.text, value: button.value, expect });
  });
  return turns;
}

export type Mix = 'normal' | 'pasted';

const COMMANDS = ['/help', '/kb 2811654'];

function pick<T>(rng: () => number, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/**
 * An endless, seeded list of conversations: the same seed gives the same messages, so the bot and the
 * echo bot get the same load.
 * - normal: half start with a troubleshooter walk (start it, press its buttons), then one to three short
 *   questions or commands (`/help`, `/kb 2811654`), a quarter of them commands;
 * - pasted: a third start a troubleshooter (so the pastes also meet choice recognition), then one to
 *   three pasted PowerShell errors or long rambling questions.
 * A walk comes first in its conversation, so what the user said before cannot change its replies.
 */
export function* conversations(mix: Mix, seed: number, walks: ReadonlyMap<string, Walk>): Generator<Conversation> {
  const rng = seededRandom(seed);
  const trees = [...walks.keys()];
  for (;;) {
    const turns: Turn[] = [];
    const rest = 1 + Math.floor(rng() * 3);
    if (mix === 'normal') {
      if (trees.length > 0 && rng() < 0.5) {
        const tree = pick(rng, trees);
        turns.push(...walkTurns(tree, walks.get(tree) ?? []));
      }
      for (let i = 0; i < rest; i++)
        turns.push(
          rng() < 0.25 ? { kind: 'command', text: pick(rng, COMMANDS) } : { kind: 'question', text: pick(rng, SHORT) },
        );
    } else {
      if (trees.length > 0 && rng() < 1 / 3)
        turns.push({ kind: 'tree start', text: `/troubleshoot ${pick(rng, trees)}` });
      for (let i = 0; i < rest; i++) turns.push({ kind: 'paste', text: pick(rng, PASTES) });
    }
    yield turns;
  }
}

// ---- the driver --------------------------------------------------------------------------------

export interface LoadOptions {
  readonly baseUrl: string;
  readonly connector: FakeConnector;
  readonly conversations: Iterator<Conversation>;
  readonly concurrency: number;
  /** Stop starting turns after this many (default: no limit). */
  readonly maxTurns?: number;
  /** Stop starting turns after this long (default: no limit). */
  readonly maxMs?: number;
  /** Names the conversations (unique per run, so no state carries over from another run). */
  readonly label: string;
  /** Compare walk turns with their recorded replies (the bot; the echo bot only echoes). */
  readonly checkWalks?: boolean;
}

export interface LoadResult {
  readonly turns: number;
  readonly conversations: number;
  readonly ms: number;
  /** Per-turn latency (POST to its HTTP response), sorted. */
  readonly latencies: readonly number[];
  readonly posts: number;
  readonly otherRequests: number;
  /** Turns answered with a status other than 200, or that failed to connect. */
  readonly errors: number;
  /** Turns whose replies included the turn-error apology. */
  readonly faults: number;
  /** Walk turns whose replies differed from the recorded walk. */
  readonly diverged: number;
  /** Walk turns compared. */
  readonly walkTurns: number;
  /** Turns and connector posts per kind of turn. */
  readonly byKind: ReadonlyMap<TurnKind, { readonly turns: number; readonly posts: number }>;
  readonly firstProblem?: string;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

/** Posts one activity; resolves with the status once the response has ended. */
function postActivity(url: string, payload: string, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * Sends the conversations to `baseUrl/api/messages`, `concurrency` of them in flight, each turn one POST
 * awaited until its response (the turns of one conversation in order), until a budget is used up or the
 * list ends. Counts the connector's posts over the run.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { connector, concurrency } = options;
  const maxTurns = options.maxTurns ?? Number.POSITIVE_INFINITY;
  const maxMs = options.maxMs ?? Number.POSITIVE_INFINITY;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const url = `${options.baseUrl}/api/messages`;
  const latencies: number[] = [];
  let started = 0;
  let conversationCount = 0;
  let sequence = 0;
  let errors = 0;
  let faults = 0;
  let diverged = 0;
  let walkTurnCount = 0;
  let firstProblem: string | undefined;
  let last = 0;
  const byKind = new Map<TurnKind, { turns: number; posts: number }>();
  connector.reset();
  const t0 = performance.now();
  const budgetLeft = (): boolean => started < maxTurns && performance.now() - t0 < maxMs;

  const worker = async (): Promise<void> => {
    while (budgetLeft()) {
      const next = options.conversations.next();
      if (next.done === true) return;
      conversationCount += 1;
      const n = conversationCount;
      const conversationId = `a:bench-${options.label}-${n};messageid=1`;
      for (const turn of next.value) {
        if (!budgetLeft()) return;
        started += 1;
        sequence += 1;
        const activity = {
          type: 'message',
          id: `m-${options.label}-${sequence}`,
          timestamp: new Date().toISOString(),
          channelId: 'msteams',
          serviceUrl: connector.url,
          from: { id: `29:bench-${options.label}-${n}`, name: 'Bench user', role: 'user' },
          recipient: { id: '28:bench-bot', name: 'Troubleshooter', role: 'bot' },
          conversation: { id: conversationId, conversationType: 'personal' },
          locale: 'en-US',
          text: turn.text,
          ...(turn.value === undefined ? {} : { value: turn.value }),
        };
        const t = performance.now();
        const status = await postActivity(url, JSON.stringify(activity), agent).catch((err: unknown) => {
          firstProblem ??= `POST failed: ${err instanceof Error ? err.message : String(err)}`;
          return 0;
        });
        last = performance.now();
        latencies.push(last - t);
        if (status !== 200) {
          errors += 1;
          firstProblem ??= `status ${status} for "${turn.text.slice(0, 60)}"`;
        }
        const posted = connector.take(conversationId);
        const kind = byKind.get(turn.kind) ?? { turns: 0, posts: 0 };
        byKind.set(turn.kind, { turns: kind.turns + 1, posts: kind.posts + posted.length });
        const texts = posted.filter((a) => a['type'] === 'message').map((a) => textOf(a as BotReply));
        if (texts.some(isFaultReply)) {
          faults += 1;
          firstProblem ??= `fault reply to "${turn.text.slice(0, 60)}": ${texts.join(' | ').slice(0, 200)}`;
        }
        if (options.checkWalks === true && turn.expect) {
          walkTurnCount += 1;
          if (JSON.stringify(texts) !== JSON.stringify(turn.expect)) {
            diverged += 1;
            firstProblem ??= `walk turn "${turn.text}" replied ${JSON.stringify(texts).slice(0, 300)}, recorded ${JSON.stringify(turn.expect).slice(0, 300)}`;
          }
        }
      }
    }
  };

  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  agent.destroy();
  return {
    turns: latencies.length,
    conversations: conversationCount,
    ms: (last || performance.now()) - t0,
    latencies: latencies.sort((a, b) => a - b),
    posts: connector.posts,
    otherRequests: connector.others,
    errors,
    faults,
    diverged,
    walkTurns: walkTurnCount,
    byKind,
    ...(firstProblem === undefined ? {} : { firstProblem }),
  };
}
