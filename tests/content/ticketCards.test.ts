/**
 * The handoff ticket's card (the helpdesk channel's post and the `adaptiveCard/action` answer) in
 * each state, validated with the renderer's parser, checked to show its fallback text and to quote
 * the user's words, and snapshotted (`UPDATE_SNAPSHOTS=1` rewrites the snapshots).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../../bot/config.js';
import { NOTE_INPUT_ID, TICKET_VERBS, ticketCard, ticketMarkdown } from '../../replies/cards/ticketCard.js';
import { applyAction, type Ticket } from '../../tickets/ticket.js';
import { actionsOf, assertCardShowsFallback, assertValidCard, elementsOf, type Json } from '../support/cards.js';
import { renderMarkdown } from '../../replies/render.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SNAPSHOT_DIR = path.join(HERE, '__snapshots__', 'cards');
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';

function matchSnapshot(name: string, card: unknown): void {
  const file = path.join(SNAPSHOT_DIR, `${name}.json`);
  const actual = `${JSON.stringify(card, null, 2)}\n`;
  if (UPDATE) {
    fs.mkdirSync(SNAPSHOT_DIR, { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(fs.existsSync(file), `missing snapshot ${path.relative(PROJECT_ROOT, file)}: run with UPDATE_SNAPSHOTS=1`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `${name} differs; if intended, rerun with UPDATE_SNAPSHOTS=1`);
}

const OPEN: Ticket = {
  number: 42,
  kind: 'midTree',
  createdAt: '2026-12-02T09:15:00.000Z',
  status: 'open',
  user: { id: '29:user-1', name: 'Ursula <b>Bold</b>', aadObjectId: '6a1f4c2e-8d3b-4f5a-9c7e-2b4d6f8a0c1e' },
  channelId: 'msteams',
  reference: { conversation: { id: 'a:personal-1' }, serviceUrl: 'https://smba.example' },
  profile: { exchange: ['exchange-2016'], client: ['sfb-windows'] },
  symptom: 'Contact list read-only or empty (Unified Contact Store)',
  path: {
    treeId: 'ucs-contact-list',
    title: 'Contact list read-only or empty (Unified Contact Store)',
    reason: 'You asked to hand this over to a person.',
    answers: [
      { question: 'What is wrong with the contact list?', answer: "Read-only, can't edit", fromProfile: false },
      {
        question: 'Which client does the user edit the contact list with?',
        answer: 'Lync 2013 / SfB Windows',
        fromProfile: true,
      },
    ],
    checks: [{ question: 'Does Test-CsExStorageConnectivity succeed?', answer: 'No' }],
    fixesTried: ['Re-enable the mailbox for UCS'],
  },
  entries: [{ id: 'ucs-contact-list-read-only', title: 'Contact list is read-only (UCS)' }],
  kbs: [{ number: '2435699', url: 'https://support.microsoft.com/help/2435699' }],
  words: ['my contacts are *read only* <script>alert(1)</script> [link](http://evil.example)'],
  notes: [],
};

const HAL = { id: '29:hd', name: 'Hal Desk' };
function after(ticket: Ticket, ...actions: Parameters<typeof applyAction>[1][]): Ticket {
  let t = ticket;
  for (const a of actions) {
    const r = applyAction(t, a, HAL, new Date('2026-12-02T10:00:00.000Z'));
    assert.ok(r.ok);
    t = r.ticket;
  }
  return t;
}

const STATES: readonly { name: string; ticket: Ticket; verbs: readonly string[] }[] = [
  { name: 'ticket-open', ticket: OPEN, verbs: [TICKET_VERBS.take, TICKET_VERBS.resolve, TICKET_VERBS.note] },
  {
    name: 'ticket-taken',
    ticket: after(OPEN, { kind: 'take' }, { kind: 'note', text: 'Called the user; checking **EWS**' }),
    verbs: [TICKET_VERBS.resolve, TICKET_VERBS.note],
  },
  {
    name: 'ticket-resolved',
    ticket: after(OPEN, { kind: 'take' }, { kind: 'resolve', note: 'Mailbox re-enabled for UCS' }),
    verbs: [],
  },
];

describe('Adaptive Cards: the handoff ticket', function () {
  for (const s of STATES) {
    it(`${s.name} is valid, shows its fallback, quotes user text, and matches its snapshot`, function () {
      const card = ticketCard(s.ticket) as unknown as Json;
      assertValidCard(card);
      assertCardShowsFallback(card);
      const actions = actionsOf(card);
      assert.deepEqual(
        actions.map((a) => a.verb),
        s.verbs,
      );
      for (const a of actions) assert.deepEqual(a.data, { ticket: 42 });
      const inputs = elementsOf(card.body).filter((e) => e.type === 'Input.Text');
      assert.deepEqual(
        inputs.map((i) => i.id),
        s.verbs.length > 0 ? [NOTE_INPUT_ID] : [],
      );
      const json = JSON.stringify(card);
      assert.ok(!json.includes('<script>') && !json.includes('<b>'), 'no live HTML from user text');
      assert.ok(!json.includes('[link](http'), 'no live link from user text');
      matchSnapshot(s.name, card);
    });
  }

  it('shows the path, the checks, the fixes tried, the KB, the profile and who acted', function () {
    const t = STATES[2]?.ticket;
    assert.ok(t);
    const text = renderMarkdown(ticketMarkdown(t), 'terminal');
    for (const expected of [
      "What is wrong with the contact list? → Read-only, can't edit",
      '(from the profile)',
      'Does Test-CsExStorageConnectivity succeed? → No',
      'Re-enable the mailbox for UCS → not fixed',
      'KB 2435699',
      'exchange: exchange-2016',
      'Taken by: Hal Desk',
      'Resolved by: Hal Desk',
      'Mailbox re-enabled for UCS',
      'Status: Resolved',
    ])
      assert.ok(text.includes(expected), `missing "${expected}" in:\n${text}`);
  });
});
