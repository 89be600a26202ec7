import assert from 'node:assert/strict';
import { decisionMessages, messages } from '../../../replies/messages.js';
import { TestChat, allText, buttonsOf, sharedApp, textOf } from '../../support/harness.js';

/**
 * The decision as users meet it: the domain boundary said honestly with a handoff, posts in other
 * languages answered with a note that answers are in English, and `/why` naming the features that
 * drove the decision.
 */
const app = sharedApp();

describe('decision through the whole bot', function () {
  it('a Teams-only post is told the bot covers Skype for Business, not Teams, and offered the handoff', async function () {
    const chat = new TestChat(app);
    const replies = await chat.say('Teams meeting add-in missing in Outlook');
    assert.equal(textOf(replies[0]), decisionMessages.outOfScope('teams', 'teams'));
    assert.equal(replies.length, 1, 'no did-you-mean into the Skype meeting add-in, no troubleshooter offer');
    const buttons = buttonsOf(replies[0]).map((b) => b.text);
    assert.ok(buttons.includes('/handoff'), buttons.join());
    assert.deepEqual(await chat.savedDialogStack(), [], 'no troubleshooter was started');
    const why = allText(await chat.say('/why'));
    assert.match(why, /outside what I cover \(Microsoft Teams\)/);
    assert.match(why, /names Teams \(Teams\) and nothing of Skype for Business/);
  });

  it('another product is named, with the handoff', async function () {
    const replies = await new TestChat(app).say('the print queue is stuck again on floor 3');
    assert.match(textOf(replies[0]), /printers and printing/);
    assert.ok(buttonsOf(replies[0]).some((b) => b.text === '/handoff'));
  });

  it('an Exchange area of its own is told it is not the integration, with the handoff, and /why says why', async function () {
    const chat = new TestChat(app);
    const replies = await chat.say('The Scheduling Assistant shows hashed lines for every room mailbox');
    assert.equal(textOf(replies[0]), decisionMessages.outOfScope('uncovered-area', 'exchange-calendar'));
    assert.equal(replies.length, 1, 'no did-you-mean');
    assert.ok(buttonsOf(replies[0]).some((b) => b.text === '/handoff'));
    const why = allText(await chat.say('/why'));
    assert.match(why, /outside what I cover \(Exchange and Outlook calendars and meeting rooms\)/);
    assert.match(why, /scheduling assistant/);
  });

  it('Teams and Skype for Business together stay in scope and are answered from the content', async function () {
    const replies = await new TestChat(app).say(
      'after moving to Teams the Skype for Business add-in for Outlook is disabled and the New Skype Meeting button is gone',
    );
    const text = allText(replies);
    assert.doesNotMatch(text, /Microsoft Teams\*\* question/);
    assert.match(text, /add-in/i);
  });

  it('a German post is answered, after a note that answers are in English', async function () {
    const replies = await new TestChat(app).say(
      'Die Anwesenheit wird in Outlook nicht angezeigt, obwohl der Skype for Business Client angemeldet ist',
    );
    const note = `${decisionMessages.answersInEnglish('de')}\n\n`;
    assert.ok(textOf(replies[0]).startsWith(note), 'the note comes first');
    assert.match(allText(replies).slice(note.length), /presence/i);
  });

  it('/why names the confidence, the cut-offs and the features that drove the decision', async function () {
    const chat = new TestChat(app);
    await chat.say('presence not showing in outlook even though skype for business is signed in');
    const why = allText(await chat.say('/why'));
    // p1 is P(in domain) x P(right | in domain): both factors are stated, the first before the second.
    const domain = /I was (\d+)% sure your message is about Skype for Business or Lync with Exchange or Outlook/.exec(
      why,
    );
    const best = /I was (\d+)% sure the best entry is right and \d+% sure one of the three best is/.exec(why);
    assert.ok(domain && best && domain.index < best.index, why);
    assert.match(why, /What weighed most:/);
    assert.match(why, /(raised|lowered) my confidence/);
  });

  it('/why lists the names a post used that the best entry never mentions (as quoted text)', async function () {
    const chat = new TestChat(app);
    await chat.say('Skype for Business presence is unavailable in SharePoint Online sites and the Delve profile');
    const why = allText(await chat.say('/why'));
    assert.match(why, /Named in your message but not in the best entry: .*sharepoint/i);
  });

  it('the "I don\'t know" reply still offers the troubleshooters and the handoff', async function () {
    const replies = await new TestChat(app).say('how do I bake sourdough bread at home');
    assert.match(allText(replies), /I don't know the answer to/);
    assert.ok(replies.flatMap(buttonsOf).some((b) => b.title === messages.handoffButton));
  });
});
