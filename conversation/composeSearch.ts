import type { KnowledgeEntry } from '../knowledge/model.js';
import type { KnowledgeStore } from '../knowledge/knowledgeStore.js';
import { shorten, standaloneEntryMarkdown } from '../replies/entryCard.js';
import { renderMarkdown } from '../replies/render.js';
import { standaloneEntryCard } from '../replies/cards/entryCards.js';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from '../replies/cards/adaptiveCard.js';
import { messages } from '../replies/messages.js';
import { boundedInput } from './turnInput.js';

/** The messaging extension's search command, as the Teams app package declares it. */
export const KNOWLEDGE_SEARCH_COMMAND_ID = 'searchKnowledge';
/** Its one parameter: what the user types in the compose box. */
export const KNOWLEDGE_SEARCH_PARAMETER = 'query';
/** At most this many results: the list is read, not scrolled. */
export const MAX_COMPOSE_RESULTS = 10;
/** How many entries an empty query lists (one per troubleshooter: the main topics). */
export const MAX_HEADLINES = 8;
/** A preview's line of summary. */
const PREVIEW_CHARS = 120;

const KB_NUMBER = /^(?:kb\s*)?(\d{6,7})$/i;

/** One result: the entry's answer card to insert, and the list item Teams shows to pick it. */
export interface ComposeAttachment {
  readonly contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE;
  readonly content: AdaptiveCard;
  readonly preview: {
    readonly contentType: 'application/vnd.microsoft.card.thumbnail';
    readonly content: { readonly title: string; readonly text: string };
  };
}

/** The answer to a `composeExtension/query` invoke (botbuilder's MessagingExtensionResponse shape). */
export interface ComposeResponse {
  readonly composeExtension:
    | { readonly type: 'result'; readonly attachmentLayout: 'list'; readonly attachments: readonly ComposeAttachment[] }
    | { readonly type: 'message'; readonly text: string };
}

/** What the query asks: search words, or nothing (the headlines); undefined when it is not ours. */
function queryTextOf(query: unknown): string | undefined {
  if (typeof query !== 'object' || query === null) return undefined;
  const { commandId, parameters } = query as { commandId?: unknown; parameters?: unknown };
  if (commandId !== KNOWLEDGE_SEARCH_COMMAND_ID) return undefined;
  const list = Array.isArray(parameters) ? (parameters as unknown[]).slice(0, 10) : [];
  const param = list.find(
    (p): p is { name: string; value?: unknown } =>
      typeof p === 'object' && p !== null && (p as { name?: unknown }).name === KNOWLEDGE_SEARCH_PARAMETER,
  );
  // Teams sends `initialRun` (no query) when the box opens; anything but text is no query.
  return typeof param?.value === 'string' ? boundedInput(param.value).text : '';
}

/** The entries for a query: by KB number or entry id, else the search's hits worth offering. */
function entriesFor(text: string, knowledge: KnowledgeStore): KnowledgeEntry[] {
  const { entries, trees } = knowledge.current;
  if (text === '') {
    const firsts = [...trees.values()].flatMap((t) => t.entries.slice(0, 1));
    return [...new Set(firsts)].flatMap((id) => entries.get(id) ?? []).slice(0, MAX_HEADLINES);
  }
  const byId = entries.get(text.toLowerCase());
  if (byId) return [byId];
  const kb = KB_NUMBER.exec(text)?.[1];
  if (kb) return [...entries.values()].filter((e) => e.kb.includes(kb)).slice(0, MAX_COMPOSE_RESULTS);
  const { suggest } = knowledge.index.decisionThresholds;
  return knowledge.index
    .search(text)
    .hits.filter((h) => h.bySignature || h.score >= suggest)
    .slice(0, MAX_COMPOSE_RESULTS)
    .map((h) => h.entry);
}

/** An entry as a result: its title and a line of summary to pick it by, its standalone answer card. */
export function composeAttachment(entry: KnowledgeEntry): ComposeAttachment {
  return {
    contentType: ADAPTIVE_CARD_CONTENT_TYPE,
    content: standaloneEntryCard(entry, renderMarkdown(standaloneEntryMarkdown(entry), 'teams')),
    preview: {
      contentType: 'application/vnd.microsoft.card.thumbnail',
      content: { title: entry.title, text: shorten(entry.summary.replace(/\s+/g, ' '), PREVIEW_CHARS) },
    },
  };
}

/**
 * The messaging extension's search: the entries matching what was typed (a KB number and an entry
 * id work too; nothing typed lists the main topics) as a list of cards to insert. Another command
 * gets a message; a malformed query, an empty result. Never throws on what the client sent.
 */
export function answerComposeQuery(query: unknown, knowledge: KnowledgeStore): ComposeResponse {
  const commandId = (query as { commandId?: unknown } | null | undefined)?.commandId;
  const text = queryTextOf(query);
  if (text === undefined) {
    if (typeof commandId === 'string')
      return { composeExtension: { type: 'message', text: messages.composeExtension.unknownCommand } };
    return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [] } };
  }
  return {
    composeExtension: {
      type: 'result',
      attachmentLayout: 'list',
      attachments: entriesFor(text, knowledge).map(composeAttachment),
    },
  };
}
