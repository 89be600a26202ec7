/**
 * Every Adaptive Card the bot can send, validated with the renderer's own parser (the
 * `adaptivecards` package) and checked to show its fallback text; one JSON snapshot per reply kind
 * (and per host where the cards differ). `UPDATE_SNAPSHOTS=1` rewrites the snapshots;
 * `CARD_SIZES=1` prints the largest card of each kind (bytes of its JSON).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../../bot/config.js';
import { ENTRY_PARTS, entryReply } from '../../replies/entryCard.js';
import { reply, toActivity, type Reply } from '../../replies/reply.js';
import { quoteUserText } from '../../replies/quote.js';
import { matrixExchangeReply, matrixPairReply } from '../../replies/matrixCard.js';
import { answeredStepCard, closedCard } from '../../replies/cards/treeStepCard.js';
import { clarifyReply } from '../../conversation/freeTextAnswers.js';
import { composeAttachment } from '../../conversation/composeSearch.js';
import { handoffReply, stepReply, type TreeState } from '../../dialogs/treeDialog.js';
import { analyticsMessages, messages } from '../../replies/messages.js';
import type { SearchResult } from '../../knowledge/search/knowledgeIndex.js';
import type { KnowledgeEntry, Tree, TreeNode } from '../../knowledge/model.js';
import { sharedApp } from '../support/harness.js';
import {
  actionsOf,
  adaptiveCardOf,
  assertCardShowsFallback,
  assertValidCard,
  elementsOf,
  type Json,
} from '../support/cards.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SNAPSHOT_DIR = path.join(HERE, '__snapshots__', 'cards');
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';
/** Teams refuses a message above about 28 KB; every card stays well below. */
const TEAMS_MESSAGE_LIMIT = 28_000;

const knowledge = sharedApp().services.knowledge;
const { entries, trees, matrix } = knowledge.current;

function entry(id: string): KnowledgeEntry {
  const e = entries.get(id);
  assert.ok(e, `entry ${id}`);
  return e;
}

function tree(id: string): Tree {
  const t = trees.get(id);
  assert.ok(t, `tree ${id}`);
  return t;
}

function nodeOf(t: Tree, kind: TreeNode['kind'], test: (n: TreeNode) => boolean = () => true): TreeNode {
  const n = [...t.nodes.values()].find((x) => x.kind === kind && test(x));
  assert.ok(n, `${t.id} has a ${kind} node`);
  return n;
}

/** The card of a reply as sent to a channel (asserting that it is one). */
function cardOf(r: Reply, channelId: string, owner?: string): Json {
  const card = adaptiveCardOf(toActivity(r, channelId, owner !== undefined ? { owner } : {}));
  assert.ok(card, `a card for ${r.card?.kind ?? 'a reply without a card kind'} on ${channelId}`);
  return card;
}

function matchSnapshot(name: string, card: unknown): void {
  const file = path.join(SNAPSHOT_DIR, `${name}.json`);
  const actual = `${JSON.stringify(card, null, 2)}\n`;
  if (UPDATE) {
    fs.mkdirSync(SNAPSHOT_DIR, { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(
    fs.existsSync(file),
    `missing snapshot ${path.relative(PROJECT_ROOT, file)}: run the tests with UPDATE_SNAPSHOTS=1 and review the new file`,
  );
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `${name} differs; if intended, rerun with UPDATE_SNAPSHOTS=1`);
}

/** A "Did you mean" over three real entries, for a query holding Markdown and HTML. */
function clarifyFixture(): Reply {
  const hit = (id: string, score: number): SearchResult['hits'][number] => ({
    entry: entry(id),
    score,
    matched: [],
    bySignature: false,
    termsMatched: 1,
  });
  return clarifyReply({
    query: 'presence <b>*gone*</b> [x](https://evil.example)',
    decision: 'clarify',
    reason: 'one-word',
    hits: [
      hit('presence-missing-in-outlook', 0.7),
      hit('owa-im-presence', 0.6),
      hit('sip-proxy-address-on-mailbox', 0.5),
    ],
    trees: [],
    explanation: {
      p1: 0.4,
      p3: 0.7,
      cutoffs: { answer: 0.8, suggest: 0.3 },
      drivers: [],
      language: 'en',
      bySignature: false,
    },
    language: 'en',
  });
}

/** A handoff after two answers and one fix that did not help. */
/** `/stats` over a week with a question that holds Markdown and HTML. */
function statsFixture(): Reply {
  const title = 'Last 7 days (2026-11-26 – 2026-12-02)';
  const facts = [
    { title: 'Questions', value: '23' },
    { title: 'Answered', value: '12 (52%)' },
  ];
  const gaps = [analyticsMessages.gapLine(quoteUserText('bake **bread** <b>now</b>', 80), 4)];
  return reply(analyticsMessages.statsText(title, facts, gaps), [], { kind: 'stats', title, facts, gaps });
}

function handoffFixture(): Reply {
  const t = tree('ucs-contact-list');
  const question = nodeOf(t, 'question');
  const fix = nodeOf(t, 'resolution');
  const state: TreeState = {
    treeId: t.id,
    nodeId: fix.id,
    steps: [
      { nodeId: question.id, question: question.text, answer: 'Read-only, can\u2019t edit', kind: 'question' },
      { nodeId: fix.id, question: messages.tree.didThisFix, answer: messages.tree.notFixedButton, kind: 'resolution' },
    ],
    misses: 0,
    shownEntries: fix.kind === 'resolution' ? [...fix.entries] : [],
  };
  return handoffReply(t, state, knowledge, messages.tree.handoffReason.fixesExhausted);
}

const ucsTree = (): Tree => tree('ucs-contact-list');
const checkTree = (): Tree =>
  [...trees.values()].find((t) => [...t.nodes.values()].some((n) => n.kind === 'check' && n.command)) ?? ucsTree();

/** One representative card per kind (and per host where Teams and Web Chat differ), snapshotted. */
const SNAPSHOTS: readonly { name: string; card: () => Json }[] = [
  { name: 'entry.overview.msteams', card: () => cardOf(entryReply(entry('ucs-contact-list-read-only')), 'msteams') },
  {
    name: 'entry.powershell.msteams',
    card: () => cardOf(entryReply(entry('ucs-contact-list-read-only'), 'powershell'), 'msteams'),
  },
  {
    name: 'entry.full-table.webchat',
    card: () => cardOf(entryReply(entry('voicemail-archiving-conversation-history'), 'full'), 'webchat'),
  },
  {
    name: 'entry.inserted.msteams',
    card: () => composeAttachment(entry('ucs-contact-list-read-only')).content as unknown as Json,
  },
  { name: 'clarify.msteams', card: () => cardOf(clarifyFixture(), 'msteams') },
  {
    name: 'treeStep.question.msteams',
    card: () => cardOf(stepReply(ucsTree(), nodeOf(ucsTree(), 'question'), knowledge), 'msteams'),
  },
  {
    name: 'treeStep.question-lead.group.msteams',
    card: () =>
      cardOf(
        stepReply(ucsTree(), nodeOf(ucsTree(), 'question'), knowledge, messages.tree.goingBack),
        'msteams',
        'user-a',
      ),
  },
  {
    name: 'treeStep.question.webchat',
    card: () => cardOf(stepReply(ucsTree(), nodeOf(ucsTree(), 'question'), knowledge), 'webchat'),
  },
  {
    name: 'treeStep.check.msteams',
    card: () =>
      cardOf(
        stepReply(
          checkTree(),
          nodeOf(checkTree(), 'check', (n) => n.kind === 'check' && n.command !== undefined),
          knowledge,
        ),
        'msteams',
      ),
  },
  {
    name: 'treeStep.fix.msteams',
    card: () => cardOf(stepReply(ucsTree(), nodeOf(ucsTree(), 'resolution'), knowledge), 'msteams'),
  },
  { name: 'handoff.msteams', card: () => cardOf(handoffFixture(), 'msteams') },
  { name: 'stats.msteams', card: () => cardOf(statsFixture(), 'msteams') },
  {
    name: 'matrixPair.msteams',
    card: () =>
      cardOf(matrixPairReply(matrix, matrix.exchange[0] ?? assert.fail(), matrix.sfb[0] ?? assert.fail()), 'msteams'),
  },
  {
    name: 'matrixExchange.msteams',
    card: () => cardOf(matrixExchangeReply(matrix, matrix.exchange[0] ?? assert.fail()), 'msteams'),
  },
];

/** Every card the bot can send from its content, by kind. */
function everyCard(): { kind: string; name: string; card: Json }[] {
  const out: { kind: string; name: string; card: Json }[] = [];
  const add = (kind: string, name: string, card: Json): void => void out.push({ kind, name, card });
  for (const e of entries.values()) {
    for (const part of ENTRY_PARTS) {
      const r = entryReply(e, part);
      if (!r.card) continue;
      for (const channel of ['msteams', 'webchat'])
        add(`entry.${part}`, `${e.id} ${part} ${channel}`, cardOf(r, channel));
    }
    add('entry.inserted', e.id, composeAttachment(e).content as unknown as Json);
  }
  for (const t of trees.values())
    for (const n of t.nodes.values()) {
      const r = stepReply(t, n, knowledge, messages.tree.nextCause);
      if (r.card?.kind !== 'treeStep') continue;
      for (const channel of ['msteams', 'webchat'])
        add(`treeStep.${n.kind}`, `${t.id}/${n.id} ${channel}`, cardOf(r, channel, 'u'));
      const label = r.buttons?.[0]?.label ?? '';
      add(
        'treeStep.answered',
        `${t.id}/${n.id}`,
        answeredStepCard(r.card, { answered: label }, 'teams') as unknown as Json,
      );
      add('treeStep.closed', `${t.id}/${n.id}`, answeredStepCard(r.card, { closed: true }, 'teams') as unknown as Json);
    }
  add('treeStep.closed', 'tree gone', closedCard(messages.staleButton(), 'teams') as unknown as Json);
  for (const ex of matrix.exchange) {
    add('matrixExchange', ex.id, cardOf(matrixExchangeReply(matrix, ex), 'msteams'));
    for (const sfb of matrix.sfb)
      add('matrixPair', `${ex.id} ${sfb.id}`, cardOf(matrixPairReply(matrix, ex, sfb), 'msteams'));
  }
  add('clarify', 'fixture', cardOf(clarifyFixture(), 'msteams'));
  add('handoff', 'fixture', cardOf(handoffFixture(), 'msteams'));
  add('stats', 'fixture', cardOf(statsFixture(), 'msteams'));
  return out;
}

describe('Adaptive Cards: snapshots, one per reply kind', function () {
  for (const s of SNAPSHOTS) {
    it(`${s.name} is valid and matches its snapshot`, function () {
      const card = s.card();
      assertValidCard(card);
      assertCardShowsFallback(card);
      matchSnapshot(s.name, card);
    });
  }
});

describe('Adaptive Cards: every card the bot can send', function () {
  this.timeout(60_000);
  const all = everyCard();

  it('covers every kind', function () {
    const kinds = new Set(all.map((c) => c.kind.split('.')[0]));
    assert.deepEqual([...kinds].sort(), [
      'clarify',
      'entry',
      'handoff',
      'matrixExchange',
      'matrixPair',
      'stats',
      'treeStep',
    ]);
  });

  it('the renderer parses each one as schema 1.5, and each shows its fallback text', function () {
    for (const { name, card } of all) {
      try {
        assertValidCard(card);
        assertCardShowsFallback(card);
      } catch (err) {
        throw new Error(`${name}: ${(err as Error).message}`, { cause: err });
      }
    }
  });

  it('each one stays far below the Teams message size limit', function () {
    const largest = new Map<string, { name: string; bytes: number }>();
    for (const { kind, name, card } of all) {
      const bytes = Buffer.byteLength(JSON.stringify(card));
      assert.ok(bytes < TEAMS_MESSAGE_LIMIT * 0.75, `${name}: ${bytes} bytes`);
      if ((largest.get(kind)?.bytes ?? 0) < bytes) largest.set(kind, { name, bytes });
    }
    if (process.env.CARD_SIZES === '1')
      for (const [kind, { name, bytes }] of [...largest].sort()) console.log(`${kind}\t${bytes}\t${name}`);
  });

  it('PowerShell is a Teams CodeBlock with a monospace TextBlock fallback', function () {
    const blocks = all.flatMap(({ card }) => elementsOf(card.body)).filter((e) => e.type === 'CodeBlock');
    assert.ok(
      blocks.some((b) => b.language === 'PowerShell'),
      'some card shows PowerShell',
    );
    for (const b of blocks) {
      assert.ok(['PowerShell', 'PlainText'].includes(String(b.language)));
      assert.deepEqual(b.fallback, { type: 'TextBlock', text: b.codeSnippet, wrap: true, fontType: 'Monospace' });
    }
  });

  it('troubleshooter steps are Action.Execute in Teams (Submit fallback with the same data), Submit in Web Chat', function () {
    for (const { name, card } of all.filter((c) => /^treeStep\.(question|check|resolution)$/.test(c.kind))) {
      const steps = actionsOf(card).filter(
        (a) => (a.data as Json | undefined)?.step !== undefined || a.type === 'Action.Execute',
      );
      assert.ok(steps.length >= 2, `${name}: the step's choices`);
      for (const a of steps) {
        const data = a.data as Json;
        if (name.endsWith('msteams')) {
          assert.equal(a.type, 'Action.Execute', name);
          assert.equal(a.verb, 'treeStep');
          const fallback = a.fallback as Json;
          assert.equal(fallback.type, 'Action.Submit');
          const { msteams, ...same } = fallback.data as Json;
          assert.deepEqual(same, data, `${name}: the fallback carries the same data`);
          assert.deepEqual(msteams, { type: 'messageBack', text: data.text, displayText: a.title, value: data });
        } else {
          assert.equal(a.type, 'Action.Submit', name);
        }
      }
    }
  });

  it('answered and closed steps have no buttons', function () {
    for (const { name, card } of all.filter((c) => c.kind === 'treeStep.answered' || c.kind === 'treeStep.closed'))
      assert.deepEqual(actionsOf(card), [], name);
  });

  it('an inserted answer needs no bot: no Submit or Execute, KB articles as Open URL', function () {
    for (const { name, card } of all.filter((c) => c.kind === 'entry.inserted')) {
      const e = entry(name);
      const actions = actionsOf(card);
      assert.ok(
        actions.every((a) => a.type === 'Action.OpenUrl'),
        name,
      );
      assert.deepEqual(
        actions.map((a) => a.url),
        e.kb.slice(0, 5).map((kb) => `https://support.microsoft.com/help/${kb}`),
      );
    }
  });

  it('quoted user text stays literal in a card: no live link, no HTML', function () {
    const card = cardOf(clarifyFixture(), 'msteams');
    const texts = elementsOf(card.body).map((e) => (typeof e.text === 'string' ? e.text : ''));
    const lead = texts.find((t) => t.includes('presence')) ?? '';
    assert.doesNotMatch(lead, /<b>|\]\(https:\/\/evil/);
    assert.match(lead, /&lt;b>/);
  });
});
