import { sanitiseText } from '../../replies/quote.js';

/** Longest message text accepted (what the bot reads of a message at most). */
export const MAX_TEXT_LENGTH = 20_000;
/** Largest button value (a card's submit data) accepted, as JSON. */
const MAX_VALUE_BYTES = 8_192;
const LOCALE = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,4}$/;

export type Built =
  { readonly ok: true; readonly activity: Record<string, unknown> } | { readonly ok: false; readonly problem: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const shortString = (v: unknown, max: number): string | undefined =>
  typeof v === 'string' && v.length <= max ? v : undefined;

export interface Participants {
  readonly conversationId: string;
  /** From the token: the posted `from` is never read. */
  readonly userId: string;
  readonly bot: { readonly id: string; readonly name?: string };
}

/**
 * The activity a user posted, rebuilt from the fields a web chat message may carry (text, a button's
 * value, locale, Web Chat's own client id and a button's display text), with the sender taken from
 * the token. Everything else the client sent (its `from`, attachments, entities, ids) is dropped.
 */
export function buildUserActivity(body: unknown, who: Participants): Built {
  if (!isObject(body)) return { ok: false, problem: 'The body must be a JSON object (a Direct Line activity)' };
  if (body.type !== 'message') return { ok: false, problem: 'Only activities of type "message" are accepted' };
  if (body.text !== undefined && typeof body.text !== 'string')
    return { ok: false, problem: 'The activity\'s "text" must be a string' };
  const text = typeof body.text === 'string' ? sanitiseText(body.text) : undefined;
  if (text !== undefined && text.length > MAX_TEXT_LENGTH)
    return { ok: false, problem: `The message is too long: at most ${MAX_TEXT_LENGTH} characters` };
  const value = body.value;
  if (value !== undefined && JSON.stringify(value).length > MAX_VALUE_BYTES)
    return { ok: false, problem: `The activity's "value" is too large: at most ${MAX_VALUE_BYTES} bytes as JSON` };
  if ((text === undefined || text.trim() === '') && value === undefined)
    return { ok: false, problem: 'The message needs a "text" or a "value"' };
  const locale = shortString(body.locale, 64);
  return {
    ok: true,
    activity: {
      type: 'message',
      channelId: 'webchat',
      timestamp: new Date().toISOString(),
      from: { id: who.userId, role: 'user' },
      recipient: { id: who.bot.id, name: who.bot.name, role: 'bot' },
      conversation: { id: who.conversationId, isGroup: false, conversationType: 'personal' },
      textFormat: 'plain',
      ...(text !== undefined ? { text } : {}),
      ...(value !== undefined ? { value } : {}),
      ...(locale !== undefined && LOCALE.test(locale) ? { locale } : {}),
      ...channelDataOf(body.channelData),
    },
  };
}

/** Web Chat matches its pending message by `clientActivityID`; a button press shows `displayText`. */
function channelDataOf(raw: unknown): { channelData?: Record<string, unknown> } {
  if (!isObject(raw)) return {};
  const out: Record<string, unknown> = {};
  const clientActivityID = shortString(raw.clientActivityID, 128);
  const clientTimestamp = shortString(raw.clientTimestamp, 64);
  if (clientActivityID !== undefined) out.clientActivityID = clientActivityID;
  if (clientTimestamp !== undefined) out.clientTimestamp = clientTimestamp;
  const displayText = isObject(raw.messageBack) ? shortString(raw.messageBack.displayText, 1024) : undefined;
  if (displayText !== undefined) out.messageBack = { displayText: sanitiseText(displayText) };
  return Object.keys(out).length > 0 ? { channelData: out } : {};
}
