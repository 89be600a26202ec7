/**
 * Hostile and careless input through the whole bot (TestAdapter): each case here broke before the
 * hostile-input work; the turn must be served and nobody's progress lost.
 */
import assert from 'node:assert/strict';
import { ActivityTypes, MemoryStorage, type Activity } from 'botbuilder';
import { messages } from '../../replies/messages.js';
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
import { hasUnsafeCharacters } from '../../replies/quote.js';
import { isTreeState } from '../../dialogs/treeDialog.js';

const app = sharedApp();
const PRESENCE = 'presence-missing-in-outlook';
const UCS = 'ucs-contact-list';
const FIRST_QUESTION = /Where is the presence light missing\?/;
const SECOND_QUESTION = /Is the Skype for Business client running and signed in on this computer\?/;

async function startPresence(chat: TestChat): Promise<Partial<Activity>[]> {
  const replies = await chat.say(`/troubleshoot ${PRESENCE}`);
  assert.match(textOf(lastOf(replies)), FIRST_QUESTION);
  return replies;
}

/** The troubleshooter and node the user is at, from saved state. */
async function position(chat: TestChat): Promise<{ treeId: string; nodeId: string } | undefined> {
  const [top] = await chat.savedDialogStack();
  return top && isTreeState(top.state) ? { treeId: top.state.treeId, nodeId: top.state.nodeId } : undefined;
}

describe('hostile and careless input (through the whole bot)', function () {
  this.timeout(20_000);

  describe('two users in one Teams channel thread', function () {
    it("keeps each user's troubleshooter their own: Bob's cancel and /profile never touch Alice's", async function () {
      const thread = `19:channel@thread.tacv2;messageid=${uniqueId('m')}`;
      const alice = new TestChat(app, {
        group: true,
        conversationId: thread,
        user: { id: uniqueId('29:alice'), name: 'Alice' },
      });
      const bob = new TestChat(app, {
        group: true,
        conversationId: thread,
        user: { id: uniqueId('29:bob'), name: 'Bob' },
      });
      const started = await startPresence(alice);

      assert.deepEqual((await bob.say('cancel')).map(textOf), [messages.nothingToCancel], 'Bob has nothing to cancel');
      const profile = await bob.say('/profile');
      assert.equal(profile.length, 1, allText(profile));
      assert.doesNotMatch(
        allText(profile),
        /Back to|Where is the presence light/,
        "Bob's /profile does not end with Alice's question",
      );

      const next = await alice.click(lastOf(started), 'Outlook desktop app');
      assert.match(textOf(lastOf(next)), SECOND_QUESTION, 'Alice goes on where she was');

      await bob.say(`/troubleshoot ${UCS}`);
      assert.equal((await position(bob))?.treeId, UCS);
      assert.deepEqual(await position(alice), { treeId: PRESENCE, nodeId: 'client-signed-in' });
    });

    it('in a personal chat the progress is the conversation’s, as before', async function () {
      const chat = new TestChat(app);
      await startPresence(chat);
      assert.deepEqual(await position(chat), { treeId: PRESENCE, nodeId: 'where-missing' });
    });
  });

  describe('stale buttons', function () {
    it('a fix button clicked after the troubleshooter ended says so and offers to start it again', async function () {
      const chat = new TestChat(app);
      let replies = await startPresence(chat);
      replies = await chat.click(lastOf(replies), 'Outlook desktop app');
      const fix = lastOf(await chat.click(lastOf(replies), 'No, or not running'));
      assert.match(textOf(await chat.click(fix, 'Yes, it is fixed').then(lastOf)), /glad/);

      const again = await chat.click(fix, 'Yes, it is fixed');
      assert.equal(again.length, 1, allText(again));
      assert.match(textOf(again[0]), /has ended/);
      assert.doesNotMatch(textOf(again[0]), /Did you mean/);
      const restart = await chat.click(again[0], 'Start it again');
      assert.match(textOf(lastOf(restart)), FIRST_QUESTION);
    });

    it('a profile-question button clicked after cancel, or after the state is gone, says the troubleshooter ended', async function () {
      const chat = new TestChat(app);
      const ucs = lastOf(await chat.say(`/troubleshoot ${UCS}`));
      const client = lastOf(await chat.click(ucs, "Read-only, can't edit"));
      await chat.say('cancel');
      const late = await chat.click(client, buttonsOf(client)[0]?.title ?? '');
      assert.match(textOf(lastOf(late)), /has ended/);

      const restarted = new TestChat(freshApp({}, { storage: new MemoryStorage() }), {
        conversationId: chat.conversationId,
        user: chat.user,
      });
      assert.match(textOf(lastOf(await restarted.click(client, buttonsOf(client)[0]?.title ?? ''))), /has ended/);
    });

    it('a button of an earlier step says it was answered and shows the current step; nothing moves', async function () {
      const chat = new TestChat(app);
      const first = lastOf(await startPresence(chat));
      await chat.click(first, 'Outlook desktop app');
      const replies = await chat.click(first, 'Outlook on the web (OWA)');
      assert.match(textOf(lastOf(replies)), /already answered/);
      assert.match(textOf(lastOf(replies)), SECOND_QUESTION);
      assert.deepEqual(await position(chat), { treeId: PRESENCE, nodeId: 'client-signed-in' });
    });

    it('a button of another troubleshooter names it and keeps the current one', async function () {
      const other = new TestChat(app);
      const ucsPrompt = lastOf(await other.say(`/troubleshoot ${UCS}`));
      const chat = new TestChat(app);
      await startPresence(chat);
      const replies = await chat.click(ucsPrompt, "Read-only, can't edit");
      assert.match(textOf(lastOf(replies)), /belongs to \*\*Contact list/);
      assert.match(textOf(lastOf(replies)), FIRST_QUESTION);
      assert.equal((await position(chat))?.treeId, PRESENCE);
    });
  });

  describe('one reading of each turn', function () {
    for (const word of ['Back.', 'go  back', 'BACK!', 'back']) {
      it(`"${word}" in a troubleshooter goes back one step`, async function () {
        const chat = new TestChat(app);
        await startPresence(chat);
        await chat.say('Outlook desktop app');
        const replies = await chat.say(word);
        assert.match(textOf(lastOf(replies)), /Going back one step/);
        assert.match(textOf(lastOf(replies)), FIRST_QUESTION);
      });
    }

    it('a card submit with only value.text is read as that text, outside and inside a troubleshooter', async function () {
      const chat = new TestChat(app);
      assert.match(
        allText(await chat.send({ type: ActivityTypes.Message, value: { text: '/help' } })),
        /I troubleshoot/,
      );
      await startPresence(chat);
      const replies = await chat.send({ type: ActivityTypes.Message, value: { text: '1' } });
      assert.match(textOf(lastOf(replies)), SECOND_QUESTION);
    });

    it('a submit that carries only the step (Action.Submit data, no text) answers that step', async function () {
      const chat = new TestChat(app);
      const first = lastOf(await startPresence(chat));
      const { value } = buttonByTitle(first, 'Outlook desktop app');
      const step = (value as { step: unknown }).step;
      const replies = await chat.send({ type: ActivityTypes.Message, value: { step } });
      assert.match(textOf(lastOf(replies)), SECOND_QUESTION);
    });

    it('a paste inside a troubleshooter is not read as an answer, even when it starts with "No"', async function () {
      const chat = new TestChat(app);
      await startPresence(chat);
      await chat.say('Outlook desktop app');
      const replies = await chat.say(
        `No connection could be made because the target machine actively refused it ${'x'.repeat(200)}`,
      );
      assert.match(allText(replies), /didn't recognise|To carry on/);
      assert.deepEqual(await position(chat), { treeId: PRESENCE, nodeId: 'client-signed-in' });
    });
  });

  describe('malformed activity fields are dropped, the turn is served, progress kept', function () {
    const cases: readonly [string, Partial<Activity> | Record<string, unknown>][] = [
      ['entities [{}]', { entities: [{}] }],
      ['entities [null]', { entities: [null] }],
      ['entities "x"', { entities: 'x' }],
      ['a mention without mentioned', { entities: [{ type: 'mention', text: '<at>Bot</at>' }] }],
      ['locale as an object', { locale: { tag: 'en' } }],
      ['attachments "x"', { attachments: 'x' }],
      ['channelData "x"', { channelData: 'x' }],
      ['timestamp not a date', { timestamp: 'yesterday' }],
      ['from.name as an object', { from: { id: 'fixed-user', name: { first: 'x' } } }],
    ];
    for (const [name, extra] of cases) {
      it(name, async function () {
        const chat = new TestChat(app, { user: { id: 'fixed-user', name: 'Tess' } });
        await startPresence(chat);
        const replies = await chat.send({ type: ActivityTypes.Message, text: '1', ...(extra as Partial<Activity>) });
        assert.deepEqual(chat.faults, [], 'no fault');
        assert.match(textOf(lastOf(replies)), SECOND_QUESTION);
        assert.deepEqual(await position(chat), { treeId: PRESENCE, nodeId: 'client-signed-in' });
      });
    }
  });

  describe('faults keep progress', function () {
    it('a turn that throws apologises and keeps the troubleshooter where it was', async function () {
      const own = freshApp();
      const chat = new TestChat(own);
      await startPresence(chat);
      const original = own.commands.execute.bind(own.commands);
      own.commands.execute = () => Promise.reject(new Error('simulated fault'));
      try {
        assert.deepEqual((await chat.say('/help')).map(textOf), [messages.apology]);
      } finally {
        own.commands.execute = original;
      }
      assert.match(textOf(lastOf(await chat.say('1'))), SECOND_QUESTION);
    });

    it('saved state naming a dialog that no longer exists is cleared, and the user is told', async function () {
      const chat = new TestChat(app);
      await chat.say('hello');
      const key = `${chat.channelId}/conversations/${chat.conversationId}/private/`;
      await app.storage.write({
        [key]: { dialogState: { dialogStack: [{ id: 'retiredDialog', state: {} }] }, eTag: '*' },
      });
      assert.deepEqual((await chat.say('1')).map(textOf), [messages.apologyStateCleared]);
      assert.deepEqual(await chat.savedDialogStack(), []);
      assert.match(allText(await chat.say('/help')), /I troubleshoot/);
    });

    it('tree state of an unreadable shape ends the troubleshooter with a message, not a fault', async function () {
      const chat = new TestChat(app);
      await chat.say('hello');
      const key = `${chat.channelId}/conversations/${chat.conversationId}/private/`;
      await app.storage.write({
        [key]: { dialogState: { dialogStack: [{ id: 'treeDialog', state: { treeId: 42 } }] }, eTag: '*' },
      });
      assert.match(allText(await chat.say('1')), /changed since we started/);
      assert.deepEqual(chat.faults, []);
    });
  });

  describe('welcome (Teams)', function () {
    const added = (chat: TestChat, members: { id: string; name?: string }[]): Promise<Partial<Activity>[]> =>
      chat.send({ type: ActivityTypes.ConversationUpdate, membersAdded: members.map((m) => ({ name: '', ...m })) });

    it('installing the personal app (only the bot is added) welcomes the user once', async function () {
      const chat = new TestChat(app, { user: { id: uniqueId('29:u'), name: 'Dana' } });
      const first = await added(chat, [{ id: 'bot' }]);
      assert.equal(first.length, 1);
      assert.match(textOf(first[0]), /^Hi Dana! I help fix/);
      assert.equal((await added(chat, [{ id: 'bot' }])).length, 0);
    });

    it('adding the bot to a team posts one short intro; others joining the team get nothing', async function () {
      const chat = new TestChat(app, { group: true });
      const intro = await added(chat, [{ id: 'bot' }]);
      assert.deepEqual(intro.map(textOf), [messages.teamIntro]);
      assert.equal(
        (await added(chat, [{ id: uniqueId('29:new'), name: 'Newcomer' }])).length,
        0,
        'no welcome for another member',
      );
      assert.equal((await added(chat, [{ id: 'bot' }])).length, 0, 'no second intro');
    });
  });

  describe('small talk', function () {
    for (const text of ['hi', 'Hello!', 'thanks', 'Thank you.', 'bye']) {
      it(`"${text}" gets a friendly line, never "I don't know"`, async function () {
        const replies = await new TestChat(app).say(text);
        assert.equal(replies.length, 1);
        assert.doesNotMatch(textOf(replies[0]), /I don't know/);
        assert.ok(Object.values(messages.smallTalk).includes(textOf(replies[0]) as never), textOf(replies[0]));
      });
    }

    it('inside a troubleshooter, answers and shows the step again', async function () {
      const chat = new TestChat(app);
      await startPresence(chat);
      const replies = await chat.say('thanks');
      // The answer leads the turn's one message; the step follows it.
      assert.ok(textOf(replies[0]).startsWith(`${messages.smallTalk.thanks}\n\n`), textOf(replies[0]));
      assert.match(textOf(lastOf(replies)), FIRST_QUESTION);
    });
  });

  describe('handoff inside a troubleshooter', function () {
    it('/handoff typed mid-way gives the summary so far and ends the troubleshooter', async function () {
      const chat = new TestChat(app);
      await startPresence(chat);
      await chat.say('Outlook desktop app');
      const replies = await chat.say('/handoff');
      const text = allText(replies);
      assert.match(text, /Symptom: Presence missing in Outlook/);
      assert.match(text, /Where is the presence light missing\? → Outlook desktop app/);
      assert.deepEqual(await chat.savedDialogStack(), []);
    });

    it('outside a troubleshooter /handoff says what to give the helpdesk', async function () {
      assert.match(allText(await new TestChat(app).say('/handoff')), /contact your helpdesk/);
    });
  });

  describe('the profile remembers broad answers', function () {
    it('"Lync 2013 / SfB Windows" and "Exchange 2013 or 2016" are saved, shown, and answer the next troubleshooter', async function () {
      const chat = new TestChat(app);
      let replies = await chat.say(`/troubleshoot ${UCS}`);
      for (const label of ["Read-only, can't edit", 'Lync 2013 / SfB Windows', 'Exchange 2013 or 2016'])
        replies = await chat.click(lastOf(replies), label);
      const profile = allText(await chat.say('/profile'));
      assert.match(profile, /client: `lync-2013-client` or `sfb-windows`/);
      assert.match(profile, /exchange: `exchange-2013` or `exchange-2016`/);
      await chat.say('cancel');
      replies = await chat.say(`/troubleshoot ${UCS}`);
      replies = await chat.click(lastOf(replies), "Read-only, can't edit");
      assert.match(allText(replies), /Your profile says \*\*Lync 2013 \/ SfB Windows\*\*/);
      assert.match(allText(replies), /Your profile says \*\*Exchange 2013 or 2016\*\*/);
    });
  });

  describe('what the bot repeats of a message', function () {
    it('never carries control, bidi or lone-surrogate characters, nor a live link', async function () {
      const replies = await new TestChat(app).say(
        'zq \u001b[2J\u0007 \u202eevil\u202c [Verify](https://evil.example/login) \ud800 wibble',
      );
      for (const r of replies) {
        assert.equal(hasUnsafeCharacters(textOf(r)), false, JSON.stringify(textOf(r)));
        assert.doesNotMatch(textOf(r), /\]\(https:\/\/evil/);
      }
    });

    it('a message over 20,000 characters is read in part, and the user is told', async function () {
      const text = `presence not showing in outlook ${'lorem '.repeat(5_000)}`.trim();
      const replies = await new TestChat(app).say(text);
      assert.ok(textOf(replies[0]).startsWith(`${messages.longMessage(20_000, text.length)}\n\n`), 'said first');
      assert.match(textOf(replies[0]), /Your message is long \(30,031 characters\); I read the first 20,000\./);
    });
  });

  describe('free text agrees with itself', function () {
    it('"presence" asks which presence problem and offers the troubleshooter of the best entry, never another', async function () {
      const chat = new TestChat(app);
      const replies = await chat.say('presence');
      assert.match(textOf(replies[0]), /Did you mean/);
      assert.deepEqual(await chat.savedDialogStack(), [], 'no troubleshooter was started');
      const offer = replies.flatMap(buttonsOf).find((b) => b.title === 'Walk me through it');
      assert.equal(offer?.text, `/troubleshoot ${PRESENCE}`);
      const why = allText(await chat.say('/why'));
      assert.match(why, /you gave one word/);
      assert.match(why, /I offered \*\*Presence missing in Outlook/);
    });

    it('/why after a started troubleshooter says which trigger started it', async function () {
      const chat = new TestChat(app);
      await chat.say('presence status not showing in outlook');
      assert.equal((await position(chat))?.treeId, PRESENCE);
      assert.match(
        allText(await chat.say('/why')),
        /I started \*\*Presence missing in Outlook[^*]*\*\*: your words match its trigger/,
      );
    });
  });
});
