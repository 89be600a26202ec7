/**
 * How a guided troubleshooter behaves around the happy path, through the whole bot: typed answers,
 * answers it does not recognise, interruptions at each kind of node, resuming after the bot is
 * rebuilt on the same storage, the remembered profile, and free text that starts a tree.
 */
import assert from 'node:assert/strict';
import { MemoryStorage, type Activity } from 'botbuilder';
import { messages } from '../../replies/messages.js';
import type { Tree, TreeNode } from '../../knowledge/model.js';
import {
  NOT_FIXED,
  YES_FIXED,
  assertFixIsActionable,
  assertHandoffSummary,
  assertPromptOf,
  dialogEnded,
  words,
} from '../support/treeWalk.js';
import {
  TestChat,
  allText,
  buttonByTitle,
  buttonsOf,
  freshApp,
  lastOf,
  sharedApp,
  textOf,
  uniqueId,
} from '../support/harness.js';

const app = sharedApp();
const knowledge = app.services.knowledge.current;

function treeOf(id: string): Tree {
  const tree = knowledge.trees.get(id);
  assert.ok(tree, `no tree ${id}`);
  return tree;
}
function nodeOf(tree: Tree, id: string): TreeNode {
  const node = tree.nodes.get(id);
  assert.ok(node, `${tree.id}: no node ${id}`);
  return node;
}

const PRESENCE = treeOf('presence-missing-in-outlook');
const OWA = treeOf('owa-im-presence-exchange-online');
const UCS = treeOf('ucs-contact-list');
const MEETING = treeOf('skype-meeting-insert-error');

/** A question answered by the knowledge base with a confident single answer (4+ words). */
const ASIDE_QUESTION = 'Skype for Business Online retirement date';

/** Starts the presence tree and types the answers; returns the replies to the last one. */
async function startPresence(conversation: TestChat, ...answers: string[]): Promise<Partial<Activity>[]> {
  let replies = await conversation.say(`/troubleshoot ${PRESENCE.id}`);
  for (const a of answers) replies = await conversation.say(a);
  return replies;
}

const has = (replies: readonly Partial<Activity>[], text: string): boolean =>
  replies.some((r) => textOf(r).includes(text));

describe('tree behaviour (through the whole bot)', function () {
  this.timeout(20_000);

  describe('typed answers', function () {
    it('takes the number of a choice', async function () {
      const c = new TestChat(app, { channelId: 'webchat' });
      const replies = await startPresence(c, '2');
      assertPromptOf(lastOf(replies), nodeOf(PRESENCE, 'owa-exchange'), '"2" = Outlook on the web (OWA)');
    });

    it('takes the label in lower case, and a label ending in punctuation', async function () {
      const c = new TestChat(app, { channelId: 'webchat' });
      let replies = await startPresence(c, 'outlook desktop app');
      assertPromptOf(lastOf(replies), nodeOf(PRESENCE, 'client-signed-in'), 'lower-case label');
      replies = await c.say('yes, signed in.');
      assertPromptOf(lastOf(replies), nodeOf(PRESENCE, 'addin-check'), 'label with a full stop');
    });

    it('takes a small typo of a label, and an unambiguous start of one', async function () {
      const c = new TestChat(app, { channelId: 'msteams' });
      let replies = await startPresence(c, 'Outlok desktp app');
      assertPromptOf(lastOf(replies), nodeOf(PRESENCE, 'client-signed-in'), 'typo');
      replies = await c.say('back');
      assertPromptOf(lastOf(replies), nodeOf(PRESENCE, 'where-missing'), 'back to the first question');
      replies = await c.say('outlook on the');
      assertPromptOf(lastOf(replies), nodeOf(PRESENCE, 'owa-exchange'), 'start of "Outlook on the web (OWA)"');
    });

    it('takes yes/no synonyms for "Yes, …" and "No, …" choices', async function () {
      const yep = new TestChat(app, { channelId: 'webchat' });
      let replies = await startPresence(yep, 'Outlook desktop app', 'yep');
      assertPromptOf(lastOf(replies), nodeOf(PRESENCE, 'addin-check'), '"yep" = Yes, signed in');

      const nope = new TestChat(app, { channelId: 'webchat' });
      replies = await startPresence(nope, 'Outlook desktop app', 'nope');
      const fix = nodeOf(PRESENCE, 'sign-in-client');
      assertPromptOf(lastOf(replies), fix, '"nope" = No, or not running');
      assertFixIsActionable(lastOf(replies), fix, 'sign-in-client');

      replies = await nope.say('nah');
      assert.ok(
        has(replies, "Let's check the next most likely cause."),
        `"nah" at a fix = ${NOT_FIXED}: ${allText(replies)}`,
      );
      assertPromptOf(lastOf(replies), nodeOf(PRESENCE, 'addin-check'), "the fix's if_not_fixed");

      const yeah = new TestChat(app, { channelId: 'msteams' });
      replies = await startPresence(yeah, 'Outlook desktop app', 'No, or not running', 'yeah');
      assert.match(textOf(lastOf(replies)), /glad/i, `"yeah" at a fix = ${YES_FIXED}`);
      assert.equal(await dialogEnded(yeah), true);
    });

    it('takes "yes" for a plain "Yes" choice and "no" for "No changes"', async function () {
      // ucs-contact-list: mailbox-changed asks Yes / No changes.
      const path = [
        "Read-only, can't edit",
        'Lync 2013 / SfB Windows',
        'Exchange 2013 or 2016',
        'Lync 2013 / SfB Server',
        "Can't open that screen",
      ];
      const yes = new TestChat(app, { channelId: 'webchat' });
      let replies = await yes.say(`/troubleshoot ${UCS.id}`);
      for (const a of path) replies = await yes.say(a);
      assertPromptOf(lastOf(replies), nodeOf(UCS, 'mailbox-changed'), 'reached mailbox-changed');
      replies = await yes.say('yes');
      assertPromptOf(lastOf(replies), nodeOf(UCS, 'mailbox-restore'), '"yes" = Yes');

      const no = new TestChat(app, { channelId: 'webchat' });
      await no.say(`/troubleshoot ${UCS.id}`);
      for (const a of path) await no.say(a);
      replies = await no.say('no');
      assertPromptOf(lastOf(replies), nodeOf(UCS, 'pim-check'), '"no" = No changes');
    });
  });

  describe('answers it does not recognise', function () {
    it('re-asks with the choices, then after 3 misses offers a handoff button', async function () {
      const c = new TestChat(app, { channelId: 'msteams' });
      const start = nodeOf(PRESENCE, 'where-missing');
      await startPresence(c);

      for (const bad of ['purple', 'zzz']) {
        const replies = await c.say(bad);
        assert.equal(replies.length, 1, allText(replies));
        assert.match(textOf(replies[0]), new RegExp(`didn't recognise "${bad}"`));
        assertPromptOf(replies[0], start, `re-ask after "${bad}"`);
        assert.ok(!buttonsOf(replies[0]).some((b) => b.text === '/handoff'), 'no handoff button before the third miss');
      }
      const third = await c.say('qwerty');
      assert.equal(third.length, 1, allText(third));
      assert.match(textOf(third[0]), /still didn't catch that/);
      const handoff = buttonByTitle(third[0], 'Hand off to helpdesk');
      assert.equal(handoff.text, '/handoff');
      assert.deepEqual(
        buttonsOf(third[0]).map((b) => b.title),
        [...(start.kind === 'question' ? start.choices.map((ch) => ch.label) : []), 'Hand off to helpdesk'],
        'the choices stay available next to the handoff',
      );

      // The handoff button hands off with what was done so far, and ends the troubleshooter.
      const afterHandoff = await c.click(third[0], 'Hand off to helpdesk');
      assert.equal(afterHandoff.length, 1, allText(afterHandoff));
      assertHandoffSummary(
        afterHandoff[0],
        {
          tree: PRESENCE,
          steps: [],
          shown: [],
          entries: knowledge.entries,
          reason: 'You asked to hand this over to a person.',
        },
        'handoff after misses',
      );
      assert.equal(await dialogEnded(c), true);
    });

    it('a good answer after misses goes on, and the miss count starts again', async function () {
      const c = new TestChat(app, { channelId: 'msteams' });
      await startPresence(c, 'purple', 'zzz');
      let replies = await c.say('1');
      assertPromptOf(lastOf(replies), nodeOf(PRESENCE, 'client-signed-in'), 'a good answer after the misses');
      replies = await c.say('purple');
      assert.match(textOf(lastOf(replies)), /didn't recognise/);
      assert.ok(!buttonsOf(lastOf(replies)).some((b) => b.text === '/handoff'), 'a good answer resets the misses');
    });

    it('does not take a number out of range', async function () {
      const c = new TestChat(app, { channelId: 'webchat' });
      const replies = await startPresence(c, '7');
      assert.match(textOf(lastOf(replies)), /didn't recognise "7"/);
      assertPromptOf(lastOf(replies), nodeOf(PRESENCE, 'where-missing'), 'out of range');
    });
  });

  describe('interruptions', function () {
    /** One node of each kind in the presence tree, the answers that reach it, and the step before it. */
    const places = [
      { kind: 'question', answers: ['Outlook desktop app'], node: 'client-signed-in', previous: 'where-missing' },
      {
        kind: 'check',
        answers: ['Outlook desktop app', 'Yes, signed in'],
        node: 'addin-check',
        previous: 'client-signed-in',
      },
      {
        kind: 'resolution',
        answers: ['Outlook desktop app', 'No, or not running'],
        node: 'sign-in-client',
        previous: 'client-signed-in',
      },
    ] as const;

    for (const place of places) {
      describe(`at a ${place.kind} (${place.node})`, function () {
        const node = (): TreeNode => nodeOf(PRESENCE, place.node);

        /** Reaches the node, and checks the dialog still waits there by answering its first button. */
        async function reach(): Promise<TestChat> {
          const c = new TestChat(app, { channelId: place.kind === 'check' ? 'webchat' : 'msteams' });
          const replies = await startPresence(c, ...place.answers);
          assertPromptOf(lastOf(replies), node(), `reached ${place.node}`);
          return c;
        }
        async function stillAt(c: TestChat, prompt: Partial<Activity>): Promise<void> {
          const n = node();
          assertPromptOf(prompt, n, `re-prompt of ${n.id}`);
          const first = buttonsOf(prompt)[0];
          assert.ok(first);
          const replies = await c.click(prompt, first.title);
          assert.ok(replies.length > 0);
          assert.ok(
            !has(replies, "didn't recognise"),
            `the answer "${first.title}" is taken at ${n.id}: ${allText(replies)}`,
          );
          assert.ok(!has(replies, 'changed since we started'));
        }

        it('help: shows the help, then the same step again', async function () {
          const c = await reach();
          const replies = await c.say('help');
          assert.match(textOf(replies[0]), /I troubleshoot/);
          const prompt = lastOf(replies);
          assert.notEqual(prompt, replies[0]);
          assert.match(textOf(prompt), new RegExp(`Back to \\*\\*${PRESENCE.title.replace(/[()]/g, '\\$&')}\\*\\*`));
          await stillAt(c, prompt);
        });

        it('/matrix: answers, then the same step again', async function () {
          const c = await reach();
          const replies = await c.say('/matrix exchange-2013 sfb-online');
          assert.ok(replies.length >= 2, allText(replies));
          assert.match(textOf(replies[0]), /Exchange.*2013[\s\S]*Skype for Business Online/i);
          assert.match(textOf(replies[0]), /not supported/i);
          await stillAt(c, lastOf(replies));
        });

        it('cancel: ends the troubleshooter', async function () {
          const c = await reach();
          const replies = await c.say('cancel');
          assert.deepEqual(replies.map(textOf), [messages.cancelled]);
          assert.equal(await dialogEnded(c), true);
          const again = await c.say('cancel');
          assert.equal(textOf(again[0]), messages.nothingToCancel);
        });

        it('start over: starts the same troubleshooter again from its first question', async function () {
          const c = await reach();
          const replies = await c.say('start over');
          assert.match(
            textOf(replies[0]),
            new RegExp(`Starting \\*\\*${PRESENCE.title.replace(/[()]/g, '\\$&')}\\*\\* again`),
          );
          assertPromptOf(lastOf(replies), nodeOf(PRESENCE, PRESENCE.start), 'the first question again');
          assert.equal(await dialogEnded(c), false);
          const again = await c.say('Start over.');
          assertPromptOf(lastOf(again), nodeOf(PRESENCE, PRESENCE.start), 'start over, with a full stop');
        });

        it(`back: returns to the previous question (${place.previous})`, async function () {
          const c = await reach();
          const replies = await c.say('back');
          assert.equal(replies.length, 1, allText(replies));
          assert.match(textOf(replies[0]), /Going back one step/);
          assertPromptOf(replies[0], nodeOf(PRESENCE, place.previous), 'back');
          // And the way forward again reaches the same node.
          const again = await c.say(place.answers[place.answers.length - 1] ?? '');
          assertPromptOf(lastOf(again), node(), 'forward again after back');
        });

        it('a free-text question the knowledge base answers: the answer, then "To carry on"', async function () {
          const c = await reach();
          const replies = await c.say(ASIDE_QUESTION);
          assert.equal(replies.length, 2, allText(replies));
          assert.match(words(textOf(replies[0])), /retired/, 'the answer about the retirement');
          assert.match(
            textOf(replies[1]),
            new RegExp(`To carry on with \\*\\*${PRESENCE.title.replace(/[()]/g, '\\$&')}\\*\\*`),
          );
          assert.ok(!has(replies, "didn't recognise"));
          await stillAt(c, lastOf(replies));
        });
      });
    }

    it('back at the first step says so and shows it again', async function () {
      const c = new TestChat(app, { channelId: 'webchat' });
      await startPresence(c);
      const replies = await c.say('back');
      assert.equal(replies.length, 1, allText(replies));
      assert.match(textOf(replies[0]), /This is the first step/);
      assertPromptOf(replies[0], nodeOf(PRESENCE, 'where-missing'), 'first step');
    });

    it('back twice walks back two answers; back after "No, still broken" shows the fix again', async function () {
      const c = new TestChat(app, { channelId: 'webchat' });
      let replies = await startPresence(c, 'Outlook desktop app', 'No, or not running', NOT_FIXED);
      assertPromptOf(lastOf(replies), nodeOf(PRESENCE, 'addin-check'), 'if_not_fixed of sign-in-client');
      replies = await c.say('back');
      assertPromptOf(lastOf(replies), nodeOf(PRESENCE, 'sign-in-client'), 'back to the fix');
      replies = await c.say('back');
      assertPromptOf(lastOf(replies), nodeOf(PRESENCE, 'client-signed-in'), 'back to the question before the fix');
      replies = await c.say('go back');
      assertPromptOf(lastOf(replies), nodeOf(PRESENCE, 'where-missing'), '"go back" too');
    });
  });

  describe('resume after the bot is rebuilt on the same storage', function () {
    it('continues the same conversation at the same node, with its history', async function () {
      const storage = new MemoryStorage();
      const appA = freshApp({}, { storage });
      const ids = {
        channelId: 'msteams',
        conversationId: uniqueId('resume-conv'),
        user: { id: uniqueId('resume-user'), name: 'Tess' },
      };
      const a = new TestChat(appA, ids);
      let replies = await a.say(`/troubleshoot ${PRESENCE.id}`);
      replies = await a.click(lastOf(replies), 'Outlook desktop app');
      replies = await a.click(lastOf(replies), 'Yes, signed in');
      assertPromptOf(lastOf(replies), nodeOf(PRESENCE, 'addin-check'), 'app A after two steps');

      const appB = freshApp({}, { storage });
      assert.notEqual(appB.bot, appA.bot, 'a new bot');
      const b = new TestChat(appB, ids);
      replies = await b.say('Listed, not ticked');
      assert.ok(!has(replies, 'changed since we started'), allText(replies));
      const fix = nodeOf(PRESENCE, 'enable-addin');
      assertPromptOf(lastOf(replies), fix, 'app B continues at addin-check');
      assertFixIsActionable(lastOf(replies), fix, 'after the reload');

      // The answers given before the restart are still there: back, and the handoff summary.
      replies = await b.say('back');
      assertPromptOf(lastOf(replies), nodeOf(PRESENCE, 'addin-check'), 'back after the reload');
      await b.say('Listed, not ticked');
      replies = await b.say(NOT_FIXED);
      assertPromptOf(lastOf(replies), nodeOf(PRESENCE, 'sip-address-check'), 'if_not_fixed of enable-addin');
      await b.say('SIP address = sign-in');
      await b.say("Everyone's, even mine");
      replies = await b.say(NOT_FIXED);
      assertHandoffSummary(
        lastOf(replies),
        {
          tree: PRESENCE,
          steps: [
            { nodeId: 'where-missing', kind: 'question', label: 'Outlook desktop app', auto: false },
            { nodeId: 'client-signed-in', kind: 'question', label: 'Yes, signed in', auto: false },
            { nodeId: 'addin-check', kind: 'check', label: 'Listed, not ticked', auto: false },
            { nodeId: 'enable-addin', kind: 'resolution', label: NOT_FIXED, auto: false },
            { nodeId: 'sip-address-check', kind: 'check', label: 'SIP address = sign-in', auto: false },
            { nodeId: 'recipients-which', kind: 'question', label: "Everyone's, even mine", auto: false },
            { nodeId: 'update-clients', kind: 'resolution', label: NOT_FIXED, auto: false },
          ],
          shown: ['enable-addin', 'update-clients'],
          entries: knowledge.entries,
          reason: nodeOf(PRESENCE, 'presence-handoff').text,
        },
        'handoff after the reload',
      );
      assert.equal(await dialogEnded(b), true);
    });
  });

  describe('the profile', function () {
    it('answers a question in one tree, then skips the same question in another with "Your profile says"', async function () {
      const c = new TestChat(app, { channelId: 'webchat' });
      let replies = await startPresence(c, 'Outlook on the web (OWA)');
      assertPromptOf(lastOf(replies), nodeOf(PRESENCE, 'owa-exchange'), 'exchange asked');
      replies = await c.say('Exchange Online');
      assertPromptOf(lastOf(replies), nodeOf(PRESENCE, 'owa-sfb-for-exo'), 'sfb asked');
      replies = await c.say('SfB Online');
      assertPromptOf(lastOf(replies), nodeOf(PRESENCE, 'owa-sfbo'), 'fix shown');
      await c.say(YES_FIXED);

      replies = await c.say('/profile');
      const shown = textOf(lastOf(replies));
      assert.match(shown, /exchange: `exchange-online`/);
      assert.match(shown, /sfb: `sfb-online`/);
      assert.match(shown, /client: _not asked yet_/);

      replies = await c.say(`/troubleshoot ${OWA.id}`);
      const skips = allText(replies).match(/Your profile says \*\*[^*]+\*\*/g) ?? [];
      assert.deepEqual(
        skips,
        ['Your profile says **Exchange Online**', 'Your profile says **SfB Online**'],
        allText(replies),
      );
      const fix = nodeOf(OWA, 'sfbo-dns');
      assertPromptOf(lastOf(replies), fix, 'both questions skipped');
      assertFixIsActionable(lastOf(replies), fix, 'sfbo-dns');

      // Back skips the automatic answers and lands on the profiled question, so it can be changed.
      replies = await c.say('back');
      assertPromptOf(lastOf(replies), nodeOf(OWA, 'owa-exchange'), 'back past the profile answers');

      // Not fixed: the summary marks the profile answers.
      await c.say('Exchange Online');
      replies = await c.say(NOT_FIXED);
      assert.match(textOf(lastOf(replies)), /→ SfB Online \(from your profile\)/);
    });

    it('/profile reset forgets it, and the next tree asks again', async function () {
      const c = new TestChat(app, { channelId: 'msteams' });
      await c.say('/profile exchange exchange-2013');
      let replies = await c.say(`/troubleshoot ${OWA.id}`);
      assert.match(
        textOf(replies.find((r) => textOf(r).includes('Your profile says'))),
        /\*\*Exchange on-premises\*\*/,
      );
      assertPromptOf(lastOf(replies), nodeOf(OWA, 'onprem-mailbox'), 'skipped to the on-premises fix');

      replies = await c.say('/profile reset');
      assert.match(textOf(replies[0]), /forgotten/);
      assertPromptOf(lastOf(replies), nodeOf(OWA, 'onprem-mailbox'), '/profile in a tree re-prompts');
      replies = await c.say('/profile');
      assert.match(textOf(replies[0]), /exchange: _not asked yet_/);

      replies = await c.say(`/troubleshoot ${OWA.id}`);
      assert.ok(!has(replies, 'Your profile says'), allText(replies));
      assertPromptOf(lastOf(replies), nodeOf(OWA, 'owa-exchange'), 'asked again');
    });

    it('remembers "Not sure" as unknown and reuses it', async function () {
      const c = new TestChat(app, { channelId: 'webchat' });
      await c.say(`/troubleshoot ${UCS.id}`);
      await c.say("Read-only, can't edit");
      await c.say('Lync 2013 / SfB Windows');
      let replies = await c.say('Not sure');
      assertPromptOf(lastOf(replies), nodeOf(UCS, 'config-info-check'), 'exchange: not sure');
      replies = await c.say('/profile');
      assert.match(textOf(replies[0]), /exchange: `unknown`/);
      await c.say(`/troubleshoot ${MEETING.id}`);
      replies = await c.say('OWA: no Online Meeting');
      assert.match(textOf(replies.find((r) => textOf(r).includes('Your profile says'))), /\*\*Not sure\*\*/);
      assertPromptOf(lastOf(replies), nodeOf(MEETING, 'owa-matrix'), 'unknown → the matrix');
    });
  });

  describe('free text starts the right troubleshooter', function () {
    const cases = [
      { text: 'presence status not showing in outlook', tree: PRESENCE },
      { text: 'I get an error when I click New Skype Meeting in Outlook', tree: MEETING },
      { text: 'my lync contact list is read only', tree: UCS },
    ];
    for (const { text, tree } of cases) {
      it(`"${text}" → ${tree.id}`, async function () {
        const c = new TestChat(app, { channelId: 'msteams' });
        const replies = await c.say(text);
        // One message: the lead-in, then the tree's introduction, then its first step (on the card).
        assert.equal(replies.length, 1, allText(replies));
        const [leadIn, ...rest] = textOf(replies[0]).split('\n\n');
        assert.match(
          leadIn ?? '',
          new RegExp(`That sounds like \\*\\*${tree.title.replace(/[()]/g, '\\$&')}\\*\\*`),
          allText(replies),
        );
        assert.ok(rest.join('\n\n').includes(`**${tree.title}**`), 'the tree introduces itself');
        assertPromptOf(lastOf(replies), nodeOf(tree, tree.start), `${tree.id} starts at ${tree.start}`);
        assert.equal(await dialogEnded(c), false);
        // The buttons answer it.
        const first = buttonsOf(lastOf(replies))[0];
        assert.ok(first);
        const next = await c.click(lastOf(replies), first.title);
        assert.ok(!has(next, "didn't recognise"), allText(next));
      });
    }
  });
});
