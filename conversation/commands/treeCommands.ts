import type { CommandOutcome, CommandSpec } from './commandSpec.js';
import type { HandoffSource } from '../../analytics/events.js';
import { button, reply } from '../../replies/reply.js';
import { shorten } from '../../replies/entryCard.js';
import { quoteUserCode } from '../../replies/quote.js';
import { profileValues } from '../../dialogs/profile.js';
import { messages } from '../../replies/messages.js';
import { PROFILE_FIELDS, PROFILE_VALUES } from '../../knowledge/model.js';

/** `/troubleshoot [tree]`: list the guided troubleshooters or start one. */
export const troubleshootCommand: CommandSpec = {
  name: 'troubleshoot',
  aliases: ['tree', 'guide'],
  summary: messages.commandHelp.troubleshoot.summary,
  usage: '/troubleshoot [tree]',
  args: [{ name: 'tree', description: messages.commandHelp.troubleshoot.args.tree, required: false, rest: true }],
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
            messages.troubleshoot.list(trees),
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
            messages.troubleshoot.noSuch(quoteUserCode(wanted, 60)),
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
  summary: messages.commandHelp.profile.summary,
  usage: '/profile [reset | <field> <value>]',
  args: [
    { name: 'action', description: messages.commandHelp.profile.args.action, required: false },
    { name: 'value', description: messages.commandHelp.profile.args.value, required: false },
  ],
  requiresAdmin: false,
  examples: ['/profile', '/profile reset', '/profile exchange exchange-2016'],
  run: (ctx, args) => {
    const action = (args.action ?? '').toLowerCase();
    if (action === 'reset')
      return {
        kind: 'setProfile',
        profile: {},
        replies: [reply(messages.profile.forgotten)],
      };
    if ((PROFILE_FIELDS as readonly string[]).includes(action)) {
      const field = action as (typeof PROFILE_FIELDS)[number];
      const value = (args.value ?? '').toLowerCase();
      if (![...PROFILE_VALUES[field], 'unknown'].includes(value)) {
        return {
          kind: 'reply',
          replies: [reply(messages.profile.fieldUsage(field, [...PROFILE_VALUES[field], 'unknown']))],
        };
      }
      return {
        kind: 'setProfile',
        profile: { ...ctx.profile, [field]: [value] },
        replies: [reply(messages.profile.remembered(field, value))],
      };
    }
    if (action !== '')
      return {
        kind: 'reply',
        replies: [reply(messages.profile.usage)],
      };
    const fields = PROFILE_FIELDS.map((field) => ({ field, values: profileValues(ctx.profile, field) }));
    return {
      kind: 'reply',
      replies: [reply(messages.profile.summary(fields), [button(messages.profile.resetButton, '/profile reset')])],
    };
  },
};

/** `/handoff`: how to reach a person, with what to include. */
export const handoffCommand: CommandSpec = {
  name: 'handoff',
  aliases: ['human', 'agent'],
  summary: messages.commandHelp.handoff.summary,
  usage: '/handoff',
  args: [],
  requiresAdmin: false,
  run: () => handoffOutcome(),
};

/** What /handoff does, from wherever it is asked for. */
function handoffOutcome(source?: HandoffSource): CommandOutcome {
  return {
    kind: 'handoff',
    replies: [reply(messages.handoffInstructions, [button(messages.buttons.troubleshooters, '/troubleshoot')])],
    ...(source ? { source } : {}),
  };
}

/** Where a button's handoff comes from: "None of these" on a did-you-mean, and a 👎's "Hand off". */
const HANDOFF_FROM = { 'none-of-these': 'noneOfThese', 'not-helpful': 'feedback' } as const;

/** `/handoff-from <source>`: /handoff as the buttons send it, so the analytics know where it came from. */
export const handoffFromCommand: CommandSpec = {
  name: 'handoff-from',
  summary: messages.commandHelp['handoff-from'].summary,
  usage: '/handoff-from <none-of-these|not-helpful>',
  args: [
    {
      name: 'source',
      description: messages.commandHelp['handoff-from'].args.source,
      required: true,
      choices: Object.keys(HANDOFF_FROM),
    },
  ],
  requiresAdmin: false,
  hidden: true,
  run: (_ctx, args) =>
    handoffOutcome(args.source === 'none-of-these' ? HANDOFF_FROM['none-of-these'] : HANDOFF_FROM['not-helpful']),
};
