import type { KbArticle, KnowledgeEntry } from '../knowledge/model.js';
import { kbUrl } from '../knowledge/model.js';
import { button, reply, type Reply, type ReplyButton } from './reply.js';
import { codePoints } from './quote.js';
import { messages } from './messages.js';
import type { EntryPart } from './cards/replyCard.js';

export { ENTRY_PARTS, type EntryPart } from './cards/replyCard.js';

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
  const card = { kind: 'entry', entry, part } as const;
  switch (part) {
    case 'overview':
      return reply(
        words.overview(title, entry.summary, sections.fix, kbLine(entry)),
        [...entryPartButtons(entry, part), ...extraButtons],
        card,
      );
    case 'powershell':
      if (sections.powershell === undefined) return reply(words.noPowerShell(title), entryPartButtons(entry, part));
      return reply(words.part(title, part, sections.powershell), entryPartButtons(entry, part), card);
    case 'cause':
    case 'verify':
    case 'links':
      return reply(words.part(title, part, sections[part]), entryPartButtons(entry, part), card);
    case 'full':
      return reply(entry.markdown, [], card);
    default: {
      const never: never = part;
      throw new Error(`unknown entry part ${String(never)}`);
    }
  }
}

/**
 * An answer for a chat the bot may not be in (the messaging extension inserts it): the overview,
 * then the PowerShell and the verification, as Markdown; its card links the KB articles.
 */
export function standaloneEntryMarkdown(entry: KnowledgeEntry): string {
  const { sections } = entry;
  const overview = messages.entry.overview(entry.title, entry.summary, sections.fix, kbLine(entry));
  return messages.entry.standalone(overview, [
    ...(sections.powershell !== undefined ? [{ part: 'powershell' as const, text: sections.powershell }] : []),
    { part: 'verify', text: sections.verify },
  ]);
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
