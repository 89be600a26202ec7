/**
 * Tickets in the state store: numbers are never given twice, by one store or by two instances over
 * the same storage at once; a lost counter never reuses a number; updates racing on one ticket
 * both land; and the helpdesk settings are validated.
 */
import assert from 'node:assert/strict';
import { BoundedMemoryStorage } from '../../../bot/state/memoryStorage.js';
import { IF_ABSENT, isConflictError } from '../../../bot/state/stateStorage.js';
import { ConfigError, loadConfig } from '../../../bot/config.js';
import { TicketStore, type TicketDraft, type TicketStorage } from '../../../tickets/ticketStore.js';
import type { TurnContext } from 'botbuilder';
import { HandoffDesk } from '../../../conversation/handoffDesk.js';
import { createLogger } from '../../../core/logger.js';
import { messages } from '../../../replies/messages.js';
import { turnContext, uniqueId } from '../../support/harness.js';
import { applyAction, forgetUser, type Ticket } from '../../../tickets/ticket.js';

const DAY = 24 * 60 * 60 * 1000;

function storeOver(storage: BoundedMemoryStorage): TicketStore {
  return new TicketStore({ storage, createOnlyETag: IF_ABSENT, isConflict: isConflictError });
}

function draft(userId: string): TicketDraft {
  return {
    kind: 'asked',
    user: { id: userId, name: `Name of ${userId}`, aadObjectId: 'aad-1' },
    channelId: 'msteams',
    reference: { conversation: { id: 'c' }, user: { id: userId, name: `Name of ${userId}` } },
    profile: {},
    symptom: 'presence is grey',
    entries: [],
    kbs: [],
    words: ['presence is grey in outlook'],
  };
}

describe('ticket store', function () {
  it('numbers tickets 1, 2, 3… in one store', async function () {
    const store = storeOver(new BoundedMemoryStorage({ ttlMs: DAY }));
    const numbers: number[] = [];
    for (let i = 0; i < 3; i++) numbers.push((await store.create(draft('u'))).number);
    assert.deepEqual(numbers, [1, 2, 3]);
    assert.deepEqual(
      (await store.list()).map((t) => t.number),
      [3, 2, 1],
      'newest first',
    );
  });

  it('two instances creating at once never share a number', async function () {
    const storage = new BoundedMemoryStorage({ ttlMs: DAY });
    const a = storeOver(storage);
    const b = storeOver(storage);
    const created = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).create(draft(`u${i}`))));
    const numbers = created.map((t) => t.number).sort((x, y) => x - y);
    assert.deepEqual(
      numbers,
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    const stored = await a.list();
    assert.equal(stored.length, 20);
    assert.equal(new Set(stored.map((t) => t.user.id)).size, 20, 'no ticket overwrote another');
  });

  it('a lost counter never reuses the number of a ticket still stored', async function () {
    const storage = new BoundedMemoryStorage({ ttlMs: DAY });
    const store = storeOver(storage);
    await store.create(draft('first'));
    await store.create(draft('second'));
    await storage.delete(['tickets/counter']);
    const third = await store.create(draft('third'));
    assert.equal(third.number, 3);
    assert.equal((await store.get(1))?.user.id, 'first');
    assert.equal((await store.get(2))?.user.id, 'second');
  });

  it('two helpdesk members acting at once on one ticket: both changes land', async function () {
    const storage = new BoundedMemoryStorage({ ttlMs: DAY });
    const a = storeOver(storage);
    const b = storeOver(storage);
    const { number } = await a.create(draft('u'));
    await Promise.all([
      a.act(number, { kind: 'note', text: 'one' }, { id: 'h1', name: 'H1' }),
      b.act(number, { kind: 'note', text: 'two' }, { id: 'h2', name: 'H2' }),
      a.act(number, { kind: 'take' }, { id: 'h1', name: 'H1' }),
    ]);
    const t = await a.get(number);
    assert.deepEqual(t?.notes.map((n) => n.text).sort(), ['one', 'two']);
    assert.equal(t.status, 'taken');
  });

  it('acting on a ticket that does not exist says so (undefined)', async function () {
    const store = storeOver(new BoundedMemoryStorage({ ttlMs: DAY }));
    assert.equal(await store.act(7, { kind: 'take' }, { id: 'h' }), undefined);
  });

  it('forgetting a user blanks their name, Azure AD id and words, and nothing else', async function () {
    const store = storeOver(new BoundedMemoryStorage({ ttlMs: DAY }));
    await store.create(draft('gone'));
    await store.create(draft('kept'));
    assert.equal(await store.forgetUser('gone'), 1);
    const [kept, gone] = await store.list();
    assert.equal(kept?.user.name, 'Name of kept');
    assert.deepEqual(gone?.user, { id: 'gone' });
    assert.deepEqual(gone.words, []);
    assert.ok(!JSON.stringify(gone).includes('Name of gone'), JSON.stringify(gone));
    assert.equal(gone.symptom, 'presence is grey', 'the problem itself stays for the helpdesk');
  });
});

describe('ticket actions (pure)', function () {
  const at = new Date('2026-12-02T10:00:00Z');
  const base: Ticket = { ...draft('u'), number: 1, status: 'open', notes: [], createdAt: at.toISOString() };

  it('take, then resolve with a note; a resolved ticket cannot be taken', function () {
    const taken = applyAction(base, { kind: 'take' }, { id: 'h', name: 'H' }, at);
    assert.ok(taken.ok && taken.changed);
    const resolved = applyAction(taken.ticket, { kind: 'resolve', note: ' done ' }, { id: 'h', name: 'H' }, at);
    assert.ok(resolved.ok);
    assert.equal(resolved.ticket.status, 'resolved');
    assert.deepEqual(resolved.ticket.notes, [{ author: 'H', at: at.toISOString(), text: 'done' }]);
    assert.deepEqual(applyAction(resolved.ticket, { kind: 'take' }, { id: 'x' }, at), {
      ok: false,
      refusal: 'alreadyResolved',
    });
  });

  it('refuses an empty note and cuts a long one', function () {
    assert.deepEqual(applyAction(base, { kind: 'note', text: '   ' }, { id: 'h' }, at), {
      ok: false,
      refusal: 'emptyNote',
    });
    const long = applyAction(base, { kind: 'note', text: 'x'.repeat(5000) }, { id: 'h' }, at);
    assert.ok(long.ok);
    assert.equal(long.ticket.notes[0]?.text.length, 1000);
  });

  it('forgetUser also strips the name from the stored conversation reference', function () {
    const forgotten = forgetUser(base);
    assert.deepEqual(forgotten.reference.user, { id: 'u' });
    assert.equal(forgotten.forgotten, true);
  });
});

describe('helpdesk settings', function () {
  function problems(env: Record<string, string>): string[] {
    try {
      loadConfig({ LOG_LEVEL: 'silent', ...env });
    } catch (err) {
      if (err instanceof ConfigError) return [...err.problems];
      throw err;
    }
    return [];
  }
  const APP = { MicrosoftAppId: '6f1d2c3b-4a59-4e8d-9c7b-0a1b2c3d4e5f', MicrosoftAppPassword: 'x' };

  it('accepts a Teams channel id with an app id, and GUIDs for the helpdesk', function () {
    assert.deepEqual(
      problems({
        ...APP,
        HELPDESK_TEAMS_CHANNEL_ID: '19:abc123@thread.tacv2',
        HELPDESK_AAD_OBJECT_IDS: '3C2B1A09-8F7E-4D6C-9B5A-4F3E2D1C0B9A, 6a1f4c2e-8d3b-4f5a-9c7e-2b4d6f8a0c1e',
      }),
      [],
    );
    const config = loadConfig({ LOG_LEVEL: 'silent', HELPDESK_AAD_OBJECT_IDS: '3C2B1A09-8F7E-4D6C-9B5A-4F3E2D1C0B9A' });
    assert.deepEqual(config.helpdeskAadObjectIds, ['3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a']);
    assert.equal(config.helpdeskTeamsChannelId, '');
  });

  it('refuses a channel id that is not one, a channel without an app id, and ids that are not GUIDs', function () {
    assert.match(problems({ ...APP, HELPDESK_TEAMS_CHANNEL_ID: 'general' }).join('\n'), /not a Teams channel id/);
    assert.match(problems({ HELPDESK_TEAMS_CHANNEL_ID: '19:abc@thread.tacv2' }).join('\n'), /needs MicrosoftAppId/);
    assert.match(problems({ HELPDESK_AAD_OBJECT_IDS: 'alice' }).join('\n'), /HELPDESK_AAD_OBJECT_IDS contains "alice"/);
  });
});

describe('handoff desk when the store or the channel fails', function () {
  const context = (): TurnContext =>
    turnContext({
      channelId: 'msteams',
      id: uniqueId('act'),
      serviceUrl: 'https://teams.test',
      from: { id: uniqueId('29:u'), name: 'Una' },
      conversation: { id: uniqueId('a:c'), isGroup: false, conversationType: 'personal', name: '' },
      recipient: { id: 'bot', name: 'bot' },
    });
  const deskOver = (storage: TicketStorage): HandoffDesk =>
    new HandoffDesk({
      store: new TicketStore({ storage, isConflict: isConflictError }),
      logger: createLogger('silent'),
      readProfile: () => Promise.resolve({}),
      readLastQuestion: () => Promise.resolve('presence is grey'),
    });

  it('a store that does not answer: the user is told to pass the summary on, nothing is thrown', async function () {
    const broken: TicketStorage = {
      read: () => Promise.reject(new Error('store down')),
      write: () => Promise.reject(new Error('store down')),
      delete: () => Promise.reject(new Error('store down')),
    };
    assert.equal(await deskOver(broken).openTicket(context(), 'asked'), messages.tickets.notCreated);
  });

  it('a channel that refuses the card: the ticket is kept and the user told the helpdesk sees it with /tickets', async function () {
    const storage = new BoundedMemoryStorage({ ttlMs: DAY });
    const desk = deskOver(storage);
    desk.attach({
      postsToChannel: true,
      post: () => Promise.reject(new Error('403 from the connector')),
      update: () => Promise.resolve(),
      notify: () => Promise.resolve(),
    });
    const said = await desk.openTicket(context(), 'asked');
    assert.equal(said, messages.tickets.created(1, false));
    const t = await desk.store.get(1);
    assert.ok(t);
    assert.equal(t.post, undefined);
    assert.deepEqual(t.words, ['presence is grey']);
  });

  it('one turn run twice (a state conflict re-runs it) opens one ticket', async function () {
    const desk = deskOver(new BoundedMemoryStorage({ ttlMs: DAY }));
    const turn = context();
    const first = await desk.openTicket(turn, 'asked');
    const again = await desk.openTicket(turn, 'asked');
    assert.equal(again, first);
    assert.equal((await desk.store.list()).length, 1);
  });
});
