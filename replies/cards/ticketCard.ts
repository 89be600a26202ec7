import { ageOf, MAX_NOTE_LENGTH, type Ticket } from '../../tickets/ticket.js';
import { messages } from '../messages.js';
import { quoteUserText } from '../quote.js';
import { renderMarkdown, type RenderTarget } from '../render.js';
import {
  adaptiveCard,
  heading,
  textBlock,
  type AdaptiveCard,
  type CardElement,
  type ExecuteAction,
} from './adaptiveCard.js';
import { markdownElements } from './markdownElements.js';
import { submitAction } from './cardActions.js';

/** The verbs of a ticket card's Action.Execute buttons (the `adaptiveCard/action` invoke names them). */
export const TICKET_VERBS = { take: 'ticketTake', resolve: 'ticketResolve', note: 'ticketNote' } as const;
export type TicketVerb = (typeof TICKET_VERBS)[keyof typeof TICKET_VERBS];
/** The id of the card's note box: Teams sends its text in the action's data under this name. */
export const NOTE_INPUT_ID = 'note';

export function isTicketVerb(verb: string): verb is TicketVerb {
  return (Object.values(TICKET_VERBS) as string[]).includes(verb);
}

/** The symptom: a troubleshooter's title is content; anything else is the user's words, quoted. */
function symptomOf(ticket: Ticket, maxLength: number): string {
  return ticket.path && ticket.symptom === ticket.path.title
    ? ticket.symptom
    : quoteUserText(ticket.symptom, maxLength);
}

/** Who, as the card shows them (names are user data: quoted). */
function person(p: Ticket['user'] | undefined, forgotten = false): string {
  if (forgotten) return messages.tickets.forgottenUser;
  if (!p) return messages.tickets.unknownUser;
  return quoteUserText(p.name ?? p.id, 80);
}

/** The ticket's facts: status, who, where, when, the profile. */
function facts(ticket: Ticket): { title: string; value: string }[] {
  const f = messages.tickets.facts;
  const profile = Object.entries(ticket.profile)
    .filter(([, values]) => values.length > 0)
    .map(([field, values]) => messages.tickets.profileValue(field, values));
  return [
    { title: f.status, value: messages.tickets.status[ticket.status] },
    { title: f.why, value: messages.tickets.kind[ticket.kind] },
    { title: f.user, value: person(ticket.user, ticket.forgotten === true) },
    { title: f.channel, value: quoteUserText(ticket.channelId, 40) },
    { title: f.opened, value: messages.tickets.at(ticket.createdAt) },
    ...(ticket.takenBy ? [{ title: f.takenBy, value: person(ticket.takenBy) }] : []),
    ...(ticket.resolvedBy ? [{ title: f.resolvedBy, value: person(ticket.resolvedBy) }] : []),
    { title: f.profile, value: profile.length > 0 ? profile.join('; ') : messages.tickets.none },
  ];
}

function section(title: string, lines: readonly string[]): string {
  return `**${title}**\n\n${lines.length > 0 ? lines.join('\n') : messages.tickets.none}`;
}

/** The ticket's evidence as Markdown sections: symptom, path, entries and KBs, the user's words, notes. */
function evidenceMarkdown(ticket: Ticket): string {
  const t = messages.tickets;
  const parts = [`**${t.symptom}**: ${symptomOf(ticket, 200)}`];
  if (ticket.path) {
    parts.push(`**${t.path}**: ${ticket.path.title}. ${ticket.path.reason}`);
    parts.push(
      section(
        t.answersHeading,
        ticket.path.answers.map((a) => t.answerLine(a.question, a.answer, a.fromProfile)),
      ),
    );
    parts.push(
      section(
        t.checksHeading,
        ticket.path.checks.map((c) => t.answerLine(c.question, c.answer, false)),
      ),
    );
    parts.push(
      section(
        t.fixesHeading,
        ticket.path.fixesTried.map((f) => t.fixLine(f)),
      ),
    );
  }
  parts.push(
    section(t.entriesHeading, [
      ...ticket.entries.map((e) => t.entryLine(e.title)),
      ...ticket.kbs.map((k) => `- ${messages.kbLink(k.number, k.url)}`),
    ]),
  );
  parts.push(
    section(
      t.wordsHeading,
      ticket.words.map((w) => t.wordsLine(quoteUserText(w, 300))),
    ),
  );
  parts.push(
    section(
      t.notesHeading,
      ticket.notes.map((n) =>
        t.noteLine(quoteUserText(n.author, 80), n.at.slice(0, 16).replace('T', ' '), quoteUserText(n.text, 1000)),
      ),
    ),
  );
  return parts.join('\n\n');
}

/** The whole ticket as Markdown (`/ticket <n>`, and the card's fallback). */
export function ticketMarkdown(ticket: Ticket): string {
  const factLines = facts(ticket).map((f) => `- ${f.title}: ${f.value}`);
  return [`### ${messages.tickets.title(ticket.number)}`, factLines.join('\n'), evidenceMarkdown(ticket)].join('\n\n');
}

/** Most answers of a troubleshooter path `/tickets` shows under a ticket. */
const LIST_ANSWERS = 3;

/** One entry of `/tickets`: number, age, status and symptom, then the answers given so far. */
export function ticketListLine(ticket: Ticket, now: Date): string {
  const age = ageOf(ticket, now);
  const line = messages.tickets.listLine(
    ticket.number,
    messages.tickets.age(age.value, age.unit),
    messages.tickets.status[ticket.status],
    symptomOf(ticket, 80),
  );
  const answers = ticket.path?.answers ?? [];
  if (answers.length === 0) return line;
  const shown = answers
    .slice(0, LIST_ANSWERS)
    .map((a) => `  ${messages.tickets.answerLine(a.question, a.answer, a.fromProfile)}`);
  const more =
    answers.length > LIST_ANSWERS ? [`  ${messages.tickets.moreAnswers(answers.length - LIST_ANSWERS)}`] : [];
  return [line, ...shown, ...more].join('\n');
}

function execute(title: string, verb: TicketVerb, ticket: Ticket, command: string): ExecuteAction {
  return {
    type: 'Action.Execute',
    title,
    verb,
    data: { ticket: ticket.number },
    fallback: submitAction({ label: title, text: command }),
  };
}

/**
 * The ticket as the helpdesk channel shows it: facts, evidence, notes, and while it is not resolved
 * a note box with **Take it** (while nobody has), **Resolve** and **Add note** (Universal Actions:
 * the `adaptiveCard/action` invoke answers with this card refreshed).
 */
export function ticketCard(ticket: Ticket, target: RenderTarget = 'teams'): AdaptiveCard {
  const t = messages.tickets;
  const open = ticket.status !== 'resolved';
  const body: CardElement[] = [
    heading(t.title(ticket.number), 1),
    textBlock(symptomOf(ticket, 200), { isSubtle: true, spacing: 'None' }),
    { type: 'FactSet', facts: facts(ticket) },
    ...markdownElements(evidenceMarkdown(ticket)),
    ...(open
      ? [
          {
            type: 'Input.Text',
            id: NOTE_INPUT_ID,
            placeholder: t.notePlaceholder,
            isMultiline: true,
            maxLength: MAX_NOTE_LENGTH,
          } as const,
        ]
      : []),
  ];
  const n = String(ticket.number);
  const actions = open
    ? [
        ...(ticket.status === 'open' ? [execute(t.takeButton, TICKET_VERBS.take, ticket, `/ticket ${n} take`)] : []),
        execute(t.resolveButton, TICKET_VERBS.resolve, ticket, `/ticket ${n} resolve`),
        execute(t.noteButton, TICKET_VERBS.note, ticket, `/ticket ${n} note`),
      ]
    : [];
  return adaptiveCard(body, actions, renderMarkdown(ticketMarkdown(ticket), target));
}
