/**
 * Worst-case turns: adversarial message shapes sent through the whole bot (the harness's TestChat:
 * mention stripping, routing, search, choice recognition, rendering), outside and inside a guided
 * troubleshooter. Prints the slowest turn per shape; the goal is every turn under 50 ms.
 *
 *   npm run bench -- --worst-only
 */
import { performance } from 'node:perf_hooks';
import type { App } from '../../bot/app.js';
import { TestChat } from '../support/harness.js';
import { seededRandom } from '../support/seededRandom.js';

/** Every turn, whatever the input, under this (the goal of the hostile-input work). */
export const GOAL_MS = 50;
const REPEATS = 5;

const PASTE = [
  'PS C:\\> Test-CsExStorageConnectivity -SipUri "sip:kenmyer@contoso.com" -Verbose',
  'VERBOSE: Workflow Instance ID 4f1c7c1e-2a8e-4c7a-9d1b-0f3a2b6c9e11, started.',
  'Test-CsExStorageConnectivity : ExCreateItem exchange operation failed, code=50043,',
  'At line:1 char:1',
  '    + CategoryInfo          : OperationStopped: (:) [Test-CsExStorageConnectivity], StoreException',
  '    + FullyQualifiedErrorId : Microsoft.Rtc.Management.Internal.Storage.StoreException',
].join('\n');

/** The adversarial shapes: each a message text (the bot reads at most 20,000 characters of it). */
export function adversarialShapes(seed = 17): { name: string; text: string }[] {
  const rng = seededRandom(seed);
  const letters = (n: number): string =>
    Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(rng() * 26))).join('');
  const KB256 = 256 * 1024;
  const fill = (unit: string, size = KB256): string => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  return [
    { name: 'one long token (30,000 letters)', text: letters(30_000) },
    { name: 'one long known-looking token', text: `exchange${'e'.repeat(29_990)}` },
    { name: 'repeated short tokens (256 KB)', text: fill('ab cd ') },
    { name: 'repeated known words (256 KB)', text: fill('presence outlook skype contact ') },
    {
      name: 'many distinct rare words',
      text: Array.from({ length: 3_000 }, () => letters(4 + Math.floor(rng() * 6))).join(' '),
    },
    { name: 'pasted error (256 KB)', text: fill(`${PASTE}\n`) },
    { name: 'Markdown and punctuation (256 KB)', text: fill('[x](http://e.test) **_`<a>` ~|# ') },
    { name: 'emoji and combining marks', text: fill('😀\u0301\u200d👍🏽 ', 60_000) },
    { name: 'controls and bidi overrides', text: fill('\u001b[31m\u0007\u202e\u2066x\u0000 ', 60_000) },
    { name: 'lone surrogates', text: fill('\ud800a\udfff ', 60_000) },
    { name: 'one line of code=… signatures', text: fill('code=50043 code=5 0x80070005 ') },
    // Posts are read line by line for boilerplate (ticket fields, mail headers, signatures).
    { name: 'many short lines (256 KB)', text: fill('a\n') },
    { name: 'mail headers and sign-offs (256 KB)', text: fill('From: a\nTo: b\nKind regards,\nJohn\n> [x](http://\n') },
    { name: 'a huge command name', text: `/${'a'.repeat(30_000)}` },
    { name: '/kb with a huge argument', text: `/kb ${letters(30_000)}` },
    { name: '/explain with a 256 KB paste', text: `/explain ${fill(`${PASTE}\n`)}` },
    { name: '/msa with a huge address', text: `/msa ${'a'.repeat(30_000)}@${'b'.repeat(30_000)}.com` },
    {
      name: '/check-url with a huge URL',
      text: `/check-url https://${'a'.repeat(30_000)}.test/autodiscover/autodiscover.xml`,
    },
    { name: '/sip with a huge address', text: `/sip sip:${'a'.repeat(30_000)}@contoso.com` },
    { name: '/matrix with many words', text: `/matrix ${fill('exchange online sfb server ', 30_000)}` },
    { name: '/troubleshoot with a huge name', text: `/troubleshoot ${letters(30_000)}` },
  ];
}

/** Runs `text` as one turn and returns its wall time in ms (a turn that faults stops the run). */
async function timeTurn(chat: TestChat, text: string): Promise<number> {
  const start = performance.now();
  await chat.say(text);
  const elapsed = performance.now() - start;
  const [fault] = chat.faults;
  if (fault) throw new Error(`a worst-case turn failed: ${fault.message}`, { cause: fault });
  return elapsed;
}

/** A new conversation in Teams, so no earlier turn's state is reused. */
function newChat(app: App): TestChat {
  return new TestChat(app, { channelId: 'msteams' });
}

export interface WorstCaseRow {
  readonly shape: string;
  readonly where: 'outside' | 'in a troubleshooter';
  readonly worstMs: number;
  readonly medianMs: number;
}

/** Ordinary traffic first, so the measured turns run in a warm process, as a serving bot does. */
const WARM_UP = [
  '/help',
  'presence not showing in outlook',
  'my contact list is read only',
  '/kb 2811654',
  'printer not working',
  '/matrix exchange-2013 sfb-server',
];

/**
 * Measures every shape, outside any dialog and at a troubleshooter's first question. Each repeat
 * uses freshly generated random words, so no cache of an earlier repeat hides the cost.
 */
export async function measureWorstCase(app: App): Promise<WorstCaseRow[]> {
  const rows: WorstCaseRow[] = [];
  const tree = [...app.services.knowledge.current.trees.keys()][0] ?? '';
  const warm = newChat(app);
  for (let i = 0; i < 5; i++) for (const text of WARM_UP) await timeTurn(warm, text);
  const variants = Array.from({ length: REPEATS * 2 }, (_, i) => adversarialShapes(101 + i));
  for (const [s, shape] of adversarialShapes().entries()) {
    for (const [w, where] of (['outside', 'in a troubleshooter'] as const).entries()) {
      const times: number[] = [];
      for (let i = 0; i < REPEATS; i++) {
        const chat = newChat(app);
        if (where === 'in a troubleshooter') await timeTurn(chat, `/troubleshoot ${tree}`);
        times.push(await timeTurn(chat, variants[w * REPEATS + i]?.[s]?.text ?? shape.text));
      }
      times.sort((a, b) => a - b);
      rows.push({
        shape: shape.name,
        where,
        worstMs: times[times.length - 1] ?? 0,
        medianMs: times[Math.floor(times.length / 2)] ?? 0,
      });
    }
  }
  return rows;
}

/** Prints the worst-case table and the goal line. */
export function printWorstCase(rows: readonly WorstCaseRow[]): void {
  console.log('\n## Worst-case turns (whole bot, TestAdapter; %d runs per shape, fresh conversation each)\n', REPEATS);
  console.log(`${'shape'.padEnd(38)} ${'where'.padEnd(20)} ${'worst'.padStart(9)} ${'median'.padStart(9)}`);
  for (const r of rows)
    console.log(
      `${r.shape.padEnd(38)} ${r.where.padEnd(20)} ${`${r.worstMs.toFixed(1)} ms`.padStart(9)} ${`${r.medianMs.toFixed(1)} ms`.padStart(9)}`,
    );
  const worst = rows.reduce(
    (a, b) => (b.worstMs > a.worstMs ? b : a),
    rows[0] ?? { shape: '-', where: 'outside', worstMs: 0, medianMs: 0 },
  );
  console.log(
    `\nworst turn: ${worst.worstMs.toFixed(1)} ms (${worst.shape}, ${worst.where}); goal: every turn under ${GOAL_MS} ms: ${worst.worstMs < GOAL_MS ? 'met' : 'NOT met'}`,
  );
}
