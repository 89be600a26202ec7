import type { Storage, TurnContext } from 'botbuilder';
import type { Logger } from '../core/logger.js';
import { setBounded } from '../core/boundedMap.js';

/** A state whose storage key for a turn can be computed, and whose turn cache can be dropped. */
export interface KeyedState {
  getStorageKey(context: TurnContext): string | undefined;
  delete(context: TurnContext): Promise<void>;
}

/** The most keys remembered for one install; past it, later threads are not cleaned on uninstall. */
export const MAX_FOOTPRINT_KEYS = 5000;
/** Installs whose footprint record is kept in memory between turns (oldest use dropped first). */
export const MAX_CACHED_SCOPES = 2000;

interface FootprintRecord {
  keys: string[];
  eTag?: string;
}

/**
 * Where the bot stored something for one Teams install, so that uninstalling cleans it. A team is
 * many conversations (each channel thread has its own id, `…;messageid=…`) and a group chat holds
 * per-user progress under each user's id, and a Storage cannot list keys: so each turn in Teams
 * records the conversation and per-user keys it may write under the install's scope (the team, or
 * the conversation without its thread part), once per key and process. Uninstalling deletes them
 * all. Profiles (per user, across conversations) are the user's and stay.
 */
export class StateFootprint {
  /** Per scope, the keys known to be in its record (read once per process, then kept in step). */
  private readonly known = new Map<string, Set<string>>();

  constructor(
    private readonly storage: Storage,
    private readonly states: readonly KeyedState[],
    private readonly logger: Logger,
  ) {}

  /** The install a Teams turn belongs to: its team, or the chat; undefined outside Teams. */
  static scopeOf(context: TurnContext): string | undefined {
    const { channelId, conversation } = context.activity;
    if (channelId !== 'msteams') return undefined;
    const channelData: unknown = context.activity.channelData;
    const team = (channelData as { team?: { id?: unknown } } | undefined)?.team?.id;
    if (typeof team === 'string' && team !== '') return `team/${team}`;
    return `conversation/${conversation.id.split(';')[0] ?? conversation.id}`;
  }

  private recordKey(scope: string): string {
    return `msteams/footprints/${scope}`;
  }

  private async keysOf(scope: string): Promise<Set<string>> {
    const cached = this.known.get(scope);
    if (cached) {
      // Most recently used last, so the bound drops the installs idle longest.
      this.known.delete(scope);
      this.known.set(scope, cached);
      return cached;
    }
    const key = this.recordKey(scope);
    const record = (await this.storage.read([key]))[key] as FootprintRecord | undefined;
    const keys = new Set(Array.isArray(record?.keys) ? record.keys.filter((k) => typeof k === 'string') : []);
    // A cache, not the record: bounded, or every conversation ever seen stays in memory after its
    // state expired. A dropped install's record is read again at its next turn.
    setBounded(this.known, scope, keys, MAX_CACHED_SCOPES);
    return keys;
  }

  /** How many installs' records are cached (for tests). */
  get cachedScopes(): number {
    return this.known.size;
  }

  /** Records this turn's state keys under its install (a write only when a key is new). */
  async record(context: TurnContext): Promise<void> {
    const scope = StateFootprint.scopeOf(context);
    if (scope === undefined) return;
    const keys = await this.keysOf(scope);
    const fresh = this.states.map((s) => s.getStorageKey(context)).filter((k) => k !== undefined && !keys.has(k));
    if (fresh.length === 0) return;
    if (keys.size + fresh.length > MAX_FOOTPRINT_KEYS) {
      this.logger.warn('state footprint full', { scope, keys: keys.size });
      return;
    }
    for (const k of fresh) keys.add(k as string);
    await this.storage.write({ [this.recordKey(scope)]: { keys: [...keys], eTag: '*' } });
  }

  /**
   * Deletes what the bot stored for this turn's install: every recorded conversation and per-user
   * key, this turn's own keys, and the record. Returns how many keys were deleted.
   */
  async clear(context: TurnContext): Promise<number> {
    const scope = StateFootprint.scopeOf(context);
    const own = this.states.map((s) => s.getStorageKey(context)).filter((k) => k !== undefined);
    const recorded = scope !== undefined ? [...(await this.keysOf(scope))] : [];
    const keys = [...new Set([...recorded, ...own])];
    await this.storage.delete([...keys, ...(scope !== undefined ? [this.recordKey(scope)] : [])]);
    // Drop this turn's caches too, so the save at the end of the turn writes nothing back.
    for (const state of this.states) await state.delete(context);
    if (scope !== undefined) this.known.delete(scope);
    return keys.length;
  }
}
