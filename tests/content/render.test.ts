import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Activity } from 'botbuilder';
import { PROJECT_ROOT } from '../../bot/config.js';
import { entryReply, type EntryPart } from '../../replies/entryCard.js';
import { toActivity } from '../../replies/reply.js';
import { lexMarkdown } from '../../knowledge/markdown.js';
import type { Token, Tokens } from 'marked';
import { buttonsOf, sharedApp, textOf } from '../support/harness.js';
import { adaptiveCardOf, assertValidCard, elementsOf } from '../support/cards.js';

/**
 * Rendering snapshots of real entries per channel. Snapshots live in __snapshots__/ next to this
 * file; `UPDATE_SNAPSHOTS=1` rewrites them, otherwise a missing or different snapshot fails.
 */

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SNAPSHOT_DIR = path.join(HERE, '__snapshots__');
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';

/**
 * Representative entries: bold UI names and a PowerShell block (UCS), a Markdown table
 * (voicemail/archiving), and several PowerShell blocks with URLs (OAuth autodiscover).
 */
const ENTRY_IDS = [
  'ucs-contact-list-read-only',
  'voicemail-archiving-conversation-history',
  'oauth-configuration-autodiscover-svc',
] as const;
const CHANNELS = ['msteams', 'webchat', 'terminal'] as const;
/** The overview is what users see first; `full` also covers headings, tables and code blocks. */
const PARTS: readonly EntryPart[] = ['overview', 'full'];

const knowledge = sharedApp().services.knowledge.current;

/**
 * A readable, diff-friendly form of an activity: text (a card's fallback text, which textOf reads
 * only after checking that the card shows all of it), then format or card, and buttons. The cards
 * themselves have JSON snapshots (tests/content/cards.test.ts).
 */
function snapshotOf(activity: Partial<Activity>): string {
  const buttons = buttonsOf(activity).map((b) => `[${b.title}] ${b.type} -> ${b.text}`);
  const card = adaptiveCardOf(activity);
  const format = card ? `adaptive card ${String(card.version)}` : `textFormat: ${activity.textFormat ?? ''}`;
  return `${textOf(activity)}\n\n----- ${format}; buttons: ${buttons.length}\n${buttons.join('\n')}\n`;
}

function matchSnapshot(name: string, actual: string): void {
  const file = path.join(SNAPSHOT_DIR, name);
  if (UPDATE) {
    fs.mkdirSync(SNAPSHOT_DIR, { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(
    fs.existsSync(file),
    `missing snapshot ${path.relative(PROJECT_ROOT, file)}: run the tests with UPDATE_SNAPSHOTS=1 and review the new file`,
  );
  assert.equal(
    actual,
    fs.readFileSync(file, 'utf8'),
    `${name} differs; if the change is intended, rerun with UPDATE_SNAPSHOTS=1`,
  );
}

/** Text outside code blocks and code spans (where `<placeholders>` are legitimate). */
function withoutCode(text: string): string {
  return text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
}

function codeBlocks(tokens: readonly Token[]): string[] {
  return tokens.flatMap((t) => {
    if (t.type === 'code') return [(t as Tokens.Code).text];
    if (t.type === 'list') return (t as Tokens.List).items.flatMap((i) => codeBlocks(i.tokens));
    if (t.type === 'blockquote') return codeBlocks((t as Tokens.Blockquote).tokens);
    return [];
  });
}

function render(entryId: string, part: EntryPart, channelId: string): Partial<Activity> {
  const entry = knowledge.entries.get(entryId);
  assert.ok(entry, `entry ${entryId} exists`);
  return toActivity(entryReply(entry, part), channelId);
}

describe('entry rendering per channel (snapshots)', () => {
  it('the representative entries cover a table, code blocks and bold text', () => {
    const markdown = ENTRY_IDS.map((id) => knowledge.entries.get(id)?.markdown ?? '').join('\n');
    assert.match(markdown, /^\|.*\|$/m, 'a table');
    assert.match(markdown, /```powershell/, 'a code block');
    assert.match(markdown, /\*\*[^*]+\*\*/, 'bold text');
  });

  for (const id of ENTRY_IDS) {
    for (const part of PARTS) {
      for (const channel of CHANNELS) {
        it(`${id} ${part} on ${channel} matches its snapshot`, () => {
          matchSnapshot(`${id}.${part}.${channel}.txt`, snapshotOf(render(id, part, channel)));
        });
      }

      it(`${id} ${part}: Teams text has no headings, tables or raw HTML`, () => {
        const activity = render(id, part, 'msteams');
        // In Teams an answer is an Adaptive Card; its fallback text is Teams' Markdown subset.
        const card = adaptiveCardOf(activity);
        assert.ok(card, 'Teams gets an Adaptive Card');
        assertValidCard(card);
        const text = textOf(activity);
        assert.doesNotMatch(text, /^\s{0,3}#{1,6}\s/m, 'no # headings');
        assert.doesNotMatch(text, /^\s*\|.*\|\s*$/m, 'no table rows');
        assert.doesNotMatch(text, /^\s*\|?\s*:?-{3,}:?\s*\|/m, 'no table separators');
        assert.doesNotMatch(withoutCode(text), /<\/?[a-z!][^>]*>/i, 'no raw HTML');
      });

      it(`${id} ${part}: terminal text has no Markdown markers and indents code by 4 spaces`, () => {
        const activity = render(id, part, 'terminal');
        const text = textOf(activity);
        assert.equal(activity.textFormat, 'plain');
        assert.ok(!text.includes('**'), 'no ** markers');
        assert.ok(!text.includes('```'), 'no ``` fences');
        assert.doesNotMatch(text, /\]\(https?:/, 'no Markdown links');
        assert.doesNotMatch(text, /^#{1,6}\s/m, 'no # headings');
        const entry = knowledge.entries.get(id);
        assert.ok(entry);
        const source = part === 'full' ? entry.markdown : `${entry.summary}\n\n${entry.sections.fix}`;
        for (const block of codeBlocks(lexMarkdown(source))) {
          const indented = block
            .split('\n')
            .map((line) => `    ${line}`)
            .join('\n');
          assert.ok(text.includes(indented), `code block should appear indented by 4 spaces:\n${indented}`);
        }
      });
    }
  }

  it('web chat keeps the Markdown headings and tables', () => {
    const overview = textOf(render('voicemail-archiving-conversation-history', 'overview', 'webchat'));
    assert.ok(overview.startsWith('## '), overview.slice(0, 80));
    const full = render('voicemail-archiving-conversation-history', 'full', 'webchat');
    assert.match(textOf(full), /^\| .* \|$/m);
    // The card shows the table as a 1.5 Table (its rows as lines where a host has none).
    const table = elementsOf(adaptiveCardOf(full)?.body).find((e) => e.type === 'Table');
    assert.ok(table && Array.isArray(table.rows) && table.rows.length > 1, 'the card has the table');
  });
});
