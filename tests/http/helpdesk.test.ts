/**
 * The helpdesk channel over HTTP, as Teams and the Bot Connector talk to the bot: auth on (signed
 * channel tokens, the outbound token endpoint nocked), `HELPDESK_TEAMS_CHANNEL_ID` set. A handoff
 * posts the ticket's card to the channel (`POST /v3/conversations`); **Take it**, **Add note** and
 * **Resolve** arrive as `adaptiveCard/action` invokes answered with the refreshed card, or as
 * `/ticket` commands (the channel's card is then replaced in place); the user is told proactively
 * when the ticket is taken and resolved; someone not on the helpdesk is refused.
 */
import assert from 'node:assert/strict';
import nock from 'nock';
import { messages } from '../../replies/messages.js';
import {
  SERVICE_URL,
  offlineOnly,
  postActivity,
  recordChannel,
  startBot,
  uniqueId,
  type RunningBot,
  type SentActivity,
} from '../support/httpBot.js';
import {
  FAKE_ACCESS_TOKEN,
  mockOpenIdMetadata,
  mockOutboundToken,
  processSigningKey,
  signChannelToken,
} from '../support/channelAuth.js';
import { personalChat, teamsActivity, teamsMessage, type TeamsPlace, type TeamsUser } from '../support/teamsChat.js';
import { ADAPTIVE_CARD, adaptiveCardOf, assertValidCard, visibleTexts, type Json } from '../support/cards.js';
import { TICKET_VERBS } from '../../replies/cards/ticketCard.js';
import { textOf } from '../support/harness.js';

// Its own app id: the connector caches outbound tokens per app id and process, and tests/http/server.test.ts counts its token requests.
const APP_ID = '9e8d7c6b-5a49-4f38-8e27-1d0c9b8a7f6e';
const HELPDESK_CHANNEL = '19:helpdesk-tickets@thread.tacv2';
const HELPDESK_TEAM = '19:helpdesk-team@thread.tacv2';
const HELPDESK_AAD = '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a';

const helpdeskMember: TeamsUser = { id: '29:hal', name: 'Hal Desk', aadObjectId: HELPDESK_AAD };
const stranger: TeamsUser = { id: '29:sam', name: 'Sam', aadObjectId: 'd0c1b2a3-9e8f-4a7b-8c6d-5e4f3a2b1c0d' };

/** What the bot created in the helpdesk channel: one thread per ticket. */
interface ChannelPost {
  readonly body: Json;
  readonly authorization: string | undefined;
}

describe('helpdesk channel over HTTP (tickets posted, taken, resolved; the user told)', function () {
  this.timeout(60_000);
  const key = processSigningKey();
  let bot: RunningBot;
  let posts: ChannelPost[];
  let updates: { path: string; body: Json }[];

  before(async function () {
    bot = await startBot({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-a-real-secret',
      HELPDESK_TEAMS_CHANNEL_ID: HELPDESK_CHANNEL,
      HELPDESK_AAD_OBJECT_IDS: HELPDESK_AAD,
    });
  });
  after(async function () {
    await bot.close();
  });
  beforeEach(function () {
    offlineOnly();
    mockOpenIdMetadata(key);
    mockOutboundToken();
    posts = [];
    updates = [];
    // The connector's create-conversation call: the new thread's id is `<channel>;messageid=<id>`.
    nock(SERVICE_URL)
      .persist()
      .post('/v3/conversations')
      .reply(200, function (_uri, body) {
        posts.push({ body: body as Json, authorization: header(this.req.headers.authorization) });
        const messageId = String(1_700_000_000_000 + posts.length);
        return { id: `${HELPDESK_CHANNEL};messageid=${messageId}`, activityId: messageId };
      });
    nock(SERVICE_URL)
      .persist()
      .put(/^\/v3\/conversations\/.+\/activities\/.+$/)
      .reply(200, (uri, body) => {
        updates.push({ path: decodeURIComponent(uri), body: body as Json });
        return { id: 'updated' };
      });
  });
  afterEach(function () {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  function header(value: string | string[] | undefined): string | undefined {
    return Array.isArray(value) ? value[0] : value;
  }

  /** Posts an activity with a valid channel token; returns the HTTP answer. */
  async function post(activity: Record<string, unknown>): Promise<{ status: number; json: unknown }> {
    const token = signChannelToken(key, { appId: APP_ID, serviceUrl: SERVICE_URL });
    const res = await postActivity(bot, activity, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, `${res.status} ${res.text.slice(0, 300)}`);
    return res;
  }

  const helpdeskThread = (postIndex: number): TeamsPlace => ({
    kind: 'channel',
    conversationId: `${HELPDESK_CHANNEL};messageid=${String(1_700_000_000_000 + postIndex + 1)}`,
    teamId: HELPDESK_TEAM,
    channelId: HELPDESK_CHANNEL,
  });

  /** A click on the posted card, as Teams sends it: the `adaptiveCard/action` invoke. */
  async function click(place: TeamsPlace, who: TeamsUser, verb: string, data: Json): Promise<Json> {
    const res = await post(
      teamsActivity(place, who, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      }),
    );
    return res.json as Json;
  }

  function refreshed(answer: Json): Json {
    assert.equal(answer.statusCode, 200, JSON.stringify(answer).slice(0, 300));
    assert.equal(answer.type, ADAPTIVE_CARD);
    const card = answer.value as Json;
    assertValidCard(card);
    return card;
  }

  const shows = (card: Json): string => visibleTexts(card).join('\n');
  const messagesTo = (sent: readonly SentActivity[]): string[] =>
    sent.filter((s) => s.body.type === 'message').map((s) => textOf(s.body));

  /** A user hands off from a Teams personal chat; returns the ticket number, the chat and what it got. */
  async function handoff(user: TeamsUser): Promise<{ n: number; sent: SentActivity[]; place: TeamsPlace }> {
    const place = personalChat();
    const { sent } = recordChannel(place.conversationId);
    await post(teamsMessage(place, user, '/troubleshoot ucs-contact-list'));
    await post(teamsMessage(place, user, "Read-only, can't edit"));
    await post(teamsMessage(place, user, '/handoff'));
    const said = messagesTo(sent).join('\n');
    const m = /ticket #(\d+)\*\* for the helpdesk and posted it to their channel/.exec(said);
    assert.ok(m?.[1], `the user is told the ticket was posted: ${said.slice(-500)}`);
    return { n: Number(m[1]), sent, place };
  }

  it('posts the ticket card to the helpdesk channel; Take it, Add note and Resolve refresh it and tell the user', async function () {
    const user: TeamsUser = {
      id: uniqueId('29:user'),
      name: 'Ursula',
      aadObjectId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
    };
    const { n, sent } = await handoff(user);

    assert.equal(posts.length, 1, 'one thread in the helpdesk channel');
    const created = posts[0];
    assert.ok(created);
    assert.equal(created.authorization, `Bearer ${FAKE_ACCESS_TOKEN}`, 'the proactive post carries the app token');
    assert.deepEqual((created.body.channelData as Json).channel, { id: HELPDESK_CHANNEL });
    assert.equal(created.body.isGroup, true);
    const posted = adaptiveCardOf(created.body.activity);
    assert.ok(posted, 'the post is an Adaptive Card');
    assertValidCard(posted);
    assert.match(shows(posted), new RegExp(`Ticket #${n}`));
    assert.match(shows(posted), /What is wrong with the contact list\? → \*\*Read-only, can't edit\*\*/);
    assert.match(shows(posted), /Ursula/);
    assert.deepEqual(
      ['Take it', 'Resolve', 'Add note'].map((t) => visibleTexts(posted).includes(t)),
      [true, true, true],
    );
    const ticket = await bot.app.services.handoffDesk?.store.get(n);
    assert.deepEqual(ticket?.post, {
      conversationId: `${HELPDESK_CHANNEL};messageid=1700000000001`,
      activityId: '1700000000001',
    });

    const thread = helpdeskThread(0);
    recordChannel(thread.conversationId);
    const before = sent.length;
    const taken = refreshed(await click(thread, helpdeskMember, TICKET_VERBS.take, { ticket: n }));
    assert.match(shows(taken), /Taken by/);
    assert.match(shows(taken), /Hal Desk/);
    assert.ok(!visibleTexts(taken).includes('Take it'), 'taken: no second Take it');
    const toldTaken = messagesTo(sent.slice(before));
    assert.deepEqual(toldTaken, [messages.tickets.userTaken(n, 'Hal Desk')]);
    assert.ok(sent.slice(before).every((s) => s.authorization === `Bearer ${FAKE_ACCESS_TOKEN}`));

    const noted = refreshed(
      await click(thread, helpdeskMember, TICKET_VERBS.note, { ticket: n, note: 'Checking the EWS URL' }),
    );
    assert.match(shows(noted), /Checking the EWS URL/);
    assert.equal(sent.length, before + 1, 'a note alone does not message the user');

    const resolved = refreshed(
      await click(thread, helpdeskMember, TICKET_VERBS.resolve, { ticket: n, note: 'EWS URL fixed on the CAS' }),
    );
    assert.match(shows(resolved), /Resolved by/);
    assert.deepEqual(resolved.actions ?? [], [], 'a resolved ticket has no buttons left');
    assert.deepEqual(messagesTo(sent.slice(before + 1)), [
      messages.tickets.userResolved(n, 'Hal Desk', 'EWS URL fixed on the CAS'),
    ]);
    assert.equal(updates.length, 0, 'card clicks are answered with the card itself, not replaced');
  });

  it('someone not on the helpdesk is refused on the card, and the ticket stays as it was', async function () {
    const { n, sent } = await handoff({
      id: uniqueId('29:u'),
      name: 'Una',
      aadObjectId: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e',
    });
    const thread = helpdeskThread(0);
    recordChannel(thread.conversationId);
    const before = sent.length;
    const answer = await click(thread, stranger, TICKET_VERBS.take, { ticket: n });
    assert.deepEqual(answer, {
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: messages.tickets.cardNotHelpdesk,
    });
    assert.equal((await bot.app.services.handoffDesk?.store.get(n))?.status, 'open');
    assert.equal(sent.length, before, 'the user is told nothing');
  });

  it('/ticket take and resolve from a chat replace the channel card and tell the user', async function () {
    const { n, sent } = await handoff({
      id: uniqueId('29:u'),
      name: 'Vic',
      aadObjectId: 'c3d4e5f6-a7b8-4c9d-8e0f-2a3b4c5d6e7f',
    });
    const desk = personalChat();
    const deskSent = recordChannel(desk.conversationId).sent;
    const before = sent.length;
    await post(teamsMessage(desk, helpdeskMember, `/ticket ${n} take`));
    assert.deepEqual(messagesTo(deskSent), [messages.tickets.taken(n, true)]);
    await post(teamsMessage(desk, helpdeskMember, `/ticket ${n} resolve Recreated the UCS mailbox link`));
    assert.deepEqual(messagesTo(deskSent).slice(1), [messages.tickets.resolved(n, true)]);
    assert.deepEqual(messagesTo(sent.slice(before)), [
      messages.tickets.userTaken(n, 'Hal Desk'),
      messages.tickets.userResolved(n, 'Hal Desk', 'Recreated the UCS mailbox link'),
    ]);
    const ticket = await bot.app.services.handoffDesk?.store.get(n);
    assert.ok(ticket?.post);
    assert.equal(updates.length, 2, 'the channel card is replaced after each action');
    const last = updates[1];
    assert.ok(last);
    assert.equal(last.path, `/v3/conversations/${ticket.post.conversationId}/activities/${ticket.post.activityId}`);
    const card = adaptiveCardOf(last.body);
    assert.ok(card);
    assertValidCard(card);
    assert.match(shows(card), /Resolved by/);
    assert.match(shows(card), /Recreated the UCS mailbox link/);

    const strangerChat = personalChat();
    const strangerSent = recordChannel(strangerChat.conversationId).sent;
    await post(teamsMessage(strangerChat, stranger, `/ticket ${n} take`));
    assert.deepEqual(messagesTo(strangerSent), [messages.tickets.notHelpdesk('ticket')]);
  });
});
