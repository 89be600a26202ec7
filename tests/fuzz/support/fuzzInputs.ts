/**
 * The fuzz inputs and reply invariants shared by the in-process fuzz (TestAdapter) and the one
 * against the compiled server over HTTP: generated activities (hostile strings, tree labels,
 * commands, junk fields), the content's own links, and what every reply must satisfy.
 *
 *   FUZZ_RUNS=50000 FUZZ_SEED=7 change the count and the seed of both.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Marked, type Token } from 'marked';
import { sharedApp, stringsIn, textOf, type BotReply } from '../../support/harness.js';
import { hasUnsafeCharacters } from '../../../replies/quote.js';

export const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
export const SEED = Number(process.env.FUZZ_SEED ?? 20261202);

export const app = sharedApp();
export const knowledge = app.services.knowledge.current;
export const trees = [...knowledge.trees.values()];
const commands = app.commands.specs.flatMap((s) => [s.name, ...(s.aliases ?? [])]);

/** Every address the content itself links to: the only links a reply may carry. */
export const CONTENT_LINKS: ReadonlySet<string> = (() => {
  const texts = [...knowledge.entries.values()].flatMap((e) => [e.markdown, e.summary]);
  for (const t of trees) for (const n of t.nodes.values()) texts.push(n.text);
  for (const a of knowledge.kbArticles.values()) texts.push(a.url, a.summary);
  for (const n of knowledge.matrix.notes) texts.push(n.text);
  const links = new Set<string>();
  for (const text of texts)
    for (const m of text.matchAll(/https:\/\/[^\s)\]>"'`]+/g)) links.add(m[0].replace(/[.,;:]+$/, ''));
  return links;
})();

// ---- generators ---------------------------------------------------------------------------------

const NASTY = [
  '[Verify](https://evil.example/login)',
  '![x](https://evil.example/pixel.png)',
  '<https://evil.example>',
  'www.evil.example/login',
  'https://evil.example/a_(b)',
  '<script>alert(1)</script>',
  '<at>Bot</at>',
  '\u001b[31m',
  '\u0007',
  '\u0000',
  '\u202e',
  '\u2066',
  '\ud800',
  '\udfff',
  '```',
  '**',
  '&lt;',
  '\\',
  '\r\n',
  'Back.',
  'go  back',
  'start over',
  'cancel',
  'help',
  'thanks',
  'hi',
  'yes',
  'No',
  '1',
  '2',
  '99',
  'code=50043',
  'ExCreateItem exchange operation failed, code=50043',
  'presence not showing in outlook',
  'my lync contact list is read only',
];
const labels = trees.flatMap((t) =>
  [...t.nodes.values()].flatMap((n) =>
    n.kind === 'question' || n.kind === 'check' ? n.choices.map((c) => c.label) : [],
  ),
);

const word = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY, ...labels.slice(0, 60)) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom(...commands).map((c) => `/${c}`) },
);
const messageText: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.array(word, { minLength: 1, maxLength: 8 }).map((w) => w.join(' ')) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null, 42, '', '   ') },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
);
const realStep = fc.constantFrom(
  ...trees.flatMap((t) =>
    [...t.nodes.values()].flatMap((n) =>
      n.kind === 'question' || n.kind === 'check'
        ? n.choices.map((c) => ({ tree: t.id, node: n.id, choice: c.label }))
        : n.kind === 'resolution'
          ? [
              { tree: t.id, node: n.id, choice: 'fixed' },
              { tree: t.id, node: n.id, choice: 'not-fixed' },
            ]
          : [],
    ),
  ),
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.record({ text: fc.string({ maxLength: 30 }), step: realStep }) },
  { weight: 1, arbitrary: fc.record({ step: realStep }) },
  { weight: 1, arbitrary: fc.record({ text: messageText }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);
const entities: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  {
    weight: 1,
    arbitrary: fc.constant([{ type: 'mention', text: '<at>Bot</at>', mentioned: { id: 'bot', name: 'Bot' } }]),
  },
  { weight: 1, arbitrary: fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) },
  { weight: 1, arbitrary: fc.constant([{ type: 'mention', text: 5 }, null, {}]) },
);
const maybeJunk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
);

export interface FuzzCase {
  readonly channelId: string;
  readonly group: boolean;
  readonly inTree: number;
  readonly type: string;
  readonly activity: Record<string, unknown>;
}

export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.record({
  channelId: fc.constantFrom('msteams', 'webchat', 'emulator', 'terminal', 'directline', 'slack'),
  group: fc.boolean(),
  inTree: fc.integer({ min: 0, max: trees.length * 2 }),
  type: fc.oneof(
    { weight: 12, arbitrary: fc.constant('message') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'conversationUpdate',
        'invoke',
        'event',
        'typing',
        'messageReaction',
        'installationUpdate',
      ),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
  ),
  activity: fc.record(
    {
      text: messageText,
      value,
      entities,
      locale: maybeJunk,
      attachments: maybeJunk,
      channelData: maybeJunk,
      name: maybeJunk,
      membersAdded: maybeJunk,
      timestamp: maybeJunk,
      textFormat: maybeJunk,
    },
    { requiredKeys: [] },
  ),
});

// ---- invariants ---------------------------------------------------------------------------------

const markdown = new Marked({ gfm: true });

function linksIn(
  tokens: readonly Token[],
  out: { href: string; text: string }[] = [],
): { href: string; text: string }[] {
  for (const token of tokens) {
    if (token.type === 'link' || token.type === 'image')
      out.push({ href: (token as { href: string }).href, text: (token as { text: string }).text });
    const nested = (token as { tokens?: Token[]; items?: { tokens: Token[] }[] }).tokens;
    if (nested) linksIn(nested, out);
    for (const item of (token as { items?: { tokens: Token[] }[] }).items ?? []) linksIn(item.tokens, out);
  }
  return out;
}

/** Asserts a reply is safe to show: no raw control characters anywhere, no link the content does not have. */
export function assertSafeReply(reply: BotReply, channelId: string): void {
  for (const s of stringsIn(reply))
    assert.equal(hasUnsafeCharacters(s), false, `unsafe character in ${JSON.stringify(s).slice(0, 160)}`);
  // The terminal renders plain text, where nothing is a link.
  if (channelId === 'terminal') return;
  for (const link of linksIn(markdown.lexer(textOf(reply)))) {
    const harmlessMail = link.href === `mailto:${link.text}`;
    assert.ok(
      CONTENT_LINKS.has(link.href) || harmlessMail,
      `a reply links to ${link.href} ("${link.text}"), which the content does not: ${textOf(reply).slice(0, 300)}`,
    );
  }
}

/** Asserts every message gets a reply: whatever a message carries, the user hears back. */
export function assertReplied(c: FuzzCase, replies: readonly unknown[]): void {
  if (c.type === 'message') assert.ok(replies.length > 0, `no reply to ${JSON.stringify(c.activity).slice(0, 300)}`);
}
