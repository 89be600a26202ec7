/**
 * The test harness: the real app (built once per configuration: loading content is the slow
 * part), chats through botbuilder's TestAdapter as any user in any kind of conversation, and
 * readers for what the bot sent (texts and buttons with their values) and for what handlers return.
 */
import assert from 'node:assert/strict';
import { ActivityTypes, TestAdapter, TurnContext, type Activity, type ChannelAccount } from 'botbuilder';
import { buildApp, type App, type AppOptions } from '../../bot/app.js';
import { createOnTurnError } from '../../bot/adapter.js';
import { loadConfig, type Config } from '../../bot/config.js';
import { createLogger, type Logger } from '../../core/logger.js';
import type { KnowledgeEntry } from '../../knowledge/model.js';
import type { Reply, ReplyButton } from '../../replies/reply.js';
import { asLocalOperator, asVerifiedChannel } from './edgeIdentity.js';
import { actionsOf, adaptiveCardOf, assertCardShowsFallback, type Json } from './cards.js';

// ---- apps ----------------------------------------------------------------------------------------

/** What an app is built with besides its environment: the logger and the replaced parts. */
export interface AppSetup {
  readonly logger?: Logger;
  readonly options?: AppOptions;
}

/** The one app cache: per setup (by identity), then per environment. */
const apps = new Map<AppSetup | undefined, Map<string, App>>();

/**
 * The real app for an environment (LOG_LEVEL silent), built once per environment, setup and
 * process. A test file that needs its own logger or probes passes one module-level `setup` object.
 */
export function sharedApp(env: Record<string, string> = {}, setup?: AppSetup): App {
  let byEnv = apps.get(setup);
  if (!byEnv) {
    byEnv = new Map();
    apps.set(setup, byEnv);
  }
  const key = JSON.stringify(env);
  let app = byEnv.get(key);
  if (!app) {
    app = freshApp(env, setup?.options, setup?.logger);
    byEnv.set(key, app);
  }
  return app;
}

/** The configuration every test app is built from: defaults, LOG_LEVEL silent, then `env`. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ LOG_LEVEL: 'silent', ...env });
}

/** A fresh app (a "restart" on the same storage when `options.storage` is given). */
export function freshApp(
  env: Record<string, string> = {},
  options: AppOptions = {},
  logger: Logger = createLogger('silent'),
): App {
  return buildApp(testConfig(env), logger, options);
}

let sequence = 0;
/** A unique id, so conversations, users and activities never collide between tests. */
export function uniqueId(prefix: string): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${sequence}`;
}

// ---- chats ---------------------------------------------------------------------------------------

/** A message the bot sent: from a TestAdapter, or parsed from an HTTP response. */
export type BotReply = Partial<Activity> | Record<string, unknown>;

/** Anything that can send the bot a message and return its replies: a TestChat, or a chat over HTTP. */
export interface Chat {
  /** The knowledge entries, for the KB numbers a handoff summary lists. */
  readonly entries: ReadonlyMap<string, KnowledgeEntry>;
  say(text: string | undefined, value?: unknown): Promise<BotReply[]>;
  /** Clicks a button of a reply as Teams and Web Chat send a messageBack: its text and its value. */
  click(activity: BotReply | undefined, title: string): Promise<BotReply[]>;
}

export interface ChatOptions {
  readonly channelId?: string;
  readonly conversationId?: string;
  readonly user?: ChannelAccount;
  /** A Teams channel thread (conversationType channel, isGroup) instead of a personal chat. */
  readonly group?: boolean;
  /** Who the edge vouches for: the local operator (terminal), a verified channel token, or nobody. */
  readonly edge?: 'operator' | 'verified' | 'none';
  /** Receives what the turn-error handler logs (silent by default). */
  readonly logger?: Logger;
}

const LOCALE = 'en-US';

/** The saved progress of one user in one conversation, as UserConversationState writes it. */
export interface SavedProgress {
  readonly dialogState?: { readonly dialogStack?: { id: string; state: unknown }[] };
}

/**
 * One user in one conversation with the bot. Every activity sent gets this chat's channel, user,
 * conversation and locale unless it names its own. Turn faults are collected, never hidden.
 */
export class TestChat implements Chat {
  readonly adapter: TestAdapter;
  readonly channelId: string;
  readonly conversationId: string;
  readonly user: ChannelAccount;
  readonly group: boolean;
  /** Faults that reached the turn-error handler. */
  readonly faults: Error[] = [];

  constructor(
    readonly app: App,
    options: ChatOptions = {},
  ) {
    this.channelId = options.channelId ?? 'msteams';
    this.conversationId = options.conversationId ?? uniqueId('conv');
    this.user = options.user ?? { id: uniqueId('user'), name: 'Tess' };
    this.group = options.group ?? false;
    this.adapter = new TestAdapter((ctx) => app.bot.run(ctx));
    // The conversation reference fills in what an activity leaves out (a template would overwrite it).
    this.adapter.locale = LOCALE;
    this.adapter.conversation = {
      channelId: this.channelId,
      serviceUrl: 'https://test.invalid',
      user: this.user,
      bot: { id: 'bot', name: 'Troubleshooter' },
      conversation: {
        id: this.conversationId,
        isGroup: this.group,
        conversationType: this.group ? 'channel' : 'personal',
        name: 'test',
      },
      locale: LOCALE,
    };
    if (options.edge === 'operator') this.adapter.use(asLocalOperator);
    if (options.edge === 'verified') this.adapter.use(asVerifiedChannel);
    const onTurnError = createOnTurnError({
      logger: options.logger ?? createLogger('silent'),
      userConversationState: app.userConversationState,
    });
    this.adapter.onTurnError = async (context, error) => {
      this.faults.push(error);
      await onTurnError(context, error);
    };
  }

  /** The bot's account in this chat (the recipient of what the user sends). */
  get bot(): ChannelAccount {
    return this.adapter.conversation.bot;
  }

  get entries(): ReadonlyMap<string, KnowledgeEntry> {
    return this.app.services.knowledge.current.entries;
  }

  /** Sends any activity and returns everything the bot sent back (typing and events included). */
  async sendAll(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    await this.adapter.processActivity({ locale: LOCALE, ...activity });
    return this.adapter.activeQueue.splice(0, this.adapter.activeQueue.length);
  }

  /** Sends any activity and returns the messages sent back. */
  async send(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    return (await this.sendAll(activity)).filter((a) => a.type === ActivityTypes.Message);
  }

  /** Sends a message: text, and optionally a value (a button's or a card's). */
  say(text: string | undefined, value?: unknown): Promise<Partial<Activity>[]> {
    return this.send({
      type: ActivityTypes.Message,
      ...(text !== undefined ? { text } : {}),
      ...(value !== undefined ? { value } : {}),
    });
  }

  /** What the last invoke was answered with (the `invokeResponse` activity's value). */
  lastInvokeResponse: unknown;

  /**
   * Clicks a button of a reply as the channel sends it: a messageBack (hero card, or a Submit in
   * Teams) as text and value, a Submit in Web Chat as a postBack (the data as value, no text), an
   * Execute as the `adaptiveCard/action` invoke (its answer kept in {@link lastInvokeResponse}).
   */
  async click(activity: BotReply | undefined, title: string): Promise<Partial<Activity>[]> {
    const sent = clickActivity(buttonByTitle(activity, title), this.channelId);
    const all = await this.sendAll(sent);
    this.lastInvokeResponse = all.find((a) => a.type === ActivityTypes.InvokeResponse)?.value;
    return all.filter((a) => a.type === ActivityTypes.Message);
  }

  /** Sends an invoke and returns what it was answered with and the messages sent. */
  async invoke(name: string, value: unknown): Promise<{ response: unknown; replies: Partial<Activity>[] }> {
    const all = await this.sendAll({ type: ActivityTypes.Invoke, name, value });
    return {
      response: all.find((a) => a.type === ActivityTypes.InvokeResponse)?.value,
      replies: all.filter((a) => a.type === ActivityTypes.Message),
    };
  }

  /** The state saved for this user in this conversation, or undefined when nothing was saved. */
  async savedProgress(): Promise<SavedProgress | undefined> {
    const key = this.group
      ? `${this.channelId}/conversations/${this.conversationId}/users/${this.user.id}/`
      : `${this.channelId}/conversations/${this.conversationId}/private/`;
    return (await this.app.storage.read([key]))[key] as SavedProgress | undefined;
  }

  /** The dialog stack saved for this user in this conversation. */
  async savedDialogStack(): Promise<{ id: string; state: unknown }[]> {
    return (await this.savedProgress())?.dialogState?.dialogStack ?? [];
  }
}

/**
 * The activity a channel sends for a click: an `adaptiveCard/action` invoke for an Execute (Teams),
 * a postBack for a Submit outside Teams (Web Chat posts the data, no text), else a messageBack.
 */
export function clickActivity(b: CardButton, channelId: string): Partial<Activity> {
  assert.notEqual(b.type, 'Action.OpenUrl', `"${b.title}" opens a page; nothing is sent to the bot`);
  if (b.type === 'Action.Execute') {
    // Teams sends no message for an Execute: the invoke carries the action and its data.
    assert.equal(channelId, 'msteams', 'only Teams gets Action.Execute');
    return {
      type: ActivityTypes.Invoke,
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'treeStep', data: b.data }, trigger: 'manual' },
    };
  }
  if (b.type === 'Action.Submit' && channelId !== 'msteams') return { type: ActivityTypes.Message, value: b.data };
  return { type: ActivityTypes.Message, text: b.text, value: b.value };
}

const bareAdapter = new TestAdapter();

/** A TurnContext for code that reads a turn without running the bot (`text: 'x'` unless given). */
export function turnContext(activity: Partial<Activity>, adapter: TestAdapter = bareAdapter): TurnContext {
  return new TurnContext(adapter, { type: ActivityTypes.Message, text: 'x', ...activity });
}

// ---- readers of what the bot sent ----------------------------------------------------------------

export interface CardButton {
  readonly title: string;
  /** The text the button stands for: its messageBack text, or the text an Execute's data carries. */
  readonly text: string;
  /** The value the message (or, for an Execute, the invoke's action data) carries. */
  readonly value: unknown;
  /** `messageBack` (hero card), `Action.Submit`, `Action.Execute` or `Action.OpenUrl` (Adaptive Card). */
  readonly type: string;
  /** An Adaptive Card action's `data` (what Web Chat posts as the value of a Submit). */
  readonly data?: unknown;
}

/** A Teams mention the bot put on an activity: its `<at>` text and who it names. */
export interface SentMention {
  readonly text: string;
  readonly id: string;
  readonly name: string;
}

/** The mentions of an activity: its entities, or for a card, the card's `msteams.entities`. */
export function mentionsOf(activity: BotReply | undefined): SentMention[] {
  const a = activity as { entities?: unknown } | undefined;
  const card = adaptiveCardOf(activity);
  const fromCard = (card?.msteams as { entities?: unknown } | undefined)?.entities;
  const own: unknown[] = Array.isArray(a?.entities) ? (a.entities as unknown[]) : [];
  const entities = [...own, ...(Array.isArray(fromCard) ? (fromCard as unknown[]) : [])];
  return (entities as { type?: unknown; text?: unknown; mentioned?: { id?: unknown; name?: unknown } }[])
    .filter((e) => e.type === 'mention')
    .map((e) => ({ text: stringOf(e.text), id: stringOf(e.mentioned?.id), name: stringOf(e.mentioned?.name) }));
}

/**
 * The text of an activity ('' when it has none). A leading mention of the user answered (in
 * channels) is not part of the text (mentionsOf reads it). A card's text is its fallback text,
 * read only after checking that the card itself shows every word of it.
 */
export function textOf(activity: BotReply | undefined): string {
  const raw = (activity as { text?: unknown } | undefined)?.text;
  let text = '';
  if (typeof raw === 'string' && raw !== '') {
    const lead = mentionsOf(activity).find((m) => raw.startsWith(`${m.text} `));
    text = lead ? raw.slice(lead.text.length + 1) : raw;
  }
  const card = adaptiveCardOf(activity);
  if (!card) return text;
  assertCardShowsFallback(card);
  // A merged reply shows its text above its card: both, in that order.
  const cardText = stringOf(card.fallbackText);
  return text === '' ? cardText : `${text}\n\n${cardText}`;
}

/** Every text of a turn, joined: for assertions that do not care which activity said it. */
export function allText(replies: readonly BotReply[]): string {
  return replies.map(textOf).join('\n---\n');
}

/** The buttons of an activity: hero-card buttons, or an Adaptive Card's actions (empty when none). */
export function buttonsOf(activity: BotReply | undefined): CardButton[] {
  const attachments = (activity as { attachments?: unknown } | undefined)?.attachments;
  if (!Array.isArray(attachments)) return [];
  const out: CardButton[] = [];
  for (const a of attachments as { contentType?: unknown; content?: { buttons?: unknown } }[]) {
    if (a.contentType !== 'application/vnd.microsoft.card.hero' || !Array.isArray(a.content?.buttons)) continue;
    for (const b of a.content.buttons as Record<string, unknown>[]) {
      out.push({ title: stringOf(b.title), text: stringOf(b.text), value: b.value, type: stringOf(b.type) });
    }
  }
  const card = adaptiveCardOf(activity);
  return card ? [...out, ...actionsOf(card).map(cardButton)] : out;
}

/** An Adaptive Card action as a button: a Submit reads as the messageBack Teams sends for it. */
function cardButton(action: Json): CardButton {
  const type = stringOf(action.type);
  const data = action.data as Json | undefined;
  const title = stringOf(action.title);
  if (type === 'Action.Submit') {
    const back = data?.msteams as { text?: unknown; value?: unknown } | undefined;
    return { title, type, text: stringOf(back?.text), value: back?.value, data };
  }
  if (type === 'Action.Execute') return { title, type, text: stringOf(data?.text), value: data, data };
  return { title, type, text: '', value: action.url };
}

/** Every string anywhere in a value (an activity's fields, attachments and values included). */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsIn);
  return [];
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The button with this title, or a failed assertion listing what was there. */
export function buttonByTitle(activity: BotReply | undefined, title: string): CardButton {
  const buttons = buttonsOf(activity);
  const found = buttons.find((b) => b.title === title);
  assert.ok(
    found,
    `no button "${title}" among [${buttons.map((b) => b.title).join(' | ')}] on: ${textOf(activity).slice(0, 300)}`,
  );
  return found;
}

/** The last element, asserting there is one. */
export function lastOf<T>(items: readonly T[], what = 'a reply'): T {
  const last = items[items.length - 1];
  assert.ok(last !== undefined, `expected ${what}, got none`);
  return last;
}

// ---- readers of what handlers return (channel-neutral replies) ------------------------------------

/** The Markdown of channel-neutral replies, joined by a blank line. */
export function markdownOf(replies: readonly Reply[]): string {
  return replies.map((r) => r.markdown).join('\n\n');
}

/** The buttons of channel-neutral replies, in order. */
export function replyButtonsOf(replies: readonly Reply[]): readonly ReplyButton[] {
  return replies.flatMap((r) => r.buttons ?? []);
}
