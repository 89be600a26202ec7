/**
 * A handoff ticket: what the helpdesk needs to pick up a problem the bot could not solve, with
 * everything the bot did so far. Plain JSON (it lives in the state store); the functions here are
 * pure and never touch the store.
 */

/** How the handoff came about. */
export type TicketKind =
  /** A troubleshooter ran out of fixes, or reached a handoff step. */
  | 'treeEnd'
  /** `/handoff` in the middle of a troubleshooter. */
  | 'midTree'
  /** `/handoff` outside a troubleshooter. */
  | 'asked'
  /** `/handoff` after a question the bot had no answer to. */
  | 'afterMisses'
  /** "None of these" on a did-you-mean. */
  | 'noneOfThese'
  /** 👎 on an answer. */
  | 'feedback';

export const TICKET_KINDS: readonly TicketKind[] = [
  'treeEnd',
  'midTree',
  'asked',
  'afterMisses',
  'noneOfThese',
  'feedback',
];

export type TicketStatus = 'open' | 'taken' | 'resolved';

/** Someone, as the channel named them. */
export interface TicketPerson {
  readonly id: string;
  readonly name?: string;
  readonly aadObjectId?: string;
}

export interface TicketNote {
  readonly author: string;
  readonly at: string;
  readonly text: string;
}

/** A troubleshooter's walk: every answer and check, the fixes tried. */
export interface TicketPath {
  readonly treeId: string;
  readonly title: string;
  readonly answers: readonly { readonly question: string; readonly answer: string; readonly fromProfile: boolean }[];
  readonly checks: readonly { readonly question: string; readonly answer: string }[];
  readonly fixesTried: readonly string[];
  /** Why the walk ended in a handoff. */
  readonly reason: string;
}

/** What the bot knows of the problem when it is handed off. */
export interface TicketEvidence {
  /** One line: the troubleshooter's title, or the user's question. */
  readonly symptom: string;
  readonly path?: TicketPath;
  /** Knowledge entries shown (id and title). */
  readonly entries: readonly { readonly id: string; readonly title: string }[];
  readonly kbs: readonly { readonly number: string; readonly url: string }[];
  /** The user's own words, newest last (their last questions). Raw: quote them when showing. */
  readonly words: readonly string[];
}

/** Where the ticket's card is in the helpdesk channel. */
export interface TicketPost {
  readonly conversationId: string;
  readonly activityId: string;
}

export interface Ticket extends TicketEvidence {
  readonly number: number;
  readonly kind: TicketKind;
  readonly createdAt: string;
  readonly status: TicketStatus;
  readonly user: TicketPerson;
  readonly channelId: string;
  /** The conversation reference of the user's chat (for telling them when the ticket moves). */
  readonly reference: Readonly<Record<string, unknown>>;
  /** The topology profile (/profile) at the time of the handoff. */
  readonly profile: Readonly<Record<string, readonly string[]>>;
  readonly takenBy?: TicketPerson;
  readonly takenAt?: string;
  readonly resolvedBy?: TicketPerson;
  readonly resolvedAt?: string;
  readonly notes: readonly TicketNote[];
  readonly post?: TicketPost;
  /** True once the user asked to be forgotten: name, words and Azure AD id blanked. */
  readonly forgotten?: boolean;
}

/** What a helpdesk member does to a ticket. */
export type TicketAction =
  | { readonly kind: 'take' }
  | { readonly kind: 'resolve'; readonly note?: string }
  | { readonly kind: 'note'; readonly text: string };

/** Why an action was not applied. */
export type TicketRefusal = 'alreadyResolved' | 'emptyNote';

export type ActionResult =
  | { readonly ok: true; readonly ticket: Ticket; readonly changed: boolean }
  | { readonly ok: false; readonly refusal: TicketRefusal };

/** Longest note kept, in characters. */
export const MAX_NOTE_LENGTH = 1000;

/** Applies an action: pure, returns the new ticket (`changed` false when it was already so). */
export function applyAction(ticket: Ticket, action: TicketAction, who: TicketPerson, at: Date): ActionResult {
  const when = at.toISOString();
  const author = who.name ?? who.id;
  switch (action.kind) {
    case 'take':
      if (ticket.status === 'resolved') return { ok: false, refusal: 'alreadyResolved' };
      if (ticket.status === 'taken' && ticket.takenBy?.id === who.id) return { ok: true, ticket, changed: false };
      return { ok: true, ticket: { ...ticket, status: 'taken', takenBy: who, takenAt: when }, changed: true };
    case 'resolve': {
      if (ticket.status === 'resolved') return { ok: true, ticket, changed: false };
      const note = action.note?.trim().slice(0, MAX_NOTE_LENGTH);
      const notes = note ? [...ticket.notes, { author, at: when, text: note }] : ticket.notes;
      return {
        ok: true,
        ticket: {
          ...ticket,
          status: 'resolved',
          ...(ticket.takenBy ? {} : { takenBy: who, takenAt: when }),
          resolvedBy: who,
          resolvedAt: when,
          notes,
        },
        changed: true,
      };
    }
    case 'note': {
      const text = action.text.trim().slice(0, MAX_NOTE_LENGTH);
      if (text === '') return { ok: false, refusal: 'emptyNote' };
      return { ok: true, ticket: { ...ticket, notes: [...ticket.notes, { author, at: when, text }] }, changed: true };
    }
  }
}

/** The ticket without the user's personal fields: name, Azure AD id and their own words. */
export function forgetUser(ticket: Ticket): Ticket {
  const user: TicketPerson = { id: ticket.user.id };
  const reference = { ...ticket.reference };
  const refUser = reference.user as Record<string, unknown> | undefined;
  if (refUser && typeof refUser === 'object') reference.user = { id: refUser.id };
  return { ...ticket, user, reference, words: [], forgotten: true };
}

/** The latest note, if any (what the user is told on resolution). */
export function lastNote(ticket: Ticket): TicketNote | undefined {
  return ticket.notes[ticket.notes.length - 1];
}

/** The ticket's age in whole minutes, hours or days, for lists. */
export function ageOf(ticket: Ticket, now: Date): { readonly value: number; readonly unit: 'm' | 'h' | 'd' } {
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(ticket.createdAt)) / 60_000));
  if (minutes < 60) return { value: minutes, unit: 'm' };
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? { value: hours, unit: 'h' } : { value: Math.floor(hours / 24), unit: 'd' };
}

/** True when a stored value has the shape of a ticket. */
export function isTicket(value: unknown): value is Ticket {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Record<string, unknown>;
  return (
    typeof t.number === 'number' &&
    typeof t.status === 'string' &&
    typeof t.createdAt === 'string' &&
    typeof t.user === 'object' &&
    Array.isArray(t.notes)
  );
}
