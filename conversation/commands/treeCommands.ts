import type { CommandSpec } from './commandSpec.js';
import { button, reply } from '../../replies/reply.js';
import { shorten } from '../../replies/entryCard.js';
import { quoteUserCode } from '../../replies/quote.js';
import { describeProfileValues, profileValues } from '../../dialogs/profile.js';
import { PROFILE_FIELDS, PROFILE_VALUES } from '../../knowledge/model.js';

/** `/troubleshoot [tree]`: list the guided troubleshooters or start one. */
export const troubleshootCommand: CommandSpec = {
  name: 'troubleshoot',
  aliases: ['tree', 'guide'],
  summary: 'Start a guided troubleshooter, or list them.',
  usage: '/troubleshoot [tree]',
  args: [{ name: 'tree', description: 'A troubleshooter id or words from its title.', required: false, rest: true }],
  requiresAdmin: false,
  examples: ['/troubleshoot', '/troubleshoot ucs-contact-list'],
  run: (ctx, args) => {
    const trees = [...ctx.services.knowledge.current.trees.values()];
    const wanted = (args.tree ?? '').trim().toLowerCase();
    if (wanted === '') {
      return {
        kind: 'reply',
        replies: [
          reply(
            `Guided troubleshooters:\n\n${trees.map((t) => `- **${t.title}** (\`${t.id}\`): ${t.summary}`).join('\n')}`,
            trees.map((t) => button(shorten(t.title, 40), `/troubleshoot ${t.id}`)),
          ),
        ],
      };
    }
    const tree = trees.find((t) => t.id === wanted) ?? trees.find((t) => t.title.toLowerCase().includes(wanted));
    if (!tree)
      return {
        kind: 'reply',
        replies: [
          reply(
            `I have no troubleshooter \`${quoteUserCode(wanted, 60)}\`.`,
            trees.map((t) => button(shorten(t.title, 40), `/troubleshoot ${t.id}`)),
          ),
        ],
      };
    return { kind: 'beginTree', treeId: tree.id };
  },
};

/** `/profile [reset]`: show or forget the remembered Exchange / SfB / client answers. */
export const profileCommand: CommandSpec = {
  name: 'profile',
  summary: 'Show or reset what I remember about your deployment (Exchange, SfB, client).',
  usage: '/profile [reset | <field> <value>]',
  args: [
    { name: 'action', description: 'reset, or a field: exchange, sfb, client.', required: false },
    { name: 'value', description: 'The value for the field.', required: false },
  ],
  requiresAdmin: false,
  examples: ['/profile', '/profile reset', '/profile exchange exchange-2016'],
  run: (ctx, args) => {
    const action = (args.action ?? '').toLowerCase();
    if (action === 'reset')
      return {
        kind: 'setProfile',
        profile: {},
        replies: [
          reply('Done: I have forgotten your deployment answers. Troubleshooters will ask again when they need them.'),
        ],
      };
    if ((PROFILE_FIELDS as readonly string[]).includes(action)) {
      const field = action as (typeof PROFILE_FIELDS)[number];
      const value = (args.value ?? '').toLowerCase();
      if (![...PROFILE_VALUES[field], 'unknown'].includes(value)) {
        return {
          kind: 'reply',
          replies: [
            reply(
              `Usage: \`/profile ${field} <value>\` with one of: ${[...PROFILE_VALUES[field], 'unknown'].map((v) => `\`${v}\``).join(', ')}.`,
            ),
          ],
        };
      }
      return {
        kind: 'setProfile',
        profile: { ...ctx.profile, [field]: [value] },
        replies: [reply(`Remembered: ${field} = \`${value}\`.`)],
      };
    }
    if (action !== '')
      return {
        kind: 'reply',
        replies: [reply('Usage: `/profile`, `/profile reset` or `/profile <exchange|sfb|client> <value>`.')],
      };
    const lines = PROFILE_FIELDS.map((f) => {
      const values = profileValues(ctx.profile, f);
      return `- ${f}: ${values.length > 0 ? describeProfileValues(values.map((v) => `\`${v}\``)) : '_not asked yet_'}`;
    });
    return {
      kind: 'reply',
      replies: [
        reply(`What I remember about your deployment:\n\n${lines.join('\n')}`, [
          button('Reset profile', '/profile reset'),
        ]),
      ],
    };
  },
};

/** `/handoff`: how to reach a person, with what to include. */
export const handoffCommand: CommandSpec = {
  name: 'handoff',
  aliases: ['human', 'agent'],
  summary: 'Hand the problem to your helpdesk, with what to tell them.',
  usage: '/handoff',
  args: [],
  requiresAdmin: false,
  run: () => ({
    kind: 'handoff',
    replies: [
      reply(
        'Please contact your helpdesk or your Skype for Business / Exchange administrator. To save time, include:\n\n1. What you see (the exact error message, or a screenshot).\n2. Your Exchange version and Skype for Business / Lync deployment (`/profile` shows what you told me).\n3. Your client (Skype for Business or Lync version, Windows or Mac, Outlook or Outlook on the web).\n4. What you already tried (a guided troubleshooter gives you a summary to paste when it hands off).',
        [button('Troubleshooters', '/troubleshoot')],
      ),
    ],
  }),
};
