import type { CommandSpec } from './commandSpec.js';

/** `/search <text>`: the same matching as free text, without starting a troubleshooter. */
export const searchCommand: CommandSpec = {
  name: 'search',
  aliases: ['find', 'ask'],
  summary: 'Search the knowledge base for a symptom or question.',
  usage: '/search <text>',
  args: [{ name: 'text', description: 'Words describing the problem.', required: true, rest: true }],
  requiresAdmin: false,
  examples: ['/search lync contacts read only'],
  run: async (ctx, args) => ({ kind: 'reply', replies: await ctx.answers.search(args.text ?? '') }),
};

/** `/explain <pasted error>`: error signatures first, then search; says what it recognised. */
export const explainCommand: CommandSpec = {
  name: 'explain',
  aliases: ['error'],
  summary: 'Explain a pasted error message or PowerShell output (codes and known messages first).',
  usage: '/explain <pasted error>',
  args: [{ name: 'error', description: 'The error text; several lines are fine.', required: true, rest: true }],
  requiresAdmin: false,
  examples: ['/explain ExCreateItem exchange operation failed, code=50043'],
  run: async (ctx, args) => ({ kind: 'reply', replies: await ctx.answers.explain(args.error ?? '') }),
};

/** `/why`: which phrases, words and signatures made the last answer. */
export const whyCommand: CommandSpec = {
  name: 'why',
  summary: 'Why I gave my last answer: what matched and how sure I was.',
  usage: '/why',
  args: [],
  requiresAdmin: false,
  run: async (ctx) => ({ kind: 'reply', replies: await ctx.answers.why() }),
};
