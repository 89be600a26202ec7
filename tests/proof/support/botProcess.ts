/**
 * The compiled bot (dist/bot/index.js, what `npm start` serves) as a child process on the file store,
 * on loopback, for the proof suites: start it on a folder and port, wait for /healthz, stop it.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../../../bot/config.js';
import { HttpUser, httpRequest, startServer, type Reply } from '../../state/support/botServer.js';
import { COMPILED_ENTRY, ensureBuilt } from '../../support/compiled.js';
import { messages } from '../../../replies/messages.js';

const HEAP_PROBE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'heapProbe.js');
const CLOCK_SHIFT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'clockShift.js');

/** The heap in use in a child started with probeHeap, after a forced GC. */
export function heapUsed(bot: BotProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    bot.child.once('message', (m) => {
      const figure = (m as { heapUsed?: unknown }).heapUsed;
      if (typeof figure === 'number') resolve(figure);
      else reject(new Error(`no heap figure in ${JSON.stringify(m)}`));
    });
    bot.child.send('heap');
  });
}

/** The files of the CommonJS modules a child started with probeHeap has loaded so far. */
export function loadedModules(bot: BotProcess): Promise<string[]> {
  return new Promise((resolve, reject) => {
    bot.child.once('message', (m) => {
      const files = (m as { modules?: unknown }).modules;
      if (Array.isArray(files) && files.every((f) => typeof f === 'string')) resolve(files);
      else reject(new Error(`no module list in ${JSON.stringify(m)}`));
    });
    bot.child.send('modules');
  });
}

export interface BotProcess {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  readonly output: () => string;
}

/** Starts the compiled bot with the file store on `dir` and `port`; resolves once /healthz answers. */
export async function startProcess(
  dir: string,
  port: number,
  probeHeap = false,
  clockShiftMs = 0,
): Promise<BotProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, STATE_DIR: dir, PORT: String(port), LOG_LEVEL: 'info' };
  for (const key of ['STORAGE', 'HOST', 'MicrosoftAppId', 'MicrosoftAppPassword']) Reflect.deleteProperty(env, key);
  const clock = clockShiftMs !== 0 ? ['--import', pathToFileURL(CLOCK_SHIFT).href] : [];
  if (clockShiftMs !== 0) env['CLOCK_SHIFT_MS'] = String(clockShiftMs);
  const args = probeHeap
    ? ['--expose-gc', '--import', pathToFileURL(HEAP_PROBE).href, ...clock, COMPILED_ENTRY]
    : [...clock, COMPILED_ENTRY];
  const stdio: StdioOptions = probeHeap ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'];
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env, stdio });
  assert.ok(child.stdout && child.stderr);
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode}:\n${output}`);
    const res = await httpRequest('GET', `${baseUrl}/healthz`).catch(() => undefined);
    if (res?.status === 200) {
      const body = res.json as { storage?: string; storageAnswers?: boolean };
      assert.equal(body.storage, 'file', 'npm start defaults to the file store');
      assert.equal(body.storageAnswers, true);
      return { child, baseUrl, output: () => output };
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  child.kill('SIGKILL');
  throw new Error(`the bot did not answer /healthz within 30 s:\n${output}`);
}

export function stop(
  bot: BotProcess,
  signal: 'SIGTERM' | 'SIGKILL',
): Promise<{ code: number | null; signal: string | null }> {
  if (bot.child.exitCode !== null || bot.child.signalCode !== null)
    return Promise.resolve({ code: bot.child.exitCode, signal: bot.child.signalCode });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    bot.child.once('exit', (code, sig) => resolve({ code, signal: sig })),
  );
  bot.child.kill(signal);
  return exited;
}

/** Log lines of a turn that failed (the adapter's onTurnError logs at error level). */
export function faultLines(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => /"level":\s*"?(error|fatal|50|60)/i.test(line) || /onTurnError|turn error/i.test(line));
}

/** A reply that means a fault: the turn-error apology, or progress cleared because state could not be read. */
export function isFaultReply(text: string): boolean {
  const restarted = messages.stateRestarted().split(';')[0] ?? messages.stateRestarted();
  return (
    text.startsWith(messages.apology) || text.startsWith(messages.apologyStateCleared) || text.startsWith(restarted)
  );
}

/**
 * Mocha hooks for a suite that runs compiled bots: dist/ is built before it, and every bot pushed on
 * the returned list that still runs is killed after it. Call inside `describe`.
 */
export function compiledBots(): BotProcess[] {
  before(function () {
    this.timeout(240_000);
    ensureBuilt();
  });
  const running: BotProcess[] = [];
  after(function () {
    for (const bot of running) if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
  });
  return running;
}

/** The texts of a turn's replies, in order: what two walks of the same tree are compared by. */
export function replyTexts(replies: readonly Reply[]): string[] {
  return replies.map((r) => r.text);
}

/** The title of the first button among a turn's replies, if any. */
export function firstButtonOf(replies: readonly Reply[]): string | undefined {
  return replies.flatMap((r) => r.buttons)[0]?.title;
}

/**
 * What a bot that never stops says through `tree`, clicking the first button each time: the start and
 * each step, up to `maxTurns` turns (fewer where the walk ends). An in-process server on the memory store.
 */
export async function referenceWalk(tree: string, maxTurns: number): Promise<Reply[][]> {
  const reference = await startServer({});
  const walk: Reply[][] = [];
  try {
    const user = new HttpUser('reference');
    walk.push(await user.say(reference.baseUrl, `/troubleshoot ${tree}`));
    while (walk.length < maxTurns) {
      const last = walk[walk.length - 1] ?? [];
      const title = firstButtonOf(last);
      if (title === undefined) break;
      walk.push(await user.click(reference.baseUrl, last, title));
    }
  } finally {
    await reference.close();
  }
  return walk;
}
