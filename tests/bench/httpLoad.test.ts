/**
 * The HTTP section's driver (tests/bench/httpLoad.ts) does what the bench's figures rest on: against the
 * echo bot and the compiled bot, as their own processes, every turn is answered, the connector's posts
 * are counted, a troubleshooter walk gets the replies it was recorded with, and the budgets stop a run.
 * No timing is asserted (the figures are the bench's job).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compiledBots, referenceWalk } from '../proof/support/botProcess.js';
import { freePort } from '../support/freePort.js';
import {
  ECHO_ENTRY,
  FakeConnector,
  conversations,
  cpuMs,
  peakRss,
  runLoad,
  spawnServer,
  startArgs,
  walkTurns,
  type Conversation,
  type Walk,
} from './httpLoad.js';
import { PASTES } from './queryTexts.js';

const TREE = 'ucs-contact-list';

describe('bench: the HTTP driver', function () {
  this.timeout(120_000);
  const running = compiledBots();
  let connector: FakeConnector;
  let walk: Walk;
  let dir: string;

  before(async function () {
    connector = await FakeConnector.start();
    walk = await referenceWalk(TREE, 4);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-load-'));
  });

  after(async function () {
    await connector.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A tree walk then /help, and a command then a question: two conversations in flight. */
  function script(): Conversation[] {
    return [
      [...walkTurns(TREE, walk), { kind: 'command', text: '/help' }],
      [
        { kind: 'command', text: '/kb 2811654' },
        { kind: 'question', text: 'presence not showing in outlook' },
      ],
    ];
  }
  const turnCount = (list: readonly Conversation[]): number => list.reduce((a, c) => a + c.length, 0);

  it('turns a recorded walk into a start and presses of real buttons', function () {
    assert.ok(walk.length >= 2, `the walk of ${TREE} has a button to press`);
    const turns = walkTurns(TREE, walk);
    assert.equal(turns.length, walk.length);
    assert.equal(turns[0]?.text, `/troubleshoot ${TREE}`);
    const firstButton = walk[0]?.flatMap((r) => r.buttons)[0];
    assert.equal(turns[1]?.text, firstButton?.text);
    assert.deepEqual(turns[1]?.value, firstButton?.value);
  });

  it('gives the same seeded conversations for the same seed, walks in the normal mix, pastes in the other', function () {
    const walks = new Map([[TREE, walk]]);
    const take = (mix: 'normal' | 'pasted', seed: number): Conversation[] => {
      const list = conversations(mix, seed, walks);
      return Array.from({ length: 30 }, () => list.next().value as Conversation);
    };
    assert.deepEqual(take('normal', 7), take('normal', 7));
    assert.notDeepEqual(take('normal', 7), take('normal', 8));
    const normal = take('normal', 7).flat();
    assert.ok(
      normal.some((t) => t.expect !== undefined && t.value !== undefined),
      'a button press of a walk',
    );
    assert.ok(
      normal.some((t) => t.text.startsWith('/kb ') || t.text === '/help'),
      'a command',
    );
    const pasted = take('pasted', 7).flat();
    assert.ok(pasted.every((t) => PASTES.includes(t.text) || t.text === `/troubleshoot ${TREE}`));
    assert.ok(pasted.some((t) => t.text.startsWith('/troubleshoot ')));
  });

  it('drives the echo bot: every turn answered, one post each, and a turn budget stops the run', async function () {
    const echo = await spawnServer(startArgs(ECHO_ENTRY), await freePort());
    running.push(echo);
    assert.ok(echo.startMs > 0);
    const list = script();
    const result = await runLoad({
      baseUrl: echo.baseUrl,
      connector,
      conversations: list.values(),
      concurrency: 2,
      label: 'test-echo',
    });
    assert.equal(result.firstProblem, undefined);
    assert.equal(result.conversations, 2);
    assert.equal(result.turns, turnCount(list));
    assert.equal(result.latencies.length, result.turns);
    assert.equal(result.errors, 0);
    assert.equal(result.posts, result.turns, 'the echo bot posts one echo per message');
    assert.equal(result.otherRequests, 0);

    const capped = await runLoad({
      baseUrl: echo.baseUrl,
      connector,
      conversations: conversations('pasted', 1, new Map([[TREE, walk]])),
      concurrency: 3,
      maxTurns: 5,
      label: 'test-echo-capped',
    });
    assert.equal(capped.turns, 5);
    assert.equal(capped.posts, 5);
    assert.ok(Number.isFinite(cpuMs(echo.pid)));
    assert.ok(peakRss(echo.pid) > 1024 * 1024, 'the echo process has a peak RSS');
  });

  it('drives the compiled bot through a tree walk and commands, counting its posts', async function () {
    const bot = await spawnServer(startArgs(), await freePort(), { STATE_DIR: dir });
    running.push(bot);
    const list = script();
    const result = await runLoad({
      baseUrl: bot.baseUrl,
      connector,
      conversations: list.values(),
      concurrency: 2,
      label: 'test-bot',
      checkWalks: true,
    });
    assert.equal(result.firstProblem, undefined);
    assert.equal(result.turns, turnCount(list));
    assert.equal(result.errors, 0);
    assert.equal(result.faults, 0);
    assert.equal(result.walkTurns, walk.length, 'every walk turn compared');
    assert.equal(result.diverged, 0, 'the walk over HTTP replies as recorded');
    assert.ok(result.posts >= result.turns, `at least one post per turn: ${result.posts} for ${result.turns}`);
    assert.equal(result.otherRequests, 0);
    const kinds = [...result.byKind.values()];
    assert.equal(
      kinds.reduce((a, k) => a + k.posts, 0),
      result.posts,
      'the posts per kind of turn add up',
    );
    assert.equal(result.byKind.get('button press')?.turns, walk.length - 1);
    assert.equal(result.byKind.get('command')?.turns, 2);
    assert.ok(Number.isFinite(cpuMs(bot.pid)));
  });
});
