import type { CommandOutcome, CommandSpec } from './commandSpec.js';
import type { Knowledge, KnowledgeEntry, SourceRef } from '../../knowledge/model.js';
import { ENTRY_PARTS, entryReply, kbArticleReply, shorten, type EntryPart } from '../../replies/entryCard.js';
import { button, reply } from '../../replies/reply.js';
import { quoteUserCode, quoteUserText } from '../../replies/quote.js';
import { messages } from '../../replies/messages.js';

/** The admin-only part: where each section of an entry comes from (source files are never shown to users). */
const SOURCES_PART = 'sources';

function sourceLine(ref: SourceRef): string {
  switch (ref.kind) {
    case 'source':
      return `- \`${ref.file}\`, ${quoteUserText(ref.section, 120)}${ref.quote ? `: "${quoteUserText(ref.quote, 160)}"` : ''}`;
    case 'kb':
      return `- ${messages.kbLink(ref.number, ref.url)}: ${ref.title}${ref.section ? ` (${quoteUserText(ref.section, 80)})` : ''}`;
    case 'learn':
      return `- [${ref.title}](${ref.url})${ref.section ? ` (${quoteUserText(ref.section, 80)})` : ''}`;
  }
}

/** `/kb <id> sources`: every section's references, for the admin who checks or edits the content. */
function sourcesReply(entry: KnowledgeEntry): ReturnType<typeof reply> {
  const sections = (['cause', 'fix', 'powershell', 'verify', 'links'] as const).flatMap((name) => {
    const refs = entry.sectionSources[name];
    return refs && refs.length > 0 ? [{ name, lines: refs.map(sourceLine) }] : [];
  });
  return reply(messages.kb.sources(entry.title, entry.file, sections));
}

const KB_NUMBER = /^(?:kb\s*)?(\d{6,7})$/i;

/** What `/kb` was asked for: an entry, a KB article, or words to search. */
type KbTarget =
  | { readonly kind: 'entry'; readonly entry: KnowledgeEntry }
  | { readonly kind: 'article'; readonly number: string }
  | { readonly kind: 'words' };

/** The entry id or KB number the query starts with ("KB 2811654" and "kb2811654" count as one). */
function targetOf(knowledge: Knowledge, words: readonly string[]): { target: KbTarget; rest: readonly string[] } {
  const [first = '', second = ''] = words;
  const joined = /^kb$/i.test(first) && /^\d{6,7}$/.test(second) ? { key: second, used: 2 } : { key: first, used: 1 };
  const entry = knowledge.entries.get(joined.key.toLowerCase());
  if (entry) return { target: { kind: 'entry', entry }, rest: words.slice(joined.used) };
  const number = KB_NUMBER.exec(joined.key)?.[1];
  if (number) return { target: { kind: 'article', number }, rest: words.slice(joined.used) };
  return { target: { kind: 'words' }, rest: words };
}

/** The parts `/kb <id> <part>` can show. */
const SHOWN_PARTS = ENTRY_PARTS.filter((p) => p !== 'overview');

/** A KB article: what it is, then the part asked for from every entry that cites it (or the list of them). */
function articleOutcome(knowledge: Knowledge, number: string, part: EntryPart | undefined): CommandOutcome {
  const article = knowledge.kbArticles.get(number);
  const citing = [...knowledge.entries.values()].filter((e) => e.kb.includes(number));
  if (!article || citing.length === 0) {
    const known = [...knowledge.kbArticles.keys()].sort();
    return { kind: 'reply', replies: [reply(messages.kb.unknownArticle(number, known))] };
  }
  const header = reply(messages.kb.article(article));
  const only = citing[0];
  if (citing.length === 1 && only) return { kind: 'reply', replies: [header, entryReply(only, part ?? 'overview')] };
  if (!part || part === 'overview') return { kind: 'reply', replies: [kbArticleReply(article, citing)] };
  // Several entries cite the article: each one's part, so nothing the user asked for is hidden.
  const withPart = part === 'powershell' ? citing.filter((e) => e.sections.powershell !== undefined) : citing;
  if (withPart.length === 0)
    return {
      kind: 'reply',
      replies: [
        header,
        reply(
          messages.kb.noPowerShellAmong(citing.length, number),
          citing.slice(0, 6).map((e) => button(shorten(e.title, 40), `/kb ${e.id}`)),
        ),
      ],
    };
  return { kind: 'reply', replies: [header, ...withPart.slice(0, 4).map((e) => entryReply(e, part))] };
}

/** `/kb <number|id|text> [part]`: show an entry by KB number or id; other text is searched. */
export const kbCommand: CommandSpec = {
  name: 'kb',
  aliases: ['entry', 'article'],
  summary: messages.commandHelp.kb.summary,
  usage: '/kb <number|id|text> [cause|powershell|verify|links|full]',
  args: [
    {
      name: 'query',
      description: messages.commandHelp.kb.args.query,
      required: true,
      rest: true,
    },
  ],
  requiresAdmin: false,
  examples: [
    '/kb 2811654',
    '/kb 2811654 powershell',
    '/kb ucs-contact-list-read-only powershell',
    '/kb contact list read only',
  ],
  run: async (ctx, args) => {
    const knowledge = ctx.services.knowledge.current;
    const text = (args.query ?? '').trim();
    const { target, rest } = targetOf(knowledge, text.split(/\s+/));
    if (target.kind === 'words') return { kind: 'reply', replies: await ctx.answers.search(text) };
    const asked = rest.join(' ').toLowerCase();
    if (asked === SOURCES_PART && target.kind === 'entry') {
      if (!ctx.caller.isAdmin) return { kind: 'reply', replies: [reply(messages.kb.sourcesAdminOnly)] };
      return { kind: 'reply', replies: [sourcesReply(target.entry)] };
    }
    const part = (ENTRY_PARTS as readonly string[]).includes(asked) ? (asked as EntryPart) : undefined;
    if (asked !== '' && !part) {
      const key = target.kind === 'entry' ? target.entry.id : target.number;
      return {
        kind: 'reply',
        replies: [
          reply(
            messages.kb.notAPart(quoteUserCode(rest.join(' '), 40), SHOWN_PARTS, key),
            ['cause', 'powershell', 'verify', 'links'].map((p) => button(p, `/kb ${key} ${p}`)),
          ),
        ],
      };
    }
    if (target.kind === 'entry') {
      const shown = entryReply(target.entry, part ?? 'overview');
      // An entry's overview is an answer (a did-you-mean's choice, a 👎's other match): it asks for feedback.
      const ask = part === undefined || part === 'overview' ? ctx.answers.askFeedback : undefined;
      return { kind: 'reply', replies: [ask ? await ask(shown, target.entry.id) : shown] };
    }
    return articleOutcome(knowledge, target.number, part);
  },
};
