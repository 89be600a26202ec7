/**
 * The compiled bot's very first turns, straight after /healthz: what the start leaves for later (the
 * search index, built at the first search) must not change what those turns answer. Each is compared
 * with an in-process bot's answer to the same turn. The compiled bot must also never load the parts
 * of botbuilder-dialogs it does not use (its index, the prompts and the recognizers-text modules).
 */
import assert from 'node:assert/strict';
import { HttpUser, startServer, type Reply } from '../state/support/botServer.js';
import { tempDir } from '../state/support/stores.js';
import {
  compiledBots,
  firstButtonOf,
  isFaultReply,
  loadedModules,
  referenceWalk,
  replyTexts,
  startProcess,
} from './support/botProcess.js';
import { freePort } from '../support/freePort.js';

const TREE = 'presence-missing-in-outlook';
const QUESTION = 'presence is not showing for my contacts in Outlook';

/** What an in-process bot on the memory store answers to `text` as a conversation's first message. */
async function referenceAnswer(text: string): Promise<Reply[]> {
  const reference = await startServer({});
  try {
    return await new HttpUser('first-ref').say(reference.baseUrl, text);
  } finally {
    await reference.close();
  }
}

function assertNoFault(replies: readonly Reply[]): void {
  assert.ok(replies.length > 0, 'no reply');
  for (const r of replies) assert.ok(!isFaultReply(r.text), `a fault reply: ${r.text.slice(0, 300)}`);
}

describe('the compiled bot: its first turns after start', function () {
  this.timeout(60_000);
  const running = compiledBots();

  it('starts a troubleshooter on its very first message and walks on, as a bot that has run a while does', async function () {
    const ref = await referenceWalk(TREE, 2);
    assert.equal(ref.length, 2, 'the tree has a second step by its first button');
    const bot = await startProcess(tempDir('proof-first-tree'), await freePort(), true);
    running.push(bot);
    const user = new HttpUser('first-tree');
    const started = await user.say(bot.baseUrl, `/troubleshoot ${TREE}`);
    assertNoFault(started);
    assert.deepEqual(replyTexts(started), replyTexts(ref[0] ?? []));
    const title = firstButtonOf(started);
    assert.ok(title !== undefined, 'the first step has a button');
    const next = await user.click(bot.baseUrl, started, title);
    assertNoFault(next);
    assert.deepEqual(replyTexts(next), replyTexts(ref[1] ?? []));

    const modules = await loadedModules(bot);
    assert.ok(
      modules.some((m) => /botbuilder-dialogs[\\/]lib[\\/]dialogSet\.js$/.test(m)),
      'the probe sees the dialog modules the bot uses',
    );
    const unused = modules.filter(
      (m) =>
        /@microsoft[\\/]recognizers-text/.test(m) ||
        /botbuilder-dialogs[\\/]lib[\\/](?:index\.js$|prompts[\\/]|choices[\\/])/.test(m),
    );
    assert.deepEqual(unused, [], 'modules of botbuilder-dialogs the bot never uses were loaded');
  });

  it('answers a question as its very first message as a bot that has run a while does', async function () {
    const expected = await referenceAnswer(QUESTION);
    const bot = await startProcess(tempDir('proof-first-question'), await freePort());
    running.push(bot);
    const answer = await new HttpUser('first-question').say(bot.baseUrl, QUESTION);
    assertNoFault(answer);
    assert.deepEqual(replyTexts(answer), replyTexts(expected));
  });
});
