/**
 * Bad input over HTTP, table-driven, against the real restify server and CloudAdapter (local mode):
 * every activity field with a wrong type, sizes at and over the limits, odd encodings, malformed
 * entities, attachments, values and channelData, unknown activity and invoke types, spoofed
 * channel ids. Each case starts a troubleshooter in its conversation first, then sends the bad
 * input and asserts the status (or a clear reply), that nothing the bot sends carries a control
 * character or internal detail, that the next normal turn is served, and that the troubleshooter
 * is still there.
 */
import assert from 'node:assert/strict';
import nock from 'nock';
import { hasUnsafeCharacters } from '../../replies/quote.js';
import {
  messageActivity,
  offlineOnly,
  postActivity,
  recordChannel,
  request,
  startBot,
  uniqueId,
  type HttpResult,
  type RunningBot,
  type SentActivity,
} from '../support/httpBot.js';
import { stringsIn, textOf } from '../support/harness.js';

const TREE = 'presence-missing-in-outlook';
const FIRST_QUESTION = /Where is the presence light missing\?/;
const BACK_TO_TREE = /Back to \*\*Presence missing in Outlook/;
const INTERNALS = /\n\s+at\s|\.ts:\d+|ENOTFOUND|TypeError|Cannot read prop/;
const MAX_BODY = 262_144;

type Activity = Record<string, unknown>;

interface Case {
  readonly name: string;
  /**
   * The bad request: a change to a normal message in the case's conversation (an Activity), a raw
   * body (a string), or any other JSON value.
   */
  readonly build: (base: Activity) => unknown;
  readonly contentType?: string;
  readonly status: number;
  /** A reply (in this conversation) must match; omitted: no particular reply is required. */
  readonly reply?: RegExp;
}

const text = (value: unknown): Partial<Activity> => ({ text: value });
const long = (n: number, unit = 'a'): string => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

const CASES: readonly Case[] = [
  // --- the essentials: refused with 400, never reach the bot
  { name: 'type missing', build: (a) => ({ ...a, type: undefined }), status: 400 },
  { name: 'type a number', build: (a) => ({ ...a, type: 42 }), status: 400 },
  { name: 'type empty', build: (a) => ({ ...a, type: '' }), status: 400 },
  { name: 'channelId a number', build: (a) => ({ ...a, channelId: 7 }), status: 400 },
  { name: 'channelId empty', build: (a) => ({ ...a, channelId: '' }), status: 400 },
  { name: 'serviceUrl not http(s)', build: (a) => ({ ...a, serviceUrl: 'ftp://channel.test' }), status: 400 },
  { name: 'serviceUrl missing', build: (a) => ({ ...a, serviceUrl: undefined }), status: 400 },
  { name: 'conversation a string', build: (a) => ({ ...a, conversation: 'c1' }), status: 400 },
  { name: 'conversation.id a number', build: (a) => ({ ...a, conversation: { id: 12 } }), status: 400 },
  { name: 'from missing', build: (a) => ({ ...a, from: undefined }), status: 400 },
  { name: 'recipient null', build: (a) => ({ ...a, recipient: null }), status: 400 },
  { name: 'a JSON array', build: (a) => [a], status: 400 },
  { name: 'JSON null', build: () => null, status: 400 },
  { name: 'malformed JSON', build: () => '{"type": "message", ', status: 400 },
  { name: 'text/plain body', build: (a) => JSON.stringify(a), contentType: 'text/plain', status: 415 },
  { name: `a body over ${MAX_BODY} bytes`, build: (a) => ({ ...a, ...text(long(MAX_BODY + 10)) }), status: 413 },
  // --- text: wrong types and odd contents are served
  { name: 'text a number', build: (a) => ({ ...a, ...text(42) }), status: 200, reply: /did not get any text/ },
  { name: 'text an object', build: (a) => ({ ...a, ...text({ t: 'x' }) }), status: 200, reply: /did not get any text/ },
  {
    name: 'text null with a value (a card submit)',
    build: (a) => ({ ...a, text: null, value: { text: '/help' } }),
    status: 200,
    reply: /I troubleshoot/,
  },
  { name: 'text null and no value', build: (a) => ({ ...a, text: null }), status: 200, reply: /did not get any text/ },
  {
    name: 'text at the body limit (about 256 KB)',
    build: (a) => ({ ...a, ...text(long(MAX_BODY - 2_000, 'presence outlook ')) }),
    status: 200,
    reply: /Your message is long/,
  },
  {
    name: 'text with NUL characters',
    build: (a) => ({ ...a, ...text('pres\u0000ence\u0000 not showing in outlook') }),
    status: 200,
    reply: /./,
  },
  { name: 'text with lone surrogates', build: (a) => ({ ...a, ...text('\ud800abc\udfff') }), status: 200, reply: /./ },
  {
    name: 'text with RTL overrides',
    build: (a) => ({ ...a, ...text('\u202egpj.exe\u202c\u2067x\u2069 what') }),
    status: 200,
    reply: /./,
  },
  {
    name: 'text with ESC and BEL',
    build: (a) => ({ ...a, ...text('\u001b[31mred\u001b[0m\u0007') }),
    status: 200,
    reply: /./,
  },
  { name: 'text of emoji', build: (a) => ({ ...a, ...text('😀👍🏽👨‍👩‍👧') }), status: 200, reply: /./ },
  {
    name: 'text of 10,000 new lines',
    build: (a) => ({ ...a, ...text(`x${'\n'.repeat(10_000)}y`) }),
    status: 200,
    reply: /./,
  },
  {
    name: 'text with a Markdown link in a command',
    build: (a) => ({ ...a, ...text('/msa [Verify](https://evil.example/login)@x.com') }),
    status: 200,
    reply: /not a valid/,
  },
  // --- other fields with wrong types are dropped
  {
    name: 'locale an object',
    build: (a) => ({ ...a, locale: { tag: 'en' }, ...text('/help') }),
    status: 200,
    reply: /I troubleshoot/,
  },
  {
    name: 'locale 2,000 characters',
    build: (a) => ({ ...a, locale: long(2_000), ...text('/help') }),
    status: 200,
    reply: /I troubleshoot/,
  },
  {
    name: 'timestamp not a date',
    build: (a) => ({ ...a, timestamp: 'yesterday', ...text('/help') }),
    status: 200,
    reply: /I troubleshoot/,
  },
  {
    name: 'timestamp an object',
    build: (a) => ({ ...a, localTimestamp: {}, ...text('/help') }),
    status: 200,
    reply: /I troubleshoot/,
  },
  {
    name: 'id and replyToId objects',
    build: (a) => ({ ...a, id: { x: 1 }, replyToId: [], ...text('/help') }),
    status: 200,
    reply: /I troubleshoot/,
  },
  {
    name: 'from.name an object',
    build: (a) => ({ ...a, from: { id: 'user-1', name: { first: 'x' } }, ...text('/help') }),
    status: 200,
    reply: /I troubleshoot/,
  },
  {
    name: 'from.aadObjectId a number',
    build: (a) => ({ ...a, from: { id: 'user-1', aadObjectId: 5 }, ...text('/help') }),
    status: 200,
    reply: /I troubleshoot/,
  },
  {
    name: 'conversation.isGroup a string',
    build: (a) => ({
      ...a,
      conversation: { id: (a.conversation as { id: string }).id, isGroup: 'yes' },
      ...text('/help'),
    }),
    status: 200,
    reply: /I troubleshoot/,
  },
  {
    name: 'deliveryMode a number',
    build: (a) => ({ ...a, deliveryMode: 9, ...text('/help') }),
    status: 200,
    reply: /I troubleshoot/,
  },
  // --- entities, attachments, value, channelData
  {
    name: 'entities [{}]',
    build: (a) => ({ ...a, entities: [{}], ...text('/help') }),
    status: 200,
    reply: /I troubleshoot/,
  },
  {
    name: 'entities [null]',
    build: (a) => ({ ...a, entities: [null], ...text('/help') }),
    status: 200,
    reply: /I troubleshoot/,
  },
  {
    name: 'entities "x"',
    build: (a) => ({ ...a, entities: 'x', ...text('/help') }),
    status: 200,
    reply: /I troubleshoot/,
  },
  {
    name: 'a mention without mentioned',
    build: (a) => ({ ...a, entities: [{ type: 'mention', text: '<at>Bot</at>' }], ...text('<at>Bot</at> /help') }),
    status: 200,
    reply: /I troubleshoot/,
  },
  {
    name: 'a mention whose text is not a string',
    build: (a) => ({ ...a, entities: [{ type: 'mention', mentioned: { id: 'bot-1' }, text: 7 }], ...text('/help') }),
    status: 200,
    reply: /I troubleshoot/,
  },
  {
    name: '2,000 entities',
    build: (a) => ({ ...a, entities: Array.from({ length: 2_000 }, () => ({ type: 'clientInfo' })), ...text('/help') }),
    status: 200,
    reply: /I troubleshoot/,
  },
  {
    name: 'attachments "x"',
    build: (a) => ({ ...a, attachments: 'x', ...text('/help') }),
    status: 200,
    reply: /I troubleshoot/,
  },
  {
    name: 'attachments [null, {contentType: 5}] and no text',
    build: (a) => ({ ...a, attachments: [null, { contentType: 5 }], text: undefined }),
    status: 200,
    reply: /did not get any text/,
  },
  {
    name: 'value a string',
    build: (a) => ({ ...a, value: 'x', ...text('/help') }),
    status: 200,
    reply: /I troubleshoot/,
  },
  {
    name: 'value.text a number, no text',
    build: (a) => ({ ...a, value: { text: 5 }, text: undefined }),
    status: 200,
    reply: /did not get any text/,
  },
  {
    name: 'value.step malformed',
    build: (a) => ({ ...a, value: { text: '/help', step: { tree: '../../etc', node: 1 } }, ...text('/help') }),
    status: 200,
    reply: /I troubleshoot/,
  },
  {
    name: 'value.step of another troubleshooter',
    build: (a) => ({
      ...a,
      value: { text: 'x', step: { tree: 'ucs-contact-list', node: 'ucs-symptom', choice: 'Empty, contacts gone' } },
      ...text('x'),
    }),
    status: 200,
    reply: /belongs to/,
  },
  {
    name: 'channelData "x"',
    build: (a) => ({ ...a, channelData: 'x', ...text('/help') }),
    status: 200,
    reply: /I troubleshoot/,
  },
  {
    name: 'channelData with a team of the wrong shape',
    build: (a) => ({ ...a, channelData: { tenant: 'x', team: 5, eventType: {} }, ...text('/help') }),
    status: 200,
    reply: /I troubleshoot/,
  },
  {
    name: '__proto__ in the body',
    build: (a) => `{"__proto__":{"isAdmin":true},${JSON.stringify({ ...a, ...text('/stats') }).slice(1)}`,
    status: 200,
    reply: /admin command/,
  },
  // --- other activity and invoke types
  { name: 'an unknown activity type', build: (a) => ({ ...a, type: 'somethingNew' }), status: 200 },
  {
    name: 'an unknown invoke',
    build: (a) => ({ ...a, type: 'invoke', name: 'vendor/unknown', value: {} }),
    status: 200,
  },
  { name: 'an invoke with a numeric name', build: (a) => ({ ...a, type: 'invoke', name: 5 }), status: 200 },
  { name: 'an event', build: (a) => ({ ...a, type: 'event', name: 'webchat/join' }), status: 200 },
  {
    name: 'conversationUpdate with membersAdded "x"',
    build: (a) => ({ ...a, type: 'conversationUpdate', membersAdded: 'x' }),
    status: 200,
  },
  {
    name: 'conversationUpdate with membersAdded [null]',
    build: (a) => ({ ...a, type: 'conversationUpdate', membersAdded: [null, { id: 5 }] }),
    status: 200,
  },
  { name: 'typing', build: (a) => ({ ...a, type: 'typing' }), status: 200 },
  // --- spoofed channels: never admin
  {
    name: 'channelId "terminal" running /stats',
    build: (a) => ({ ...a, channelId: 'terminal', ...text('/stats') }),
    status: 200,
    reply: /admin command and you are not on the admin list/,
  },
  {
    name: 'channelId "terminal" running /probe-metadata',
    build: (a) => ({ ...a, channelId: 'terminal', ...text('/probe-metadata https://127.0.0.1/metadata/json/1') }),
    status: 200,
    reply: /admin command/,
  },
  {
    name: 'msteams with an admin-looking aadObjectId, no token',
    build: (a) => ({
      ...a,
      channelId: 'msteams',
      from: { id: '29:x', aadObjectId: '00000000-0000-4000-8000-0000000000aa' },
      ...text('/stats'),
    }),
    status: 200,
    reply: /admin command/,
  },
];

function repliesOf(res: HttpResult, sent: readonly SentActivity[]): Record<string, unknown>[] {
  const inline = ((res.json as { activities?: Record<string, unknown>[] } | undefined)?.activities ?? []).filter(
    (a) => a.type === 'message',
  );
  return [...inline, ...sent.map((s) => s.body).filter((b) => b.type === 'message')];
}
/** Every string inside a value (texts, titles, button values). */

describe('bad input over HTTP (table-driven; progress survives every case)', function () {
  let bot: RunningBot;
  before(async function () {
    bot = await startBot({ ADMIN_AAD_OBJECT_IDS: '00000000-0000-4000-8000-0000000000aa' });
  });
  after(async function () {
    await bot.close();
  });
  beforeEach(offlineOnly);
  afterEach(function () {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  /** A message in `conversationId` that asks for its replies in the HTTP response. */
  const message = (body: string, conversationId: string): Activity => ({
    ...messageActivity(body, { conversationId }),
    deliveryMode: 'expectReplies',
  });
  const post = async (body: unknown, conversationId: string, contentType?: string): Promise<HttpResult> =>
    typeof body === 'string'
      ? request('POST', `${bot.baseUrl}/api/messages`, body, { contentType: contentType ?? 'application/json' })
      : postActivity(bot, body, contentType ? { contentType } : {});

  it(`has at least 40 cases (${CASES.length})`, function () {
    assert.ok(CASES.length >= 40);
  });

  for (const c of CASES) {
    it(`${c.name}: ${c.status}${c.reply ? ', with a clear reply' : ''}`, async function () {
      const conversationId = uniqueId('bad');
      const { sent } = recordChannel(conversationId);
      const started = await post(message(`/troubleshoot ${TREE}`, conversationId), conversationId);
      assert.match(repliesOf(started, []).map(textOf).join('\n'), FIRST_QUESTION);

      const res = await post(c.build(message('hello', conversationId)), conversationId, c.contentType);
      assert.equal(res.status, c.status, `status ${res.status}: ${res.text.slice(0, 300)}`);
      assert.doesNotMatch(res.text, INTERNALS, 'the response carries no internal detail');
      const replies = repliesOf(res, sent);
      if (c.reply) assert.match(replies.map(textOf).join('\n'), c.reply);
      for (const r of replies)
        for (const value of stringsIn(r))
          assert.equal(
            hasUnsafeCharacters(value),
            false,
            `a reply carries an unsafe character: ${JSON.stringify(value).slice(0, 200)}`,
          );

      const next = await post(message('/help', conversationId), conversationId);
      assert.equal(next.status, 200);
      assert.match(
        repliesOf(next, []).map(textOf).join('\n'),
        BACK_TO_TREE,
        'the next turn is served and the troubleshooter is still there',
      );
    });
  }
});
