/**
 * Every guided troubleshooter over HTTP: the real restify server and CloudAdapter (local mode, no
 * auth), each message posted to /api/messages with "deliveryMode": "expectReplies" and the bot's
 * replies read from the response. For each tree, one full path clicked through to a fix with a KB
 * link or cmdlet (then "Yes, it is fixed"), and one to a handoff summary.
 */
import assert from 'node:assert/strict';
import nock from 'nock';
import { messages } from '../../replies/messages.js';
import { HttpChat, offlineOnly, startBot, type RunningBot } from '../support/httpBot.js';
import {
  YES_FIXED,
  enumeratePaths,
  hasKbLinkOrCmdlet,
  pathName,
  walkPath,
  type TreePath,
} from '../support/treeWalk.js';
import { lastOf, sharedApp, textOf } from '../support/harness.js';

describe('trees over HTTP (restify + CloudAdapter, deliveryMode expectReplies)', function () {
  this.timeout(60_000);
  let bot: RunningBot;

  before(async function () {
    bot = await startBot();
  });
  after(async function () {
    await bot.close();
  });
  beforeEach(function () {
    offlineOnly();
  });
  afterEach(function () {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  // The paths are generated at load time from the same content the server loads.
  const trees = [...sharedApp().services.knowledge.current.trees.values()];

  it('walks every tree', function () {
    assert.deepEqual(
      [...bot.app.services.knowledge.current.trees.keys()].sort(),
      trees.map((t) => t.id).sort(),
      'the server serves the trees the paths were generated from',
    );
  });

  for (const tree of trees) {
    const paths = enumeratePaths(tree);
    const byLength = (a: TreePath, b: TreePath): number => b.steps.length - a.steps.length;
    // The longest path to a fix (most turns over the wire) and the longest path to a handoff.
    const toFix = paths.filter((p) => p.end.kind === 'resolution').sort(byLength)[0];
    const toHandoff = paths.filter((p) => p.end.kind === 'handoff').sort(byLength)[0];

    describe(tree.id, function () {
      it(`to a fix: ${toFix ? pathName(toFix) : '(none)'}`, async function () {
        assert.ok(toFix, `${tree.id} has no path to a fix`);
        const chat = new HttpChat(bot, 'webchat');
        const { replies } = await walkPath(toFix, chat);
        const fix = textOf(lastOf(replies));
        assert.ok(hasKbLinkOrCmdlet(fix), `the fix has a KB link or a cmdlet: ${fix.slice(0, 300)}`);
        const after = await chat.click(lastOf(replies), YES_FIXED);
        assert.match(textOf(lastOf(after)), /glad/i);
        // Ended: "back" has nothing to go back to.
        const back = await chat.say('back');
        assert.equal(textOf(lastOf(back)), messages.nothingToGoBackTo);
      });

      it(`to a handoff: ${toHandoff ? pathName(toHandoff) : '(none)'}`, async function () {
        assert.ok(toHandoff, `${tree.id} has no path to a handoff`);
        const chat = new HttpChat(bot, 'msteams');
        const { replies } = await walkPath(toHandoff, chat);
        const summary = textOf(lastOf(replies));
        for (const part of ['Symptom:', 'Answers:', 'KB articles:'])
          assert.ok(summary.includes(part), `no "${part}" in ${summary}`);
        const back = await chat.say('back');
        assert.equal(textOf(lastOf(back)), messages.nothingToGoBackTo, 'the handoff ended the troubleshooter');
      });
    });
  }
});
