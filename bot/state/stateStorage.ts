/**
 * The state-store contract every store of ours keeps (memory, file, Azure Blob). It is botbuilder's
 * `Storage` interface spelled structurally, so these files do not import the SDK (see ARCHITECTURE.md,
 * "The SDK seam") and any of our stores can be handed to `ConversationState` or `UserState` as is.
 *
 * eTag semantics (the same as botbuilder's MemoryStorage and BlobsStorage):
 * - `read` returns each stored item with its current `eTag`; missing (or expired) keys are absent.
 * - `write` with `eTag` missing, empty or `'*'` overwrites unconditionally.
 * - `write` with any other `eTag` succeeds only when the stored item has exactly that eTag: a stale
 *   eTag, or an eTag for an item that no longer exists, throws a {@link StateConflictError}.
 * - `write` with {@link IF_ABSENT} creates the item only when no (unexpired) item has the key. This
 *   is our addition: botbuilder has no "create only" write, and without one two instances creating
 *   the same conversation's state at once would silently lose one of the two.
 * - `delete` removes the keys; deleting a missing key is not an error.
 * - An item idle for longer than the store's time to live reads as absent (and a create-only write
 *   may replace it). Whether a write with the eTag it had is still accepted is left open: the blob
 *   store expires lazily and accepts it; no turn holds an eTag for weeks.
 */

/** One stored value: a JSON object, plus the eTag the store gave it. */
export interface StoreItem {
  eTag?: string;
  [field: string]: unknown;
}

export type StoreItems = Record<string, StoreItem>;

export interface StateStorage {
  read(keys: string[]): Promise<StoreItems>;
  write(changes: StoreItems): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

/** The eTag of a write that must create its item (conflict when the key already holds one). */
export const IF_ABSENT = 'if-absent:create-only';

/** A store of ours: keeps the contract above, understands {@link IF_ABSENT}, and expires idle items. */
export interface ExpiringStorage extends StateStorage {
  /** True: a write with {@link IF_ABSENT} is honoured (stores that are not ours would read it as a stale eTag). */
  readonly conditionalCreate: true;
  /** Removes every item idle for longer than the time to live; returns how many were removed. */
  prune(): Promise<number>;
}

/** A write was refused because the item changed (or appeared, or vanished) since its eTag was read. */
export class StateConflictError extends Error {
  override name = 'StateConflictError';
  constructor(readonly key: string) {
    // The same wording as botbuilder's stores, so logs read alike whichever store refused.
    super(`Storage: error writing "${key}" due to eTag conflict.`);
  }
}

/** True for an eTag conflict from any store: ours, or botbuilder's (which throw a plain Error). */
export function isConflictError(err: unknown): boolean {
  return err instanceof StateConflictError || (err instanceof Error && /due to eTag conflict/.test(err.message));
}

/** What a write's eTag asks for. */
export type WriteCondition =
  { readonly kind: 'any' } | { readonly kind: 'absent' } | { readonly kind: 'match'; readonly eTag: string };

export function conditionOf(item: StoreItem): WriteCondition {
  const eTag = item.eTag;
  if (eTag === undefined || eTag === '' || eTag === '*') return { kind: 'any' };
  if (eTag === IF_ABSENT) return { kind: 'absent' };
  return { kind: 'match', eTag };
}

/** True when a write with `condition` may replace an item whose current eTag is `current` (undefined: none). */
export function conditionHolds(condition: WriteCondition, current: string | undefined): boolean {
  switch (condition.kind) {
    case 'any':
      return true;
    case 'absent':
      return current === undefined;
    case 'match':
      return current === condition.eTag;
  }
}

/** The item without its eTag: what a store persists. */
export function withoutETag(item: StoreItem): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...item };
  delete copy.eTag;
  return copy;
}

/** Time to live in milliseconds from a number of days. */
export function daysToMs(days: number): number {
  return days * 24 * 60 * 60 * 1000;
}
