import type { Activity, ResourceResponse, TurnContext } from 'botbuilder';
import type { Logger } from '../../core/logger.js';
import { mergeMessages } from '../../replies/reply.js';
import { isConflictError } from './stateStorage.js';
import { TurnRecord, type TurnScopedStorage } from './turnScopedStorage.js';

/** A turn that kept conflicting with other turns of its conversation, after every attempt. */
export class TurnConflictError extends Error {
  override name = 'TurnConflictError';
  constructor(
    readonly attempts: number,
    options?: ErrorOptions,
  ) {
    super(`state kept changing under the turn (${attempts} attempts)`, options);
  }
}

export interface TurnSafety {
  readonly storage: TurnScopedStorage;
  readonly logger: Logger;
  /** Attempts of one turn before it gives up (default 4). */
  readonly maxAttempts?: number;
}

/**
 * Runs one turn so that no state change is lost when turns of one conversation overlap (two
 * instances behind Azure Bot Service, or two requests at once to one instance).
 *
 * The choice: optimistic concurrency with a re-run, not a per-conversation lease. A lease costs two
 * more storage round trips on every turn, must be renewed during a slow turn, and, when an instance
 * dies holding it, blocks the conversation until it runs out; overlapping turns of one conversation
 * are rare (a double click, a retry), so paying only when they happen is the better trade.
 *
 * How: every state write of the turn is conditional on the eTag read at its start
 * (TurnScopedStorage). The replies are held, not sent, until the state is saved; so when a write is
 * refused the turn has not replied yet, and it is run again from the start on fresh state, its held
 * replies dropped and its turn-state cache reset. Writes of the abandoned attempt (say, conversation
 * state saved before user state was refused) are first undone, each only if nobody wrote that key
 * since. The re-run sees the other turn's change (a clicked step is then seen as already answered)
 * and replies accordingly, so both turns' changes persist.
 *
 * When sending the held replies fails, the turn's writes are undone too, so the user's progress stays
 * where the replies they saw left it, as it did when replies were sent before saving.
 */
export async function runTurnSafely(
  context: TurnContext,
  logic: () => Promise<void>,
  safety: TurnSafety,
): Promise<void> {
  const maxAttempts = safety.maxAttempts ?? 4;
  const outbox = holdReplies(context);
  const turnStateAtStart = [...context.turnState.entries()];
  for (let attempt = 1; ; attempt++) {
    const record = new TurnRecord();
    outbox.hold();
    try {
      await safety.storage.runInTurn(record, logic);
    } catch (err) {
      if (!isConflictError(err)) {
        // A fault, not a conflict: what the turn said so far goes out, then the turn-error handler apologises.
        await outbox.release();
        throw err;
      }
      outbox.discard();
      const undone = await safety.storage.undo(record);
      safety.logger.info('state conflict: turn runs again on fresh state', {
        conversationId: context.activity.conversation.id,
        attempt,
        undone,
      });
      if (!undone || attempt >= maxAttempts) throw new TurnConflictError(attempt, { cause: err });
      resetTurnState(context, turnStateAtStart);
      await pause(attempt);
      continue;
    }
    try {
      await outbox.release();
    } catch (err) {
      await safety.storage.undo(record).catch((undoErr: unknown) => {
        safety.logger.error('could not undo the state of a turn whose replies failed', { error: undoErr });
      });
      throw err;
    }
    return;
  }
}

interface Outbox {
  hold(): void;
  discard(): void;
  release(): Promise<void>;
}

/**
 * Holds the turn's outgoing activities while `hold` is on; `release` sends them in order, merged
 * where they fit in fewer connector posts (each post is a round trip to the channel).
 */
function holdReplies(context: TurnContext): Outbox {
  let holding = false;
  let held: Partial<Activity>[] = [];
  context.onSendActivities(async (_ctx, activities, next): Promise<ResourceResponse[]> => {
    if (!holding) return next();
    held.push(...activities);
    // Nothing in the bot reads the ids of what it sent; a held activity has none yet.
    return activities.map(() => ({ id: '' }));
  });
  return {
    hold: () => {
      holding = true;
      held = [];
    },
    discard: () => {
      holding = false;
      held = [];
    },
    release: async () => {
      holding = false;
      const out = held;
      held = [];
      if (out.length > 0) await context.sendActivities(mergeMessages(out));
    },
  };
}

/** Back to the turn state the adapter set up: drops cached states, the read input, dialog requests. */
function resetTurnState(context: TurnContext, entries: readonly [unknown, unknown][]): void {
  context.turnState.clear();
  for (const [key, value] of entries) context.turnState.set(key, value);
}

/** A short, growing, jittered pause, so two turns that collided do not collide again in step. */
function pause(attempt: number): Promise<void> {
  const ms = Math.random() * 20 * attempt;
  return new Promise((resolve) => setTimeout(resolve, ms));
}
