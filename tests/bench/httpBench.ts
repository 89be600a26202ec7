/**
 * The HTTP section of `npm run bench` (alone: `npm run bench -- --http-only`): the compiled bot, as
 * `npm start` runs it, against the echo bot (restify + CloudAdapter, the ceiling of this stack), both as
 * their own node processes on loopback, replying through a fake connector (tests/bench/httpLoad.ts).
 *
 * 1. Throughput: per mix (normal, pasted errors) and concurrency (1, 10, 50), alternating runs
 *    (bot, echo, bot, echo, ...) of the same seeded conversations, each run within a time and turn
 *    budget; medians of the runs: turns/s, p50/p99 latency, CPU per turn (the server's /proc stat)
 *    and connector posts per turn, and the ratios bot/echo.
 * 2. Start-up: spawn to the first 200 on /healthz and peak RSS (VmHWM) then, alternating starts,
 *    medians and ratios.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { referenceWalk } from '../proof/support/botProcess.js';
import { ensureBuilt } from '../support/compiled.js';
import { freePort } from '../support/freePort.js';
import {
  ECHO_ENTRY,
  FakeConnector,
  conversations,
  cpuMs,
  killServer,
  peakRss,
  percentile,
  runLoad,
  spawnServer,
  startArgs,
  type LoadResult,
  type Mix,
  type ServerProcess,
  type TurnKind,
  type Walk,
} from './httpLoad.js';

export interface HttpBenchOptions {
  /** Seconds per measured run (each run stops at this or at maxTurns, whichever comes first). */
  readonly seconds: number;
  readonly maxTurns: number;
  /** Runs per server and cell (alternating); the medians are printed. */
  readonly runs: number;
  readonly concurrencies: readonly number[];
  /** Starts per server for the start-up figures. */
  readonly starts: number;
  /** Seconds of warm-up per server and mix before the measured runs. */
  readonly warmupSeconds: number;
}

export const DEFAULT_HTTP_OPTIONS: HttpBenchOptions = {
  seconds: 4,
  maxTurns: 5_000,
  runs: 2,
  concurrencies: [1, 10, 50],
  starts: 5,
  warmupSeconds: 2,
};

/** The medians of one server's runs in a cell. */
export interface RunFigures {
  readonly turnsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly cpuPerTurn: number;
  readonly postsPerTurn: number;
  /** Summed over the runs. */
  readonly turns: number;
  readonly errors: number;
  readonly faults: number;
  readonly diverged: number;
  readonly walkTurns: number;
  readonly otherRequests: number;
  /** Turns and connector posts per kind of turn, summed over the runs. */
  readonly byKind: ReadonlyMap<TurnKind, { readonly turns: number; readonly posts: number }>;
  readonly firstProblem?: string;
}

export interface CellFigures {
  readonly mix: Mix;
  readonly concurrency: number;
  readonly bot: RunFigures;
  readonly echo: RunFigures;
}

export interface StartFigures {
  readonly startMs: number;
  readonly minStartMs: number;
  readonly maxStartMs: number;
  readonly rss: number;
  readonly starts: number;
}

export interface HttpFigures {
  readonly cells: readonly CellFigures[];
  readonly start: { readonly bot: StartFigures; readonly echo: StartFigures };
  /** Peak RSS of the servers that carried the load, at the end of all runs. */
  readonly loadedRss: { readonly bot: number; readonly echo: number };
}

function median(values: readonly number[]): number {
  const s = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

const MIXES: readonly Mix[] = ['normal', 'pasted'];

interface Measured {
  readonly load: LoadResult;
  readonly cpu: number;
}

function summarise(runs: readonly Measured[]): RunFigures {
  const firstProblem = runs.find((r) => r.load.firstProblem !== undefined)?.load.firstProblem;
  const sum = (f: (r: LoadResult) => number): number => runs.reduce((a, r) => a + f(r.load), 0);
  const byKind = new Map<TurnKind, { turns: number; posts: number }>();
  for (const r of runs)
    for (const [kind, k] of r.load.byKind) {
      const sofar = byKind.get(kind) ?? { turns: 0, posts: 0 };
      byKind.set(kind, { turns: sofar.turns + k.turns, posts: sofar.posts + k.posts });
    }
  return {
    turnsPerSecond: median(runs.map((r) => (r.load.turns * 1000) / r.load.ms)),
    p50: median(runs.map((r) => percentile(r.load.latencies, 50))),
    p99: median(runs.map((r) => percentile(r.load.latencies, 99))),
    cpuPerTurn: median(runs.map((r) => r.cpu / r.load.turns)),
    postsPerTurn: median(runs.map((r) => r.load.posts / r.load.turns)),
    turns: sum((r) => r.turns),
    errors: sum((r) => r.errors),
    faults: sum((r) => r.faults),
    diverged: sum((r) => r.diverged),
    walkTurns: sum((r) => r.walkTurns),
    otherRequests: sum((r) => r.otherRequests),
    byKind,
    ...(firstProblem === undefined ? {} : { firstProblem }),
  };
}

/** Each tree walked by a bot that never stops, pressing the first button each time (up to 8 turns). */
export async function recordWalks(trees: readonly string[], maxTurns = 8): Promise<Map<string, Walk>> {
  const walks = new Map<string, Walk>();
  for (const tree of trees) walks.set(tree, await referenceWalk(tree, maxTurns));
  return walks;
}

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

async function startBot(stateDir: string): Promise<ServerProcess> {
  return spawnServer(startArgs(), await freePort(), { STATE_DIR: stateDir });
}

async function startEcho(): Promise<ServerProcess> {
  return spawnServer(startArgs(ECHO_ENTRY), await freePort());
}

/** A seed per cell and run: the bot and the echo bot of one run get the same conversations. */
function seedOf(mix: Mix, concurrency: number, run: number): number {
  return (mix === 'normal' ? 0x4e0 : 0x9a5) * 1000 + concurrency * 10 + run;
}

async function measureRun(
  server: ServerProcess,
  connector: FakeConnector,
  walks: ReadonlyMap<string, Walk>,
  mix: Mix,
  concurrency: number,
  seed: number,
  label: string,
  budget: { seconds: number; maxTurns: number },
  checkWalks: boolean,
): Promise<Measured> {
  const before = cpuMs(server.pid);
  const load = await runLoad({
    baseUrl: server.baseUrl,
    connector,
    conversations: conversations(mix, seed, walks),
    concurrency,
    maxMs: budget.seconds * 1000,
    maxTurns: budget.maxTurns,
    label,
    checkWalks,
  });
  return { load, cpu: cpuMs(server.pid) - before };
}

async function measureStarts(starts: number): Promise<{ bot: StartFigures; echo: StartFigures }> {
  // One state folder for every start of the bot: a restart, as a serving bot is restarted.
  const stateDir = tempDir('bench-http-start');
  const bot: { ms: number; rss: number }[] = [];
  const echo: { ms: number; rss: number }[] = [];
  for (let i = 0; i < starts; i++) {
    for (const [list, start] of [
      [bot, () => startBot(stateDir)],
      [echo, startEcho],
    ] as const) {
      const server = await start();
      list.push({ ms: server.startMs, rss: peakRss(server.pid) });
      await killServer(server);
    }
  }
  const figures = (list: readonly { ms: number; rss: number }[]): StartFigures => ({
    startMs: median(list.map((s) => s.ms)),
    minStartMs: Math.min(...list.map((s) => s.ms)),
    maxStartMs: Math.max(...list.map((s) => s.ms)),
    rss: median(list.map((s) => s.rss)),
    starts: list.length,
  });
  fs.rmSync(stateDir, { recursive: true, force: true });
  return { bot: figures(bot), echo: figures(echo) };
}

export async function runHttpBench(trees: readonly string[], options: HttpBenchOptions): Promise<HttpFigures> {
  const out = (text: string): boolean => process.stdout.write(text);
  const err = (text: string): boolean => process.stderr.write(text);
  const t0 = performance.now();
  ensureBuilt();
  const walks = await recordWalks(trees);
  err(`  built dist/ and recorded ${walks.size} tree walks in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);

  out(
    `\nHTTP benchmark: the compiled bot (node ${startArgs().join(' ')}, file store) against the echo bot ` +
      `(restify + CloudAdapter, node ${startArgs(ECHO_ENTRY).join(' ')}), each its own process on loopback, replies ` +
      `posted to a fake connector in this process (normal delivery, as in Teams). Mixes: normal (troubleshooter walks ` +
      `of ${walks.size} trees, short questions, /help, /kb 2811654) and pasted (pasted errors and long questions, a third ` +
      `inside a troubleshooter). Per cell ${options.runs} runs per server, alternating, each ${options.seconds} s or ` +
      `${options.maxTurns.toLocaleString('en-US')} turns; medians. Warm-up ${options.warmupSeconds} s per server and mix. ` +
      `${os.cpus().length} CPUs, load average ${os.loadavg()[0]?.toFixed(2)}: timings are noisy on a shared machine.\n\n`,
  );

  const connector = await FakeConnector.start();
  const stateDir = tempDir('bench-http');
  const bot = await startBot(stateDir);
  const echo = await startEcho();
  const cells: CellFigures[] = [];
  let loadedRss: HttpFigures['loadedRss'];
  try {
    const warm = { seconds: options.warmupSeconds, maxTurns: Number.POSITIVE_INFINITY };
    for (const mix of MIXES) {
      await measureRun(bot, connector, walks, mix, 10, 1, `warm-bot-${mix}`, warm, false);
      await measureRun(echo, connector, walks, mix, 10, 1, `warm-echo-${mix}`, warm, false);
    }
    for (const mix of MIXES)
      for (const concurrency of options.concurrencies) {
        const botRuns: Measured[] = [];
        const echoRuns: Measured[] = [];
        for (let run = 0; run < options.runs; run++) {
          const seed = seedOf(mix, concurrency, run);
          const label = `${mix}-c${concurrency}-r${run}`;
          botRuns.push(await measureRun(bot, connector, walks, mix, concurrency, seed, `bot-${label}`, options, true));
          echoRuns.push(
            await measureRun(echo, connector, walks, mix, concurrency, seed, `echo-${label}`, options, false),
          );
        }
        const cell = { mix, concurrency, bot: summarise(botRuns), echo: summarise(echoRuns) };
        cells.push(cell);
        err(
          `  ${mix} c${concurrency}: bot ${cell.bot.turnsPerSecond.toFixed(0)} turns/s, echo ${cell.echo.turnsPerSecond.toFixed(0)} turns/s\n`,
        );
      }
    loadedRss = { bot: peakRss(bot.pid), echo: peakRss(echo.pid) };
  } finally {
    await killServer(bot);
    await killServer(echo);
    await connector.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
  printCells(cells);

  const start = await measureStarts(options.starts);
  printStart(start, loadedRss);
  err(`  HTTP section: ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  return { cells, start, loadedRss };
}

// ---- printing ----------------------------------------------------------------------------------

const ms = (n: number): string =>
  Number.isNaN(n) ? '-' : n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
const mb = (bytes: number): string => (Number.isNaN(bytes) ? '-' : `${(bytes / 1024 / 1024).toFixed(0)} MB`);
const ratio = (a: number, b: number): string => (Number.isFinite(a / b) ? (a / b).toFixed(2) : '-');

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  return `${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${rows.map(line).join('\n')}\n`;
}

function printCells(cells: readonly CellFigures[]): void {
  const out = (text: string): boolean => process.stdout.write(text);
  out(
    table(
      [
        'mix',
        'conc',
        'bot turns/s',
        'echo turns/s',
        'ratio',
        'bot p50/p99 ms',
        'echo p50/p99 ms',
        'bot CPU/turn',
        'echo CPU/turn',
        'CPU ratio',
        'posts/turn bot/echo',
        'turns bot/echo',
      ],
      cells.map((c) => [
        c.mix,
        String(c.concurrency),
        c.bot.turnsPerSecond.toFixed(0),
        c.echo.turnsPerSecond.toFixed(0),
        ratio(c.bot.turnsPerSecond, c.echo.turnsPerSecond),
        `${ms(c.bot.p50)} / ${ms(c.bot.p99)}`,
        `${ms(c.echo.p50)} / ${ms(c.echo.p99)}`,
        `${ms(c.bot.cpuPerTurn)} ms`,
        `${ms(c.echo.cpuPerTurn)} ms`,
        ratio(c.bot.cpuPerTurn, c.echo.cpuPerTurn),
        `${c.bot.postsPerTurn.toFixed(2)} / ${c.echo.postsPerTurn.toFixed(2)}`,
        `${c.bot.turns} / ${c.echo.turns}`,
      ]),
    ),
  );
  out(
    `ratio = bot/echo throughput (higher is better); CPU ratio = bot/echo CPU per turn (the server process's user+system ` +
      `time over the run, /proc, 10 ms ticks); posts/turn = the connector's posts over turns.\n`,
  );
  const walkTurns = cells.reduce((a, c) => a + c.bot.walkTurns, 0);
  const diverged = cells.reduce((a, c) => a + c.bot.diverged, 0);
  out(`Troubleshooter walk turns compared with their recorded replies: ${walkTurns}, differing: ${diverged}.\n`);
  for (const mix of MIXES) {
    const kinds = new Map<TurnKind, { turns: number; posts: number }>();
    for (const c of cells.filter((x) => x.mix === mix))
      for (const [kind, k] of c.bot.byKind) {
        const sofar = kinds.get(kind) ?? { turns: 0, posts: 0 };
        kinds.set(kind, { turns: sofar.turns + k.turns, posts: sofar.posts + k.posts });
      }
    if (kinds.size > 0)
      out(
        `Bot posts per turn by kind, ${mix} mix: ${[...kinds]
          .map(([kind, k]) => `${kind} ${(k.posts / k.turns).toFixed(2)} (${k.turns} turns)`)
          .join(', ')}.\n`,
      );
  }
  for (const c of cells)
    for (const [name, r] of [
      ['bot', c.bot],
      ['echo', c.echo],
    ] as const)
      if (r.errors + r.faults + r.diverged + r.otherRequests > 0)
        out(
          `  ${name} ${c.mix} c${c.concurrency}: ${r.errors} non-200, ${r.faults} apologies, ${r.diverged} walk turns differing, ` +
            `${r.otherRequests} other connector calls; first: ${r.firstProblem ?? '-'}\n`,
        );
}

function printStart(start: HttpFigures['start'], loaded: HttpFigures['loadedRss']): void {
  const out = (text: string): boolean => process.stdout.write(text);
  const row = (name: string, s: StartFigures, l: number): string[] => [
    name,
    `${ms(s.startMs)} ms`,
    `${ms(s.minStartMs)}–${ms(s.maxStartMs)} ms`,
    mb(s.rss),
    mb(l),
  ];
  out(
    `\nStart-up: spawn to the first 200 on /healthz, and peak RSS (VmHWM) then; medians of ${start.bot.starts} starts each, ` +
      `alternating (the bot restarts on one state folder).\n\n`,
  );
  out(
    table(
      ['server', 'start-up', 'range', 'peak RSS at start', 'peak RSS after the load'],
      [
        row('bot', start.bot, loaded.bot),
        row('echo', start.echo, loaded.echo),
        [
          'ratio',
          ratio(start.bot.startMs, start.echo.startMs),
          '',
          ratio(start.bot.rss, start.echo.rss),
          ratio(loaded.bot, loaded.echo),
        ],
      ],
    ),
  );
}
