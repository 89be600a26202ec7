import {
  applyAction,
  forgetUser,
  isTicket,
  type ActionResult,
  type Ticket,
  type TicketAction,
  type TicketPerson,
} from './ticket.js';

/** The state store as tickets use it: botbuilder's `Storage` spelt structurally (see bot/state/stateStorage.ts). */
export interface TicketStorage {
  read(keys: string[]): Promise<Record<string, { eTag?: string; [field: string]: unknown }>>;
  write(changes: Record<string, { eTag?: string; [field: string]: unknown }>): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

export interface TicketStoreOptions {
  readonly storage: TicketStorage;
  /** The eTag of a create-only write when the store has one (bot/state's IF_ABSENT); otherwise `'*'` is used. */
  readonly createOnlyETag?: string;
  /** True for the store's "written by someone else since" refusal. */
  readonly isConflict: (err: unknown) => boolean;
  readonly now?: () => Date;
}

/** A ticket as created: everything but the number, the status and the notes. */
export type TicketDraft = Omit<Ticket, 'number' | 'status' | 'notes' | 'createdAt'>;

const COUNTER_KEY = 'tickets/counter';
/** Attempts of one write that keeps losing races (each after a short, growing, jittered pause). */
const MAX_ATTEMPTS = 30;
/** Most tickets `/tickets` looks through (the newest). */
export const LIST_WINDOW = 500;

export function ticketKey(n: number): string {
  return `tickets/${String(n)}`;
}

/**
 * Tickets in the state store, next to the conversations. Numbers come from one counter item
 * written with the eTag it was read with, so two instances that hand off at once never get the same
 * number (the loser of the race reads the counter again); the ticket itself is written create-only,
 * so a number is never reused even if the counter was lost. Updates are eTag-checked and retried.
 */
export class TicketStore {
  private readonly now: () => Date;

  constructor(private readonly options: TicketStoreOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Allocates the next number and stores the ticket under it. */
  async create(draft: TicketDraft): Promise<Ticket> {
    for (let attempt = 1; ; attempt++) {
      const number = await this.allocate();
      const ticket: Ticket = { ...draft, number, status: 'open', notes: [], createdAt: this.now().toISOString() };
      try {
        await this.options.storage.write({ [ticketKey(number)]: { ...ticket, eTag: this.createOnly() } });
        return ticket;
      } catch (err) {
        if (!this.options.isConflict(err) || attempt >= MAX_ATTEMPTS) throw err;
        await pause(attempt);
      }
    }
  }

  async get(number: number): Promise<Ticket | undefined> {
    const item = (await this.options.storage.read([ticketKey(number)]))[ticketKey(number)];
    return isTicket(item) ? stripETag(item) : undefined;
  }

  /** The newest tickets first (at most {@link LIST_WINDOW} looked at), filtered by `keep`. */
  async list(keep: (t: Ticket) => boolean = () => true): Promise<Ticket[]> {
    const last = await this.lastNumber();
    const keys: string[] = [];
    for (let n = last; n >= 1 && keys.length < LIST_WINDOW; n--) keys.push(ticketKey(n));
    if (keys.length === 0) return [];
    const items = await this.options.storage.read(keys);
    return keys
      .map((k) => items[k])
      .flatMap((item) => (isTicket(item) ? [stripETag(item)] : []))
      .filter(keep);
  }

  /** Applies a helpdesk action with an eTag-checked write (retried when the ticket changed meanwhile). */
  async act(number: number, action: TicketAction, who: TicketPerson): Promise<ActionResult | undefined> {
    return this.update(number, (t) => applyAction(t, action, who, this.now()));
  }

  /** Records where the ticket's card was posted. */
  async setPost(number: number, post: Ticket['post']): Promise<void> {
    if (!post) return;
    await this.update(number, (t) => ({ ok: true, ticket: { ...t, post }, changed: true }));
  }

  /** Blanks the personal fields of every ticket `userId` opened; returns how many tickets it changed. */
  async forgetUser(userId: string): Promise<number> {
    const mine = await this.list((t) => t.user.id === userId && t.forgotten !== true);
    let count = 0;
    for (const t of mine) {
      const result = await this.update(t.number, (current) => ({
        ok: true,
        ticket: forgetUser(current),
        changed: true,
      }));
      if (result?.ok) count++;
    }
    return count;
  }

  private async update(number: number, change: (t: Ticket) => ActionResult): Promise<ActionResult | undefined> {
    const key = ticketKey(number);
    for (let attempt = 1; ; attempt++) {
      const item = (await this.options.storage.read([key]))[key];
      if (!isTicket(item)) return undefined;
      const result = change(stripETag(item));
      if (!result.ok || !result.changed) return result;
      try {
        await this.options.storage.write({ [key]: { ...result.ticket, eTag: item.eTag ?? '*' } });
        return result;
      } catch (err) {
        if (!this.options.isConflict(err) || attempt >= MAX_ATTEMPTS) throw err;
        await pause(attempt);
      }
    }
  }

  /** The highest number given so far (0: none). */
  private async lastNumber(): Promise<number> {
    const counter = (await this.options.storage.read([COUNTER_KEY]))[COUNTER_KEY];
    return typeof counter?.last === 'number' ? counter.last : 0;
  }

  private async allocate(): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const counter = (await this.options.storage.read([COUNTER_KEY]))[COUNTER_KEY];
      const last = typeof counter?.last === 'number' ? counter.last : 0;
      const eTag = counter ? (counter.eTag ?? '*') : this.createOnly();
      try {
        await this.options.storage.write({ [COUNTER_KEY]: { last: last + 1, eTag } });
        return last + 1;
      } catch (err) {
        if (!this.options.isConflict(err) || attempt >= MAX_ATTEMPTS) throw err;
        await pause(attempt);
      }
    }
  }

  private createOnly(): string {
    return this.options.createOnlyETag ?? '*';
  }
}

function stripETag(item: Ticket): Ticket {
  const copy: Ticket & { eTag?: string } = { ...item };
  delete copy.eTag;
  return copy;
}

/** A short pause that grows with the attempt, jittered so racing writers spread out. */
function pause(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 4 * Math.min(attempt, 10)));
}
