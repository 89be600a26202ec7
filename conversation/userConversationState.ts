import { PrivateConversationState, type TurnContext } from 'botbuilder';

/** True in a Teams channel or group chat (or any conversation the channel marks as a group). */
export function isGroupConversation(context: TurnContext): boolean {
  const c = context.activity.conversation;
  return c.isGroup || c.conversationType === 'channel' || c.conversationType === 'groupChat';
}

/** The field of the saved state that says which version of its shape it has. */
export const STATE_VERSION_FIELD = 'stateVersion';

/**
 * The version of the shape of this state (the dialog stack, the last answer). Raise it when a
 * change would make an older saved state misread, and add the step from the old version to
 * {@link MIGRATIONS}; a version with no step there is restarted instead, with a short message.
 */
export const STATE_VERSION = 1;

type SavedState = Record<string, unknown>;

/**
 * Steps from each older version to the next, in place. State saved before versions existed
 * (version 0, no field) has the shape of version 1.
 */
const MIGRATIONS: Readonly<Record<number, (state: SavedState) => void>> = {
  0: () => undefined,
};

/** Told to the bot when saved state could not be carried over and was restarted. */
export interface StateRestart {
  /** The troubleshooter the user was in, when the old state names one. */
  readonly treeId?: string;
}

const RESTART = Symbol('stateRestart');

/** The restart this turn's load made, once (the bot tells the user about it). */
export function takeStateRestart(context: TurnContext): StateRestart | undefined {
  const restart = context.turnState.get<StateRestart | undefined>(RESTART);
  if (restart) context.turnState.delete(RESTART);
  return restart;
}

/**
 * State that belongs to one user's progress in a conversation: the troubleshooter they are in and
 * their last answer. In a group conversation (a Teams channel thread, a group chat) each user has
 * their own, so one person's `cancel` never ends another's troubleshooter; in a personal chat there
 * is one user, and the state is the conversation's.
 *
 * The saved state carries {@link STATE_VERSION}. State of an older version is migrated when it is
 * loaded; state that cannot be (a version with no migration, a newer version during a rolling
 * update, or a migration that fails) is cleared, never a crash, and {@link takeStateRestart} tells
 * the bot to say "I was updated; let's start that troubleshooter again".
 */
export class UserConversationState extends PrivateConversationState {
  override getStorageKey(context: TurnContext): string | undefined {
    if (isGroupConversation(context)) return super.getStorageKey(context);
    const { channelId, conversation } = context.activity;
    if (!channelId || !conversation.id) return undefined;
    return `${channelId}/conversations/${conversation.id}/private/`;
  }

  override async load(context: TurnContext, force = false): Promise<SavedState> {
    const state = (await super.load(context, force)) as SavedState;
    if (hasContent(state) && state[STATE_VERSION_FIELD] !== STATE_VERSION) {
      const restart = upgrade(state);
      if (restart) context.turnState.set(RESTART, restart);
    }
    return state;
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    const state = this.get(context) as SavedState | undefined;
    if (state && hasContent(state)) state[STATE_VERSION_FIELD] = STATE_VERSION;
    await super.saveChanges(context, force);
  }
}

/** True when the state holds anything but its eTag and version. */
function hasContent(state: SavedState): boolean {
  return Object.keys(state).some((key) => key !== 'eTag' && key !== STATE_VERSION_FIELD);
}

/** Brings `state` to {@link STATE_VERSION} in place; when it cannot, clears it and says what was lost. */
function upgrade(state: SavedState): StateRestart | undefined {
  const stored = state[STATE_VERSION_FIELD];
  let version = stored === undefined ? 0 : typeof stored === 'number' && Number.isInteger(stored) ? stored : NaN;
  try {
    while (version < STATE_VERSION) {
      const step = MIGRATIONS[version];
      if (!step) break;
      step(state);
      version += 1;
    }
  } catch {
    version = NaN;
  }
  if (version === STATE_VERSION) {
    state[STATE_VERSION_FIELD] = STATE_VERSION;
    return undefined;
  }
  const treeId = activeTreeId(state);
  // Keep the eTag: the cleared state is saved over exactly the version that was read.
  for (const key of Object.keys(state)) if (key !== 'eTag') Reflect.deleteProperty(state, key);
  state[STATE_VERSION_FIELD] = STATE_VERSION;
  return treeId !== undefined ? { treeId } : {};
}

/**
 * The troubleshooter at the bottom of a saved dialog stack (the bot's DIALOG_STATE property), read
 * defensively: state from another version may have any shape.
 */
function activeTreeId(state: SavedState): string | undefined {
  const dialogState = state.dialogState as { dialogStack?: unknown } | undefined;
  const stack = Array.isArray(dialogState?.dialogStack) ? (dialogState.dialogStack as unknown[]) : [];
  const first = stack[0] as { state?: { treeId?: unknown } } | undefined;
  const treeId = first?.state?.treeId;
  return typeof treeId === 'string' && treeId.length <= 200 ? treeId : undefined;
}
