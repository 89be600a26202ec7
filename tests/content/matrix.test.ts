import assert from 'node:assert/strict';
import { commandContext } from '../support/commandContext.js';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedApp } from '../support/harness.js';
import { matrixCommand } from '../../conversation/commands/matrix.js';
import type { Reply } from '../../replies/reply.js';
import type { SupportStatus } from '../../knowledge/model.js';

/**
 * `/matrix` for every Exchange × Skype for Business pair against tests/fixtures/matrix-expected.json,
 * a table written from the sources' feature tables (001 and 004), not from matrix.yaml.
 */

const HERE = path.dirname(fileURLToPath(import.meta.url));

interface ExpectedCell {
  readonly status: SupportStatus;
  /** Where the status comes from: `001:c1`…`001:c5`, `004:table`, `004:summary`, or `derived`. */
  readonly basis: string;
  /** For derived cells: the matrix.yaml notes that explain the status; the reply must cite them. */
  readonly notes?: readonly string[];
}

interface ExpectedFeature {
  readonly id: string;
  readonly label: string;
  readonly pairs: Readonly<Record<string, ExpectedCell>>;
}

interface ExpectedMatrix {
  readonly exchange: readonly string[];
  readonly sfb: readonly string[];
  readonly features: readonly ExpectedFeature[];
}

function isExpectedMatrix(value: unknown): value is ExpectedMatrix {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return Array.isArray(v.exchange) && Array.isArray(v.sfb) && Array.isArray(v.features);
}

const raw: unknown = JSON.parse(fs.readFileSync(path.join(HERE, '..', 'fixtures', 'matrix-expected.json'), 'utf8'));
assert.ok(isExpectedMatrix(raw), 'matrix-expected.json has exchange, sfb and features');
const expected: ExpectedMatrix = raw;

const app = sharedApp();
const matrix = app.services.knowledge.current.matrix;
const ctx = commandContext(app.services);

const STATUS_HEADINGS: Readonly<Record<string, SupportStatus>> = {
  Supported: 'supported',
  'Partly supported': 'partial',
  'Not supported': 'not-supported',
};

interface ParsedPair {
  readonly heading: string;
  /** Feature label → status and the texts of the notes its line refers to. */
  readonly features: ReadonlyMap<string, { status: SupportStatus; notes: string[] }>;
}

/** Reads a pair reply back: the `##` heading, each feature line under its status, and the footnotes. */
function parsePairReply(markdown: string): ParsedPair {
  const lines = markdown.split('\n');
  const heading = lines[0] ?? '';
  const footnotes = new Map<number, string>();
  const notesAt = lines.indexOf('**Notes**');
  if (notesAt >= 0) {
    for (const line of lines.slice(notesAt + 1)) {
      const m = /^(\d+)\. (.*)$/.exec(line);
      if (m) footnotes.set(Number(m[1]), m[2] ?? '');
    }
  }
  const features = new Map<string, { status: SupportStatus; notes: string[] }>();
  let status: SupportStatus | undefined;
  for (const line of notesAt >= 0 ? lines.slice(0, notesAt) : lines) {
    const h = /^\*\*(.+)\*\*$/.exec(line);
    if (h) {
      status = STATUS_HEADINGS[h[1] ?? ''];
      continue;
    }
    const item = /^- (?:✅|◐|❌) (.+?)((?: \[\d+\](?:\[\d+\])*)?)$/u.exec(line);
    if (item && status) {
      const refs = [...(item[2] ?? '').matchAll(/\[(\d+)\]/g)].map(
        (r) => footnotes.get(Number(r[1])) ?? `missing footnote ${r[1] ?? ''}`,
      );
      assert.ok(!features.has(item[1] ?? ''), `feature listed twice: ${item[1] ?? ''}`);
      features.set(item[1] ?? '', { status, notes: refs });
    }
  }
  return { heading, features };
}

async function run(topology: string): Promise<readonly Reply[]> {
  const outcome = await matrixCommand.run(ctx, topology === '' ? {} : { topology });
  assert.equal(outcome.kind, 'reply');
  return outcome.replies;
}

async function pair(topology: string): Promise<ParsedPair> {
  const replies = await run(topology);
  assert.equal(replies.length, 1, `one reply for ${topology}`);
  return parsePairReply(replies[0]?.markdown ?? '');
}

function label(side: 'exchange' | 'sfb', id: string): string {
  const t = matrix[side].find((x) => x.id === id);
  assert.ok(t, `${side} ${id} is in matrix.yaml`);
  return t.label;
}

function noteText(id: string): string {
  const note = matrix.notes.find((n) => n.id === id);
  assert.ok(note, `note ${id} is defined in matrix.yaml`);
  return note.text;
}

describe('/matrix command (real content)', () => {
  it('the expected table covers every topology and feature of matrix.yaml', () => {
    assert.deepEqual(
      [...expected.exchange],
      matrix.exchange.map((t) => t.id),
    );
    assert.deepEqual(
      [...expected.sfb],
      matrix.sfb.map((t) => t.id),
    );
    assert.deepEqual(expected.features.map((f) => f.label).sort(), matrix.features.map((f) => f.label).sort());
    for (const f of expected.features) assert.equal(Object.keys(f.pairs).length, 12, `${f.id} has 12 pairs`);
  });

  for (const ex of expected.exchange) {
    for (const sfb of expected.sfb) {
      it(`/matrix ${ex} ${sfb} matches the source tables`, async () => {
        const parsed = await pair(`${ex} ${sfb}`);
        assert.equal(parsed.heading, `## ${label('exchange', ex)} with ${label('sfb', sfb)}`);
        assert.equal(parsed.features.size, expected.features.length, 'every feature is listed once');
        for (const feature of expected.features) {
          const cell = feature.pairs[`${ex} ${sfb}`];
          assert.ok(cell, `fixture has ${feature.id} for ${ex} ${sfb}`);
          const got = parsed.features.get(feature.label);
          assert.ok(got, `"${feature.label}" is listed`);
          assert.equal(got.status, cell.status, `${feature.label} (${cell.basis})`);
          for (const id of cell.notes ?? []) {
            assert.ok(
              got.notes.includes(noteText(id)),
              `${feature.label} is derived and must cite note ${id}; cites:\n${got.notes.join('\n')}`,
            );
          }
          if (sfb === 'sfb-online')
            assert.ok(
              got.notes.some((n) => n.includes('retired on July 31, 2021')),
              `${feature.label}: SfB Online retirement note`,
            );
        }
      });
    }
  }

  it('/matrix exchange-2010 sfb-online lists the Unified Contact Store contact list under Not supported', async () => {
    const replies = await run('exchange-2010 sfb-online');
    const markdown = replies[0]?.markdown ?? '';
    const notSupported = markdown.slice(markdown.indexOf('**Not supported**'), markdown.indexOf('**Notes**'));
    assert.ok(markdown.includes('**Not supported**'));
    assert.match(notSupported, /^- ❌ Contact list via Unified Contact Store/mu);
    assert.equal(
      (await pair('exchange-2010 sfb-online')).features.get('Contact list via Unified Contact Store')?.status,
      'not-supported',
    );
  });

  describe('topology spellings', () => {
    const SPELLINGS: readonly (readonly [string, string, string])[] = [
      ['Exchange Online SfB Online', 'exchange-online', 'sfb-online'],
      ['ex2016 with lync 2013', 'exchange-2016', 'lync-2013'],
      ['exchange-2010 sfb-online', 'exchange-2010', 'sfb-online'],
      ['Exchange 2013 and Skype for Business Server', 'exchange-2013', 'sfb-server'],
      ['sfb online, exchange online', 'exchange-online', 'sfb-online'],
      ['EXO + Lync Server 2013', 'exchange-online', 'lync-2013'],
      ['Exchange Server 2016 / SfB on-premises', 'exchange-2016', 'sfb-server'],
    ];
    for (const [text, ex, sfb] of SPELLINGS) {
      it(`reads "${text}" as ${ex} with ${sfb}`, async () => {
        assert.equal((await pair(text)).heading, `## ${label('exchange', ex)} with ${label('sfb', sfb)}`);
      });
    }

    it('answers garbage with the usage and the overview', async () => {
      for (const text of ['banana split', 'exchange 2016 with banana', '42']) {
        const replies = await run(text);
        assert.equal(replies.length, 2, text);
        assert.match(replies[0]?.markdown ?? '', /Usage: `\/matrix <exchange> <sfb>`/, text);
        assert.match(replies[1]?.markdown ?? '', /\*\*Feature support matrix\*\*/);
      }
      assert.match((await run('exchange 2016 with banana'))[0]?.markdown ?? '', /did not understand `banana`/);
    });

    it('shows the overview with no argument', async () => {
      const replies = await run('');
      assert.equal(replies.length, 1);
      assert.match(replies[0]?.markdown ?? '', new RegExp(`\\(${matrix.features.length} features`));
      assert.deepEqual(
        replies[0]?.buttons?.map((b) => b.text),
        matrix.exchange.map((t) => `/matrix ${t.id}`),
      );
    });

    it('shows one Exchange side against every SfB side, with a button per pair', async () => {
      const replies = await run('exchange 2013');
      const reply = replies[0];
      assert.ok(reply);
      assert.ok(reply.markdown.startsWith(`## ${label('exchange', 'exchange-2013')}`));
      for (const f of matrix.features) assert.ok(reply.markdown.includes(`- ${f.label}: `), f.label);
      assert.deepEqual(
        reply.buttons?.map((b) => b.text),
        matrix.sfb.map((t) => `/matrix exchange-2013 ${t.id}`),
      );
    });

    it('asks for the Exchange side when only the SfB side is given', async () => {
      const replies = await run('lync 2013');
      assert.match(replies[0]?.markdown ?? '', /Which Exchange goes with Lync Server 2013\?/);
      assert.deepEqual(
        replies[0]?.buttons?.map((b) => b.text),
        matrix.exchange.map((t) => `/matrix ${t.id} lync-2013`),
      );
    });
  });
});
