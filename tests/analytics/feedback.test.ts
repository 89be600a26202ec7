/**
 * The events a conversation records, through the whole bot: questions with their decision, answers
 * shown with "Did this help?", 👍 / 👎 counted once per answer, the 👎 ways forward, "None of these"
 * with the question, and the troubleshooter's start, steps, fix and abandonment.
 */
import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import type { AnalyticsEvent } from '../../analytics/events.js';
import { analyticsMessages, messages } from '../../replies/messages.js';
import { treeEntryIds } from '../../conversation/treeEntries.js';
import { YES_FIXED } from '../support/treeWalk.js';
import { TestChat, allText, buttonsOf, lastOf, sharedApp, stringsIn, textOf } from '../support/harness.js';

const app = sharedApp();
const analytics = app.services.analytics;

/** The events of this chat's user, oldest first. */
async function eventsOf(chat: TestChat): Promise<AnalyticsEvent[]> {
  assert.ok(analytics);
  const user = await analytics.userHash(chat.user.id);
  return (await analytics.lastDays(1)).filter((e) => e.user === user);
}

function ofType<T extends AnalyticsEvent['type']>(
  events: readonly AnalyticsEvent[],
  type: T,
): Extract<AnalyticsEvent, { type: T }>[] {
  return events.filter((e): e is Extract<AnalyticsEvent, { type: T }> => e.type === type);
}

/** The reply that carries the answer's feedback buttons. */
function answerOf(replies: readonly Partial<Activity>[]): Partial<Activity> {
  const found = replies.find((r) => buttonsOf(r).some((b) => b.title === analyticsMessages.helpfulButton));
  assert.ok(found, `no answer with feedback buttons in: ${allText(replies)}`);
  return found;
}

describe('analytics: feedback on answers', function () {
  it('an answer asks "Did this help?" with 👍 / 👎, records the question and the answer shown, and counts a 👍 once', async function () {
    const chat = new TestChat(app);
    const answer = answerOf(await chat.say('conversation history not saved in outlook'));
    assert.ok(stringsIn(answer.attachments).includes(analyticsMessages.didThisHelp), 'the card asks');
    const titles = buttonsOf(answer).map((b) => b.title);
    assert.ok(titles.includes(analyticsMessages.notHelpfulButton));
    const thanks = await chat.click(answer, analyticsMessages.helpfulButton);
    assert.equal(textOf(lastOf(thanks)), analyticsMessages.thanksHelpful);
    // The same button again (a double click, a stale card): thanked, not counted again.
    const again = await chat.click(answer, analyticsMessages.helpfulButton);
    assert.equal(textOf(lastOf(again)), analyticsMessages.alreadyCounted);
    const events = await eventsOf(chat);
    const [question] = ofType(events, 'question');
    assert.equal(question?.decision, 'answer');
    assert.equal(question.top, 'voicemail-archiving-conversation-history');
    assert.ok(question.score > 0.5);
    assert.equal(question.text, undefined, 'an answered question keeps no text');
    const shown = ofType(events, 'answerShown');
    assert.deepEqual(
      shown.map((s) => s.entry),
      ['voicemail-archiving-conversation-history'],
    );
    const feedback = ofType(events, 'feedback');
    assert.equal(feedback.length, 1);
    assert.deepEqual(
      { ...feedback[0], at: undefined, user: undefined },
      {
        type: 'feedback',
        entry: shown[0]?.entry,
        answer: shown[0]?.answer,
        helpful: true,
        at: undefined,
        user: undefined,
      },
    );
  });

  it('a 👎 keeps the question and offers the troubleshooter, the other matches and a handoff', async function () {
    const chat = new TestChat(app);
    const query = 'conversation history not saved in outlook';
    const answer = answerOf(await chat.say(query));
    const sorry = lastOf(await chat.click(answer, analyticsMessages.notHelpfulButton));
    const entry = app.services.knowledge.current.entries.get('voicemail-archiving-conversation-history');
    assert.ok(entry);
    assert.match(textOf(sorry), new RegExp(analyticsMessages.notHelpful(entry.title).slice(0, 20)));
    const buttons = buttonsOf(sorry);
    const tree = [...app.services.knowledge.current.trees.values()].find((t) => treeEntryIds(t).has(entry.id));
    if (tree)
      assert.ok(
        buttons.some((b) => b.title === analyticsMessages.tryTreeButton && b.text === `/troubleshoot ${tree.id}`),
      );
    else assert.ok(!buttons.some((b) => b.title === analyticsMessages.tryTreeButton));
    const others = buttons.filter((b) => b.title.startsWith(analyticsMessages.otherMatchButton('')));
    assert.deepEqual(
      others.map((b) => b.text),
      ['/kb ews-connectivity-features-unavailable', '/kb ews-features-mail-attribute'],
    );
    const handedOff = await chat.click(sorry, analyticsMessages.handOffButton);
    assert.match(
      allText(handedOff),
      new RegExp(messages.handoffInstructions.slice(0, 30).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
    );
    const events = await eventsOf(chat);
    const [feedback] = ofType(events, 'feedback');
    assert.equal(feedback?.helpful, false);
    assert.equal(feedback.text, query);
    assert.deepEqual(
      ofType(events, 'handoff').map((h) => h.source),
      ['feedback'],
    );
  });

  it('"None of these" on a did-you-mean is recorded as unanswered with the question, and hands off', async function () {
    const chat = new TestChat(app);
    const query = 'UCS contacts';
    const clarify = (await chat.say(query)).find((r) =>
      buttonsOf(r).some((b) => b.title === messages.search.noneOfTheseButton),
    );
    assert.ok(clarify, 'a did-you-mean with "None of these"');
    const replies = await chat.click(clarify, messages.search.noneOfTheseButton);
    assert.ok(
      buttonsOf(lastOf(replies)).some((b) => b.text === '/troubleshoot'),
      'the handoff reply',
    );
    const events = await eventsOf(chat);
    assert.equal(ofType(events, 'question')[0]?.decision, 'clarify');
    const [none] = ofType(events, 'noneOfThese');
    assert.equal(none?.text, query);
    assert.deepEqual(none.options, ['ucs-unsupported-clients', 'ucs-contact-list-read-only', 'feature-support-matrix']);
    assert.deepEqual(
      ofType(events, 'handoff').map((h) => h.source),
      ['noneOfThese'],
    );
  });

  it("a did-you-mean's choice is an answer too: it asks for feedback and is recorded as shown", async function () {
    const chat = new TestChat(app);
    const clarify = (await chat.say('UCS contacts')).find((r) =>
      buttonsOf(r).some((b) => b.text === '/kb ucs-unsupported-clients'),
    );
    const title = buttonsOf(clarify).find((b) => b.text === '/kb ucs-unsupported-clients')?.title ?? '';
    const answer = answerOf(await chat.click(clarify, title));
    await chat.click(answer, analyticsMessages.helpfulButton);
    const events = await eventsOf(chat);
    assert.deepEqual(
      ofType(events, 'answerShown').map((e) => e.entry),
      ['ucs-unsupported-clients'],
    );
    assert.deepEqual(
      ofType(events, 'feedback').map((e) => [e.entry, e.helpful]),
      [['ucs-unsupported-clients', true]],
    );
  });

  it('a question without an answer keeps its text, cut to 200 characters', async function () {
    const chat = new TestChat(app);
    const long = `how do I bake bread ${'with sourdough and rye '.repeat(20)}`;
    await chat.say(long);
    const [question] = ofType(await eventsOf(chat), 'question');
    assert.equal(question?.decision, 'none');
    assert.equal(question.text, long.replace(/\s+/g, ' ').trim().slice(0, 200));
  });
});

describe('analytics: troubleshooter events', function () {
  const tree = [...app.services.knowledge.current.trees.values()][0];

  it('records started, every step reached and resolved', async function () {
    assert.ok(tree);
    const chat = new TestChat(app);
    let last = lastOf(await chat.say(`/troubleshoot ${tree.id}`));
    for (let i = 0; i < 30 && !buttonsOf(last).some((b) => b.title === YES_FIXED); i++)
      last = lastOf(await chat.click(last, (buttonsOf(last)[0] ?? { title: '?' }).title));
    await chat.click(last, YES_FIXED);
    const events = (await eventsOf(chat)).filter((e) => e.type.startsWith('tree'));
    assert.equal(events[0]?.type, 'treeStarted');
    const steps = ofType(events, 'treeStep');
    assert.ok(steps.length >= 1);
    assert.equal(steps[0]?.node, tree.start);
    const [resolved] = ofType(events, 'treeResolved');
    assert.equal(resolved?.node, steps[steps.length - 1]?.node, 'resolved at the last step reached');
    assert.equal(events[events.length - 1]?.type, 'treeResolved');
  });

  it('records a cancel and a troubleshooter replaced by another as abandoned, at the step they were on', async function () {
    assert.ok(tree);
    const chat = new TestChat(app);
    await chat.say(`/troubleshoot ${tree.id}`);
    await chat.say('cancel');
    await chat.say(`/troubleshoot ${tree.id}`);
    await chat.say(`/troubleshoot ${tree.id}`);
    const abandoned = ofType(await eventsOf(chat), 'treeAbandoned');
    assert.deepEqual(
      abandoned.map((a) => [a.reason, a.node]),
      [
        ['cancel', tree.start],
        ['replaced', tree.start],
      ],
    );
  });

  it('a mid-tree /handoff records a handoff from the tree at its step', async function () {
    assert.ok(tree);
    const chat = new TestChat(app);
    await chat.say(`/troubleshoot ${tree.id}`);
    await chat.say('/handoff');
    const handoffs = ofType(await eventsOf(chat), 'handoff');
    assert.deepEqual(
      handoffs.map((h) => [h.source, h.tree, h.node]),
      [['tree', tree.id, tree.start]],
    );
  });
});
