/**
 * Handoff tickets through the whole bot (TestAdapter): a ticket from every handoff kind (a
 * troubleshooter's end, `/handoff` mid-tree with the answers so far, `/handoff` outside a tree,
 * after an "I don't know", the hook for 👎), `/tickets` and `/ticket` for the helpdesk, refusals and
 * bad arguments, and forgetting a user's personal fields. The helpdesk channel and the notifications
 * back to the user are tested over HTTP (tests/http/helpdesk.test.ts).
 */
import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { analyticsMessages, messages } from '../../replies/messages.js';
import { TestChat, allText, buttonsOf, lastOf, sharedApp, textOf, turnContext, uniqueId } from '../support/harness.js';
import { NOT_FIXED } from '../support/treeWalk.js';
import type { Ticket } from '../../tickets/ticket.js';
import type { HandoffDesk } from '../../conversation/handoffDesk.js';

const HELPDESK_AAD = '6a1f4c2e-8d3b-4f5a-9c7e-2b4d6f8a0c1e';
const OTHER_AAD = '0b9e8d7c-6f5a-4e3d-8c2b-1a0f9e8d7c6b';
const app = sharedApp({ HELPDESK_AAD_OBJECT_IDS: HELPDESK_AAD });

function desk(): HandoffDesk {
  const d = app.services.handoffDesk;
  assert.ok(d, 'the app has a handoff desk');
  return d;
}

/** A user in a Teams personal chat (not helpdesk). */
function userChat(name = 'Tess'): TestChat {
  return new TestChat(app, { user: { id: uniqueId('29:user'), name } });
}

/** A helpdesk member in Teams, verified by the channel's token. */
function helpdeskChat(aad = HELPDESK_AAD): TestChat {
  return new TestChat(app, { edge: 'verified', user: { id: uniqueId('29:hd'), name: 'Hal Desk', aadObjectId: aad } });
}

/** The ticket number the bot told the user. */
function ticketNumberIn(replies: readonly Partial<Activity>[]): number {
  const m = /ticket #(\d+)/.exec(allText(replies));
  assert.ok(m?.[1], `no ticket number in: ${allText(replies).slice(-400)}`);
  return Number(m[1]);
}

async function ticket(n: number): Promise<Ticket> {
  const t = await desk().store.get(n);
  assert.ok(t, `ticket #${n} is stored`);
  return t;
}

describe('handoff tickets', function () {
  this.timeout(30_000);

  it('a mid-tree /handoff opens a ticket with the answers so far, and /tickets lists it', async function () {
    const user = userChat('Ursula');
    await user.say('/troubleshoot ucs-contact-list');
    await user.say("Read-only, can't edit");
    const replies = await user.say('/handoff');
    const text = allText(replies);
    assert.match(text, /Read-only, can't edit/, 'the summary shows the answer');
    assert.match(text, /\/tickets/, 'without a channel, the user is told the helpdesk sees it with /tickets');
    const n = ticketNumberIn(replies);
    assert.deepEqual(await user.savedDialogStack(), [], 'the troubleshooter ended');

    const t = await ticket(n);
    assert.equal(t.kind, 'midTree');
    assert.equal(t.status, 'open');
    assert.equal(t.user.name, 'Ursula');
    assert.equal(t.channelId, 'msteams');
    assert.ok(t.path);
    assert.equal(t.path.treeId, 'ucs-contact-list');
    assert.deepEqual(t.path.answers, [
      { question: 'What is wrong with the contact list?', answer: "Read-only, can't edit", fromProfile: false },
    ]);
    assert.equal((t.reference.conversation as { id?: unknown }).id, user.conversationId);

    const hd = helpdeskChat();
    const list = allText(await hd.say('/tickets'));
    assert.match(list, new RegExp(`#${n}\\b[^\\n]*Contact list read-only or empty`), list);
    assert.match(list, new RegExp(`\\*\\*#${n}\\*\\* · \\d+m ago · Open`));
    assert.match(
      list,
      new RegExp(`#${n}\\*\\*[^\\n]*\\n +- What is wrong with the contact list\\? → \\*\\*Read-only, can't edit\\*\\*`),
      `the list shows the answers given so far: ${JSON.stringify(list)}`,
    );
    const shown = allText(await hd.say(`/ticket ${n}`));
    assert.match(shown, /What is wrong with the contact list\? → \*\*Read-only, can't edit\*\*/);
    assert.match(shown, /Ursula/);
  });

  it('a troubleshooter that runs out of fixes opens a ticket with the fixes tried', async function () {
    const user = userChat();
    await user.say('/troubleshoot ucs-contact-list');
    await user.say('Contacts show offline');
    const replies = await user.say(NOT_FIXED);
    const t = await ticket(ticketNumberIn(replies));
    assert.equal(t.kind, 'treeEnd');
    assert.equal(t.path?.fixesTried.length, 1);
    assert.ok(
      t.entries.some((e) => e.id === 'contacts-offline-address-book'),
      JSON.stringify(t.entries),
    );
    assert.ok(
      t.kbs.some((k) => k.number === '2435699'),
      JSON.stringify(t.kbs),
    );
  });

  it('/handoff outside a troubleshooter opens an "asked" ticket', async function () {
    const replies = await userChat().say('/handoff');
    assert.match(allText(replies), /include/, 'the handoff instructions are still given');
    const t = await ticket(ticketNumberIn(replies));
    assert.equal(t.kind, 'asked');
    assert.equal(t.path, undefined);
  });

  it('/handoff after an "I don\'t know" carries the question, quoted when shown', async function () {
    const user = userChat();
    const question = 'zorblax *quux* <b>frobnicator</b> wibble';
    const miss = allText(await user.say(question));
    assert.match(miss, /Hand off to helpdesk|don't|not/i);
    const t = await ticket(ticketNumberIn(await user.say('/handoff')));
    assert.equal(t.kind, 'afterMisses');
    assert.deepEqual(t.words, [question]);
    const shown = allText(await helpdeskChat().say(`/ticket ${t.number}`));
    assert.ok(!shown.includes('<b>'), 'no live HTML');
    assert.ok(!shown.includes(' *quux* '), 'no live Markdown');
  });

  it('"None of these" on a did-you-mean opens a ticket with the question and the entries offered', async function () {
    const user = userChat();
    const offered = await user.say('autodiscover');
    const none = await user.click(offered[offered.length - 1], messages.search.noneOfTheseButton);
    const t = await ticket(ticketNumberIn(none));
    assert.equal(t.kind, 'noneOfThese');
    assert.deepEqual(t.words, ['autodiscover']);
    assert.ok(t.entries.length >= 2, `the entries offered are kept: ${JSON.stringify(t.entries)}`);
  });

  it('the hook for other handoffs (👎, "none of these") opens a ticket of that kind', async function () {
    const context = turnContext({
      channelId: 'webchat',
      id: uniqueId('act'),
      from: { id: uniqueId('w'), name: 'Web User' },
      conversation: { id: uniqueId('c'), isGroup: false, conversationType: 'personal', name: '' },
      recipient: { id: 'bot', name: 'bot' },
      serviceUrl: 'https://test.invalid',
    });
    const replies = await desk().createTicket(context, 'feedback', {
      words: ['presence is grey in outlook'],
      entries: [{ id: 'e1', title: 'Entry one' }],
    });
    const m = /ticket #(\d+)/.exec(replies.map((r) => r.markdown).join('\n'));
    assert.ok(m?.[1]);
    const t = await ticket(Number(m[1]));
    assert.equal(t.kind, 'feedback');
    assert.equal(t.symptom, 'presence is grey in outlook');
    assert.equal(t.channelId, 'webchat');
  });

  it('a thumbs-down, then "Hand off", opens a feedback ticket; /forget-me blanks the user on it', async function () {
    const user = userChat('Thea');
    const answer = (await user.say('conversation history not saved in outlook')).find((r) =>
      buttonsOf(r).some((b) => b.title === analyticsMessages.notHelpfulButton),
    );
    assert.ok(answer, 'the answer asks for feedback');
    const offers = await user.click(answer, analyticsMessages.notHelpfulButton);
    const handedOff = await user.click(
      offers.find((r) => buttonsOf(r).some((b) => b.title === analyticsMessages.handOffButton)),
      analyticsMessages.handOffButton,
    );
    const n = ticketNumberIn(handedOff);
    const before = await ticket(n);
    assert.equal(before.kind, 'feedback');
    assert.equal(before.user.name, 'Thea');

    const said = textOf(lastOf(await user.say('/forget-me')));
    assert.match(said, new RegExp(`${analyticsMessages.forgetWhat.tickets.slice(0, 20)}[^\\n]*: 1`));
    const after = await ticket(n);
    assert.equal(after.user.name, undefined);
    assert.deepEqual(after.words, []);
  });

  it('the helpdesk takes, annotates and resolves a ticket with commands', async function () {
    const t = await ticket(ticketNumberIn(await userChat().say('/handoff')));
    const hd = helpdeskChat();
    // No proactive path in a TestAdapter app: the helpdesk is told to let the user know (HTTP tests cover the notices).
    assert.equal(allText(await hd.say(`/ticket ${t.number} take`)), messages.tickets.taken(t.number, false));
    assert.match(allText(await hd.say(`/ticket ${t.number} take`)), /already/);
    assert.match(allText(await hd.say(`/ticket ${t.number} note Checked the EWS URL`)), /Note added/);
    assert.equal(
      allText(await hd.say(`/ticket ${t.number} resolve Reset the cache`)),
      messages.tickets.resolved(t.number, false),
    );
    const after = await ticket(t.number);
    assert.equal(after.status, 'resolved');
    assert.equal(after.takenBy?.name, 'Hal Desk');
    assert.equal(after.resolvedBy?.aadObjectId, HELPDESK_AAD);
    assert.deepEqual(
      after.notes.map((n) => [n.author, n.text]),
      [
        ['Hal Desk', 'Checked the EWS URL'],
        ['Hal Desk', 'Reset the cache'],
      ],
    );
    assert.doesNotMatch(
      allText(await hd.say('/tickets')),
      new RegExp(`#${t.number}\\b`),
      'resolved tickets leave the list',
    );
    assert.match(allText(await hd.say(`/ticket ${t.number} take`)), /resolved already/);
  });

  it('refuses others politely and explains bad arguments', async function () {
    const n = ticketNumberIn(await userChat().say('/handoff'));
    for (const chat of [userChat(), helpdeskChat(OTHER_AAD)]) {
      assert.equal(allText(await chat.say('/tickets')), messages.tickets.notHelpdesk('tickets'));
      assert.equal(allText(await chat.say(`/ticket ${n} take`)), messages.tickets.notHelpdesk('ticket'));
    }
    // An activity that only claims the helpdesk's Azure AD id (no verified token) is not the helpdesk.
    const claimed = new TestChat(app, { user: { id: uniqueId('29:x'), name: 'Mallory', aadObjectId: HELPDESK_AAD } });
    assert.equal(allText(await claimed.say('/tickets')), messages.tickets.notHelpdesk('tickets'));
    assert.equal((await ticket(n)).status, 'open');

    const hd = helpdeskChat();
    assert.equal(allText(await hd.say('/ticket abc')), messages.tickets.badNumber('abc'));
    assert.equal(allText(await hd.say('/ticket 987654321')), messages.tickets.noSuch('987654321'));
    assert.equal(allText(await hd.say(`/ticket ${n} fly`)), messages.tickets.badAction('fly'));
    assert.equal(allText(await hd.say(`/ticket ${n} note`)), messages.tickets.emptyNote);
    assert.equal(allText(await hd.say(`/ticket ${n} take now`)), messages.tickets.textNotExpected);
    assert.match(allText(await hd.say('/ticket')), /missing/);
  });

  it('admins are helpdesk too; the local operator may list tickets', async function () {
    const operator = new TestChat(app, { channelId: 'terminal', edge: 'operator' });
    assert.match(allText(await operator.say('/tickets')), /Open tickets|No open tickets/);
  });

  it('/help lists the ticket commands to the helpdesk only', async function () {
    assert.match(allText(await helpdeskChat().say('/help')), /\/tickets/);
    assert.doesNotMatch(allText(await userChat().say('/help')), /\/tickets/);
  });

  it("forgetUserTickets blanks the name, words and Azure AD id of that user's tickets only", async function () {
    const user = new TestChat(app, { user: { id: uniqueId('29:f'), name: 'Forget Me', aadObjectId: OTHER_AAD } });
    await user.say('my presence is broken zorblax');
    const a = ticketNumberIn(await user.say('/handoff'));
    const b = ticketNumberIn(await user.say('/handoff'));
    const other = ticketNumberIn(await userChat('Keep Me').say('/handoff'));
    assert.equal(await desk().forgetUserTickets(user.user.id), 2);
    for (const n of [a, b]) {
      const t = await ticket(n);
      assert.equal(t.user.name, undefined);
      assert.equal(t.user.aadObjectId, undefined);
      assert.deepEqual(t.words, []);
      assert.ok(!JSON.stringify(t).includes('Forget Me'), JSON.stringify(t));
      assert.ok(!JSON.stringify(t).includes(OTHER_AAD));
    }
    assert.equal((await ticket(other)).user.name, 'Keep Me');
    assert.equal(await desk().forgetUserTickets(user.user.id), 0, 'nothing left to forget');
  });
});
