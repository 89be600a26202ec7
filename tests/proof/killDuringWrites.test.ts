/**
 * kill -9 during a burst of writes: many conversations advance a troubleshooter at once against the
 * compiled bot on the file store; the process is SIGKILLed at a seeded moment while requests are in
 * flight, restarted on the same STATE_DIR, and every conversation must read back consistently: at
 * the step it was confirmed at, or (if its turn was in flight) one step on, never cleared or corrupt.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { HttpUser } from '../state/support/botServer.js';
import { tempDir } from '../state/support/stores.js';
import {
  compiledBots,
  faultLines,
  firstButtonOf,
  isFaultReply,
  referenceWalk,
  replyTexts,
  startProcess,
  stop,
} from './support/botProcess.js';
import { seededRandom } from '../support/seededRandom.js';
import { freePort } from '../support/freePort.js';

const TREE = 'presence-missing-in-outlook';
const CONVERSATIONS = 60;
const MAX_STEPS = 4;
const SEED = Number(process.env.KILL_SEED ?? 17);

interface Walker {
  readonly user: HttpUser;
  /** Index into the reference walk of the last step whose reply came back; -1 before the start. */
  confirmed: number;
  inFlight: boolean;
}

describe('kill -9 during a burst of writes (compiled bot, file store)', function () {
  this.timeout(60_000);
  const running = compiledBots();

  it('every conversation reads back at the step before or after its in-flight turn, and goes on', async function () {
    // The walk a bot that never stops gives, by the first button each time.
    const ref = await referenceWalk(TREE, MAX_STEPS + 3);
    const steps = Math.min(MAX_STEPS, ref.length - 3);
    assert.ok(steps >= 1, `the tree is deep enough by its first buttons (${ref.length} steps)`);

    const dir = tempDir('proof-kill');
    const port = await freePort();
    let bot = await startProcess(dir, port);
    running.push(bot);

    const rand = seededRandom(SEED);
    const walkers: Walker[] = Array.from({ length: CONVERSATIONS }, () => ({
      user: new HttpUser('kill'),
      confirmed: -1,
      inFlight: false,
    }));
    // Kill after a seeded number of answered turns: well inside the burst, with requests in flight.
    const total = CONVERSATIONS * (steps + 1);
    const killAfter = Math.floor(total * (0.3 + 0.4 * rand()));
    let answered = 0;
    let killed: Promise<{ code: number | null; signal: string | null }> | undefined;
    const target = bot;
    const isKilled = (): boolean => killed !== undefined;

    const walk = async (w: Walker): Promise<void> => {
      while (w.confirmed < steps && !isKilled()) {
        w.inFlight = true;
        try {
          const next =
            w.confirmed < 0
              ? await w.user.say(target.baseUrl, `/troubleshoot ${TREE}`)
              : await w.user.click(target.baseUrl, ref[w.confirmed] ?? [], firstButtonOf(ref[w.confirmed] ?? []) ?? '');
          if (isKilled()) return; // an answer racing the kill: treat it as in flight
          assert.deepEqual(
            replyTexts(next),
            replyTexts(ref[w.confirmed + 1] ?? []),
            'the burst walks like the reference',
          );
          w.confirmed += 1;
          w.inFlight = false;
          answered += 1;
          if (answered === killAfter) killed = stop(target, 'SIGKILL');
        } catch (error) {
          if (isKilled()) return; // the connection the kill cut
          throw error;
        }
      }
    };
    await Promise.all(walkers.map(walk));
    assert.ok(killed, 'the kill happened during the burst');
    assert.equal((await killed).signal, 'SIGKILL');
    assert.deepEqual(faultLines(bot.output()), [], 'no turn fault before the kill');
    const inFlight = walkers.filter((w) => w.inFlight).length;
    assert.ok(inFlight > 0, 'some turns were in flight when the process died');

    // Nothing the store cannot read: every state file parses; temp files of torn writes are the only others.
    const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) =>
      fs.statSync(path.join(dir, f)).isFile(),
    );
    for (const f of files) {
      if (f.endsWith('.tmp')) continue;
      assert.ok(f.endsWith('.json'), `an unexpected file ${f}`);
      assert.doesNotThrow(() => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')), `${f} is whole JSON`);
    }

    bot = await startProcess(dir, port);
    running.push(bot);
    let landed = 0;
    for (const w of walkers) {
      const k = w.confirmed;
      if (k < 0) {
        const fresh = await w.user.say(bot.baseUrl, `/troubleshoot ${TREE}`);
        assert.deepEqual(replyTexts(fresh), replyTexts(ref[0] ?? []));
        continue;
      }
      const at = ref[k] ?? [];
      const again = await w.user.click(bot.baseUrl, at, firstButtonOf(at) ?? '');
      for (const r of again) assert.ok(!isFaultReply(r.text), `a fault after restart: ${r.text}`);
      if (!w.inFlight || JSON.stringify(replyTexts(again)) === JSON.stringify(replyTexts(ref[k + 1] ?? []))) {
        assert.deepEqual(replyTexts(again), replyTexts(ref[k + 1] ?? []), 'at the confirmed step, the click goes on');
        continue;
      }
      // The in-flight turn landed before the kill: the state is one step on, and goes on from there.
      landed += 1;
      const after = ref[k + 1] ?? [];
      const onward = await w.user.click(bot.baseUrl, after, firstButtonOf(after) ?? '');
      assert.deepEqual(replyTexts(onward), replyTexts(ref[k + 2] ?? []), 'one step on, the click goes on');
    }
    assert.deepEqual(faultLines(bot.output()), [], 'no turn fault after the restart');
    assert.ok(
      !fs.readdirSync(dir, { recursive: true }).some((f) => String(f).endsWith('.corrupt')),
      'nothing quarantined',
    );
    await stop(bot, 'SIGTERM');
    console.log(`      kill after ${killAfter}/${total} turns, ${inFlight} in flight, ${landed} landed`);
  });
});
