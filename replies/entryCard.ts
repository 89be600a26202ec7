import type { KbArticle, KnowledgeEntry } from '../knowledge/model.js';
import { kbUrl } from '../knowledge/model.js';
import { button, reply, type Reply, type ReplyButton } from './reply.js';
import { codePoints } from './quote.js';
import { messages } from './messages.js';

/** The parts of an entry a user can ask for; `overview` is what an answer shows first. */
export const ENTRY_PARTS = ['overview', 'cause', 'powershell', 'verify', 'links', 'full'] as const;
export type EntryPart = (typeof ENTRY_PARTS)[number];

const PART_LABELS: Record<Exclude<EntryPart, 'overview' | 'full'>, string> = messages.entry.partButtons;

/** Buttons for the parts not shown yet, so long entries are read in steps rather than as a wall. */
export function entryPartButtons(entry: KnowledgeEntry, shown: EntryPart): ReplyButton[] {
  return (Object.keys(PART_LABELS) as (keyof typeof PART_LABELS)[])
    .filter((part) => part !== shown && (part !== 'powershell' || entry.sections.powershell !== undefined))
    .map((part) => button(PART_LABELS[part], `/kb ${entry.id} ${part}`));
}

/** One line citing the entry's KB articles, e.g. "KB 2811654, KB 2757458". */
export function kbLine(entry: KnowledgeEntry): string {
  return entry.kb.map((n) => messages.kbLink(n, kbUrl(n))).join(', ');
}

/**
 * Renders one part of an entry. The overview puts the summary and the numbered fix first and
 * offers the rest (cause, PowerShell, verification, links) as buttons.
 */
export function entryReply(
  entry: KnowledgeEntry,
  part: EntryPart = 'overview',
  extraButtons: readonly ReplyButton[] = [],
): Reply {
  const words = messages.entry;
  const { title, sections } = entry;
  switch (part) {
    case 'overview':
      return reply(words.overview(title, entry.summary, sections.fix, kbLine(entry)), [
        ...entryPartButtons(entry, part),
        ...extraButtons,
      ]);
    case 'cause':
      return reply(words.cause(title, sections.cause), entryPartButtons(entry, part));
    case 'powershell':
      return reply(
        sections.powershell !== undefined ? words.powershell(title, sections.powershell) : words.noPowerShell(title),
        entryPartButtons(entry, part),
      );
    case 'verify':
      return reply(words.verify(title, sections.verify), entryPartButtons(entry, part));
    case 'links':
      return reply(words.links(title, sections.links), entryPartButtons(entry, part));
    case 'full':
      return reply(entry.markdown);
    default: {
      const never: never = part;
      throw new Error(`unknown entry part ${String(never)}`);
    }
  }
}

/** `/kb <number>` when several entries cite the article: what it is, and which entries use it. */
export function kbArticleReply(article: KbArticle, entries: readonly KnowledgeEntry[]): Reply {
  return reply(
    messages.entry.kbArticle(article, entries),
    entries.slice(0, 6).map((e) => button(shorten(e.title, 40), `/kb ${e.id}`)),
  );
}

/** Cuts text to `max` characters on a word boundary, for button labels. */
export function shorten(text: string, max: number): string {
  const points = codePoints(text);
  if (points.length <= max) return text;
  const cut = points.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,:;(-]+$/, '')}…`;
}
