/**
 * A soak over HTTP against one compiled bot process on the file store: many conversations of ten turns
 * each, a bounded number in flight, mixing a troubleshooter walked by the buttons the bot returns,
 * free-text questions, commands and bad inputs. Every answer is 200, no reply or log line is a fault,
 * and each walked troubleshooter reaches, step by step, what a bot that handled it alone said.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { HttpUser, type Reply } from '../state/support/botServer.js';
import { tempDir } from '../state/support/stores.js';
import {
  compiledBots,
  faultLines,
  firstButtonOf,
  heapUsed,
  isFaultReply,
  referenceWalk,
  replyTexts,
  startProcess,
  stop,
} from './support/botProcess.js';
import { freePort } from '../support/freePort.js';
import { daysToMs } from '../../bot/state/stateStorage.js';

const TREE = 'presence-missing-in-outlook';
const CONVERSATIONS = Number(process.env.SOAK_CONVERSATIONS ?? 2000);
const TURNS = 10;
const IN_FLIGHT = 20;

/** The single-turn inputs mixed between tree steps; each must get a reply that is not a fault. */
const SINGLES: readonly string[] = [
  'presence shows unknown in Outlook',
  'Lync cannot connect to Exchange, error 0x80070005',
  '/help',
  '/kb 2811654',
  '/profile',
  '/why',
  '/nosuchcommand',
  '',
  'x'.repeat(30_000),
  'bell\u0007 and escape\u001b[31m and nul\u0000 inside',
];

/** The state files the file store holds (its items; temporary and damaged files aside). */
function stateFiles(dir: string): number {
  const root = path.join(dir, 'v1');
  if (!fs.existsSync(root)) return 0;
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.json')).length;
}

/** Waits (up to 30 s) for the bot's first "state pruned" log line and returns how many items it removed. */
async function prunedCount(bot: { output: () => string }): Promise<number> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const line = bot
      .output()
      .split('\n')
      .find((l) => l.includes('"state pruned"'));
    if (line) return Number((JSON.parse(line) as { removed?: unknown }).removed);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no prune within 30 s:\n${bot.output().slice(-2000)}`);
}

describe('soak: many conversations over HTTP against the compiled bot', function () {
  this.timeout(360_000);
  const running = compiledBots();

  it(`${CONVERSATIONS} conversations × ${TURNS} turns: no fault, no lost step, nothing left after expiry`, async function () {
    const ref = await referenceWalk(TREE, TURNS);
    const depth = Math.min(4, ref.length - 1);
    assert.ok(depth >= 1);

    const dir = tempDir('proof-soak');
    const bot = await startProcess(dir, await freePort(), true);
    running.push(bot);
    let turns = 0;

    const conversation = async (n: number): Promise<void> => {
      const user = new HttpUser('soak');
      // Interleave: start the tree, mix in singles (which must not lose the step), click on.
      let step = -1;
      for (let t = 0; t < TURNS; t += 1) {
        let replies: Reply[];
        const treeTurn = n % 4 !== 3 && t % 2 === 0 && step < depth;
        if (treeTurn) {
          replies =
            step < 0
              ? await user.say(bot.baseUrl, `/troubleshoot ${TREE}`)
              : await user.click(bot.baseUrl, ref[step] ?? [], firstButtonOf(ref[step] ?? []) ?? '');
          step += 1;
          assert.deepEqual(
            replyTexts(replies),
            replyTexts(ref[step] ?? []),
            `conversation ${n} turn ${t}: the step goes on`,
          );
        } else if (n % 7 === 0 && t === 1 && step >= 0) {
          // A stale value: a button from a step the conversation is not at.
          replies = await user.post(
            bot.baseUrl,
            user.activity({ text: 'old', value: { stale: true, step: 'nowhere', n } }),
          );
        } else {
          replies = await user.say(bot.baseUrl, SINGLES[(n + t) % SINGLES.length] ?? '');
        }
        for (const r of replies) assert.ok(!isFaultReply(r.text), `conversation ${n} turn ${t}: ${r.text}`);
        turns += 1;
      }
    };

    let next = 0;
    // First half, then the heap; second half, then the heap again.
    let limit = CONVERSATIONS / 2;
    const lane = async (): Promise<void> => {
      while (next < limit) {
        const n = next;
        next += 1;
        await conversation(n);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    const half = await heapUsed(bot);
    limit = CONVERSATIONS;
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    const end = await heapUsed(bot);
    const perConversation = (end - half) / (CONVERSATIONS - CONVERSATIONS / 2);
    console.log(
      `      heap ${(half / 1e6).toFixed(1)} MB at half, ${(end / 1e6).toFixed(1)} MB at end: ${perConversation.toFixed(0)} B per conversation`,
    );
    // State lives in files, not memory: 2 KB per conversation is a tenth of one saved conversation's
    // JSON plus its keys, far below what keeping each conversation in memory would cost.
    assert.ok(perConversation < 2048, `the heap grows ${perConversation.toFixed(0)} B per added conversation`);
    assert.equal(turns, CONVERSATIONS * TURNS);
    assert.equal(bot.child.exitCode, null, 'the process is alive');
    assert.deepEqual(faultLines(bot.output()), [], 'no turn fault in the log');
    await stop(bot, 'SIGTERM');

    // A month and a day later (STATE_TTL_DAYS is 30 by default): the restarted bot's first prune
    // removes every conversation, so an idle conversation costs nothing once expired, and it serves on.
    const saved = stateFiles(dir);
    assert.ok(saved >= CONVERSATIONS, `${saved} state files for ${CONVERSATIONS} conversations`);
    const later = await startProcess(dir, await freePort(), false, daysToMs(31));
    running.push(later);
    const removed = await prunedCount(later);
    console.log(`      a month later: the first prune removed ${removed} of ${saved} state files`);
    assert.equal(stateFiles(dir), 0, 'no state left after expiry');
    assert.ok(removed >= saved, `removed ${removed} of ${saved}`);
    const newcomer = new HttpUser('after-expiry');
    const started = await newcomer.say(later.baseUrl, `/troubleshoot ${TREE}`);
    assert.deepEqual(replyTexts(started), replyTexts(ref[0] ?? []), 'a new conversation starts as before');
    assert.deepEqual(faultLines(later.output()), [], 'no fault after expiry');
    await stop(later, 'SIGTERM');
  });
});
