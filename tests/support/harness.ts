/**
 * The test harness: the real app (built once per configuration: loading content is the slow
 * part), chats through botbuilder's TestAdapter as any user in any kind of conversation, and
 * readers for what the bot sent (texts and buttons with their values).
 */
import assert from 'node:assert/strict';
import { ActivityTypes, TestAdapter, type Activity, type ChannelAccount } from 'botbuilder';
import { buildApp, type App, type AppOptions } from '../../bot/app.js';
import { createOnTurnError } from '../../bot/adapter.js';
import { loadConfig } from '../../bot/config.js';
import { createLogger, type Logger } from '../../core/logger.js';
import { asLocalOperator, asVerifiedChannel } from './edgeIdentity.js';

const apps = new Map<string, App>();

/** The real app for an environment (LOG_LEVEL silent), built once per environment and process. */
export function sharedApp(env: Record<string, string> = {}): App {
  const key = JSON.stringify(env);
  let app = apps.get(key);
  if (!app) {
    app = buildApp(loadConfig({ LOG_LEVEL: 'silent', ...env }), createLogger('silent'));
    apps.set(key, app);
  }
  return app;
}

/** A fresh app (a "restart" on the same storage when `options.storage` is given). */
export function freshApp(
  env: Record<string, string> = {},
  options: AppOptions = {},
  logger: Logger = createLogger('silent'),
): App {
  return buildApp(loadConfig({ LOG_LEVEL: 'silent', ...env }), logger, options);
}

let sequence = 0;
/** A unique id, so conversations, users and activities never collide between tests. */
export function uniqueId(prefix: string): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${sequence}`;
}

export interface ChatOptions {
  readonly channelId?: string;
  readonly conversationId?: string;
  readonly user?: ChannelAccount;
  /** A Teams channel thread (conversationType channel, isGroup) instead of a personal chat. */
  readonly group?: boolean;
  /** Who the edge vouches for: the local operator (terminal), a verified channel token, or nobody. */
  readonly edge?: 'operator' | 'verified' | 'none';
}

/** One user in one conversation with the bot. Turn faults are collected, never hidden. */
export class TestChat {
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
    const template: Partial<Activity> = {
      channelId: this.channelId,
      serviceUrl: 'https://test.invalid',
      from: this.user,
      recipient: { id: 'bot', name: 'Troubleshooter' },
      conversation: {
        id: this.conversationId,
        isGroup: this.group,
        conversationType: this.group ? 'channel' : 'personal',
        name: 'test',
      },
      locale: 'en-US',
    };
    this.adapter = new TestAdapter((ctx) => app.bot.run(ctx), template);
    if (options.edge === 'operator') this.adapter.use(asLocalOperator);
    if (options.edge === 'verified') this.adapter.use(asVerifiedChannel);
    const onTurnError = createOnTurnError({
      logger: createLogger('silent'),
      userConversationState: app.userConversationState,
    });
    this.adapter.onTurnError = async (context, error) => {
      this.faults.push(error);
      await onTurnError(context, error);
    };
  }

  /** Sends any activity (merged over this chat's template) and returns the messages sent back. */
  async send(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    await this.adapter.processActivity(activity);
    return this.adapter.activeQueue
      .splice(0, this.adapter.activeQueue.length)
      .filter((a) => a.type === ActivityTypes.Message);
  }

  /** Sends a message: text, and optionally a value (a button's or a card's). */
  say(text: string | undefined, value?: unknown): Promise<Partial<Activity>[]> {
    return this.send({
      type: ActivityTypes.Message,
      ...(text !== undefined ? { text } : {}),
      ...(value !== undefined ? { value } : {}),
    });
  }

  /** Clicks a button of a reply as Teams and Web Chat send a messageBack: its text and its value. */
  click(activity: Partial<Activity> | undefined, title: string): Promise<Partial<Activity>[]> {
    const b = buttonByTitle(activity, title);
    return this.say(b.text, b.value);
  }

  /** The dialog stack saved for this user in this conversation. */
  async savedDialogStack(): Promise<{ id: string; state: unknown }[]> {
    const key = this.group
      ? `${this.channelId}/conversations/${this.conversationId}/users/${this.user.id}/`
      : `${this.channelId}/conversations/${this.conversationId}/private/`;
    const saved = (await this.app.storage.read([key]))[key] as
      { dialogState?: { dialogStack?: { id: string; state: unknown }[] } } | undefined;
    return saved?.dialogState?.dialogStack ?? [];
  }
}

export interface CardButton {
  readonly title: string;
  readonly text: string;
  readonly value: unknown;
}

export function textOf(activity: Partial<Activity> | undefined): string {
  return typeof activity?.text === 'string' ? activity.text : '';
}

/** Every text of a turn, joined: for assertions that do not care which activity said it. */
export function allText(replies: readonly Partial<Activity>[]): string {
  return replies.map(textOf).join('\n---\n');
}

/** The hero-card buttons of an activity (empty when it has none). */
export function buttonsOf(activity: Partial<Activity> | undefined): CardButton[] {
  const out: CardButton[] = [];
  for (const a of activity?.attachments ?? []) {
    const content = a.content as { buttons?: { title?: unknown; text?: unknown; value?: unknown }[] } | undefined;
    for (const b of content?.buttons ?? [])
      out.push({ title: String(b.title ?? ''), text: String(b.text ?? ''), value: b.value });
  }
  return out;
}

/** The button with this title, or a failed assertion listing what was there. */
export function buttonByTitle(activity: Partial<Activity> | undefined, title: string): CardButton {
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
