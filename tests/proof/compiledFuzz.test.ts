/**
 * The generated fuzz inputs of tests/fuzz, posted over HTTP to one compiled bot process (what
 * `npm start` serves) on the file store: a bounded number of conversations in flight, each one
 * sequential, a good share of them inside a troubleshooter started by its command first. Every
 * answer is 200, or 400 for an activity the edge guard refuses (never a 5xx); every reply passes
 * the fuzz invariants and is not a fault; at the end the process is alive, healthy and its log
 * has no turn fault.
 *
 *   COMPILED_FUZZ_RUNS=2000 (else FUZZ_RUNS, else 10,000) and FUZZ_SEED=7 change the count and seed.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { guardActivity } from '../../conversation/activityGuard.js';
import { httpRequest } from '../state/support/botServer.js';
import { tempDir } from '../state/support/stores.js';
import { textOf } from '../support/harness.js';
import {
  RUNS,
  SEED,
  assertReplied,
  assertSafeReply,
  fuzzCase,
  trees,
  type FuzzCase,
} from '../fuzz/support/fuzzInputs.js';
import { faultLines, isFaultReply, startProcess, stop, compiledBots } from './support/botProcess.js';
import { freePort } from '../support/freePort.js';

const COUNT = Number(process.env.COMPILED_FUZZ_RUNS ?? RUNS);
/** Conversations in flight at once: enough to interleave turns, few enough for a 2-core machine. */
const IN_FLIGHT = 8;

/** The envelope a channel sends (who, where, replies in the response), then the generated fields. */
function activityFor(c: FuzzCase, n: number, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    channelId: c.channelId,
    serviceUrl: 'https://channel.test',
    deliveryMode: 'expectReplies',
    from: { id: `29:cfuzz-user-${n}`, name: 'Tess', role: 'user' },
    recipient: { id: 'bot-1', name: 'Troubleshooter', role: 'bot' },
    conversation: {
      id: `a:cfuzz-${process.pid}-${n}`,
      isGroup: c.group,
      conversationType: c.group ? 'channel' : 'personal',
    },
    locale: 'en-US',
    ...fields,
  };
}

/**
 * Posts one activity; asserts the status the edge documents for it and returns the messages sent back
 * (none when the guard refused it).
 */
async function post(
  baseUrl: string,
  activity: Record<string, unknown>,
): Promise<{ refused: boolean; replies: Record<string, unknown>[] }> {
  // What reaches the server is the JSON of the activity, so the guard judges that, as the server does.
  const sent: unknown = JSON.parse(JSON.stringify(activity));
  const refused = !guardActivity(sent, { httpServiceUrl: true }).ok;
  const res = await httpRequest('POST', `${baseUrl}/api/messages`, activity);
  assert.equal(res.status, refused ? 400 : 200, `HTTP ${res.status}: ${res.text.slice(0, 300)}`);
  if (refused) return { refused, replies: [] };
  const body = res.json as { activities?: Record<string, unknown>[] } | undefined;
  assert.ok(body && Array.isArray(body.activities), `no activities in ${res.text.slice(0, 300)}`);
  return { refused, replies: body.activities.filter((a) => a.type === 'message') };
}

function assertGoodReplies(replies: readonly Record<string, unknown>[], channelId: string): void {
  for (const r of replies) {
    assertSafeReply(r, channelId);
    assert.ok(!isFaultReply(textOf(r)), `a fault reply: ${textOf(r).slice(0, 300)}`);
  }
}

describe('fuzz: generated activities over HTTP against the compiled bot', function () {
  this.timeout(420_000);
  const running = compiledBots();

  it(`${COUNT.toLocaleString('en-US')} activities, ${IN_FLIGHT} conversations in flight: 200 or a documented 400, safe replies, no fault (seed ${SEED})`, async function () {
    const cases = fc.sample(fuzzCase, { numRuns: COUNT, seed: SEED });
    const bot = await startProcess(tempDir('proof-cfuzz'), await freePort());
    running.push(bot);
    let messages = 0;
    let inTree = 0;
    let refused = 0;

    const run = async (c: FuzzCase, n: number): Promise<void> => {
      const tree = trees[c.inTree];
      if (tree) {
        inTree += 1;
        const { replies: started } = await post(
          bot.baseUrl,
          activityFor(c, n, { type: 'message', text: `/troubleshoot ${tree.id}` }),
        );
        assert.ok(started.length > 0, `no reply to /troubleshoot ${tree.id}`);
        assertGoodReplies(started, c.channelId);
      }
      const activity = activityFor(c, n, { ...c.activity, type: c.type });
      const sent = await post(bot.baseUrl, activity);
      if (sent.refused) refused += 1;
      const replies = sent.replies;
      if (c.type === 'message') messages += 1;
      assertReplied(c, replies);
      assertGoodReplies(replies, c.channelId);
    };

    let next = 0;
    let failure: Error | undefined;
    const lane = async (): Promise<void> => {
      // A failure stops every lane, so the report is the first one and not a flood after it.
      while (next < cases.length && !failure) {
        const n = next;
        next += 1;
        const c = cases[n];
        if (!c) continue;
        try {
          await run(c, n);
        } catch (err) {
          failure ??= new Error(
            `input ${n} (seed ${SEED}): ${(err as Error).message}\n${JSON.stringify(c).slice(0, 600)}`,
          );
        }
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    console.log(
      `      ${cases.length} inputs (${inTree} in a troubleshooter, ${refused} refused at the edge) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    if (failure) throw failure;

    assert.ok(messages > COUNT / 2, `most generated activities are messages (${messages})`);
    assert.ok(inTree > COUNT / 4, `a good share runs inside a troubleshooter (${inTree})`);
    assert.equal(bot.child.exitCode, null, 'the process is alive');
    const health = await httpRequest('GET', `${bot.baseUrl}/healthz`);
    assert.equal(health.status, 200, health.text.slice(0, 300));
    assert.deepEqual(faultLines(bot.output()), [], 'no turn fault in the log');
    await stop(bot, 'SIGTERM');
  });
});
