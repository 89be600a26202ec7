import type { StepChoice } from '../replies/buttonValue.js';

/** Small talk the bot answers in a friendly line instead of searching for it. */
export type SmallTalk = 'greeting' | 'thanks' | 'goodbye';

/** What the bot should do with one incoming message. Decided here, acted on elsewhere. */
export type Route =
  | { readonly kind: 'empty' }
  | { readonly kind: 'command'; readonly name: string; readonly args: string }
  | { readonly kind: 'help' }
  | { readonly kind: 'cancel' }
  | { readonly kind: 'restart' }
  | { readonly kind: 'back' }
  | { readonly kind: 'smallTalk'; readonly topic: SmallTalk }
  | { readonly kind: 'staleStep'; readonly step: StepChoice }
  | { readonly kind: 'continue'; readonly text: string }
  | { readonly kind: 'search'; readonly text: string };

export interface RouteInput {
  /** The turn's text (see TurnInput): the bot's @mention already removed. */
  readonly text: string;
  /** The troubleshooter step a clicked button answers, if any. */
  readonly step?: StepChoice;
  /** True when a dialog (a guided troubleshooter) is waiting for this user's answer. */
  readonly hasActiveDialog: boolean;
}

const GLOBAL_WORDS: ReadonlyMap<string, 'help' | 'cancel' | 'restart' | 'back'> = new Map([
  ['help', 'help'],
  ['?', 'help'],
  ['menu', 'help'],
  ['what can you do', 'help'],
  ['cancel', 'cancel'],
  ['quit', 'cancel'],
  ['stop', 'cancel'],
  ['exit', 'cancel'],
  ['never mind', 'cancel'],
  ['nevermind', 'cancel'],
  ['start over', 'restart'],
  ['restart', 'restart'],
  ['reset', 'restart'],
  ['back', 'back'],
  ['go back', 'back'],
  ['previous', 'back'],
]);

const SMALL_TALK: ReadonlyMap<string, SmallTalk> = new Map([
  ...[
    'hi',
    'hello',
    'hey',
    'hiya',
    'howdy',
    'hi there',
    'hello there',
    'hey there',
    'good morning',
    'good afternoon',
    'good evening',
    'hi bot',
    'hello bot',
    'who are you',
    'what are you',
  ].map((w) => [w, 'greeting'] as const),
  ...[
    'thanks',
    'thank you',
    'thx',
    'ty',
    'cheers',
    'thanks a lot',
    'many thanks',
    'thank you very much',
    'thanks very much',
    'ok thanks',
    'ok thank you',
    'great thanks',
    'perfect thanks',
    'thanks for your help',
    'thank you for your help',
  ].map((w) => [w, 'thanks'] as const),
  ...['bye', 'goodbye', 'bye bye', 'see you', 'see ya', 'cya'].map((w) => [w, 'goodbye'] as const),
]);

// "/name rest…": the name is letters, digits and dashes; everything after the first blank is arguments.
const COMMAND = /^\/([a-z][a-z0-9-]*)(?:\s+([\s\S]*))?$/i;
/** Longer messages are never one of the short words above; they are not normalised to be compared. */
const MAX_WORD_LENGTH = 40;

/**
 * Decides the route for a message. Pure: no I/O, no state.
 * A clicked troubleshooter button belongs to the dialog (or, with none active, is stale); global
 * interrupts (slash commands and the global words) win over an active dialog.
 */
export function routeMessage(input: RouteInput): Route {
  const text = input.text.trim();
  if (input.step) return input.hasActiveDialog ? { kind: 'continue', text } : { kind: 'staleStep', step: input.step };
  if (text === '') return { kind: 'empty' };

  const command = COMMAND.exec(text);
  if (command) return { kind: 'command', name: (command[1] ?? '').toLowerCase(), args: (command[2] ?? '').trim() };

  if (text.length <= MAX_WORD_LENGTH) {
    const word = normaliseWord(text);
    const global = GLOBAL_WORDS.get(word);
    if (global) return { kind: global };
    const talk = SMALL_TALK.get(word.replace(/[,!.]/g, '').replace(/\s+/g, ' '));
    if (talk) return { kind: 'smallTalk', topic: talk };
  }

  return input.hasActiveDialog ? { kind: 'continue', text } : { kind: 'search', text };
}

function normaliseWord(text: string): string {
  if (text === '?') return text;
  return text
    .toLowerCase()
    .replace(/[.!?,;:]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}
