import type { CommandSpec } from './commandSpec.js';
import { messages } from '../../replies/messages.js';

/** `/search <text>`: the same matching as free text, without starting a troubleshooter. */
export const searchCommand: CommandSpec = {
  name: 'search',
  aliases: ['find', 'ask'],
  summary: messages.commandHelp.search.summary,
  usage: '/search <text>',
  args: [{ name: 'text', description: messages.commandHelp.search.args.text, required: true, rest: true }],
  requiresAdmin: false,
  examples: ['/search lync contacts read only'],
  run: async (ctx, args) => ({ kind: 'reply', replies: await ctx.answers.search(args.text ?? '') }),
};

/** `/explain <pasted error>`: error signatures first, then search; says what it recognised. */
export const explainCommand: CommandSpec = {
  name: 'explain',
  aliases: ['error'],
  summary: messages.commandHelp.explain.summary,
  usage: '/explain <pasted error>',
  args: [{ name: 'error', description: messages.commandHelp.explain.args.error, required: true, rest: true }],
  requiresAdmin: false,
  examples: ['/explain ExCreateItem exchange operation failed, code=50043'],
  run: async (ctx, args) => ({ kind: 'reply', replies: await ctx.answers.explain(args.error ?? '') }),
};

/** `/why`: which phrases, words and signatures made the last answer. */
export const whyCommand: CommandSpec = {
  name: 'why',
  summary: messages.commandHelp.why.summary,
  usage: '/why',
  args: [],
  requiresAdmin: false,
  run: async (ctx) => ({ kind: 'reply', replies: await ctx.answers.why() }),
};
