import type { CommandSpec } from './commandSpec.js';
import { ENTRY_PARTS, entryReply, kbArticleReply, type EntryPart } from '../cards/entryCard.js';
import { reply } from '../cards/reply.js';

/** `/kb <number|id|text> [part]`: show an entry by KB number or id; other text is searched. */
export const kbCommand: CommandSpec = {
  name: 'kb',
  aliases: ['entry', 'article'],
  summary: 'Show a knowledge entry by KB number (e.g. 2811654) or entry id, or search for text.',
  usage: '/kb <number|id|text> [cause|powershell|verify|links|full]',
  args: [{ name: 'query', description: 'A Microsoft KB number, an entry id, or words to search for; optionally followed by the part to show.', required: true, rest: true }],
  requiresAdmin: false,
  examples: ['/kb 2811654', '/kb ucs-contact-list-read-only powershell', '/kb contact list read only'],
  run: (ctx, args) => {
    const knowledge = ctx.services.knowledge.current;
    const words = (args.query ?? '').trim().split(/\s+/);
    const last = words[words.length - 1]?.toLowerCase() ?? '';
    const part: EntryPart = words.length > 1 && (ENTRY_PARTS as readonly string[]).includes(last) ? (last as EntryPart) : 'overview';
    const key = (part === 'overview' && !(ENTRY_PARTS as readonly string[]).includes(last) ? words : words.slice(0, -1)).join(' ').replace(/^kb\s*/i, '');
    const entry = knowledge.entries.get(key.toLowerCase());
    if (entry) return { kind: 'reply', replies: [entryReply(entry, part)] };
    if (/^\d{6,7}$/.test(key)) {
      const article = knowledge.kbArticles.get(key);
      const citing = [...knowledge.entries.values()].filter((e) => e.kb.includes(key));
      if (!article || citing.length === 0) {
        return { kind: 'reply', replies: [reply(`KB ${key} is not one I know. I only cite the Microsoft KB articles my sources refer to: ${[...knowledge.kbArticles.keys()].sort().join(', ')}.`)] };
      }
      const only = citing[0];
      if (citing.length === 1 && only) return { kind: 'reply', replies: [reply(`**[KB ${article.number}](${article.url}): ${article.title}**\n\n${article.summary}`), entryReply(only, part)] };
      return { kind: 'reply', replies: [kbArticleReply(article, citing)] };
    }
    return { kind: 'search', text: args.query ?? '' };
  },
};
