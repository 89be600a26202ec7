import type { Activity } from 'botbuilder';

/**
 * The edge check of every incoming activity, before the adapter or the bot reads it. Activities
 * come from channels we do not control (and over HTTP, from anyone who can reach the port), so a
 * field of the wrong type must never throw inside botbuilder or wipe a user's progress. The rule:
 * an activity without what every turn needs (type, conversation, sender, bot, channel, service
 * URL) is refused; anything else malformed is dropped and the turn goes on.
 */
export type GuardResult =
  | { readonly ok: true; readonly activity: Activity; readonly dropped: readonly string[] }
  | { readonly ok: false; readonly problem: string };

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isShortString = (v: unknown, max = 1024): v is string => typeof v === 'string' && v.length <= max;
/** The object without its undefined fields: a dropped field is set to undefined, then left out here. */
const withoutUndefined = (o: Json): Json => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
/** BCP 47-ish: "en", "en-US", "zh-Hant-TW". */
const LOCALE = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,4}$/;
/** Ids are opaque, but bounded: Teams ids are a few hundred characters at most. */
const MAX_ID = 1024;

export interface GuardOptions {
  /** Over HTTP the bot posts its replies to the service URL, so it must be http(s). */
  readonly httpServiceUrl?: boolean;
}

/** Checks and sanitises one incoming activity (a parsed JSON body, or what an adapter built). */
export function guardActivity(body: unknown, options: GuardOptions = {}): GuardResult {
  if (!isObject(body)) return { ok: false, problem: 'The body must be a JSON object (a Bot Framework activity)' };
  const missing = requiredProblem(body, options.httpServiceUrl === true);
  if (missing) return { ok: false, problem: missing };
  const dropped: string[] = [];
  const a: Json = { ...body };
  const drop = (field: string): void => {
    a[field] = undefined;
    dropped.push(field);
  };

  for (const field of [
    'id',
    'replyToId',
    'locale',
    'textFormat',
    'deliveryMode',
    'name',
    'action',
    'valueType',
    'inputHint',
    'callerId',
  ] as const) {
    if (a[field] !== undefined && !isShortString(a[field])) drop(field);
  }
  if (typeof a.locale === 'string' && !LOCALE.test(a.locale)) drop('locale');
  // A message may carry only a value (a card submit); a null or non-string text is no text.
  if (a.text !== undefined && typeof a.text !== 'string') drop('text');
  fixTimestamps(a, dropped);

  a.from = account(a.from, 'from', dropped);
  a.recipient = account(a.recipient, 'recipient', dropped);
  a.conversation = conversation(a.conversation as Json, dropped);
  if (a.membersAdded !== undefined) a.membersAdded = accounts(a.membersAdded, 'membersAdded', dropped);
  if (a.membersRemoved !== undefined) a.membersRemoved = accounts(a.membersRemoved, 'membersRemoved', dropped);
  if (a.entities !== undefined) a.entities = entities(a.entities, dropped);
  if (a.attachments !== undefined) a.attachments = attachments(a.attachments, dropped);
  if (a.channelData !== undefined) {
    if (isObject(a.channelData)) a.channelData = channelData(a.channelData, dropped);
    else drop('channelData');
  }
  return { ok: true, activity: withoutUndefined(a) as unknown as Activity, dropped };
}

function requiredProblem(a: Json, httpServiceUrl: boolean): string | undefined {
  const hasId = (v: unknown): boolean => isObject(v) && isShortString(v.id, MAX_ID) && v.id !== '';
  if (!isShortString(a.type, 64) || a.type === '') return 'The activity needs a "type" (a string such as "message")';
  if (!isShortString(a.channelId, 64) || a.channelId === '') return 'The activity needs a "channelId" string';
  const scheme = httpServiceUrl ? /^https?:\/\/[^\s/]+/i : /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;
  if (!isShortString(a.serviceUrl, 2048) || !scheme.test(a.serviceUrl))
    return 'The activity needs a "serviceUrl" (an http or https URL)';
  if (!hasId(a.conversation)) return 'The activity needs "conversation.id" (a string)';
  if (!hasId(a.from)) return 'The activity needs "from.id" (a string)';
  if (!hasId(a.recipient)) return 'The activity needs "recipient.id" (a string)';
  return undefined;
}

/** botbuilder expects Date objects; an unparseable date is dropped rather than turned into NaN. */
function fixTimestamps(a: Json, dropped: string[]): void {
  for (const field of ['timestamp', 'localTimestamp', 'expiration'] as const) {
    const v = a[field];
    if (v === undefined || v instanceof Date) continue;
    const date = typeof v === 'string' && v.length <= 64 ? new Date(v) : undefined;
    if (date && !Number.isNaN(date.getTime())) a[field] = date;
    else {
      a[field] = undefined;
      dropped.push(field);
    }
  }
}

function account(v: unknown, path: string, dropped: string[]): Json {
  const out: Json = { ...(v as Json) };
  for (const field of ['name', 'aadObjectId', 'role']) {
    if (out[field] !== undefined && !isShortString(out[field], 256)) {
      out[field] = undefined;
      dropped.push(`${path}.${field}`);
    }
  }
  return withoutUndefined(out);
}

function accounts(v: unknown, path: string, dropped: string[]): Json[] {
  if (!Array.isArray(v)) {
    dropped.push(path);
    return [];
  }
  const valid = v.filter((m): m is Json => isObject(m) && isShortString(m.id, MAX_ID)).slice(0, 100);
  if (valid.length !== v.length) dropped.push(`${path}[invalid]`);
  return valid.map((m) => account(m, path, dropped));
}

function conversation(v: Json, dropped: string[]): Json {
  const out: Json = { ...v };
  if (out.isGroup !== undefined && typeof out.isGroup !== 'boolean') {
    delete out.isGroup;
    dropped.push('conversation.isGroup');
  }
  for (const field of ['conversationType', 'tenantId', 'name']) {
    if (out[field] !== undefined && !isShortString(out[field], 256)) {
      out[field] = undefined;
      dropped.push(`conversation.${field}`);
    }
  }
  return withoutUndefined(out);
}

/** Keeps entities with a string type; a mention must say whom (mentioned.id) and how (text). */
function entities(v: unknown, dropped: string[]): Json[] {
  if (!Array.isArray(v)) {
    dropped.push('entities');
    return [];
  }
  const valid = v.filter((e): e is Json => {
    if (!isObject(e) || !isShortString(e.type, 128)) return false;
    if (e.type.toLowerCase() !== 'mention') return true;
    return isObject(e.mentioned) && isShortString(e.mentioned.id, MAX_ID) && isShortString(e.text, 1024);
  });
  if (valid.length !== v.length) dropped.push('entities[invalid]');
  return valid.slice(0, 50);
}

function attachments(v: unknown, dropped: string[]): Json[] {
  if (!Array.isArray(v)) {
    dropped.push('attachments');
    return [];
  }
  const valid = v.filter((x): x is Json => isObject(x) && isShortString(x.contentType, 256));
  if (valid.length !== v.length) dropped.push('attachments[invalid]');
  return valid.slice(0, 20);
}

/** Teams reads channelData.{tenant,team,channel}.id and eventType; each must have its shape. */
function channelData(v: Json, dropped: string[]): Json {
  const out: Json = { ...v };
  for (const field of ['tenant', 'team', 'channel', 'meeting']) {
    const part = out[field];
    if (part !== undefined && !(isObject(part) && (part.id === undefined || isShortString(part.id, MAX_ID)))) {
      out[field] = undefined;
      dropped.push(`channelData.${field}`);
    }
  }
  if (out.eventType !== undefined && !isShortString(out.eventType, 128)) {
    out.eventType = undefined;
    dropped.push('channelData.eventType');
  }
  return withoutUndefined(out);
}
