import { TurnContext } from 'botbuilder';
import { recordTurnEvent } from './turnEvents.js';
import type { Logger } from '../core/logger.js';
import type { HandoffEvidence, TreeHandoff } from '../dialogs/treeDialog.js';
import type { UserProfile } from '../dialogs/profile.js';
import { messages } from '../replies/messages.js';
import { quoteUserText } from '../replies/quote.js';
import { reply, type Reply } from '../replies/reply.js';
import { ticketCard } from '../replies/cards/ticketCard.js';
import type { AdaptiveCard } from '../replies/cards/adaptiveCard.js';
import {
  lastNote,
  type ActionResult,
  type Ticket,
  type TicketAction,
  type TicketEvidence,
  type TicketKind,
  type TicketPerson,
  type TicketPost,
} from '../tickets/ticket.js';
import type { TicketStore } from '../tickets/ticketStore.js';
import type { Caller, TicketCommands } from './commands/commandSpec.js';
import { setBounded } from '../core/boundedMap.js';

/**
 * The proactive side of the desk, at the edge (bot/helpdeskOutbox.ts): posting a ticket's card to
 * the helpdesk channel, replacing it when the ticket moves, and telling the user in their own chat.
 */
export interface HelpdeskOutbox {
  /** True when a helpdesk channel is configured (tickets are posted there). */
  readonly postsToChannel: boolean;
  post(card: AdaptiveCard, teamsServiceUrl: string): Promise<TicketPost>;
  update(post: TicketPost, card: AdaptiveCard, teamsServiceUrl: string): Promise<void>;
  notify(reference: Readonly<Record<string, unknown>>, message: Reply): Promise<void>;
}

/** An action's result, and whether the user got the notice it sends them (take, resolve). */
export type DeskActionResult = ActionResult & { readonly userTold: boolean };

/** What a handoff that did not come from a troubleshooter knows: the user's words, entries shown. */
export interface LooseEvidence {
  readonly symptom?: string;
  readonly words?: readonly string[];
  readonly entries?: TicketEvidence['entries'];
  readonly kbs?: TicketEvidence['kbs'];
  readonly path?: TicketEvidence['path'];
}

export interface HandoffDeskDeps {
  readonly store: TicketStore;
  readonly logger: Logger;
  readonly readProfile: (context: TurnContext) => Promise<UserProfile>;
  /** The user's last free-text question in this conversation (what `/why` explains), if any. */
  readonly readLastQuestion: (context: TurnContext) => Promise<string | undefined>;
}

/** Teams' global service URL, for a channel post when no Teams activity was seen yet by this process. */
const DEFAULT_TEAMS_SERVICE_URL = 'https://smba.trafficmanager.net/teams/';
/** How many turn ids the desk remembers, so a turn re-run after a state conflict opens no second ticket. */
const MEMO_SIZE = 500;

/**
 * The handoff desk: opens a ticket for every handoff (a troubleshooter's end, `/handoff` anywhere,
 * "none of these", a 👎), posts it to the helpdesk channel when one is configured, and applies the
 * helpdesk's take / resolve / note, telling the user each time their ticket moves.
 */
export class HandoffDesk {
  private outbox: HelpdeskOutbox | undefined;
  private teamsServiceUrl = DEFAULT_TEAMS_SERVICE_URL;
  private readonly opened = new Map<string, Promise<Ticket | undefined>>();

  constructor(private readonly deps: HandoffDeskDeps) {}

  /** Connects the proactive side (the edge does it once the adapter exists). */
  attach(outbox: HelpdeskOutbox): void {
    this.outbox = outbox;
  }

  get store(): TicketStore {
    return this.deps.store;
  }

  /** A troubleshooter's handoff (the walk so far, the reason, the user's words): what to tell the user. */
  fromTree(context: TurnContext, handoff: TreeHandoff): Promise<string> {
    return this.openTicket(context, handoff.asked ? 'midTree' : 'treeEnd', {
      symptom: handoff.evidence.title,
      path: pathOf(handoff.evidence, handoff.reason),
      entries: handoff.evidence.entries,
      kbs: handoff.evidence.kbs,
    });
  }

  /**
   * Opens a ticket for this turn's user and returns what to tell them (its number and how the
   * helpdesk sees it). The hook for every handoff kind; the user's last question is added when the
   * evidence names no words. A store failure is logged and said, never thrown.
   */
  async createTicket(context: TurnContext, kind: TicketKind, evidence: LooseEvidence = {}): Promise<Reply[]> {
    return [reply(await this.openTicket(context, kind, evidence))];
  }

  /** {@link createTicket}, returning the notice as Markdown (to end another reply with). */
  async openTicket(context: TurnContext, kind: TicketKind, evidence: LooseEvidence = {}): Promise<string> {
    const memoKey = `${context.activity.conversation.id}|${context.activity.id ?? ''}|${kind}`;
    let pending = context.activity.id ? this.opened.get(memoKey) : undefined;
    if (!pending) {
      pending = this.open(context, kind, evidence);
      this.remember(memoKey, pending);
    }
    const ticket = await pending;
    if (!ticket) return messages.tickets.notCreated;
    // Posted means posted: a channel that refused the card leaves the helpdesk /tickets.
    return messages.tickets.created(ticket.number, ticket.post !== undefined);
  }

  /** The ticket commands, bound to a helpdesk member's turn. */
  commandsFor(context: TurnContext, caller: Caller): TicketCommands {
    return {
      list: () => this.deps.store.list((t) => t.status !== 'resolved'),
      get: (n) => this.deps.store.get(n),
      act: (n, action) => this.act(context, caller, n, action),
    };
  }

  /**
   * Applies a helpdesk action; on a change, refreshes the channel's card (when the action did not
   * come from it: the invoke answers with the card itself) and tells the user.
   */
  async act(
    context: TurnContext,
    caller: Caller,
    number: number,
    action: TicketAction,
    fromCard = false,
  ): Promise<DeskActionResult | undefined> {
    this.seeTeams(context);
    const who: TicketPerson = {
      id: caller.id,
      ...(caller.name ? { name: caller.name } : {}),
      ...(caller.aadObjectId ? { aadObjectId: caller.aadObjectId } : {}),
    };
    const result = await this.deps.store.act(number, action, who);
    if (!result?.ok || !result.changed) return result && { ...result, userTold: false };
    this.deps.logger.info('ticket ' + action.kind, { ticket: number, who: caller.aadObjectId ?? caller.id });
    const { ticket } = result;
    if (action.kind !== 'note') recordTicketMove(context, ticket);
    if (!fromCard && ticket.post)
      await this.outbox
        ?.update(ticket.post, ticketCard(ticket), this.teamsServiceUrl)
        .catch((err: unknown) => this.deps.logger.warn('ticket card not updated', { ticket: number, error: err }));
    const notice = userNotice(ticket, action, who);
    let userTold = false;
    if (notice && this.outbox)
      userTold = await this.outbox.notify(ticket.reference, notice).then(
        () => true,
        (err: unknown) => {
          this.deps.logger.warn('ticket user not told', { ticket: number, error: err });
          return false;
        },
      );
    return { ...result, userTold };
  }

  /** Blanks the personal fields (name, words, Azure AD id) of `userId`'s tickets; returns how many. */
  forgetUserTickets(userId: string): Promise<number> {
    return this.deps.store.forgetUser(userId);
  }

  private async open(context: TurnContext, kind: TicketKind, evidence: LooseEvidence): Promise<Ticket | undefined> {
    this.seeTeams(context);
    const { activity } = context;
    try {
      const last = evidence.words ? undefined : await this.deps.readLastQuestion(context);
      const words = evidence.words ?? (last !== undefined ? [last] : []);
      const ticket = await this.deps.store.create({
        kind,
        user: {
          id: activity.from.id,
          ...(activity.from.name ? { name: activity.from.name } : {}),
          ...(typeof activity.from.aadObjectId === 'string' ? { aadObjectId: activity.from.aadObjectId } : {}),
        },
        channelId: activity.channelId,
        reference: referenceOf(context),
        profile: { ...(await this.deps.readProfile(context)) },
        symptom: evidence.symptom ?? words[words.length - 1] ?? messages.tickets.kind[kind],
        ...(evidence.path ? { path: evidence.path } : {}),
        entries: evidence.entries ?? [],
        kbs: evidence.kbs ?? [],
        words: words.map((w) => w.slice(0, 500)),
      });
      this.deps.logger.info('ticket opened', { ticket: ticket.number, kind, conversationId: activity.conversation.id });
      recordTurnEvent(context, { type: 'ticketCreated', ticket: ticket.number, createdAt: ticket.createdAt });
      return await this.postToChannel(ticket);
    } catch (err) {
      this.deps.logger.error('ticket could not be opened', { kind, error: err });
      return undefined;
    }
  }

  private async postToChannel(ticket: Ticket): Promise<Ticket> {
    const outbox = this.outbox;
    if (!outbox?.postsToChannel) return ticket;
    try {
      const post = await outbox.post(ticketCard(ticket), this.teamsServiceUrl);
      await this.deps.store.setPost(ticket.number, post);
      return { ...ticket, post };
    } catch (err) {
      this.deps.logger.error('ticket could not be posted to the helpdesk channel', {
        ticket: ticket.number,
        error: err,
      });
      return ticket;
    }
  }

  /** A Teams turn tells the desk the service URL the helpdesk channel is reached at. */
  private seeTeams(context: TurnContext): void {
    if (context.activity.channelId === 'msteams' && context.activity.serviceUrl)
      this.teamsServiceUrl = context.activity.serviceUrl;
  }

  private remember(key: string, pending: Promise<Ticket | undefined>): void {
    setBounded(this.opened, key, pending, MEMO_SIZE);
  }
}

/**
 * The user's conversation as plain JSON, without the message it was read from: a notice later is a
 * new message in the chat (or thread), not a reply to a message the user sent days before.
 */
function referenceOf(context: TurnContext): Record<string, unknown> {
  const reference = JSON.parse(JSON.stringify(TurnContext.getConversationReference(context.activity))) as Record<
    string,
    unknown
  >;
  delete reference.activityId;
  return reference;
}

function pathOf(evidence: HandoffEvidence, reason: string): NonNullable<TicketEvidence['path']> {
  return {
    treeId: evidence.treeId,
    title: evidence.title,
    answers: evidence.answers,
    checks: evidence.checks,
    fixesTried: evidence.fixesTried,
    reason,
  };
}

/** What the user is told when their ticket moves: taken, or resolved with the latest note. */
function userNotice(ticket: Ticket, action: TicketAction, who: TicketPerson): Reply | undefined {
  const name = quoteUserText(who.name ?? who.id, 80);
  if (action.kind === 'take') return reply(messages.tickets.userTaken(ticket.number, name));
  if (action.kind === 'resolve') {
    const note = lastNote(ticket);
    return reply(messages.tickets.userResolved(ticket.number, name, note ? quoteUserText(note.text, 1000) : undefined));
  }
  return undefined;
}

/** The analytics event of a ticket taken or resolved (a note is not a move) (with its times, for time to resolve). */
function recordTicketMove(context: TurnContext, ticket: Ticket): void {
  if (ticket.status === 'resolved' && ticket.resolvedAt !== undefined)
    recordTurnEvent(context, {
      type: 'ticketResolved',
      ticket: ticket.number,
      createdAt: ticket.createdAt,
      resolvedAt: ticket.resolvedAt,
    });
  else if (ticket.status === 'taken' && ticket.takenAt !== undefined)
    recordTurnEvent(context, {
      type: 'ticketTaken',
      ticket: ticket.number,
      createdAt: ticket.createdAt,
      takenAt: ticket.takenAt,
    });
}
