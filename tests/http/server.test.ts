/**
 * The real restify server from createServer(), on 127.0.0.1:0, with the real app and CloudAdapter.
 * Outbound calls (the channel's connector, the AAD token endpoint, the OpenID metadata) are nock
 * mocks; nothing leaves loopback.
 */
import assert from 'node:assert/strict';
import nock from 'nock';
import { messages } from '../../replies/messages.js';
import { packageVersion } from '../../bot/app.js';
import {
  BOT_ACCOUNT,
  SERVICE_URL,
  USER_ACCOUNT,
  membersAddedActivity,
  messageActivity,
  messageTexts,
  offlineOnly,
  postActivity,
  recordChannel,
  replyPath,
  request,
  startBot,
  uniqueId,
  type RunningBot,
} from '../support/httpBot.js';
import {
  FAKE_ACCESS_TOKEN,
  mockOpenIdMetadata,
  mockOutboundToken,
  processSigningKey,
  signChannelToken,
  type TokenRequest,
} from '../support/channelAuth.js';

const MAX_BODY_BYTES = 2048;

/** A stack frame line as Node prints it ("    at fn (file:line:col)"). */
const STACK_FRAME = /\n\s+at\s|\.ts:\d+:\d+/;

describe('HTTP server (local mode: empty MicrosoftAppId)', function () {
  let bot: RunningBot;

  before(async function () {
    bot = await startBot({ MAX_BODY_BYTES: String(MAX_BODY_BYTES) });
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

  /** Sends `/help` and asserts it is answered through the connector: proof the server still serves. */
  async function assertStillServes(): Promise<void> {
    const conversationId = uniqueId('conv-alive');
    const incoming = messageActivity('/help', { conversationId });
    const scope = nock(SERVICE_URL)
      .post(replyPath(conversationId, String(incoming.id)))
      .reply(200, { id: 'reply-1' });
    const res = await postActivity(bot, incoming);
    assert.equal(res.status, 200);
    assert.ok(scope.isDone(), 'the reply to /help was not posted to the channel');
  }

  describe('GET /healthz', function () {
    it('returns 200 JSON with status, version, uptime, content counts, storage and auth', async function () {
      const res = await request('GET', `${bot.baseUrl}/healthz`);
      assert.equal(res.status, 200);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      const body = res.json as Record<string, unknown>;
      assert.equal(body.status, 'ok');
      assert.equal(body.version, packageVersion());
      assert.equal(typeof body.uptimeSeconds, 'number');
      assert.ok((body.uptimeSeconds as number) >= 0);
      const content = body.content as Record<string, unknown>;
      assert.equal(typeof content.entries, 'number');
      assert.ok((content.entries as number) > 0, 'no content entries loaded');
      assert.deepEqual(content, bot.app.services.knowledge.counts());
      assert.ok(!Number.isNaN(Date.parse(String(body.contentLoadedAt))), 'contentLoadedAt is not a date');
      assert.equal(body.storage, 'memory');
      assert.equal(body.auth, 'off');
    });
  });

  describe('POST /api/messages, as the Emulator posts it', function () {
    it('answers /help with a reply posted to {serviceUrl}/v3/conversations/{id}/activities/{activityId}', async function () {
      const conversationId = uniqueId('conv-help');
      const incoming = messageActivity('/help', { conversationId });
      let reply: Record<string, unknown> | undefined;
      const scope = nock(SERVICE_URL)
        .post(replyPath(conversationId, String(incoming.id)), (body: Record<string, unknown>) => {
          reply = body;
          return true;
        })
        .reply(200, { id: 'reply-1' });

      const res = await postActivity(bot, incoming);

      assert.equal(res.status, 200);
      assert.ok(scope.isDone(), 'the reply was not posted to the channel');
      assert.ok(reply);
      assert.equal(reply.type, 'message');
      assert.match(String(reply.text), /\/help/);
      assert.equal(reply.replyToId, incoming.id);
      assert.deepEqual(reply.conversation, { id: conversationId });
      assert.equal((reply.recipient as { id?: string }).id, USER_ACCOUNT.id);
      assert.equal((reply.from as { id?: string }).id, BOT_ACCOUNT.id);
    });

    it('welcomes each added member once, and not again on a repeated conversationUpdate', async function () {
      const conversationId = uniqueId('conv-welcome');
      const { sent } = recordChannel(conversationId);
      const members = [
        { id: 'user-a', name: 'Alice' },
        { id: 'user-b', name: 'Bob' },
        { id: BOT_ACCOUNT.id, name: BOT_ACCOUNT.name },
      ];

      const first = await postActivity(bot, membersAddedActivity(members, { conversationId }));
      assert.equal(first.status, 200);
      const welcomes = messageTexts(sent);
      assert.equal(welcomes.length, 2, `expected one welcome per human member, got ${JSON.stringify(welcomes)}`);
      assert.match(welcomes[0] ?? '', /Alice/);
      assert.match(welcomes[1] ?? '', /Bob/);
      for (const text of welcomes) assert.match(text, /Skype for Business/);

      const again = await postActivity(bot, membersAddedActivity(members, { conversationId }));
      assert.equal(again.status, 200);
      assert.equal(sent.length, 2, `a repeated conversationUpdate sent ${sent.length - 2} more activities`);
    });

    it('returns the replies in the HTTP response for deliveryMode "expectReplies"', async function () {
      const conversationId = uniqueId('conv-expect');
      const { sent } = recordChannel(conversationId);
      const incoming = messageActivity('/help', { conversationId, extra: { deliveryMode: 'expectReplies' } });

      const res = await postActivity(bot, incoming);

      assert.equal(res.status, 200);
      const body = res.json as { activities?: Record<string, unknown>[] };
      assert.ok(Array.isArray(body.activities), `no activities in ${res.text}`);
      assert.equal(body.activities.length, 1);
      const reply = body.activities[0] ?? {};
      assert.equal(reply.type, 'message');
      assert.match(String(reply.text), /\/help/);
      assert.equal(reply.replyToId, incoming.id);
      assert.equal(sent.length, 0, 'expectReplies must not post to the connector');
    });
  });

  describe('bad requests never reach the bot', function () {
    it('answers malformed JSON with 400 and keeps serving', async function () {
      const res = await request('POST', `${bot.baseUrl}/api/messages`, '{"type": "message", "text": "/help"');
      assert.equal(res.status, 400);
      await assertStillServes();
    });

    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      it(`answers an activity sent as ${contentType} with 415 and keeps serving`, async function () {
        const conversationId = uniqueId('conv-ct');
        const { sent } = recordChannel(conversationId);
        const res = await request(
          'POST',
          `${bot.baseUrl}/api/messages`,
          JSON.stringify(messageActivity('/help', { conversationId })),
          { contentType },
        );
        assert.equal(res.status, 415);
        assert.equal(sent.length, 0, 'a request with the wrong content type reached the bot');
        await assertStillServes();
      });
    }

    it('answers a JSON body sent without a Content-Type header with 415', async function () {
      const conversationId = uniqueId('conv-noct');
      const { sent } = recordChannel(conversationId);
      const res = await request(
        'POST',
        `${bot.baseUrl}/api/messages`,
        JSON.stringify(messageActivity('/help', { conversationId })),
        { contentType: null },
      );
      assert.equal(res.status, 415);
      assert.equal(sent.length, 0);
    });

    it('accepts application/json with a charset parameter, case-insensitively', async function () {
      const conversationId = uniqueId('conv-charset');
      const incoming = messageActivity('/help', { conversationId, extra: { deliveryMode: 'expectReplies' } });
      const res = await request('POST', `${bot.baseUrl}/api/messages`, JSON.stringify(incoming), {
        contentType: 'Application/JSON; charset=utf-8',
      });
      assert.equal(res.status, 200);
      assert.equal((res.json as { activities?: unknown[] }).activities?.length, 1);
    });

    it(`answers a body over MAX_BODY_BYTES (${MAX_BODY_BYTES}) with 413 and keeps serving`, async function () {
      const conversationId = uniqueId('conv-big');
      const { sent } = recordChannel(conversationId);
      const big = messageActivity('x'.repeat(MAX_BODY_BYTES * 4), { conversationId });
      const res = await postActivity(bot, big);
      assert.equal(res.status, 413);
      assert.equal(sent.length, 0, 'an oversized request reached the bot');
      await assertStillServes();
    });

    for (const [name, body] of [
      ['a JSON array', [{ type: 'message', text: 'hi' }]],
      ['a JSON object without "type"', { text: 'hi', conversation: { id: 'c' } }],
      ['a JSON object whose "type" is not a string', { type: 42, text: 'hi' }],
      ['a JSON string', 'message'],
      ['JSON null', null],
    ] as const) {
      it(`answers ${name} with 400`, async function () {
        const res = await postActivity(bot, body);
        assert.equal(res.status, 400);
      });
    }
  });

  describe('a turn that throws', function () {
    it('sends exactly one apology without a stack trace, and serves the next message normally', async function () {
      const conversationId = uniqueId('conv-fault');
      const { sent } = recordChannel(conversationId);
      const registry = bot.app.commands;
      const original = registry.execute.bind(registry);
      let calls = 0;
      registry.execute = async function (...args: Parameters<typeof original>) {
        calls += 1;
        if (calls === 1) throw new Error('simulated command failure');
        return original(...args);
      };
      try {
        const res = await postActivity(bot, messageActivity('/help', { conversationId }));
        assert.equal(res.status, 200);
        assert.equal(calls, 1);
        const texts = messageTexts(sent);
        assert.deepEqual(texts, [messages.apology]);
        for (const s of sent) {
          assert.doesNotMatch(
            JSON.stringify(s.body),
            STACK_FRAME,
            `a reply carries a stack trace: ${JSON.stringify(s.body)}`,
          );
        }

        const before = sent.length;
        const next = messageActivity('/help', { conversationId });
        const res2 = await postActivity(bot, next);
        assert.equal(res2.status, 200);
        const after = sent.slice(before);
        assert.equal(after.length, 1, `expected one reply, got ${JSON.stringify(after.map((s) => s.body))}`);
        assert.equal(after[0]?.body.replyToId, next.id);
        assert.match(String(after[0]?.body.text), /\/help/);
        assert.ok(!messageTexts(after).includes(messages.apology));
      } finally {
        registry.execute = original;
      }
    });
  });
});

describe('HTTP server (auth on: MicrosoftAppId and MicrosoftAppPassword set)', function () {
  const APP_ID = '6f1d2c3b-4a59-4e8d-9c7b-0a1b2c3d4e5f';
  const CHANNEL_ID = 'emulator';
  const key = processSigningKey();
  let bot: RunningBot;
  let tokenRequests: TokenRequest[] = [];
  // CloudAdapter console.error()s every rejected request; keep it out of the report unless a test fails.
  const originalConsoleError = console.error;
  let consoleErrors: unknown[][] = [];

  before(async function () {
    bot = await startBot({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret' });
  });
  after(async function () {
    await bot.close();
  });
  beforeEach(function () {
    offlineOnly();
    // The connector caches signing keys per process: a persisted mock serves every refresh.
    mockOpenIdMetadata(key);
    tokenRequests = mockOutboundToken().requests;
    consoleErrors = [];
    console.error = (...args: unknown[]) => void consoleErrors.push(args);
  });
  afterEach(function () {
    console.error = originalConsoleError;
    if (this.currentTest?.state === 'failed') for (const args of consoleErrors) console.error(...args);
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('reports auth "on" in /healthz', async function () {
    const res = await request('GET', `${bot.baseUrl}/healthz`);
    assert.equal(res.status, 200);
    assert.equal((res.json as { auth?: string }).auth, 'on');
  });

  it('rejects a request without an Authorization header with 401, and the bot does not answer', async function () {
    const conversationId = uniqueId('conv-noauth');
    const { sent } = recordChannel(conversationId);
    const res = await postActivity(bot, messageActivity('/help', { conversationId, channelId: CHANNEL_ID }));
    assert.equal(res.status, 401);
    assert.equal(sent.length, 0);
  });

  it('rejects a garbage bearer token with 401', async function () {
    const conversationId = uniqueId('conv-garbage');
    const { sent } = recordChannel(conversationId);
    const res = await postActivity(bot, messageActivity('/help', { conversationId, channelId: CHANNEL_ID }), {
      headers: { authorization: 'Bearer not.a.jwt' },
    });
    assert.equal(res.status, 401);
    assert.equal(sent.length, 0);
  });

  it('rejects a correctly signed token for another app id with 401', async function () {
    const conversationId = uniqueId('conv-otherapp');
    const { sent } = recordChannel(conversationId);
    const token = signChannelToken(key, { appId: '00000000-0000-4000-8000-000000000000', serviceUrl: SERVICE_URL });
    const res = await postActivity(bot, messageActivity('/help', { conversationId, channelId: CHANNEL_ID }), {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(res.status, 401);
    assert.equal(sent.length, 0);
  });

  it('rejects a token whose serviceurl claim differs from the activity serviceUrl with 401', async function () {
    const conversationId = uniqueId('conv-svcurl');
    const { sent } = recordChannel(conversationId);
    const token = signChannelToken(key, { appId: APP_ID, serviceUrl: 'https://attacker.test' });
    const res = await postActivity(bot, messageActivity('/help', { conversationId, channelId: CHANNEL_ID }), {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(res.status, 401);
    assert.equal(sent.length, 0);
  });

  it('accepts a valid channel token and posts the reply with a Bearer token', async function () {
    const conversationId = uniqueId('conv-auth');
    const incoming = messageActivity('/help', { conversationId, channelId: CHANNEL_ID });
    let authorization: string | undefined;
    let reply: Record<string, unknown> | undefined;
    const scope = nock(SERVICE_URL)
      .post(replyPath(conversationId, String(incoming.id)), (body: Record<string, unknown>) => {
        reply = body;
        return true;
      })
      .reply(200, function () {
        const h = this.req.headers.authorization as string | string[] | undefined;
        authorization = Array.isArray(h) ? h[0] : h;
        return { id: 'reply-1' };
      });
    const token = signChannelToken(key, { appId: APP_ID, serviceUrl: SERVICE_URL });

    const res = await postActivity(bot, incoming, { headers: { authorization: `Bearer ${token}` } });

    assert.equal(res.status, 200, `status ${res.status}: ${res.text}`);
    assert.ok(scope.isDone(), 'the reply was not posted to the channel');
    assert.equal(authorization, `Bearer ${FAKE_ACCESS_TOKEN}`);
    assert.ok(tokenRequests.length >= 1, 'the bot did not ask AAD for an outbound token');
    assert.equal(tokenRequests[0]?.client_id, APP_ID);
    assert.equal(tokenRequests[0].grant_type, 'client_credentials');
    assert.equal(tokenRequests[0].scope, 'https://api.botframework.com/.default');
    assert.ok(reply);
    assert.match(String(reply.text), /\/help/);
    assert.equal(reply.replyToId, incoming.id);
  });
});
