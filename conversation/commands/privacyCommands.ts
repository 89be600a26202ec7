import type { CommandSpec } from './commandSpec.js';
import { reply } from '../../replies/reply.js';
import { analyticsMessages, messages } from '../../replies/messages.js';

/** `/feedback up|down <answer> <entry>`: what the 👍 / 👎 buttons of an answer send. */
export const feedbackCommand: CommandSpec = {
  name: 'feedback',
  summary: messages.commandHelp.feedback.summary,
  usage: '/feedback <up|down> <answer> <entry>',
  args: [
    {
      name: 'verdict',
      description: messages.commandHelp.feedback.args.verdict,
      required: true,
      choices: ['up', 'down'],
    },
    { name: 'answer', description: messages.commandHelp.feedback.args.answer, required: true },
    { name: 'entry', description: messages.commandHelp.feedback.args.entry, required: true },
  ],
  requiresAdmin: false,
  hidden: true,
  run: async (ctx, args) => {
    const { verdict = '', answer = '', entry = '' } = args;
    const rate = ctx.answers.rate;
    if (!rate || !/^[0-9a-f]{1,16}$/.test(answer))
      return { kind: 'reply', replies: [reply(analyticsMessages.unknownEntry)] };
    return { kind: 'reply', replies: await rate(verdict === 'up', answer, entry.toLowerCase()) };
  },
};

/** `/forget-me`: the caller's profile, progress here and usage records are deleted. */
export const forgetMeCommand: CommandSpec = {
  name: 'forget-me',
  aliases: ['forgetme'],
  summary: messages.commandHelp['forget-me'].summary,
  usage: '/forget-me',
  args: [],
  requiresAdmin: false,
  run: () => ({ kind: 'forgetMe' }),
};
