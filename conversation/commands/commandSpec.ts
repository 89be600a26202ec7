import type { Reply } from '../../replies/reply.js';
import type { BotServices } from '../services.js';
import type { UserProfile } from '../../dialogs/profile.js';
import type { ActionResult, Ticket, TicketAction } from '../../tickets/ticket.js';
import type { HandoffSource } from '../../analytics/events.js';

/** One argument of a command, as declared in its spec. */
export interface CommandArg {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
  /** Takes the rest of the message, blanks and new lines included (pasted errors, free text). */
  readonly rest?: boolean;
  /** Accepted values, when the argument is an enumeration; checked case-insensitively. */
  readonly choices?: readonly string[];
}

/** Who is asking, as far as the channel lets us know it. */
export interface Caller {
  readonly id: string;
  readonly name?: string;
  readonly aadObjectId?: string;
  readonly channelId: string;
  readonly isAdmin: boolean;
  /** True for the helpdesk (HELPDESK_AAD_OBJECT_IDS, verified like admins) and for admins. */
  readonly isHelpdesk?: boolean;
}

/** The free-text answers, bound to the current turn, for the commands that search or explain. */
export interface AnswerCommands {
  /** `/search` and `/kb <words>`: the search's decision; a troubleshooter is offered, never started. */
  search(text: string): Promise<readonly Reply[]>;
  /** `/explain`: error signatures first. */
  explain(text: string): Promise<readonly Reply[]>;
  /** `/why`: the last decision, explained. */
  why(): Promise<readonly Reply[]>;
  /** A 👍 / 👎 on an answer (the answer's id and its entry), counted once. */
  readonly rate?: (helpful: boolean, answer: string, entry: string) => Promise<readonly Reply[]>;
  /** An entry's answer with "Did this help?" and its 👍 / 👎 (and the "answer shown" event). */
  readonly askFeedback?: (answer: Reply, entry: string) => Promise<Reply>;
}

/** What a command handler may use; everything is injected so handlers test without a turn. */
export interface CommandContext {
  readonly caller: Caller;
  readonly services: BotServices;
  readonly answers: AnswerCommands;
  /** The user's remembered topology profile (may be empty). */
  readonly profile: UserProfile;
  /** The helpdesk's ticket actions, bound to the current turn (absent where tickets are not kept). */
  readonly tickets?: TicketCommands;
}

/** What `/tickets` and `/ticket` ask of the handoff desk. */
export interface TicketCommands {
  list(): Promise<readonly Ticket[]>;
  get(number: number): Promise<Ticket | undefined>;
  /** Applies the action and tells the user; undefined when there is no such ticket. */
  act(number: number, action: TicketAction): Promise<(ActionResult & { readonly userTold: boolean }) | undefined>;
}

/** What a command asks the bot to do. Handlers never send activities themselves. */
export type CommandOutcome =
  | { readonly kind: 'reply'; readonly replies: readonly Reply[] }
  | { readonly kind: 'beginTree'; readonly treeId: string; readonly replies?: readonly Reply[] }
  | { readonly kind: 'setProfile'; readonly profile: UserProfile; readonly replies: readonly Reply[] }
  /** Hand the problem to a person: inside a troubleshooter with its summary so far, else `replies`. */
  | { readonly kind: 'handoff'; readonly replies: readonly Reply[]; readonly source?: HandoffSource }
  /** `/forget-me`: delete what the bot keeps about the caller, and say what went. */
  | { readonly kind: 'forgetMe' };

/** A slash command, declared once as data; help, parsing and the Teams manifest derive from it. */
export interface CommandSpec {
  /** Lowercase name without the slash. */
  readonly name: string;
  readonly aliases?: readonly string[];
  /** One line, at most 128 characters (Teams manifest limit). */
  readonly summary: string;
  /** Usage line, e.g. `/kb <number|id|text>`. */
  readonly usage: string;
  readonly args: readonly CommandArg[];
  readonly requiresAdmin: boolean;
  /** Helpdesk only (admins are helpdesk too); left out of the Teams command menu like admin commands. */
  readonly requiresHelpdesk?: boolean;
  /** Sent by buttons, not typed: left out of /help, suggestions and the Teams menu. */
  readonly hidden?: boolean;
  /** Examples shown by `/help <command>`. */
  readonly examples?: readonly string[];
  run(ctx: CommandContext, args: Readonly<Record<string, string>>): Promise<CommandOutcome> | CommandOutcome;
}
