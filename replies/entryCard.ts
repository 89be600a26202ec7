import type { KbArticle, KnowledgeEntry } from '../knowledge/model.js';
import { kbUrl } from '../knowledge/model.js';
import { button, reply, type Reply, type ReplyButton } from './reply.js';
import { codePoints } from './quote.js';

/** The parts of an entry a user can ask for; `overview` is what an answer shows first. */
export const ENTRY_PARTS = ['overview', 'cause', 'powershell', 'verify', 'links', 'full'] as const;
export type EntryPart = (typeof ENTRY_PARTS)[number];

const PART_LABELS: Record<Exclude<EntryPart, 'overview' | 'full'>, string> = {
  cause: 'Why it happens',
  powershell: 'PowerShell',
  verify: 'How to verify',
  links: 'KB & links',
};

/** Buttons for the parts not shown yet, so long entries are read in steps rather than as a wall. */
export function entryPartButtons(entry: KnowledgeEntry, shown: EntryPart): ReplyButton[] {
  return (Object.keys(PART_LABELS) as (keyof typeof PART_LABELS)[])
    .filter((part) => part !== shown && (part !== 'powershell' || entry.sections.powershell !== undefined))
    .map((part) => button(PART_LABELS[part], `/kb ${entry.id} ${part}`));
}

/** One line citing the entry's KB articles, e.g. "KB 2811654, KB 2757458". */
export function kbLine(entry: KnowledgeEntry): string {
  return entry.kb.map((n) => `[KB ${n}](${kbUrl(n)})`).join(', ');
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
  const kb = entry.kb.length > 0 ? `\n\n**KB:** ${kbLine(entry)}` : '';
  switch (part) {
    case 'overview':
      return reply(`## ${entry.title}\n\n${entry.summary}\n\n**Fix**\n\n${entry.sections.fix}${kb}`, [
        ...entryPartButtons(entry, part),
        ...extraButtons,
      ]);
    case 'cause':
      return reply(`**${entry.title}: why it happens**\n\n${entry.sections.cause}`, entryPartButtons(entry, part));
    case 'powershell':
      return reply(
        entry.sections.powershell !== undefined
          ? `**${entry.title}: PowerShell**\n\n${entry.sections.powershell}`
          : `**${entry.title}** has no PowerShell steps; follow the Fix steps.`,
        entryPartButtons(entry, part),
      );
    case 'verify':
      return reply(`**${entry.title}: how to verify**\n\n${entry.sections.verify}`, entryPartButtons(entry, part));
    case 'links':
      return reply(
        `**${entry.title}: KB articles and links**\n\n${entry.sections.links}`,
        entryPartButtons(entry, part),
      );
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
  const list = entries.map((e) => `- **${e.title}**: ${e.summary}`).join('\n');
  return reply(
    `**[KB ${article.number}](${article.url}): ${article.title}**\n\n${article.summary}\n\nCovered in:\n\n${list}`,
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
