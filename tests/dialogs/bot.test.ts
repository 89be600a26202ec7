import assert from 'node:assert/strict';
import { ActivityTypes, type Activity, type ChannelAccount, type TurnContext } from 'botbuilder';
import { loadConfig } from '../../bot/config.js';
import { createLogger } from '../../core/logger.js';
import { messages } from '../../replies/messages.js';
import { callerOf, markLocalOperator } from '../../conversation/caller.js';
import { markChannelVerified } from '../support/edgeIdentity.js';
import { TestChat, freshApp, sharedApp, textOf, turnContext, uniqueId } from '../support/harness.js';

const ADMIN_AAD = '00000000-0000-4000-8000-0000000000aa';

/** A new conversation with the real app for an environment (built once per environment). */
function chatWith(env: Record<string, string> = {}, user?: ChannelAccount): TestChat {
  return new TestChat(sharedApp(env), user ? { user } : {});
}

/** Asserts the reply is a message whose text matches. */
function expectText(pattern: RegExp): (activity: Partial<Activity>) => void {
  return (activity) => {
    assert.equal(activity.type, ActivityTypes.Message);
    assert.match(textOf(activity), pattern);
  };
}

/** Members join the conversation; returns every activity the bot sent back. */
function membersAdded(chat: TestChat, members: ChannelAccount[]): Promise<Partial<Activity>[]> {
  return chat.sendAll({ type: ActivityTypes.ConversationUpdate, membersAdded: members, recipient: chat.bot });
}

describe('TroubleshootingBot (TestAdapter)', () => {
  before(function () {
    // Building the app loads and validates the whole knowledge base; do it once, up front.
    this.timeout(60_000);
    sharedApp();
    sharedApp({ ADMIN_AAD_OBJECT_IDS: ADMIN_AAD });
  });

  describe('welcome', () => {
    it('welcomes each new member once, never the bot, and not again on a repeated event', async () => {
      const chat = chatWith({}, { id: uniqueId('user'), name: 'Uma' });
      const { user, bot } = chat;

      const first = await membersAdded(chat, [user, bot]);
      assert.equal(first.length, 1, 'exactly one welcome for the user (Uma), none for the bot');
      assert.equal(first[0]?.type, ActivityTypes.Message);
      assert.match(textOf(first[0]), /^Hi Uma! I help fix/);
      assert.match(textOf(first[0]), /\/troubleshoot/);
      assert.equal(first[0].attachments?.length, 1, 'the welcome carries its buttons');

      assert.equal(
        (await membersAdded(chat, [user, bot])).length,
        0,
        'a repeated conversationUpdate (reconnect) welcomes nobody',
      );

      const second = await membersAdded(chat, [{ id: 'user-2', name: 'Sam' }]);
      assert.equal(second.length, 1, 'one welcome for the second member');
      assert.match(textOf(second[0]), /^Hi Sam! I help fix/);
    });

    it('welcomes several new members in one event, one message each', async () => {
      const chat = chatWith();
      const welcomes = await membersAdded(chat, [{ id: 'a', name: 'Ann' }, { id: 'b', name: 'Bo' }, chat.bot]);
      assert.deepEqual(
        welcomes.map((a) => /^Hi (\w+)!/.exec(textOf(a))?.[1]),
        ['Ann', 'Bo'],
      );
    });

    it('quotes a member name instead of rendering it as Markdown', async () => {
      const [welcome] = await membersAdded(chatWith(), [{ id: 'm', name: '<b>Mallory</b>' }]);
      assert.ok(welcome, 'Mallory is welcomed');
      assert.doesNotMatch(textOf(welcome), /<b>/);
    });
  });

  describe('messages', () => {
    it('strips the bot @mention in a Teams channel message and answers /help', async () => {
      const { adapter } = chatWith();
      const bot = adapter.conversation.bot;
      await adapter
        .send({
          type: ActivityTypes.Message,
          channelId: 'msteams',
          text: '<at>Troubleshooter</at> /help',
          recipient: bot,
          conversation: {
            id: `${adapter.conversation.conversation.id}-teams`,
            isGroup: true,
            conversationType: 'channel',
            name: 'General',
          },
          entities: [
            { type: 'mention', mentioned: { id: bot.id, name: 'Troubleshooter' }, text: '<at>Troubleshooter</at>' },
          ],
        })
        .assertReply((activity) => {
          expectText(/I troubleshoot/)(activity);
          assert.ok(textOf(activity).includes('/help [command]'), textOf(activity));
          assert.equal(activity.textFormat, 'markdown');
        })
        .startTest();
    });

    it('strips leftover <at> markup whose text differs from the mention entity', async () => {
      const { adapter } = chatWith();
      await adapter
        .send({
          type: ActivityTypes.Message,
          channelId: 'msteams',
          text: '<at>Troubleshooter Bot</at>\u00a0help',
          entities: [],
        })
        .assertReply(expectText(/I troubleshoot/))
        .startTest();
    });

    it('answers "help" with the help text generated from the commands', async () => {
      const { adapter } = chatWith();
      await adapter
        .send('help')
        .assertReply((activity) => {
          expectText(/I troubleshoot/)(activity);
          assert.ok(textOf(activity).includes('`/help [command]`'), textOf(activity));
          assert.match(textOf(activity), /cancel/);
        })
        .send('/help')
        .assertReply(expectText(/I troubleshoot/))
        .send('?')
        .assertReply(expectText(/I troubleshoot/))
        .startTest();
    });

    it('explains one command with /help <command>', async () => {
      const { adapter } = chatWith();
      await adapter
        .send('/help help')
        .assertReply(expectText(/\/help \[command\]/))
        .startTest();
    });

    it('says there is nothing to cancel when no troubleshooter is active', async () => {
      const { adapter } = chatWith();
      await adapter
        .send('cancel')
        .assertReply(expectText(/nothing to cancel/i))
        .send('quit')
        .assertReply(expectText(/nothing to cancel/i))
        .startTest();
    });

    it('says there is nothing to go back to, and starts over on request', async () => {
      const { adapter } = chatWith();
      await adapter
        .send('back')
        .assertReply(expectText(/no earlier step/i))
        .send('start over')
        .assertReply(expectText(/^Starting over/))
        .startTest();
    });

    it('suggests the closest command for a typo', async () => {
      const { adapter } = chatWith();
      await adapter
        .send('/hepl')
        .assertReply((activity) => {
          expectText(/Did you mean `\/help`\?/)(activity);
          assert.equal(activity.attachments?.length, 1, 'the suggestion is a button');
        })
        .startTest();
    });

    it('asks for text when a message is empty', async () => {
      const { adapter } = chatWith();
      await adapter
        .send({ type: ActivityTypes.Message, text: '   ' })
        .assertReply(expectText(/did not get any text/))
        .startTest();
    });

    it('treats a card submit carrying { text } like typed text', async () => {
      const { adapter } = chatWith();
      await adapter
        .send({ type: ActivityTypes.Message, text: '', value: { text: '/help' } })
        .assertReply(expectText(/I troubleshoot/))
        .startTest();
    });

    it('renders plain text for the terminal channel', async () => {
      const { adapter } = chatWith();
      await adapter
        .send({ type: ActivityTypes.Message, channelId: 'terminal', text: 'help' })
        .assertReply((activity) => {
          assert.equal(activity.textFormat, 'plain');
          assert.doesNotMatch(textOf(activity), /\*\*|`/);
        })
        .startTest();
    });

    it('answers free text without failing the turn', async () => {
      const replies = await chatWith().say('presence is not showing in Outlook');
      assert.ok(replies.length >= 1, 'at least one reply');
      for (const r of replies) assert.notEqual(r.text, messages.apology);
    });
  });

  describe('turn errors', () => {
    it('apologises without a stack trace when a turn throws', async () => {
      // A fresh app of its own: its bot is replaced by one that throws on every turn.
      const own = freshApp();
      own.bot.run = () => Promise.reject(new Error('secret internal detail'));
      const lines: string[] = [];
      const chat = new TestChat(own, { logger: createLogger('error', (l) => lines.push(l)) });
      const texts = (await chat.say('hello')).map(textOf);
      assert.deepEqual(texts, [messages.apology]);
      assert.deepEqual(
        chat.faults.map((f) => f.message),
        ['secret internal detail'],
      );
      assert.equal(lines.length, 1);
      assert.match(lines[0] ?? '', /turn failed/);
    });
  });

  describe('callerOf (admin detection)', () => {
    const admins = loadConfig({ ADMIN_AAD_OBJECT_IDS: ADMIN_AAD }).adminAadObjectIds;
    const contextFor = (activity: Partial<Activity>): TurnContext => turnContext(activity);

    const verified = (context: TurnContext): TurnContext => {
      markChannelVerified(context);
      return context;
    };

    it('treats the local operator (a turn the terminal adapter marked) as admin', () => {
      const context = contextFor({ channelId: 'terminal', from: { id: 'local-operator', name: 'operator' } });
      markLocalOperator(context);
      const caller = callerOf(context, admins);
      assert.equal(caller.isAdmin, true);
      assert.equal(caller.channelId, 'terminal');
      assert.equal(caller.id, 'local-operator');
      assert.equal(caller.name, 'operator');
    });

    it('never treats an activity that only claims to come from the terminal as admin', () => {
      assert.equal(
        callerOf(contextFor({ channelId: 'terminal', from: { id: 'local-operator', name: 'operator' } }), admins)
          .isAdmin,
        false,
      );
      assert.equal(
        callerOf(
          verified(
            contextFor({
              channelId: 'terminal',
              from: { id: 'local-operator', name: 'operator', aadObjectId: ADMIN_AAD },
            }),
          ),
          admins,
        ).isAdmin,
        false,
      );
    });

    it('trusts a listed Teams aadObjectId only when the channel token was verified', () => {
      assert.equal(
        callerOf(
          contextFor({ channelId: 'msteams', from: { id: '29:abc', name: 'Ada', aadObjectId: ADMIN_AAD } }),
          admins,
        ).isAdmin,
        false,
      );
    });

    it('treats a Teams user whose aadObjectId is listed as admin, case-insensitively', () => {
      const caller = callerOf(
        verified(
          contextFor({
            channelId: 'msteams',
            from: { id: '29:abc', name: 'Ada', aadObjectId: ADMIN_AAD.toUpperCase() },
          }),
        ),
        admins,
      );
      assert.equal(caller.isAdmin, true);
      assert.equal(caller.aadObjectId, ADMIN_AAD);
    });

    it('does not treat a Teams user with another or no aadObjectId as admin', () => {
      assert.equal(
        callerOf(
          contextFor({
            channelId: 'msteams',
            from: { id: '29:x', name: 'Eve', aadObjectId: '00000000-0000-4000-8000-0000000000bb' },
          }),
          admins,
        ).isAdmin,
        false,
      );
      assert.equal(
        callerOf(contextFor({ channelId: 'msteams', from: { id: ADMIN_AAD, name: 'Eve' } }), admins).isAdmin,
        false,
      );
    });

    it('never trusts a web chat from.id, even when it equals an admin id', () => {
      assert.equal(
        callerOf(contextFor({ channelId: 'webchat', from: { id: ADMIN_AAD, name: 'Eve' } }), admins).isAdmin,
        false,
      );
      assert.equal(
        callerOf(contextFor({ channelId: 'webchat', from: { id: 'x', name: 'Eve', aadObjectId: ADMIN_AAD } }), admins)
          .isAdmin,
        false,
      );
    });

    it('is not admin on any channel when no admin ids are configured', () => {
      assert.equal(
        callerOf(contextFor({ channelId: 'msteams', from: { id: '29:abc', name: 'Ada', aadObjectId: ADMIN_AAD } }), [])
          .isAdmin,
        false,
      );
    });

    it('omits name and aadObjectId when the channel does not send them', () => {
      const caller = callerOf(contextFor({ channelId: 'webchat', from: { id: 'w-1', name: '' } }), admins);
      assert.deepEqual(caller, { id: 'w-1', channelId: 'webchat', isAdmin: false });
    });

    it('uses the bot to find the caller with the configured admin ids', () => {
      const { app, adapter } = chatWith({ ADMIN_AAD_OBJECT_IDS: ADMIN_AAD });
      const context = verified(
        turnContext({ channelId: 'msteams', from: { id: '29:abc', name: 'Ada', aadObjectId: ADMIN_AAD } }, adapter),
      );
      assert.equal(app.bot.caller(context).isAdmin, true);
    });
  });
});
