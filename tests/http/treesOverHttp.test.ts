/**
 * Every guided troubleshooter over HTTP: the real restify server and CloudAdapter (local mode, no
 * auth), each message posted to /api/messages with "deliveryMode": "expectReplies" and the bot's
 * replies read from the response. For each tree, one full path clicked through to a fix with a KB
 * link or cmdlet (then "Yes, it is fixed"), and one to a handoff summary.
 */
import assert from 'node:assert/strict';
import nock from 'nock';
import { messages } from '../../replies/messages.js';
import type { KnowledgeEntry } from '../../knowledge/model.js';
import {
  messageActivity,
  offlineOnly,
  postActivity,
  recordChannel,
  startBot,
  uniqueId,
  type RunningBot,
} from '../support/httpBot.js';
import {
  YES_FIXED,
  clickOn,
  enumeratePaths,
  hasKbLinkOrCmdlet,
  lastOf,
  pathName,
  testApp,
  textOf,
  walkPath,
  type BotReply,
  type Chat,
  type TreePath,
} from '../support/treeWalk.js';

/** One user's conversation over HTTP; every message expects its replies in the response. */
class HttpChat implements Chat {
  readonly conversationId = uniqueId('tree-http-conv');
  readonly from = { id: uniqueId('tree-http-user'), name: 'Tess', role: 'user' };
  /** What reached the connector instead of the response (must stay empty). */
  readonly posted: ReturnType<typeof recordChannel>['sent'];

  constructor(
    private readonly bot: RunningBot,
    private readonly channelId: string,
  ) {
    this.posted = recordChannel(this.conversationId).sent;
  }

  get entries(): ReadonlyMap<string, KnowledgeEntry> {
    return this.bot.app.services.knowledge.current.entries;
  }

  async say(text: string, value?: unknown): Promise<BotReply[]> {
    const incoming = messageActivity(text, {
      conversationId: this.conversationId,
      channelId: this.channelId,
      extra: { deliveryMode: 'expectReplies', from: this.from, ...(value !== undefined ? { value } : {}) },
    });
    const res = await postActivity(this.bot, incoming);
    assert.equal(res.status, 200, `POST "${text}": ${res.status} ${res.text.slice(0, 300)}`);
    const body = res.json as { activities?: Record<string, unknown>[] } | undefined;
    assert.ok(
      body && Array.isArray(body.activities),
      `no activities in the response to "${text}": ${res.text.slice(0, 300)}`,
    );
    const replies = body.activities.filter((a) => a.type === 'message');
    for (const r of replies) {
      assert.equal(r.replyToId, incoming.id, 'each reply answers the message posted');
      assert.notEqual(r.text, messages.apology, `the turn for "${text}" failed`);
    }
    assert.equal(this.posted.length, 0, 'expectReplies must not post to the connector');
    return replies;
  }
}

describe('trees over HTTP (restify + CloudAdapter, deliveryMode expectReplies)', function () {
  this.timeout(60_000);
  let bot: RunningBot;

  before(async function () {
    bot = await startBot();
  });
  after(async function () {
    await bot?.close();
  });
  beforeEach(function () {
    offlineOnly();
  });
  afterEach(function () {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  // The paths are generated at load time from the same content the server loads.
  const trees = [...testApp().services.knowledge.current.trees.values()];

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
        const after = await clickOn(chat, lastOf(replies), YES_FIXED);
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
