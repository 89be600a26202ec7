import type { CommandSpec } from './commandSpec.js';
import { parseTopology } from '../../knowledge/matrixLookup.js';
import { EXCHANGE_IDS, SFB_IDS } from '../../knowledge/model.js';
import { matrixExchangeReply, matrixOverviewReply, matrixPairReply } from '../../replies/matrixCard.js';
import { reply } from '../../replies/reply.js';
import { quoteUserCode } from '../../replies/quote.js';
import { messages } from '../../replies/messages.js';

/** `/matrix [exchange] [sfb]`: which integration features work in which topology. */
export const matrixCommand: CommandSpec = {
  name: 'matrix',
  aliases: ['support'],
  summary: messages.commandHelp.matrix.summary,
  usage: '/matrix [exchange] [sfb]',
  args: [
    {
      name: 'topology',
      description: messages.commandHelp.matrix.args.topology(EXCHANGE_IDS, SFB_IDS),
      required: false,
      rest: true,
    },
  ],
  requiresAdmin: false,
  examples: ['/matrix', '/matrix exchange-2010 sfb-online', '/matrix Exchange Online SfB Server'],
  run: (ctx, args) => {
    const matrix = ctx.services.knowledge.current.matrix;
    const text = args.topology ?? '';
    if (text.trim() === '') return { kind: 'reply', replies: [matrixOverviewReply(matrix)] };
    const q = parseTopology(matrix, text);
    if (q.leftover !== '' || (!q.exchange && !q.sfb)) {
      return {
        kind: 'reply',
        replies: [
          reply(
            messages.matrixCommand.unreadable(
              quoteUserCode(text, 80),
              q.leftover ? quoteUserCode(q.leftover, 40) : undefined,
            ),
          ),
          matrixOverviewReply(matrix),
        ],
      };
    }
    if (q.exchange && q.sfb) return { kind: 'reply', replies: [matrixPairReply(matrix, q.exchange, q.sfb)] };
    if (q.exchange) return { kind: 'reply', replies: [matrixExchangeReply(matrix, q.exchange)] };
    const sfb = q.sfb;
    return {
      kind: 'reply',
      replies: [
        reply(
          messages.matrixCommand.whichExchange(sfb?.label),
          matrix.exchange.map((t) => ({
            label: t.label.replace(/\s*\(.*\)$/, ''),
            text: `/matrix ${t.id} ${sfb?.id ?? ''}`,
          })),
        ),
      ],
    };
  },
};
