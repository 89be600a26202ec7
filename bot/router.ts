/** What the bot should do with one incoming message. Decided here, acted on elsewhere. */
export type Route =
  | { readonly kind: 'empty' }
  | { readonly kind: 'command'; readonly name: string; readonly args: string }
  | { readonly kind: 'help' }
  | { readonly kind: 'cancel' }
  | { readonly kind: 'restart' }
  | { readonly kind: 'back' }
  | { readonly kind: 'continue'; readonly text: string }
  | { readonly kind: 'search'; readonly text: string };

export interface RouteInput {
  /** Message text with the bot's @mention already removed. */
  readonly text: string;
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

// "/name rest…": the name is letters, digits and dashes; everything after the first blank is arguments.
const COMMAND = /^\/([a-z][a-z0-9-]*)(?:\s+([\s\S]*))?$/i;

/**
 * Decides the route for a message. Pure: no I/O, no state.
 * Global interrupts (slash commands and the global words) win over an active dialog.
 */
export function routeMessage(input: RouteInput): Route {
  const text = input.text.trim();
  if (text === '') return { kind: 'empty' };

  const command = COMMAND.exec(text);
  if (command) return { kind: 'command', name: (command[1] ?? '').toLowerCase(), args: (command[2] ?? '').trim() };

  const word = GLOBAL_WORDS.get(normaliseWord(text));
  if (word) return { kind: word };

  return input.hasActiveDialog ? { kind: 'continue', text } : { kind: 'search', text };
}

function normaliseWord(text: string): string {
  return text
    .toLowerCase()
    .replace(/[.!?]+$/, (m) => (text.trim() === '?' ? m : ''))
    .replace(/\s+/g, ' ')
    .trim();
}
