/**
 * A CommandContext for running command handlers without a turn: the caller, services and profile
 * given, and free-text answers that record what they were asked and answer with a marker reply.
 */
import type { AnswerCommands, Caller, CommandContext } from '../../conversation/commands/commandSpec.js';
import type { BotServices } from '../../conversation/services.js';
import type { UserProfile } from '../../dialogs/profile.js';
import { reply, type Reply } from '../../replies/reply.js';

export interface RecordedAnswer {
  readonly kind: 'search' | 'explain' | 'why';
  readonly text?: string;
}

export const TEST_USER: Caller = { id: 'user-1', name: 'Test User', channelId: 'test', isAdmin: false };

/** Answers that record each call; the reply says what was asked ("search: <text>"). */
export function recordingAnswers(): { answers: AnswerCommands; calls: RecordedAnswer[] } {
  const calls: RecordedAnswer[] = [];
  const marker = (call: RecordedAnswer): Promise<readonly Reply[]> => {
    calls.push(call);
    return Promise.resolve([reply(call.text === undefined ? call.kind : `${call.kind}: ${call.text}`)]);
  };
  return {
    calls,
    answers: {
      search: (text) => marker({ kind: 'search', text }),
      explain: (text) => marker({ kind: 'explain', text }),
      why: () => marker({ kind: 'why' }),
    },
  };
}

/** A context for `services`, as `caller` (a plain user by default), with `profile`. */
export function commandContext(
  services: BotServices,
  caller: Caller = TEST_USER,
  profile: UserProfile = {},
): CommandContext & { readonly calls: RecordedAnswer[] } {
  const { answers, calls } = recordingAnswers();
  return { caller, services, profile, answers, calls };
}
