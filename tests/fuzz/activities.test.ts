/**
 * Property-based fuzz: 10,000 generated activities and texts through the whole bot (TestAdapter),
 * a third of them in the middle of a troubleshooter. Invariants: no fault reaches the turn-error
 * handler, every message gets a reply, the saved dialog state stays valid, and no reply carries a
 * raw control character or a link that is not one of the content's own Microsoft links.
 *
 *   FUZZ_RUNS=50000 FUZZ_SEED=7 npm test -- --grep fuzz
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Activity } from 'botbuilder';
import { TestChat } from '../support/harness.js';
import { RUNS, SEED, app, assertReplied, assertSafeReply, fuzzCase, knowledge, trees } from './support/fuzzInputs.js';
import { isTreeState } from '../../dialogs/treeDialog.js';
import { TREE_DIALOG } from '../../dialogs/treeDialog.js';

async function assertValidState(chat: TestChat): Promise<void> {
  for (const entry of await chat.savedDialogStack()) {
    assert.equal(entry.id, TREE_DIALOG, `unknown dialog ${entry.id} on the stack`);
    assert.ok(isTreeState(entry.state), `tree state of an unexpected shape: ${JSON.stringify(entry.state)}`);
    const tree = knowledge.trees.get(entry.state.treeId);
    assert.ok(
      tree?.nodes.has(entry.state.nodeId),
      `the saved step ${entry.state.treeId}/${entry.state.nodeId} does not exist`,
    );
  }
}

describe('fuzz: generated activities through the whole bot', function () {
  this.timeout(600_000);

  it(`${RUNS.toLocaleString('en-US')} activities: no fault, always a reply, valid state, safe replies (seed ${SEED})`, async function () {
    let messages = 0;
    let inTree = 0;
    await fc.assert(
      fc.asyncProperty(fuzzCase, async (c) => {
        const chat = new TestChat(app, { channelId: c.channelId, group: c.group });
        const tree = trees[c.inTree];
        if (tree) {
          inTree++;
          await chat.say(`/troubleshoot ${tree.id}`);
        }
        const activity = { ...c.activity, type: c.type } as Partial<Activity>;
        const replies = await chat.send(activity);
        assert.deepEqual(
          chat.faults.map((f) => f.message),
          [],
          'a fault reached the turn-error handler',
        );
        if (c.type === 'message') {
          messages++;
        }
        assertReplied(c, replies);
        for (const r of replies) assertSafeReply(r, c.channelId);
        await assertValidState(chat);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    assert.ok(messages > RUNS / 2, `most generated activities are messages (${messages})`);
    assert.ok(inTree > RUNS / 4, `a good share runs inside a troubleshooter (${inTree})`);
  });
});
