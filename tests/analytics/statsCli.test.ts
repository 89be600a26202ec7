/**
 * `npm run stats` on a generated event log with known counts: every figure it prints is checked
 * against counts this test works out itself from what it generated (not by the stats code), and the
 * unanswered questions that say the same thing come out as one content gap.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../bot/config.js';
import type { AnalyticsEvent, EventInput } from '../../analytics/events.js';

const run = promisify(execFile);
const TSX = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
const today = new Date().toISOString().slice(0, 10);
const DAY = 86_400_000;

/** A generator with its own tallies: what it wrote is what the test expects. */
class LogWriter {
  readonly events: AnalyticsEvent[] = [];
  private clock = Date.parse(`${today}T00:00:00.000Z`) - 5 * DAY;

  add(user: string, event: EventInput, at?: number): void {
    this.clock += 60_000;
    this.events.push({ ...event, at: new Date(at ?? this.clock).toISOString(), user });
  }
}

function generate(): { log: LogWriter; expected: Record<string, number> } {
  const log = new LogWriter();
  const decisions = { answer: 12, clarify: 5, none: 0, outOfScope: 1, startTree: 3 };
  for (let i = 0; i < decisions.answer; i++) log.add(`u${i % 4}`, { type: 'question', decision: 'answer', score: 0.9 });
  for (let i = 0; i < decisions.clarify; i++) log.add('u5', { type: 'question', decision: 'clarify', score: 0.5 });
  const unanswered = [
    'meeting recording missing in teams calendar',
    'meeting recording missing from teams calendar',
    'recording missing in teams meeting calendar',
    'how do I bake sourdough bread',
  ];
  for (const text of unanswered) {
    decisions.none += 1;
    log.add('u6', { type: 'question', decision: 'none', score: 0, text });
  }
  log.add('u6', { type: 'question', decision: 'outOfScope', score: 0, text: 'my printer is jammed' });
  for (let i = 0; i < decisions.startTree; i++) log.add('u7', { type: 'question', decision: 'startTree', score: 0.8 });
  // Entry use: A shown 5 (3 up, 1 down), B shown 2 (2 down).
  for (let i = 0; i < 5; i++)
    log.add('u1', { type: 'answerShown', entry: 'presence-missing-in-outlook', answer: `a${i}` });
  for (let i = 0; i < 2; i++) log.add('u2', { type: 'answerShown', entry: 'contact-photos', answer: `b${i}` });
  for (let i = 0; i < 3; i++)
    log.add('u1', { type: 'feedback', entry: 'presence-missing-in-outlook', answer: `a${i}`, helpful: true });
  log.add('u1', {
    type: 'feedback',
    entry: 'presence-missing-in-outlook',
    answer: 'a3',
    helpful: false,
    text: 'presence gone',
  });
  for (let i = 0; i < 2; i++)
    log.add('u2', { type: 'feedback', entry: 'contact-photos', answer: `b${i}`, helpful: false });
  // Six runs of tree t1: 2 resolved at n2, 1 handed off at n1, 2 cancelled at n3, 1 never finished at n1.
  const runs: [string, string[], 'resolved' | 'handoff' | 'cancel' | 'open'][] = [
    ['r1', ['n1', 'n2'], 'resolved'],
    ['r2', ['n1', 'n2'], 'resolved'],
    ['r3', ['n1'], 'handoff'],
    ['r4', ['n1', 'n3'], 'cancel'],
    ['r5', ['n1', 'n3'], 'cancel'],
    ['r6', ['n1'], 'open'],
  ];
  for (const [user, nodes, end] of runs) {
    log.add(user, { type: 'treeStarted', tree: 't1' });
    for (const node of nodes) log.add(user, { type: 'treeStep', tree: 't1', node });
    const last = nodes[nodes.length - 1] ?? 'n1';
    if (end === 'resolved') log.add(user, { type: 'treeResolved', tree: 't1', node: last });
    if (end === 'handoff') log.add(user, { type: 'handoff', source: 'tree', tree: 't1', node: last });
    if (end === 'cancel') log.add(user, { type: 'treeAbandoned', tree: 't1', node: last, reason: 'cancel' });
  }
  log.add('u8', { type: 'handoff', source: 'command' });
  log.add('u8', { type: 'handoff', source: 'noneOfThese' });
  // Tickets resolved in 30, 60 and 150 minutes: median 60.
  for (const [n, minutes] of [
    [1, 30],
    [2, 60],
    [3, 150],
  ] as const) {
    const created = Date.parse(`${today}T00:00:00.000Z`) - 2 * DAY + n * 3_600_000;
    log.add('hd', { type: 'ticketCreated', ticket: n, createdAt: new Date(created).toISOString() }, created);
    log.add('hd', {
      type: 'ticketResolved',
      ticket: n,
      createdAt: new Date(created).toISOString(),
      resolvedAt: new Date(created + minutes * 60_000).toISOString(),
    });
  }
  // An event older than the period asked for: not counted.
  log.add('old', { type: 'question', decision: 'answer', score: 1 }, Date.parse(`${today}T00:00:00.000Z`) - 20 * DAY);
  const questions = decisions.answer + decisions.clarify + decisions.none + decisions.outOfScope + decisions.startTree;
  return {
    log,
    expected: { questions, ...decisions, handoffs: 3, started: runs.length, resolved: 2, handedOff: 1, abandoned: 3 },
  };
}

function pct(part: number, total: number): string {
  return `${((100 * part) / total).toFixed(1)}%`;
}

describe('npm run stats', function () {
  this.timeout(60_000);
  let output = '';
  let expected: Record<string, number> = {};

  before(async function () {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stats-'));
    const generated = generate();
    expected = generated.expected;
    const dir = path.join(root, 'analytics');
    fs.mkdirSync(dir, { recursive: true });
    for (const e of generated.log.events)
      fs.appendFileSync(path.join(dir, `${e.at.slice(0, 10)}.jsonl`), `${JSON.stringify(e)}\n`);
    const env = { ...process.env, STORAGE: 'file', STATE_DIR: path.join(root, 'state'), LOG_LEVEL: 'silent' };
    output = (await run(TSX, ['tools/statsCli.ts', '--days', '7'], { cwd: PROJECT_ROOT, env })).stdout;
  });

  it('prints the questions and the answer, did-you-mean and no-answer rates', function () {
    const e = expected;
    const q = e.questions ?? 0;
    assert.match(output, new RegExp(`^Questions: ${q}$`, 'm'));
    const none = (e.none ?? 0) + (e.outOfScope ?? 0);
    assert.ok(
      output.includes(
        `answered ${e.answer} (${pct(e.answer ?? 0, q)}), did you mean ${e.clarify} (${pct(e.clarify ?? 0, q)}), no answer ${none} (${pct(none, q)}), troubleshooter started ${e.startTree} (${pct(e.startTree ?? 0, q)})`,
      ),
      output,
    );
  });

  it('prints the resolution rate, the handoff rate and the time to resolve tickets', function () {
    const e = expected;
    assert.ok(
      output.includes(
        `Troubleshooters: ${e.started} started, ${e.resolved} resolved (resolution rate ${pct(e.resolved ?? 0, e.started ?? 1)}), ${e.handedOff} handed off, ${e.abandoned} abandoned`,
      ),
      output,
    );
    assert.ok(
      output.includes(`Handoffs: ${e.handoffs} (handoff rate ${pct(e.handoffs ?? 0, e.questions ?? 1)} of questions)`),
      output,
    );
    assert.ok(output.includes('Tickets: 3 created, 0 taken, 3 resolved; time to resolve 60 min (median of 3)'), output);
    assert.ok(output.includes('Feedback: 3 helpful, 3 not helpful'), output);
  });

  it('prints the drop-off per troubleshooter step', function () {
    assert.ok(output.includes('  t1 / n3: 2 reached, 2 dropped'), output);
    assert.ok(output.includes('  t1 / n1: 6 reached, 1 dropped'), output);
    assert.ok(output.includes('  t1 / n2: 2 reached, 0 dropped'), output);
  });

  it('prints the most used and the worst rated entries', function () {
    assert.match(
      output,
      /Most used entries[^\n]*\n {2}[^\n]*\[presence-missing-in-outlook\]: 5, 3, 1\n {2}[^\n]*\[contact-photos\]: 2, 0, 2/,
    );
    assert.match(
      output,
      /Worst rated entries:\n {2}[^\n]*\[contact-photos\]: 2 not helpful of 2\n {2}[^\n]*\[presence-missing-in-outlook\]: 1 not helpful of 4/,
    );
  });

  it('clusters the unanswered questions into content gaps, with the entries closest to each', function () {
    const gaps = /Content gaps \((\d+) clusters[^\n]*\n {2}1\. "([^"]+)" x(\d+)/.exec(output);
    assert.ok(gaps, output);
    // Three phrasings of the recording question are one gap; bread, the printer and the 👎 are one each.
    assert.equal(gaps[1], '4');
    assert.equal(gaps[3], '3');
    assert.match(gaps[2] ?? '', /recording missing/);
    assert.match(output, /closest: [^\n]*\d\.\d\d/);
  });

  it('writes the HTML report and prints its path', function () {
    const report = /^Report: (.+)$/m.exec(output)?.[1];
    assert.ok(report, output);
    const html = fs.readFileSync(path.resolve(PROJECT_ROOT, report), 'utf8');
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /<svg /);
    assert.doesNotMatch(html, /(?:src|href)=["']?https?:/, 'no request to another origin');
  });
});
