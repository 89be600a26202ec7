/**
 * Readers and checks of the Adaptive Cards the bot sends: the card of an activity, what it shows
 * (its visible words), its actions, and validation with the renderer's own parser (the
 * `adaptivecards` package's DOM-free bundle: its lib/ does not load on Node 20).
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

export type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function arrayOf(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The Adaptive Cards attached to an activity (usually one). */
export function adaptiveCardsOf(activity: unknown): Json[] {
  if (!isObject(activity)) return [];
  return arrayOf(activity.attachments)
    .filter((a) => a.contentType === ADAPTIVE_CARD && isObject(a.content))
    .map((a) => a.content as Json);
}

/** The one Adaptive Card of an activity, or undefined. */
export function adaptiveCardOf(activity: unknown): Json | undefined {
  return adaptiveCardsOf(activity)[0];
}

/** Every element of a card body, depth first (containers, table cells and action sets opened). */
export function elementsOf(items: unknown): Json[] {
  return arrayOf(items).flatMap((e) => [
    e,
    ...elementsOf(e.items),
    ...arrayOf(e.rows).flatMap((r) => arrayOf(r.cells).flatMap((c) => elementsOf(c.items))),
  ]);
}

/** Every action of a card: its own and those of action sets in its body. */
export function actionsOf(card: Json): Json[] {
  return [...arrayOf(card.actions), ...elementsOf(card.body).flatMap((e) => arrayOf(e.actions))];
}

/** The texts a card shows: TextBlocks, code, facts, table cells, action titles and link targets. */
export function visibleTexts(card: Json): string[] {
  const texts = elementsOf(card.body).flatMap((e) => {
    if (e.type === 'TextBlock') return [stringOf(e.text)];
    if (e.type === 'CodeBlock') return [stringOf(e.codeSnippet)];
    if (e.type === 'FactSet') return arrayOf(e.facts).flatMap((f) => [stringOf(f.title), stringOf(f.value)]);
    return [];
  });
  const actions = actionsOf(card).flatMap((a) => [stringOf(a.title), stringOf(a.url)]);
  return [...texts, ...actions].filter((t) => t !== '');
}

/** The words of a text, lower case (letters and digits; Markdown and punctuation are not words). */
export function wordsOf(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

/**
 * Asserts that the card shows every word of its fallback text (code fence markers aside): the
 * text tests read from a card activity is then what the card says, not only what a host without
 * cards would show.
 */
export function assertCardShowsFallback(card: Json): void {
  const fallback = stringOf(card.fallbackText).replace(/^```\w*$/gm, '');
  const shown = wordsOf(visibleTexts(card).join('\n'));
  const missing = [...wordsOf(fallback)].filter((w) => !shown.has(w));
  assert.deepEqual(missing, [], `the card does not show these words of its fallback text: ${fallback.slice(0, 300)}`);
}

// ---- validation with the renderer's parser ------------------------------------------------------

interface ParseEvent {
  readonly event: number;
  readonly message: string;
}
interface AdaptiveCardsModule {
  AdaptiveCard: new () => {
    parse(json: unknown, context: unknown): void;
    validateProperties(): { validationEvents: ParseEvent[] };
  };
  SerializationContext: new (version?: unknown) => { eventCount: number; getEventAt(i: number): ParseEvent };
  Versions: Record<string, unknown>;
}

const AC = require('adaptivecards/dist/adaptivecards.js') as AdaptiveCardsModule;

/** Elements that are Teams' own: the renderer does not know them, and they must carry a fallback. */
const TEAMS_ELEMENTS = new Set(['CodeBlock']);

/** Events of parsing `card` as a host of schema `version` renders it, and of checking its properties. */
export function cardProblems(card: Json, version: '1.5' | '1.3' = '1.5'): string[] {
  const target = version === '1.5' ? AC.Versions.v1_5 : AC.Versions.v1_3;
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(target);
  parsed.parse(card, context);
  const events: string[] = [];
  for (let i = 0; i < context.eventCount; i++) events.push(context.getEventAt(i).message);
  for (const e of parsed.validateProperties().validationEvents) events.push(e.message);
  return events;
}

/**
 * Asserts that the renderer's parser accepts the card as schema 1.5 (no unknown element, action
 * or property value, no missing required property) but for Teams' CodeBlock, which must have a
 * fallback that parses; and that every element and action a 1.3 host does not know has a fallback.
 */
export function assertValidCard(card: Json): void {
  assert.equal(card.type, 'AdaptiveCard');
  assert.equal(card.version, '1.5');
  assert.ok(stringOf(card.fallbackText).trim() !== '', 'every card has a fallback text');
  const teamsOnly = elementsOf(card.body).filter((e) => TEAMS_ELEMENTS.has(stringOf(e.type)));
  for (const e of teamsOnly) assert.ok(isObject(e.fallback), `${stringOf(e.type)} without a fallback`);
  const unknown = /^Unknown element type "(\w+)"/;
  const problems = cardProblems(card).filter((m) => !TEAMS_ELEMENTS.has(unknown.exec(m)?.[1] ?? ''));
  assert.deepEqual(problems, [], `the renderer's parser reports: ${JSON.stringify(problems)}`);
  // A 1.3 host uses the fallbacks and ignores newer properties; anything else it reports is a real fault.
  const older = cardProblems(card, '1.3').filter(
    (m) => !/Fallback will be used if present|is supported in version 1\.[45]/.test(m),
  );
  assert.deepEqual(older, [], `a 1.3 host reports: ${JSON.stringify(older)}`);
  for (const e of [...elementsOf(card.body), ...actionsOf(card)])
    if (['Table', 'CodeBlock', 'Action.Execute'].includes(stringOf(e.type)))
      assert.ok(isObject(e.fallback), `${stringOf(e.type)} needs a fallback for hosts before 1.5`);
}
