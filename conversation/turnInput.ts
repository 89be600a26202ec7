import type { Activity, TurnContext } from 'botbuilder';
import { sanitiseText } from '../replies/quote.js';
import { parseStepChoice, type StepChoice } from '../replies/buttonValue.js';

/**
 * The user's input for one turn, read once at the edge. The router, the dialogs and the commands
 * all read this; none re-reads `activity.text` (two readers of one text end up disagreeing).
 */
export interface TurnInput {
  /** What the user said: the bot's @mention removed, unsafe characters removed, trimmed, bounded. */
  readonly text: string;
  /** The troubleshooter step a clicked button answers, when its value names one. */
  readonly step?: StepChoice;
  /** True when the text came from a button or card submit (the activity's value). */
  readonly fromButton: boolean;
  /** The length of the text as sent, when it was over {@link MAX_INPUT_CHARS} and was cut. */
  readonly cutFrom?: number;
}

/**
 * The most of one message the bot reads. Teams caps a message near 28 KB; a longer paste is a log,
 * and its first screens hold the error. Every later cost (search, choice recognition) is bounded by it.
 */
export const MAX_INPUT_CHARS = 20_000;

/** The invoke Teams sends for an Action.Execute (Universal Actions). */
export const ADAPTIVE_CARD_ACTION = 'adaptiveCard/action';

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * What a button sent: a message's value, or the data of the Action.Execute an
 * `adaptiveCard/action` invoke carries (the same text and step a Submit would send).
 */
function buttonValueOf(activity: Partial<Activity>): Record<string, unknown> | undefined {
  if (activity.type === 'invoke')
    return activity.name === ADAPTIVE_CARD_ACTION
      ? asObject(asObject(asObject(activity.value)?.action)?.data)
      : undefined;
  return asObject(activity.value);
}

/** Reads the input of a message activity (text, or the text and step a button's value carries). */
export function readTurnInput(activity: Partial<Activity>): TurnInput {
  const valueObject = buttonValueOf(activity);
  const typed =
    typeof activity.text === 'string' && activity.type !== 'invoke' ? withoutBotMention(activity.text, activity) : '';
  const valueText = typeof valueObject?.text === 'string' ? valueObject.text : '';
  const step = parseStepChoice(valueObject?.step);
  const fromButton =
    valueObject !== undefined && (step !== undefined || (typed.trim() === '' && valueText.trim() !== ''));
  const raw = typed.trim() !== '' ? typed : valueText;
  const { text, cutFrom } = boundedInput(raw);
  return {
    text,
    fromButton,
    ...(step ? { step } : {}),
    ...(cutFrom !== undefined ? { cutFrom } : {}),
  };
}

/**
 * User text made safe and bounded, as every input is read: unsafe characters removed, odd blanks
 * made spaces, trimmed, cut at {@link MAX_INPUT_CHARS} (with the length as sent when it was cut).
 */
export function boundedInput(raw: string): { readonly text: string; readonly cutFrom?: number } {
  const clean = sanitiseText(raw)
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .trim();
  return clean.length > MAX_INPUT_CHARS
    ? { text: clean.slice(0, MAX_INPUT_CHARS), cutFrom: clean.length }
    : { text: clean };
}

/**
 * The text without the bot's own @mention. Teams puts `<at>Bot</at>` in the text and describes it
 * in a mention entity; it may also leave mention markup the entity did not describe. Only the
 * mention that leads the message is the bot's; mentions of people later in the text are kept.
 */
function withoutBotMention(text: string, activity: Partial<Activity>): string {
  let out = text;
  const botId = activity.recipient?.id;
  for (const entity of activity.entities ?? []) {
    const e = entity as { type?: unknown; text?: unknown; mentioned?: { id?: unknown } };
    if (
      typeof e.type === 'string' &&
      e.type.toLowerCase() === 'mention' &&
      e.mentioned?.id === botId &&
      typeof e.text === 'string' &&
      e.text !== ''
    ) {
      out = out.replace(e.text, ' ');
    }
  }
  return out.replace(/^(\s*<at>[^<]{0,256}<\/at>)+/i, ' ');
}

const TURN_INPUT = Symbol('turnInput');
const DIALOG_REQUEST = Symbol('dialogRequest');

/** The turn's input, read on first use and kept in turn state. */
export function turnInputOf(context: TurnContext): TurnInput {
  const known = context.turnState.get<TurnInput | undefined>(TURN_INPUT);
  if (known) return known;
  const input = readTurnInput(context.activity);
  context.turnState.set(TURN_INPUT, input);
  return input;
}

/**
 * What the router decided the active dialog should do with this turn, beyond answering it:
 * go back one step, start the same troubleshooter over, or hand off with the progress so far.
 */
export type DialogRequest = 'back' | 'restart' | 'handoff';

/** Hands the router's decision to the dialog that continues this turn, so it never decides again. */
export function setDialogRequest(context: TurnContext, request: DialogRequest): void {
  context.turnState.set(DIALOG_REQUEST, request);
}

/** The request for the active dialog in this turn, if any. */
export function dialogRequestOf(context: TurnContext): DialogRequest | undefined {
  return context.turnState.get<DialogRequest | undefined>(DIALOG_REQUEST);
}
