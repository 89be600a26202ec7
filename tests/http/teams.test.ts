/**
 * Microsoft Teams over HTTP: the real server and CloudAdapter (local mode), Teams-shaped
 * activities posted as Teams posts them (no expectReplies), the bot's messages recorded at the
 * connector (nock). Installs in personal and team scope, members joining, uninstall, @mentions in
 * a channel thread with two users, a troubleshooter walked with Universal Actions, stale and
 * foreign card clicks, the messaging extension, and invokes the bot does not handle.
 */
import assert from 'node:assert/strict';
import nock from 'nock';
import { messages } from '../../replies/messages.js';
import { offlineOnly, replyPath, startBot, type RunningBot } from '../support/httpBot.js';
import {
  buttonByTitle,
  buttonsOf,
  lastOf,
  mentionsOf,
  sharedApp,
  textOf,
  type BotReply,
  type Chat,
} from '../support/harness.js';
import { ADAPTIVE_CARD, actionsOf, adaptiveCardOf, assertValidCard, type Json } from '../support/cards.js';
import { YES_FIXED, enumeratePaths, walkPath } from '../support/treeWalk.js';
import {
  TEAMS_BOT,
  TeamsChat,
  personalChat,
  team,
  teamsActivity,
  teamsUser,
  thread,
  type TeamsPlace,
  type TeamsUser,
} from '../support/teamsChat.js';
import { KNOWLEDGE_SEARCH_COMMAND_ID } from '../../conversation/composeSearch.js';

const FIRST_QUESTION = /What is wrong with the contact list\?/;

/** The refreshed card an `adaptiveCard/action` invoke was answered with. */
function refreshedCard(chat: TeamsChat): Json {
  const body = chat.lastInvoke?.json as { statusCode?: unknown; type?: unknown; value?: unknown } | undefined;
  assert.equal(body?.statusCode, 200, JSON.stringify(body).slice(0, 300));
  assert.equal(body.type, ADAPTIVE_CARD);
  const card = body.value as Json;
  assertValidCard(card);
  return card;
}

function cardText(card: Json): string {
  return JSON.stringify(card.body);
}

describe('Microsoft Teams over HTTP', function () {
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

  /** Keys the bot stored for a conversation (conversation state, per-user progress) that still exist. */
  async function storedKeys(keys: readonly string[]): Promise<string[]> {
    const found = await bot.app.storage.read([...keys]);
    return Object.keys(found);
  }

  const conversationKey = (place: TeamsPlace): string => `msteams/conversations/${place.conversationId}/`;
  const progressKey = (place: TeamsPlace, user: TeamsUser): string =>
    place.kind === 'personal'
      ? `msteams/conversations/${place.conversationId}/private/`
      : `msteams/conversations/${place.conversationId}/users/${user.id}/`;

  describe('install', function () {
    it('personal scope: one welcome to the user who installed, with where to start', async function () {
      const place = personalChat();
      const user = teamsUser('Dana Scully');
      const chat = new TeamsChat(bot, place, user);
      const added = teamsActivity(place, user, { type: 'conversationUpdate', membersAdded: [{ id: TEAMS_BOT.id }] });
      const { res, replies } = await chat.post(added);
      assert.equal(res.status, 200);
      assert.equal(replies.length, 1);
      assert.equal(chat.sent[0]?.path, replyPath(place.conversationId, String(added.id)));
      assert.match(textOf(replies[0]), /^Hi Dana Scully! I help fix/);
      assert.deepEqual(
        buttonsOf(replies[0]).map((b) => b.title),
        [messages.buttons.troubleshooters, messages.buttons.commands],
      );
      // Teams also sends an installationUpdate, and may repeat the conversationUpdate: no second welcome.
      await chat.post(teamsActivity(place, user, { type: 'installationUpdate', action: 'add' }));
      await chat.post({ ...added, id: 'again' });
      assert.equal(chat.sent.length, 1);
    });

    it("team scope: one short intro in the team's General channel, never repeated", async function () {
      const { teamId, general } = team();
      const installer = teamsUser('Installer');
      const chat = new TeamsChat(bot, general, installer);
      const added = teamsActivity(general, installer, {
        type: 'conversationUpdate',
        membersAdded: [{ id: TEAMS_BOT.id }],
        channelData: { eventType: 'teamMemberAdded', team: { id: teamId, name: 'Helpdesk' }, tenant: { id: 't' } },
      });
      const { replies } = await chat.post(added);
      assert.deepEqual(replies.map(textOf), [messages.teamIntro]);
      assert.equal(chat.sent[0]?.path, replyPath(teamId, String(added.id)), 'posted in the General channel');
      assert.deepEqual(mentionsOf(replies[0]), [], 'an intro mentions nobody');
      await chat.post({ ...added, id: 'again' });
      assert.equal(chat.sent.length, 1);
    });

    it('another member joining a team gets nothing posted', async function () {
      const { teamId, general } = team();
      const chat = new TeamsChat(bot, general, teamsUser('Installer'));
      await chat.post(
        teamsActivity(general, chat.user, {
          type: 'conversationUpdate',
          membersAdded: [{ id: TEAMS_BOT.id }],
          channelData: { eventType: 'teamMemberAdded', team: { id: teamId } },
        }),
      );
      const joined = teamsUser('New Colleague');
      const { res, replies } = await chat.post(
        teamsActivity(general, chat.user, {
          type: 'conversationUpdate',
          membersAdded: [{ id: joined.id, aadObjectId: joined.aadObjectId }],
          channelData: { eventType: 'teamMemberAdded', team: { id: teamId } },
        }),
      );
      assert.equal(res.status, 200);
      assert.deepEqual(replies, [], 'no post when someone else joins');
      assert.equal(chat.sent.length, 1, 'only the intro');
    });
  });

  describe('one connector post per answer', function () {
    it('a question that starts a troubleshooter: lead-in, introduction and first step in one post', async function () {
      const chat = new TeamsChat(bot, personalChat(), teamsUser('Fox Mulder'));
      const replies = await chat.say('my lync contact list is read only');
      assert.equal(chat.sent.length, 1, chat.sent.map((s) => s.path).join('\n'));
      const [only] = replies;
      assert.match(String(only?.text), /That sounds like \*\*Contact list read-only or empty/);
      assert.match(textOf(only), FIRST_QUESTION, 'the step is on the card below the text');
      assert.ok(adaptiveCardOf(only), 'the step is a card');
      assertValidCard(adaptiveCardOf(only) ?? {});
    });

    it('a command in a troubleshooter and the step shown again: one post', async function () {
      const chat = new TeamsChat(bot, personalChat(), teamsUser('Dana Scully'));
      await chat.say('/troubleshoot ucs-contact-list');
      const before = chat.sent.length;
      const replies = await chat.say('/msa bob@contoso.com');
      assert.equal(chat.sent.length - before, 1);
      assert.match(textOf(replies[0]), /msn\.com[\s\S]*Back to \*\*Contact list read-only/);
    });

    it('in a channel the merged post still names the user once, at its start', async function () {
      const alice = teamsUser('Alice Liddell');
      const chat = new TeamsChat(bot, thread(team().teamId), alice);
      const replies = await chat.say('my lync contact list is read only');
      assert.equal(chat.sent.length, 1);
      assert.ok(String(replies[0]?.text).startsWith(`<at>${alice.name}</at> That sounds like`));
      assert.deepEqual(
        mentionsOf(replies[0]).map((m) => m.id),
        [alice.id],
      );
    });
  });

  describe('uninstall', function () {
    it('personal scope: installationUpdate remove deletes the conversation state and the progress', async function () {
      const place = personalChat();
      const chat = new TeamsChat(bot, place, teamsUser('Pat'));
      await chat.post(
        teamsActivity(place, chat.user, { type: 'conversationUpdate', membersAdded: [{ id: TEAMS_BOT.id }] }),
      );
      assert.match(textOf(lastOf(await chat.say('/troubleshoot ucs-contact-list'))), FIRST_QUESTION);
      const keys = [conversationKey(place), progressKey(place, chat.user)];
      assert.deepEqual((await storedKeys(keys)).sort(), [...keys].sort(), 'the bot stored both');

      const { res, replies } = await chat.post(
        teamsActivity(place, chat.user, { type: 'installationUpdate', action: 'remove' }),
      );
      assert.equal(res.status, 200);
      assert.deepEqual(replies, []);
      assert.deepEqual(await storedKeys(keys), [], 'nothing left for the conversation');
      assert.deepEqual(await storedKeys([`msteams/footprints/conversation/${place.conversationId}`]), []);
    });

    it("team scope: removing the bot deletes every thread's state and each user's progress, not profiles", async function () {
      const { teamId, general } = team();
      const alice = teamsUser('Alice');
      const bob = teamsUser('Bob');
      const t1 = new TeamsChat(bot, thread(teamId), alice);
      const t2 = new TeamsChat(bot, thread(teamId), bob);
      await new TeamsChat(bot, general, alice).post(
        teamsActivity(general, alice, {
          type: 'conversationUpdate',
          membersAdded: [{ id: TEAMS_BOT.id }],
          channelData: { eventType: 'teamMemberAdded', team: { id: teamId } },
        }),
      );
      await t1.say('/troubleshoot ucs-contact-list');
      await t1.as(bob).say('/troubleshoot ucs-contact-list');
      await t2.say('/profile exchange exchange-online');
      await t2.say('/troubleshoot presence-missing-in-outlook');
      const keys = [
        conversationKey(general),
        progressKey(t1.place, alice),
        progressKey(t1.place, bob),
        progressKey(t2.place, bob),
      ];
      assert.deepEqual(
        (await storedKeys(keys)).sort(),
        [...keys].sort(),
        'the intro mark and per-user progress in each thread',
      );
      assert.deepEqual(await storedKeys([conversationKey(general)]), [conversationKey(general)], 'the intro mark');
      const profile = `msteams/users/${bob.id}/`;
      assert.deepEqual(await storedKeys([profile]), [profile]);

      const removed = teamsActivity(general, alice, {
        type: 'conversationUpdate',
        membersRemoved: [{ id: TEAMS_BOT.id }],
        channelData: { eventType: 'teamMemberRemoved', team: { id: teamId } },
      });
      const { res, replies } = await new TeamsChat(bot, general, alice).post(removed);
      assert.equal(res.status, 200);
      assert.deepEqual(replies, []);
      assert.deepEqual(await storedKeys(keys), [], 'every thread and user of the team forgotten');
      assert.deepEqual(await storedKeys([profile]), [profile], "a user's profile is theirs, across conversations");
      // The installationUpdate that comes with it finds nothing more to delete, and does not fail.
      const again = await new TeamsChat(bot, general, alice).post(
        teamsActivity(general, alice, { type: 'installationUpdate', action: 'remove' }),
      );
      assert.equal(again.res.status, 200);
    });

    it('a member leaving the team deletes nothing', async function () {
      const { teamId } = team();
      const alice = teamsUser('Alice');
      const t1 = new TeamsChat(bot, thread(teamId), alice);
      await t1.say('/troubleshoot ucs-contact-list');
      const general: TeamsPlace = { kind: 'channel', conversationId: teamId, teamId, channelId: teamId };
      await new TeamsChat(bot, general, alice).post(
        teamsActivity(general, alice, {
          type: 'conversationUpdate',
          membersRemoved: [{ id: teamsUser('Leaver').id }],
          channelData: { eventType: 'teamMemberRemoved', team: { id: teamId } },
        }),
      );
      assert.deepEqual(await storedKeys([progressKey(t1.place, alice)]), [progressKey(t1.place, alice)]);
    });
  });

  describe('a channel thread with two users', function () {
    it('answers in the thread, keeps each user on their own troubleshooter, and @mentions whom it answers', async function () {
      const { teamId } = team();
      const alice = teamsUser('Alice Liddell');
      const bob = teamsUser('Bob');
      const aliceChat = new TeamsChat(bot, thread(teamId), alice);
      const bobChat = aliceChat.as(bob);

      const started = await aliceChat.say('/troubleshoot ucs-contact-list');
      assert.match(textOf(lastOf(started)), FIRST_QUESTION);
      for (const s of aliceChat.sent) {
        assert.ok(s.path.startsWith(replyPath(aliceChat.place.conversationId, '')), `in the thread: ${s.path}`);
        assert.deepEqual(s.body.conversation, {
          id: aliceChat.place.conversationId,
          conversationType: 'channel',
          tenantId: (s.body.conversation as { tenantId?: string }).tenantId,
          isGroup: true,
        });
      }
      assert.deepEqual(mentionsOf(started[0]), [{ text: `<at>${alice.name}</at>`, id: alice.id, name: alice.name }]);
      assert.ok(String(started[0]?.text).startsWith(`<at>${alice.name}</at> `), 'the <at> text leads the message');
      assert.deepEqual(started.slice(1).flatMap(mentionsOf), [], 'one mention per answer, not per message');

      const bobCancel = await bobChat.say('cancel');
      assert.deepEqual(bobCancel.map(textOf), [messages.nothingToCancel], "Bob's cancel is his own");
      assert.deepEqual(
        mentionsOf(bobCancel[0]).map((m) => m.id),
        [bob.id],
      );

      const card = lastOf(started);
      const next = await aliceChat.click(card, buttonsOf(card)[0]?.title ?? '');
      assert.match(textOf(lastOf(next)), /Which client does the user edit the contact list with\?/);
      const refreshed = adaptiveCardOf(next[0]);
      assert.ok(refreshed, 'the next step is a card');
      assert.deepEqual(
        mentionsOf(next[0]).map((m) => m.id),
        [alice.id],
        'the card mentions Alice',
      );
      assert.match(String((refreshed.body as Json[])[0]?.text), new RegExp(`^<at>${alice.name}</at>$`));
    });

    it("a click on someone else's troubleshooter card leaves it alone", async function () {
      const { teamId } = team();
      const alice = teamsUser('Alice');
      const bob = teamsUser('Bob');
      const aliceChat = new TeamsChat(bot, thread(teamId), alice);
      const card = lastOf(await aliceChat.say('/troubleshoot ucs-contact-list'));
      const bobChat = aliceChat.as(bob);
      const replies = await bobChat.click(card, buttonsOf(card)[0]?.title ?? '');
      assert.deepEqual(replies, [], 'nothing posted');
      assert.deepEqual(bobChat.lastInvoke?.json, {
        statusCode: 200,
        type: 'application/vnd.microsoft.activity.message',
        value: messages.cards.notYourCard,
      });
      // Alice's troubleshooter is where it was.
      const mine = await aliceChat.click(card, buttonsOf(card)[0]?.title ?? '');
      assert.match(textOf(lastOf(mine)), /Which client does the user edit the contact list with\?/);
    });

    it('a display name with markup is mentioned without it', async function () {
      const { teamId } = team();
      const eve = { ...teamsUser('x'), name: 'Eve <b>*Admin*</b> [x](https://evil.example)' };
      const replies = await new TeamsChat(bot, thread(teamId), eve).say('/handoff');
      const [mention] = mentionsOf(replies[0]);
      assert.ok(mention);
      assert.doesNotMatch(mention.text, /<b>|\*|\[|\]\(/);
      assert.match(mention.text, /^<at>Eve bAdmin\/b x\(https:\/\/evil\.example\)<\/at>$/);
      assert.ok(String(replies[0]?.text).startsWith(`${mention.text} `));
    });
  });

  describe('Universal Actions (Action.Execute)', function () {
    const ucs = sharedApp().services.knowledge.current.trees.get('ucs-contact-list');
    assert.ok(ucs);
    const toFix = enumeratePaths(ucs)
      .filter((p) => p.end.kind === 'resolution')
      .sort((a, b) => b.steps.length - a.steps.length)[0];
    assert.ok(toFix);

    it('walks a whole troubleshooter to a fix, each clicked card refreshed with the choice and no buttons', async function () {
      const chat = new TeamsChat(bot, personalChat(), teamsUser('Tess'));
      const steps: { card: BotReply; title: string }[] = [];
      // The walk clicks through this chat, which checks each click's Execute and refreshed card.
      const recording: Chat = {
        entries: chat.entries,
        say: (text, value) => chat.say(text, value),
        click: async (activity, title) => {
          assert.equal(buttonByTitle(activity, title).type, 'Action.Execute', `"${title}" is an Execute`);
          if (activity) steps.push({ card: activity, title });
          const replies = await chat.click(activity, title);
          const refreshed = refreshedCard(chat);
          assert.deepEqual(actionsOf(refreshed), [], 'the answered card has no buttons');
          assert.ok(cardText(refreshed).includes(title.replace(/'/g, "'")), `the card shows the choice "${title}"`);
          assert.match(cardText(refreshed), /Answered/);
          return replies;
        },
      };
      const { replies } = await walkPath(toFix, recording);
      assert.ok(steps.length >= 2, 'several steps clicked');
      const after = await recording.click(lastOf(replies), YES_FIXED);
      assert.match(textOf(lastOf(after)), /glad/i);

      // A stale click: the first question's card again, after the troubleshooter ended.
      const first = steps[0];
      assert.ok(first);
      const stale = await chat.click(first.card, first.title);
      const closed = refreshedCard(chat);
      assert.deepEqual(actionsOf(closed), []);
      assert.ok(cardText(closed).includes(messages.cards.stepClosed), 'the old card is closed');
      assert.match(textOf(lastOf(stale)), /has ended/, 'answered as a stale click is');
      assert.deepEqual(
        buttonsOf(lastOf(stale)).map((b) => b.title),
        [messages.buttons.startAgain, messages.buttons.troubleshooters],
      );
    });

    it('a click on an earlier step mid-way closes that card and shows where the user is', async function () {
      const chat = new TeamsChat(bot, personalChat(), teamsUser('Tess'));
      const firstCard = lastOf(await chat.say('/troubleshoot ucs-contact-list'));
      const title = buttonsOf(firstCard)[0]?.title ?? '';
      const second = await chat.click(firstCard, title);
      assert.match(textOf(lastOf(second)), /Which client/);
      const again = await chat.click(firstCard, buttonsOf(firstCard)[1]?.title ?? '');
      assert.ok(cardText(refreshedCard(chat)).includes(messages.cards.stepClosed));
      assert.match(textOf(lastOf(again)), /already answered/);
      assert.match(textOf(lastOf(again)), /Which client/);
    });

    it('an Execute the bot cannot read is refused in the answer, never a fault', async function () {
      const place = personalChat();
      const chat = new TeamsChat(bot, place, teamsUser('Tess'));
      const bad = [
        { action: { type: 'Action.Execute', verb: 'treeStep', data: { text: 'hi' } } },
        {
          action: {
            type: 'Action.Execute',
            verb: 'other',
            data: { text: 'x', step: { tree: 'a', node: 'b', choice: 'c' } },
          },
        },
        { action: { type: 'Action.Execute', verb: 'treeStep', data: 'not an object' } },
      ];
      for (const value of bad) {
        const { res, replies } = await chat.post(
          teamsActivity(place, chat.user, { type: 'invoke', name: 'adaptiveCard/action', value }),
        );
        // botbuilder sends the answer's own status code as the HTTP status (400 here).
        assert.equal(res.status, 400, JSON.stringify(value));
        assert.equal((res.json as { statusCode?: number }).statusCode, 400);
        assert.equal((res.json as { type?: string }).type, 'application/vnd.microsoft.error');
        assert.deepEqual(replies, []);
      }
      for (const value of [{ action: { type: 'Action.Submit' } }, 'nonsense', null]) {
        const { res } = await chat.post(
          teamsActivity(place, chat.user, { type: 'invoke', name: 'adaptiveCard/action', value }),
        );
        assert.ok(res.status === 400 || res.status === 200, `${JSON.stringify(value)}: ${res.status}`);
      }
    });
  });

  describe('messaging extension (composeExtension/query)', function () {
    const knowledge = sharedApp().services.knowledge.current;

    async function query(value: unknown): Promise<{ status: number; body: Json; posted: number }> {
      const place = personalChat();
      const chat = new TeamsChat(bot, place, teamsUser('Helpdesk'));
      const { res } = await chat.post(
        teamsActivity(place, chat.user, { type: 'invoke', name: 'composeExtension/query', value }),
      );
      return { status: res.status, body: res.json as Json, posted: chat.sent.length };
    }

    const search = (text: unknown): Json => ({
      commandId: KNOWLEDGE_SEARCH_COMMAND_ID,
      parameters: [{ name: 'query', value: text }],
      queryOptions: { skip: 0, count: 25 },
    });

    function attachmentsOf(body: Json): Json[] {
      const ext = body.composeExtension as { type?: unknown; attachmentLayout?: unknown; attachments?: unknown };
      assert.equal(ext.type, 'result');
      assert.equal(ext.attachmentLayout, 'list');
      assert.ok(Array.isArray(ext.attachments));
      return ext.attachments as Json[];
    }

    it('returns matching entries as cards: a thumbnail preview to pick, the answer card to insert', async function () {
      const { status, body, posted } = await query(search('presence not showing in outlook'));
      assert.equal(status, 200);
      assert.equal(posted, 0, 'nothing is posted to the chat');
      const results = attachmentsOf(body);
      assert.ok(results.length >= 1 && results.length <= 10, `${results.length} results`);
      const first = results[0] as Json;
      assert.equal(first.contentType, ADAPTIVE_CARD);
      const preview = first.preview as { contentType?: unknown; content?: { title?: unknown; text?: unknown } };
      assert.equal(preview.contentType, 'application/vnd.microsoft.card.thumbnail');
      assert.equal(preview.content?.title, knowledge.entries.get('presence-missing-in-outlook')?.title);
      assert.ok(typeof preview.content?.text === 'string' && preview.content.text.length <= 120);
      for (const r of results) {
        const card = r.content as Json;
        assertValidCard(card);
        assert.ok(
          actionsOf(card).every((a) => a.type === 'Action.OpenUrl'),
          'an inserted card has no button that needs the bot',
        );
      }
    });

    it('finds the entries citing a KB number, and lists the main topics for an empty query', async function () {
      const byKb = attachmentsOf((await query(search('2811654'))).body);
      const citing = [...knowledge.entries.values()].filter((e) => e.kb.includes('2811654'));
      assert.deepEqual(
        byKb.map((r) => (r.preview as { content: { title: string } }).content.title),
        citing.slice(0, 10).map((e) => e.title),
      );
      for (const empty of [
        search(''),
        search('   '),
        { commandId: KNOWLEDGE_SEARCH_COMMAND_ID, parameters: [{ name: 'initialRun', value: 'true' }] },
      ]) {
        const headlines = attachmentsOf((await query(empty)).body);
        assert.ok(headlines.length >= 3 && headlines.length <= 8, `${headlines.length} headline entries`);
      }
    });

    it('bad or missing parameters get an empty result or a message, never a fault', async function () {
      const cases: unknown[] = [
        null,
        'text',
        [],
        {},
        { commandId: KNOWLEDGE_SEARCH_COMMAND_ID },
        { commandId: KNOWLEDGE_SEARCH_COMMAND_ID, parameters: 'query' },
        search(42),
        search({ $gt: '' }),
        search('\u0000\u001b[31m\u202e'.repeat(50)),
        search('x'.repeat(30_000)),
      ];
      for (const value of cases) {
        const { status, body } = await query(value);
        assert.equal(status, 200, JSON.stringify(value).slice(0, 80));
        const ext = body.composeExtension as { type?: unknown } | undefined;
        assert.ok(ext && (ext.type === 'result' || ext.type === 'message'), JSON.stringify(body).slice(0, 200));
      }
      const other = await query({ commandId: 'somethingElse', parameters: [{ name: 'query', value: 'x' }] });
      assert.deepEqual(other.body, {
        composeExtension: { type: 'message', text: messages.composeExtension.unknownCommand },
      });
    });
  });

  describe('invokes the bot does not handle', function () {
    for (const name of [
      'task/fetch',
      'composeExtension/selectItem',
      'composeExtension/fetchTask',
      'config/fetch',
      'unknown/thing',
      undefined,
    ])
      it(`${name ?? '(no name)'} gets a 200, never a 501`, async function () {
        const place = personalChat();
        const chat = new TeamsChat(bot, place, teamsUser('Tess'));
        const { res, replies } = await chat.post(
          teamsActivity(place, chat.user, { type: 'invoke', ...(name ? { name } : {}), value: {} }),
        );
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(replies, []);
      });
  });
});
