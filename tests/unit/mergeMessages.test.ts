/**
 * One connector post per turn where the replies fit in one activity (`mergeMessages`), and the
 * @mention that names the user once per activity (`withMention`).
 */
import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { mergeMessages, reply, toActivity, withMention } from '../../replies/reply.js';
import { mentionsOf } from '../support/harness.js';

const envelope = {
  replyToId: 'in-1',
  conversation: { id: 'conv-1', isGroup: false, conversationType: 'personal', name: 'c' },
  channelId: 'msteams',
  serviceUrl: 'https://smba.invalid/',
  from: { id: 'bot', name: 'Troubleshooter' },
  recipient: { id: 'user-1', name: 'Tess' },
  locale: 'en-US',
};

function text(t: string, extra: Partial<Activity> = {}): Partial<Activity> {
  return { ...envelope, ...toActivity(reply(t), 'msteams'), ...extra };
}

function card(): Partial<Activity> {
  const withButtons = toActivity(reply('Pick one', [{ label: 'Yes', text: 'yes' }]), 'msteams');
  return { ...envelope, ...withButtons };
}

function adaptive(): Partial<Activity> {
  return {
    ...envelope,
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Step 1' }] },
      },
    ],
  };
}

describe('mergeMessages: one post per turn where it fits', function () {
  it('folds a run of texts into the card after them, in the order the channel shows them', function () {
    const [first, second, last] = [text('I think this is it.'), text('**Presence** missing'), adaptive()];
    const out = mergeMessages([first, second, last]);
    assert.equal(out.length, 1);
    const [merged] = out;
    assert.ok(merged);
    assert.equal(merged.text, `${first.text}\n\n${second.text}`);
    assert.equal(merged.textFormat, 'markdown');
    assert.deepEqual(merged.attachments, last.attachments);
    assert.equal(merged.replyToId, 'in-1');
  });

  it("puts a text above a card's own text and keeps the card's buttons", function () {
    const withButtons = card();
    const out = mergeMessages([text('First.'), withButtons]);
    assert.equal(out.length, 1);
    const [merged] = out;
    assert.ok(merged);
    assert.equal(merged.text, `First.\n\n${withButtons.text}`);
    assert.deepEqual(merged.attachments, withButtons.attachments);
  });

  it('keeps a message after a card separate: it would move above the card', function () {
    const out = mergeMessages([adaptive(), text('Or start over.')]);
    assert.equal(out.length, 2);
    const out2 = mergeMessages([card(), text('More.')]);
    assert.equal(out2.length, 2);
  });

  it('never merges typing, invoke responses or events, and keeps their place', function () {
    const typing: Partial<Activity> = { ...envelope, type: 'typing' };
    const invoke: Partial<Activity> = { type: 'invokeResponse', value: { status: 200 } };
    const event: Partial<Activity> = { ...envelope, type: 'event', name: 'progress' };
    const out = mergeMessages([typing, text('a'), invoke, text('b'), event, text('c'), adaptive()]);
    assert.deepEqual(
      out.map((a) => a.type),
      ['typing', 'message', 'invokeResponse', 'message', 'event', 'message'],
    );
    assert.equal(out[5]?.text, 'c');
  });

  it('keeps messages separate when the first carries more than text, or they answer different messages', function () {
    const suggested = text('Pick', {
      suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'x', value: 'x' }] },
    });
    assert.equal(mergeMessages([suggested, adaptive()]).length, 2, 'suggested actions would be lost');
    assert.equal(mergeMessages([text('a', { speak: 'a' }), text('b')]).length, 2, 'speech would be lost');
    assert.equal(mergeMessages([text('a', { replyToId: 'other' }), text('b')]).length, 2);
    assert.equal(mergeMessages([text('a', { textFormat: 'plain' }), text('b')]).length, 2, 'formats differ');
    assert.equal(mergeMessages([{ ...envelope, type: 'message', text: '' }, text('b')]).length, 2);
  });

  it('stays under the size a channel accepts in one message', function () {
    const big = 'x'.repeat(12_000);
    const out = mergeMessages([text(big), text(big), text('small')]);
    assert.deepEqual(
      out.map((a) => a.text?.length),
      [12_000, 12_000 + 2 + 'small'.length],
    );
  });

  it("keeps both messages' mention entities", function () {
    const user = { id: 'user-1', name: 'Tess' };
    const out = mergeMessages([withMention(text('Hello'), user), text('Next')]);
    assert.equal(out.length, 1);
    assert.deepEqual(
      mentionsOf(out[0]).map((m) => m.id),
      ['user-1'],
    );
    assert.ok(out[0]?.text?.startsWith('<at>Tess</at> Hello\n\nNext'));
  });
});

describe('withMention', function () {
  const user = { id: 'user-1', name: 'Tess' };

  it('mentions a user once, however often it is applied (a turn run again registers its hook again)', function () {
    const once = withMention(text('Hello'), user);
    assert.deepEqual(withMention(once, user), once);
    const cardOnce = withMention(adaptive(), user);
    assert.deepEqual(withMention(cardOnce, user), cardOnce);
  });

  it('names the user in the text when a message has text above its card', function () {
    const merged = mergeMessages([text('Hello'), adaptive()])[0] ?? {};
    const mentioned = withMention(merged, user);
    assert.ok(mentioned.text?.startsWith('<at>Tess</at> '));
    assert.deepEqual(mentioned.attachments, merged.attachments, 'the card is left as it is');
  });
});
