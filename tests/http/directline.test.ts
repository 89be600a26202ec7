/**
 * The bot's own Direct Line over real HTTP: conversations, posting and polling with a watermark,
 * tokens (required, bound to one conversation, expiring, refreshable), rate and body limits, history
 * after a restart on the same store, and the trust model with MicrosoftAppId set.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { MemoryStorage } from 'botbuilder';
import nock from 'nock';
import { request, messageActivity, offlineOnly, uniqueId } from '../support/httpBot.js';
import { buttonsOf } from '../support/harness.js';
import {
  DL,
  bearer,
  botTexts,
  poll,
  postMessage,
  startConversation,
  startWebChatBot,
  tempSecretFile,
  type WebChatBot,
} from './directlineKit.js';

const SECRET = { DIRECTLINE_SECRET: 'test-secret-of-at-least-thirty-two-characters' };

describe('Direct Line: conversations, activities, watermark', function () {
  let bot: WebChatBot;
  before(async () => (bot = await startWebChatBot({ env: SECRET })));
  after(() => bot.close());

  it('starts a conversation without a token and welcomes the user once', async () => {
    const c = await startConversation(bot);
    assert.match(c.conversationId, /^[A-Za-z0-9_-]{22}$/);
    assert.equal(c.expires_in, 1800);
    const first = await poll(bot, c);
    const welcome = botTexts(first.activities).filter((t) => t.includes('I help fix'));
    assert.equal(welcome.length, 1);
    const activity = first.activities.at(0);
    assert.equal(activity?.channelId, 'webchat');
    assert.equal(activity.textFormat, 'markdown');
    assert.equal(first.watermark, String(first.activities.length));
    // Polling again from the watermark: nothing new, the welcome is not repeated.
    assert.deepEqual((await poll(bot, c, first.watermark)).activities, []);
    assert.equal(botTexts((await poll(bot, c)).activities).filter((t) => t.includes('I help fix')).length, 1);
  });

  it('takes the user from the token, never from the posted activity', async () => {
    const a = await startConversation(bot);
    const b = await startConversation(bot);
    const res = await postMessage(bot, a, { text: '/help', from: { id: 'dl_admin', name: 'Admin', role: 'user' } });
    assert.equal(res.status, 200);
    const { id } = res.json as { id: string };
    assert.match(id, new RegExp(`^${a.conversationId}\\|\\d{7}$`));
    const echoed = (await poll(bot, a)).activities.find((x) => x.id === id);
    const user = (echoed?.from as { id: string }).id;
    assert.match(user, /^dl_[A-Za-z0-9_-]{22}$/);
    assert.notEqual(user, 'dl_admin');
    const other = (await poll(bot, b)).activities[0]?.recipient as { id: string };
    assert.notEqual(other.id, user, 'each conversation has its own user');
  });

  it('returns only the activities after the watermark, the replies pointing at the message', async () => {
    const c = await startConversation(bot);
    const { watermark } = await poll(bot, c);
    const res = await postMessage(bot, c, { text: 'presence status not showing in outlook' });
    const { id } = res.json as { id: string };
    const after = await poll(bot, c, watermark);
    assert.equal(after.activities.at(0)?.id, id);
    assert.equal(after.activities.at(0)?.text, 'presence status not showing in outlook');
    const replies = after.activities.slice(1);
    assert.equal(replies.length, 1, 'the lead-in, the introduction and the first step in one activity');
    for (const r of replies) assert.equal(r.replyToId, id);
    assert.ok(botTexts(replies).some((t) => t.includes('Where is the presence light missing?')));
    assert.equal(Number(after.watermark), Number(watermark) + after.activities.length);
    assert.deepEqual((await poll(bot, c, after.watermark)).activities, []);
  });

  it('walks a troubleshooter with button values as Web Chat posts them', async () => {
    const c = await startConversation(bot);
    await postMessage(bot, c, { text: '/troubleshoot presence-missing-in-outlook' });
    const card = (await poll(bot, c)).activities.at(-1);
    const desktop = buttonsOf(card).find((b) => b.title === 'Outlook desktop app');
    assert.ok(desktop?.data, 'the step is an Adaptive Card with a Submit');
    const { watermark } = await poll(bot, c);
    // Web Chat posts a Submit's data as the message's value, with no text.
    await postMessage(bot, c, {
      value: desktop.data,
      channelData: { clientActivityID: 'client-1', messageBack: { displayText: desktop.title } },
    });
    const next = await poll(bot, c, watermark);
    assert.deepEqual(next.activities[0]?.channelData, {
      clientActivityID: 'client-1',
      messageBack: { displayText: 'Outlook desktop app' },
    });
    assert.ok(botTexts(next.activities).some((t) => t.includes('Is the Skype for Business client running')));
  });

  it('reconnects and refreshes: a fresh token for the same conversation', async () => {
    const c = await startConversation(bot);
    const again = await request('GET', `${bot.baseUrl}${DL}/conversations/${c.conversationId}?watermark=`, undefined, {
      headers: bearer(c.token),
    });
    assert.equal(again.status, 200);
    assert.equal((again.json as { conversationId: string }).conversationId, c.conversationId);
    const refreshed = await request('POST', `${bot.baseUrl}${DL}/tokens/refresh`, '', { headers: bearer(c.token) });
    assert.equal(refreshed.status, 200);
    const body = refreshed.json as { conversationId: string; token: string; expires_in: number };
    assert.equal(body.conversationId, c.conversationId);
    assert.equal((await poll(bot, { conversationId: c.conversationId, token: body.token })).activities.length, 1);
    // POST /conversations with a token answers for that token's conversation (DirectLineJS does this).
    const withToken = await request('POST', `${bot.baseUrl}${DL}/conversations`, '{}', { headers: bearer(c.token) });
    assert.equal((withToken.json as { conversationId: string }).conversationId, c.conversationId);
  });

  it('serves the transcript as a text download', async () => {
    const c = await startConversation(bot);
    await postMessage(bot, c, { text: '/troubleshoot presence-missing-in-outlook' });
    const res = await request('GET', `${bot.baseUrl}${DL}/conversations/${c.conversationId}/transcript`, undefined, {
      headers: bearer(c.token),
    });
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain; charset=utf-8/);
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="web-chat-transcript-/);
    assert.match(res.text, /You:\n\/troubleshoot presence-missing-in-outlook/);
    assert.match(res.text, /Buttons: Outlook desktop app \| Outlook on the web \(OWA\)/);
  });
});

describe('Direct Line: tokens', function () {
  let bot: WebChatBot;
  let clock = Date.now();
  before(async () => (bot = await startWebChatBot({ env: SECRET, now: () => clock })));
  after(() => bot.close());

  const routes = (id: string): [string, string, string?][] => [
    ['POST', `${DL}/conversations/${id}/activities`, JSON.stringify({ type: 'message', text: 'hi' })],
    ['GET', `${DL}/conversations/${id}/activities?watermark=`],
    ['GET', `${DL}/conversations/${id}?watermark=`],
    ['GET', `${DL}/conversations/${id}/transcript`],
  ];

  it('refuses every conversation call without a valid token (401)', async () => {
    const c = await startConversation(bot);
    const [head, payload, signature] = c.token.split('.') as [string, string, string];
    const forged = `${head}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const otherUser = Buffer.from(JSON.stringify({ ...claims, user: 'dl_someone' })).toString('base64url');
    for (const auth of [
      undefined,
      'Bearer',
      'Bearer not-a-token',
      `Bearer ${forged}`,
      `Bearer ${head}.${otherUser}.${signature}`,
      c.token,
    ]) {
      for (const [method, path, body] of [
        ...routes(c.conversationId),
        ['POST', `${DL}/tokens/refresh`, ''] as [string, string, string],
      ]) {
        const res = await request(method, `${bot.baseUrl}${path}`, body, {
          headers: auth ? { authorization: auth } : {},
        });
        assert.equal(res.status, 401, `${method} ${path} with ${String(auth).slice(0, 20)}`);
        assert.equal((res.json as { error: { code: string } }).error.code, 'Unauthorized');
      }
    }
  });

  it("refuses another conversation's token (403): nobody reads or posts into another's conversation", async () => {
    const a = await startConversation(bot);
    const b = await startConversation(bot);
    for (const [method, path, body] of routes(b.conversationId)) {
      const res = await request(method, `${bot.baseUrl}${path}`, body, { headers: bearer(a.token) });
      assert.equal(res.status, 403, `${method} ${path}`);
    }
    assert.equal((await poll(bot, b)).activities.length, 1, "b's transcript is untouched");
  });

  it('expires tokens (403), refreshes only live ones', async () => {
    const c = await startConversation(bot);
    clock += 1000 * 1000;
    const refreshed = await request('POST', `${bot.baseUrl}${DL}/tokens/refresh`, '', { headers: bearer(c.token) });
    const fresh = (refreshed.json as { token: string }).token;
    clock += 1000 * 1000; // 2000 s after the first token was issued: it expired, the refreshed one did not
    const expired = await request(
      'GET',
      `${bot.baseUrl}${DL}/conversations/${c.conversationId}/activities`,
      undefined,
      {
        headers: bearer(c.token),
      },
    );
    assert.equal(expired.status, 403);
    assert.equal((expired.json as { error: { code: string } }).error.code, 'TokenExpired');
    const late = await request('POST', `${bot.baseUrl}${DL}/tokens/refresh`, '', { headers: bearer(c.token) });
    assert.equal(late.status, 403);
    assert.equal((await poll(bot, { conversationId: c.conversationId, token: fresh })).activities.length, 1);
  });

  it('ends a conversation after its lifetime: 404, and its transcript is deleted from the store', async () => {
    const c = { ...(await startConversation(bot)) };
    for (let i = 0; i < 50; i++) {
      // Keep a token alive by refreshing, as the page does, while no message is posted for a day.
      clock += 29 * 60 * 1000;
      const r = await request('POST', `${bot.baseUrl}${DL}/tokens/refresh`, '', { headers: bearer(c.token) });
      if (r.status === 404) break;
      c.token = (r.json as { token: string }).token;
    }
    const gone = await request('GET', `${bot.baseUrl}${DL}/conversations/${c.conversationId}/activities`, undefined, {
      headers: bearer(c.token),
    });
    assert.equal(gone.status, 404);
    const stored = await bot.app.storage.read([`directline/conversation/${c.conversationId}`]);
    assert.deepEqual(stored, {});
  });

  it('sweeps expired conversations nobody asks for again', async () => {
    const c = await startConversation(bot);
    const key = `directline/conversation/${c.conversationId}`;
    assert.ok((await bot.app.storage.read([key]))[key]);
    clock += 2 * 86400 * 1000;
    assert.ok((await bot.webChat.store.sweep()) >= 1);
    assert.deepEqual(await bot.app.storage.read([key]), {});
  });
});

describe('Direct Line: rate and body limits', function () {
  let bot: WebChatBot;
  before(
    async () =>
      (bot = await startWebChatBot({
        env: {
          ...SECRET,
          DIRECTLINE_CONVERSATIONS_PER_MINUTE: '3',
          DIRECTLINE_MESSAGES_PER_MINUTE: '2',
          DIRECTLINE_POLLS_PER_MINUTE: '10',
          MAX_BODY_BYTES: '30000',
        },
      })),
  );
  after(() => bot.close());

  it('limits new conversations per client address (429 with Retry-After)', async () => {
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await request('POST', `${bot.baseUrl}${DL}/conversations`));
    assert.deepEqual(
      results.map((r) => r.status),
      [201, 201, 201, 429],
    );
    assert.match(String(results[3]?.headers['retry-after']), /^\d+$/);
  });

  it('refuses bodies over MAX_BODY_BYTES (413), other content types (415), non-messages and long texts (400)', async () => {
    const other = await startWebChatBot({ env: { ...SECRET, MAX_BODY_BYTES: '30000' } });
    try {
      const c = await startConversation(other);
      const url = `${other.baseUrl}${DL}/conversations/${c.conversationId}/activities`;
      const big = await request('POST', url, JSON.stringify({ type: 'message', text: 'x'.repeat(40_000) }), {
        headers: bearer(c.token),
      });
      assert.equal(big.status, 413);
      const plain = await request('POST', url, 'hello', { headers: bearer(c.token), contentType: 'text/plain' });
      assert.equal(plain.status, 415);
      const long = await postMessage(other, c, { text: 'y'.repeat(20_001) });
      assert.equal(long.status, 400);
      assert.match(long.text, /at most 20000 characters/);
      for (const body of [{ type: 'typing' }, { type: 'message' }, { type: 'message', text: 42 }]) {
        const res = await request('POST', url, JSON.stringify(body), { headers: bearer(c.token) });
        assert.equal(res.status, 400, JSON.stringify(body));
      }
      const broken = await request('POST', url, '{"type":', { headers: bearer(c.token) });
      assert.equal(broken.status, 400);
      assert.equal((await poll(other, c)).activities.length, 1, 'nothing refused reached the transcript');
    } finally {
      await other.close();
    }
  });
});

describe('Direct Line: per-conversation limits', function () {
  let bot: WebChatBot;
  before(
    async () =>
      (bot = await startWebChatBot({
        env: {
          ...SECRET,
          DIRECTLINE_MESSAGES_PER_MINUTE: '2',
          DIRECTLINE_POLLS_PER_MINUTE: '10',
          DIRECTLINE_MAX_ACTIVITIES: '20',
        },
      })),
  );
  after(() => bot.close());

  it('limits messages per conversation, not per server', async () => {
    const a = await startConversation(bot);
    const b = await startConversation(bot);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await postMessage(bot, a, { text: '/help' })).status);
    assert.deepEqual(statuses, [200, 200, 429]);
    assert.equal((await postMessage(bot, b, { text: '/help' })).status, 200);
  });

  it('limits polls per conversation', async () => {
    const c = await startConversation(bot);
    const statuses = [];
    for (let i = 0; i < 11; i++)
      statuses.push(
        (
          await request('GET', `${bot.baseUrl}${DL}/conversations/${c.conversationId}/activities`, undefined, {
            headers: bearer(c.token),
          })
        ).status,
      );
    assert.deepEqual(statuses, [...Array<number>(10).fill(200), 429]);
  });

  it('keeps at most DIRECTLINE_MAX_ACTIVITIES per conversation, the watermark still counting', async () => {
    const c = await startConversation(bot);
    const store = bot.webChat.store;
    for (let i = 0; i < 30; i++) await store.append(c.conversationId, [{ type: 'message', text: `n${i}` }]);
    const all = await store.since(c.conversationId, 0);
    assert.ok(all);
    assert.equal(all.activities.length, 20);
    assert.equal(all.watermark, '31');
    assert.equal(all.activities.at(-1)?.text, 'n29');
    assert.deepEqual(
      (await store.since(c.conversationId, 29))?.activities.map((a) => a.text),
      ['n28', 'n29'],
    );
  });
});

describe('Direct Line: history after a restart on the same store', function () {
  it('keeps the conversation, its token and the troubleshooter step; the welcome is not repeated', async () => {
    const storage = new MemoryStorage();
    const secretFile = tempSecretFile();
    const first = await startWebChatBot({ storage, secretFile });
    const c = await startConversation(first);
    await postMessage(first, c, { text: 'presence status not showing in outlook' });
    const before = await poll(first, c);
    await first.close();
    assert.ok(fs.existsSync(secretFile), 'the generated secret is kept');
    assert.equal(fs.statSync(secretFile).mode & 0o777, 0o600);

    const second = await startWebChatBot({ storage, secretFile });
    try {
      const after = await poll(second, c);
      assert.deepEqual(after, before);
      const res = await postMessage(second, c, { text: 'Outlook desktop app' });
      assert.equal(res.status, 200);
      const next = await poll(second, c, after.watermark);
      assert.ok(botTexts(next.activities).some((t) => t.includes('Is the Skype for Business client running')));
      assert.equal(botTexts((await poll(second, c)).activities).filter((t) => t.includes('I help fix')).length, 1);
    } finally {
      await second.close();
    }
  });

  it('with another secret, the old tokens are refused', async () => {
    const storage = new MemoryStorage();
    const first = await startWebChatBot({ storage });
    const c = await startConversation(first);
    await first.close();
    const second = await startWebChatBot({ storage });
    try {
      const res = await request(
        'GET',
        `${second.baseUrl}${DL}/conversations/${c.conversationId}/activities`,
        undefined,
        {
          headers: bearer(c.token),
        },
      );
      assert.equal(res.status, 401);
    } finally {
      await second.close();
    }
  });
});

describe('Direct Line with MicrosoftAppId set', function () {
  let bot: WebChatBot;
  before(async () => {
    offlineOnly();
    bot = await startWebChatBot({
      env: {
        ...SECRET,
        MicrosoftAppId: '00000000-0000-4000-8000-000000000001',
        MicrosoftAppPassword: 'x',
        ADMIN_AAD_OBJECT_IDS: '00000000-0000-4000-8000-000000000002',
      },
    });
  });
  after(async () => {
    await bot.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('answers through the local channel with no request leaving the machine', async () => {
    const c = await startConversation(bot);
    await postMessage(bot, c, { text: 'my contact list is read-only' });
    const texts = botTexts((await poll(bot, c)).activities);
    assert.ok(texts.some((t) => t.includes('I help fix')));
    assert.ok(
      texts.some((t) => /Unified Contact Store/.test(t)),
      texts.join('\n---\n'),
    );
  });

  it('still refuses an unauthenticated POST to /api/messages (401)', async () => {
    const activity = messageActivity('hello', { conversationId: uniqueId('c') });
    const res = await request('POST', `${bot.baseUrl}/api/messages`, JSON.stringify(activity));
    assert.equal(res.status, 401);
  });

  it('does not let a web chat message claim to be from Teams or an admin', async () => {
    const c = await startConversation(bot);
    const { watermark } = await poll(bot, c);
    await postMessage(bot, c, {
      text: '/stats',
      channelId: 'msteams',
      from: { id: 'x', aadObjectId: '00000000-0000-4000-8000-000000000002' },
    });
    const reply = botTexts((await poll(bot, c, watermark)).activities).join('\n');
    assert.match(reply, /is an admin command and you are not on the admin list/);
    assert.doesNotMatch(reply, /Uptime/);
  });
});
