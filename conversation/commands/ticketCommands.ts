import type { CommandOutcome, CommandSpec, TicketCommands } from './commandSpec.js';
import { button, reply } from '../../replies/reply.js';
import { messages } from '../../replies/messages.js';
import { quoteUserCode } from '../../replies/quote.js';
import { ticketListLine, ticketMarkdown } from '../../replies/cards/ticketCard.js';
import type { ActionResult, TicketAction } from '../../tickets/ticket.js';

/** Most tickets `/tickets` lists in one reply. */
const LIST_LIMIT = 25;

function say(text: string): CommandOutcome {
  return { kind: 'reply', replies: [reply(text)] };
}

/** The desk's commands, or the refusal when tickets are not kept in this app. */
function desk(tickets: TicketCommands | undefined): TicketCommands {
  if (!tickets) throw new Error('ticket commands ran without a handoff desk');
  return tickets;
}

/** `/tickets`: the open tickets (open or taken), newest first, with their age and symptom. */
export const ticketsCommand: CommandSpec = {
  name: 'tickets',
  summary: messages.commandHelp.tickets.summary,
  usage: '/tickets',
  args: [],
  requiresAdmin: false,
  requiresHelpdesk: true,
  run: async (ctx) => {
    const open = await desk(ctx.tickets).list();
    const now = new Date();
    const shown = open.slice(0, LIST_LIMIT);
    const lines = shown.map((t) => ticketListLine(t, now));
    return {
      kind: 'reply',
      replies: [
        reply(
          [messages.tickets.listTitle(open.length), ...lines].join('\n'),
          shown.slice(0, 5).map((t) => button(`#${String(t.number)}`, `/ticket ${String(t.number)}`)),
        ),
      ],
    };
  },
};

/** The action a `/ticket <n> <action> [text]` names, or the message saying what is wrong. */
function actionOf(action: string, text: string): TicketAction | string {
  switch (action.toLowerCase()) {
    case 'take':
      return text === '' ? { kind: 'take' } : messages.tickets.textNotExpected;
    case 'resolve':
      return text === '' ? { kind: 'resolve' } : { kind: 'resolve', note: text };
    case 'note':
      return text === '' ? messages.tickets.emptyNote : { kind: 'note', text };
    default:
      return messages.tickets.badAction(quoteUserCode(action, 40));
  }
}

/** What the helpdesk member is told after an action. */
export function actionMessage(
  n: number,
  action: TicketAction,
  result: (ActionResult & { readonly userTold: boolean }) | undefined,
): string {
  if (!result) return messages.tickets.noSuch(String(n));
  if (!result.ok)
    return result.refusal === 'alreadyResolved' ? messages.tickets.alreadyResolved(n) : messages.tickets.emptyNote;
  switch (action.kind) {
    case 'take':
      return result.changed ? messages.tickets.taken(n, result.userTold) : messages.tickets.alreadyTaken(n);
    case 'resolve':
      return result.changed ? messages.tickets.resolved(n, result.userTold) : messages.tickets.alreadyResolved(n);
    case 'note':
      return messages.tickets.noted(n);
  }
}

/** `/ticket <n> [take | resolve [note] | note <text>]`: show one ticket or act on it. */
export const ticketCommand: CommandSpec = {
  name: 'ticket',
  summary: messages.commandHelp.ticket.summary,
  usage: '/ticket <number> [take | resolve [note] | note <text>]',
  args: [
    { name: 'number', description: messages.commandHelp.ticket.args.number, required: true },
    { name: 'action', description: messages.commandHelp.ticket.args.action, required: false },
    { name: 'text', description: messages.commandHelp.ticket.args.text, required: false, rest: true },
  ],
  requiresAdmin: false,
  requiresHelpdesk: true,
  examples: [
    '/ticket 12',
    '/ticket 12 take',
    '/ticket 12 note Called the user, checking the EWS URL',
    '/ticket 12 resolve',
  ],
  run: async (ctx, args) => {
    const tickets = desk(ctx.tickets);
    const raw = (args.number ?? '').replace(/^#/, '');
    if (!/^\d{1,9}$/.test(raw)) return say(messages.tickets.badNumber(quoteUserCode(args.number ?? '', 20)));
    const n = Number(raw);
    const actionWord = args.action ?? '';
    if (actionWord === '') {
      const ticket = await tickets.get(n);
      if (!ticket) return say(messages.tickets.noSuch(raw));
      const buttons =
        ticket.status === 'resolved'
          ? []
          : [
              ...(ticket.status === 'open' ? [button(messages.tickets.takeButton, `/ticket ${raw} take`)] : []),
              button(messages.tickets.resolveButton, `/ticket ${raw} resolve`),
            ];
      return { kind: 'reply', replies: [reply(ticketMarkdown(ticket), buttons)] };
    }
    const action = actionOf(actionWord, (args.text ?? '').trim());
    if (typeof action === 'string') return say(action);
    return say(actionMessage(n, action, await tickets.act(n, action)));
  },
};
