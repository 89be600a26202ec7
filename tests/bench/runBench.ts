/**
 * Search benchmark: index build time, query latency (p50/p99) and memory at 100, 1,000 and 10,000
 * entries. The larger knowledge bases are made from the real entries: each clone gets a new id and
 * lightly varied title, symptoms and errors (word swaps, reordered words, a numbered site suffix),
 * so ranking, typo correction and signatures work on realistic text. See tests/bench/README.md.
 *
 *   npm run bench                       # 100, 1000, 10000 entries
 *   npm run bench -- 10000 --rounds 10  # chosen sizes, more timed rounds
 *   npm run bench -- --budget 120       # seconds per phase and size (default 60)
 *   npm run bench -- --state-only       # only the state section (tests/state/stateBench.ts)
 *   npm run bench -- --http-only        # only the HTTP section (tests/bench/httpBench.ts)
 *   npm run bench -- --http-seconds 8 --http-runs 3 --http-concurrency 1,10 --http-starts 7
 *
 * The goals summary at the end says, for each goal a section measured, met or NOT MET; it never fails.
 *
 * Each phase (cold pass, warm-up, timed rounds) stops early once it has used its time budget, so a
 * slow index still finishes; the table then says how many queries and samples were measured.
 */
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { KnowledgeIndex, type SearchThresholds } from '../../knowledge/search/knowledgeIndex.js';
import { thresholdsOf } from '../../knowledge/knowledgeStore.js';
import type { Knowledge, KnowledgeEntry } from '../../knowledge/model.js';
import { sharedApp, testConfig } from '../support/harness.js';
import { measureWorstCase, printWorstCase } from './worstCase.js';
import { runStateBench } from '../state/stateBench.js';
import { DEFAULT_HTTP_OPTIONS, runHttpBench, type HttpBenchOptions } from './httpBench.js';
import { seededRandom } from '../support/seededRandom.js';
import { PASTES, SHORT } from './queryTexts.js';
import { TARGET_P99_MS, TARGET_SIZE, printGoals, type BenchFigures, type SearchFigure } from './goals.js';

const WARMUP_ROUNDS = 2;
const BUILDS = 3;

// ---- arguments ---------------------------------------------------------------------------------

interface Args {
  sizes: number[];
  rounds: number;
  budgetMs: number;
  worstOnly: boolean;
  stateOnly: boolean;
  httpOnly: boolean;
  http: HttpBenchOptions;
}

const USAGE =
  'usage: runBench.ts [size ...] [--rounds N] [--budget seconds] [--worst-only | --state-only | --http-only] ' +
  '[--http-seconds S] [--http-turns N] [--http-runs N] [--http-concurrency 1,10,50] [--http-starts N] [--http-warmup S]';

function parseArgs(argv: readonly string[]): Args {
  const sizes: number[] = [];
  let rounds = 5;
  let budgetMs = 60_000;
  let worstOnly = false;
  let stateOnly = false;
  let httpOnly = false;
  let http: HttpBenchOptions = DEFAULT_HTTP_OPTIONS;
  const positive = (value: string | undefined, name: string): number => {
    const n = Number(value);
    if (!(n > 0)) throw new Error(`${name} needs a positive number; ${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--worst-only') worstOnly = true;
    else if (arg === '--state-only') stateOnly = true;
    else if (arg === '--http-only') httpOnly = true;
    else if (arg === '--rounds') rounds = Math.max(1, Number(argv[++i] ?? '5') || 5);
    else if (arg === '--budget') budgetMs = Math.max(1, Number(argv[++i] ?? '60') || 60) * 1000;
    else if (arg === '--http-seconds') http = { ...http, seconds: positive(argv[++i], arg) };
    else if (arg === '--http-turns') http = { ...http, maxTurns: Math.ceil(positive(argv[++i], arg)) };
    else if (arg === '--http-runs') http = { ...http, runs: Math.ceil(positive(argv[++i], arg)) };
    else if (arg === '--http-starts') http = { ...http, starts: Math.ceil(positive(argv[++i], arg)) };
    else if (arg === '--http-warmup') http = { ...http, warmupSeconds: positive(argv[++i], arg) };
    else if (arg === '--http-concurrency')
      http = { ...http, concurrencies: (argv[++i] ?? '').split(',').map((c) => Math.ceil(positive(c, arg))) };
    else if (/^\d+$/.test(arg)) sizes.push(Number(arg));
    else throw new Error(`unknown argument ${arg}; ${USAGE}`);
  }
  return {
    sizes: sizes.length > 0 ? sizes : [100, 1_000, 10_000],
    rounds,
    budgetMs,
    worstOnly,
    stateOnly,
    httpOnly,
    http,
  };
}

// ---- deterministic randomness ------------------------------------------------------------------

function pick<T>(rng: () => number, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

// ---- synthetic entries -------------------------------------------------------------------------

/** Phrase swaps that keep the meaning (how different people word the same symptom). */
const SWAPS: readonly (readonly [RegExp, string])[] = [
  [/\bnot working\b/i, 'broken'],
  [/\bmissing\b/i, 'gone'],
  [/\bcannot\b/i, "can't"],
  [/\bfails\b/i, 'does not work'],
  [/\bnot showing\b/i, 'not displayed'],
  [/\bempty\b/i, 'blank'],
  [/\bshows\b/i, 'displays'],
  [/\berror\b/i, 'failure'],
  [/\bhow do i\b/i, 'how to'],
  [/\bin outlook\b/i, 'in Outlook 2016'],
  [/\bskype for business\b/i, 'SfB'],
  [/\blync\b/i, 'Lync 2013'],
  [/\bexchange online\b/i, 'EXO'],
  [/\bcontacts\b/i, 'contact entries'],
];

/** Made-up site names: each clone brings a word of its own, as real articles bring new vocabulary. */
const SYLLABLES = [
  'ka',
  'lo',
  'mer',
  'vin',
  'tas',
  'ro',
  'bel',
  'dun',
  'sa',
  'qui',
  'zen',
  'hal',
  'dor',
  'pe',
  'lim',
  'gar',
];

function siteName(rng: () => number): string {
  const n = 2 + Math.floor(rng() * 2);
  let word = '';
  for (let i = 0; i < n; i++) word += pick(rng, SYLLABLES);
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function vary(text: string, rng: () => number): string {
  let out = text;
  for (const [pattern, replacement] of SWAPS)
    if (pattern.test(out) && rng() < 0.5) out = out.replace(pattern, replacement);
  // Swap two neighbouring words now and then ("exchange autodiscover" / "autodiscover exchange").
  const words = out.split(' ');
  if (words.length > 3 && rng() < 0.4) {
    const i = Math.floor(rng() * (words.length - 1));
    const [a, b] = [words[i], words[i + 1]];
    if (a !== undefined && b !== undefined) {
      words[i] = b;
      words[i + 1] = a;
    }
  }
  return words.join(' ');
}

function cloneEntry(entry: KnowledgeEntry, n: number, rng: () => number): KnowledgeEntry {
  const site = siteName(rng);
  const title = `${vary(entry.title, rng)} (site ${site} ${n})`;
  const symptoms = entry.symptoms.map((s) => (rng() < 0.5 ? `${vary(s, rng)} ${n}` : vary(s, rng)));
  // Clones get error codes and messages of their own: a real 10k base does not repeat one code 200 times.
  const errors = entry.errors.map(
    (e) => `${e.replace(/\b(code\s*[=:]\s*)(\d+)/gi, (_m, prefix: string) => `${prefix}${60_000 + n}`)} [${site}-${n}]`,
  );
  const note = `\n\nReported at site ${site}.`;
  const sections = { ...entry.sections, cause: `${entry.sections.cause}${note}`, fix: entry.sections.fix };
  const body = entry.markdown.replace(/^# .*$/m, `# ${title}`);
  return Object.freeze({
    ...entry,
    id: `${entry.id}-syn-${n}`,
    title,
    symptoms,
    errors,
    sections,
    markdown: `${body}${note}`,
    related: [entry.id],
  });
}

/** A knowledge base of `size` entries: the real ones first, then clones of them in turn. */
function syntheticKnowledge(real: Knowledge, size: number): Knowledge {
  const rng = seededRandom(0x5eed + size);
  const originals = [...real.entries.values()];
  const entries = new Map<string, KnowledgeEntry>();
  for (const e of originals.slice(0, size)) entries.set(e.id, e);
  for (let n = 1; entries.size < size; n++) {
    const source = originals[(n - 1) % originals.length];
    if (!source) throw new Error('no real entries to clone');
    const clone = cloneEntry(source, n, rng);
    entries.set(clone.id, clone);
  }
  return Object.freeze({ ...real, entries, loadedAt: new Date() });
}

// ---- queries -----------------------------------------------------------------------------------

const PREFIXES = ['', 'hi, ', 'help: ', 'urgent - ', 'we have an issue: ', 'since yesterday '];

/** Swaps two neighbouring letters in the longest word: the commonest kind of typo. */
function typo(text: string): string {
  const words = text.split(' ');
  let longest = 0;
  words.forEach((w, i) => {
    if (w.length > (words[longest] ?? '').length) longest = i;
  });
  const w = words[longest] ?? '';
  if (w.length < 5) return text;
  const i = Math.floor(w.length / 2);
  words[longest] = `${w.slice(0, i)}${w.charAt(i + 1)}${w.charAt(i)}${w.slice(i + 2)}`;
  return words.join(' ');
}

/** About 200 queries: pastes, short questions, typos, out-of-domain, and two per real entry. */
function buildQueries(real: Knowledge): { text: string; kind: 'paste' | 'short' | 'derived' }[] {
  const rng = seededRandom(0xbe7c4);
  const queries: { text: string; kind: 'paste' | 'short' | 'derived' }[] = [
    ...PASTES.map((text) => ({ text, kind: 'paste' as const })),
    ...SHORT.map((text) => ({ text, kind: 'short' as const })),
  ];
  for (const entry of real.entries.values()) {
    const a = entry.symptoms[Math.floor(rng() * entry.symptoms.length)];
    const b = entry.symptoms[Math.floor(rng() * entry.symptoms.length)];
    if (a) queries.push({ text: `${pick(rng, PREFIXES)}${a.toLowerCase()}`, kind: 'derived' });
    if (b) queries.push({ text: typo(b), kind: 'derived' });
  }
  return queries;
}

// ---- measuring ---------------------------------------------------------------------------------

v8.setFlagsFromString('--expose-gc');
const gcFn: unknown = vm.runInNewContext('gc');
function gc(): void {
  if (typeof gcFn === 'function') {
    (gcFn as () => void)();
    (gcFn as () => void)();
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function ms(n: number): string {
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}

interface Row {
  size: number;
  buildMs: number;
  builds: number;
  queriesUsed: number;
  samples: number;
  coldP50: number;
  coldP99: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  byKind: Map<string, { p50: number; p99: number; n: number }>;
  slowest: { text: string; median: number }[];
  heapUsed: number;
  heapDelta: number;
  rss: number;
}

/** Interleaves the kinds (deterministically) so that any prefix of the list is a fair sample. */
function interleave<T extends { kind: string }>(items: readonly T[]): T[] {
  const rng = seededRandom(0x1e7);
  const shuffled = [...items];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const [a, b] = [shuffled[i], shuffled[j]];
    if (a !== undefined && b !== undefined) {
      shuffled[i] = b;
      shuffled[j] = a;
    }
  }
  return shuffled;
}

function measure(
  real: Knowledge,
  size: number,
  thresholds: SearchThresholds,
  allQueries: readonly { text: string; kind: string }[],
  rounds: number,
  budgetMs: number,
): Row {
  gc();
  const baseHeap = process.memoryUsage().heapUsed;
  const knowledge = syntheticKnowledge(real, size);

  // Build: the median of up to BUILDS builds, each from scratch (one only when a build is slow).
  const builds: number[] = [];
  let index: KnowledgeIndex | undefined;
  for (let i = 0; i < BUILDS; i++) {
    index = undefined;
    gc();
    const t0 = performance.now();
    index = new KnowledgeIndex(knowledge, thresholds);
    builds.push(performance.now() - t0);
    if (builds.reduce((a, b) => a + b, 0) > budgetMs / 2) break;
  }
  if (!index) throw new Error('no index');
  if (index.size !== size) throw new Error(`index holds ${index.size} entries, expected ${size}`);

  gc();
  const mem = process.memoryUsage();

  // Cold: each query once on a fresh index (typo-correction cache empty). When searching is too slow
  // for the whole list within the budget, the rest of the run uses the queries reached so far.
  const cold: number[] = [];
  let started = performance.now();
  const queries: { text: string; kind: string }[] = [];
  for (const q of allQueries) {
    const t0 = performance.now();
    index.search(q.text);
    cold.push(performance.now() - t0);
    queries.push(q);
    if (performance.now() - started > budgetMs && queries.length >= 20) break;
  }

  started = performance.now();
  for (let r = 0; r < WARMUP_ROUNDS && (r === 0 || performance.now() - started < budgetMs); r++)
    for (const q of queries) index.search(q.text);

  const all: number[] = [];
  const perQuery = queries.map(() => [] as number[]);
  const perKind = new Map<string, number[]>();
  started = performance.now();
  for (let r = 0; r < rounds && (r === 0 || performance.now() - started < budgetMs); r++) {
    queries.forEach((q, i) => {
      const t0 = performance.now();
      index.search(q.text);
      const t = performance.now() - t0;
      all.push(t);
      perQuery[i]?.push(t);
      perKind.set(q.kind, [...(perKind.get(q.kind) ?? []), t]);
    });
  }
  const sorted = [...all].sort((a, b) => a - b);
  const coldSorted = [...cold].sort((a, b) => a - b);
  const byKind = new Map<string, { p50: number; p99: number; n: number }>();
  for (const [kind, times] of perKind) {
    const s = [...times].sort((a, b) => a - b);
    byKind.set(kind, { p50: percentile(s, 50), p99: percentile(s, 99), n: s.length });
  }
  const slowest = queries
    .map((q, i) => ({
      text: q.text,
      median: percentile(
        [...(perQuery[i] ?? [])].sort((a, b) => a - b),
        50,
      ),
    }))
    .sort((a, b) => b.median - a.median)
    .slice(0, 5);

  return {
    size,
    buildMs: percentile(
      [...builds].sort((a, b) => a - b),
      50,
    ),
    builds: builds.length,
    queriesUsed: queries.length,
    samples: all.length,
    coldP50: percentile(coldSorted, 50),
    coldP99: percentile(coldSorted, 99),
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    byKind,
    slowest,
    heapUsed: mem.heapUsed,
    heapDelta: mem.heapUsed - baseHeap,
    rss: mem.rss,
  };
}

async function main(): Promise<void> {
  const { sizes, rounds, budgetMs, worstOnly, stateOnly, httpOnly, http } = parseArgs(process.argv.slice(2));
  const figures: BenchFigures = {};
  const only = worstOnly || stateOnly || httpOnly;
  if (!only) figures.search = searchBenchmark(sizes, rounds, budgetMs);
  if (!only || worstOnly) figures.worst = await measureWorstCase(sharedApp());
  if (figures.worst) printWorstCase(figures.worst);
  if (!only || stateOnly) figures.state = await runStateBench();
  if (!only || httpOnly) {
    gc();
    // The bench prints figures and never fails: a section that cannot run says why and the rest goes on.
    figures.http = await runHttpBench([...sharedApp().services.knowledge.current.trees.keys()], http).catch(
      (err: unknown) => {
        const why = err instanceof Error ? (err.stack ?? err.message) : String(err);
        process.stdout.write(`\nHTTP section failed: ${why}\n`);
        figures.failed = [...(figures.failed ?? []), 'HTTP'];
        return undefined;
      },
    );
  }
  printGoals(figures);
}

/** Prints the search table; returns the p99 at the target size when it was measured. */
function searchBenchmark(sizes: readonly number[], rounds: number, budgetMs: number): SearchFigure | undefined {
  const real = sharedApp().services.knowledge.current;
  const thresholds = thresholdsOf(testConfig());
  const queries = interleave(buildQueries(real));

  process.stdout.write(
    `Search benchmark: ${real.entries.size} real entries cloned up to each size; ${queries.length} queries ` +
      `(${queries.filter((q) => q.kind === 'paste').length} pastes/paragraphs), ${WARMUP_ROUNDS} warm-up + ${rounds} timed rounds each; ` +
      `build = median of up to ${BUILDS}; budget ${budgetMs / 1000} s per phase. Node ${process.version}, ${process.platform}/${process.arch}.` +
      `${typeof gcFn === 'function' ? '' : ' (gc not available: heap figures include garbage)'}\n\n`,
  );

  const rows: Row[] = [];
  for (const size of sizes) {
    const t0 = performance.now();
    const row = measure(real, size, thresholds, queries, rounds, budgetMs);
    rows.push(row);
    process.stderr.write(`  measured ${size} entries in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  }

  const header = [
    'entries',
    'build',
    'queries',
    'samples',
    'p50',
    'p90',
    'p99',
    'max',
    'cold p50',
    'cold p99',
    'heap used',
    'heap Δ',
    'rss',
  ];
  const table = rows.map((r) => [
    r.size.toLocaleString('en-US'),
    `${ms(r.buildMs)} ms`,
    `${r.queriesUsed}/${queries.length}`,
    String(r.samples),
    `${ms(r.p50)} ms`,
    `${ms(r.p90)} ms`,
    `${ms(r.p99)} ms`,
    `${ms(r.max)} ms`,
    `${ms(r.coldP50)} ms`,
    `${ms(r.coldP99)} ms`,
    mb(r.heapUsed),
    mb(r.heapDelta),
    mb(r.rss),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  process.stdout.write(`${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${table.map(line).join('\n')}\n\n`);

  for (const r of rows) {
    const kinds = [...r.byKind]
      .map(([k, v]) => `${k} p50 ${ms(v.p50)} / p99 ${ms(v.p99)} ms (${v.n} samples)`)
      .join('; ');
    process.stdout.write(`${r.size.toLocaleString('en-US')} entries by kind: ${kinds}\n`);
    process.stdout.write(
      `  slowest (median): ${r.slowest.map((s) => `${ms(s.median)} ms "${s.text.replace(/\s+/g, ' ').slice(0, 50)}"`).join(', ')}\n`,
    );
  }

  const target = rows.find((r) => r.size === TARGET_SIZE);
  if (target) {
    const holds = target.p99 <= TARGET_P99_MS;
    const partial =
      target.queriesUsed < queries.length
        ? ` (over ${target.queriesUsed} of ${queries.length} queries: searching was too slow for all within the budget)`
        : '';
    process.stdout.write(
      `\nTarget: p99 ≤ ${TARGET_P99_MS} ms at ${TARGET_SIZE.toLocaleString('en-US')} entries (warm). Measured p99 ${ms(target.p99)} ms${partial}: ${holds ? 'HOLDS' : 'DOES NOT HOLD'}.\n`,
    );
    return { size: TARGET_SIZE, p99: target.p99, queriesUsed: target.queriesUsed, queries: queries.length };
  }
  process.stdout.write(
    `\nTarget: p99 ≤ ${TARGET_P99_MS} ms at ${TARGET_SIZE.toLocaleString('en-US')} entries (not measured in this run).\n`,
  );
  return undefined;
}

await main();
