/**
 * Teams over HTTP, as Teams talks to a bot: activities shaped like Teams' (ids, channelData with
 * tenant, team and channel, @mentions in channels), posted to the real server without
 * expectReplies, the bot's messages read where they go (the connector, recorded with nock), and
 * invokes answered in the HTTP response.
 */
import assert from 'node:assert/strict';
import type { KnowledgeEntry } from '../../knowledge/model.js';
import { messages } from '../../replies/messages.js';
import { buttonByTitle, clickActivity, uniqueId, type BotReply, type Chat } from './harness.js';
import {
  SERVICE_URL,
  postActivity,
  recordChannel,
  type HttpResult,
  type RunningBot,
  type SentActivity,
} from './httpBot.js';

export const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const TEAMS_BOT = { id: '28:teams-bot', name: 'Troubleshooter' } as const;

export interface TeamsUser {
  readonly id: string;
  readonly name: string;
  readonly aadObjectId: string;
}

/** A Teams user with unique ids. */
export function teamsUser(name: string): TeamsUser {
  return { id: uniqueId('29:user'), name, aadObjectId: uniqueId('aad') };
}

/** Where a conversation is: a personal chat, or a thread of a team's channel (or the channel itself). */
export type TeamsPlace =
  | { readonly kind: 'personal'; readonly conversationId: string }
  | { readonly kind: 'channel'; readonly conversationId: string; readonly teamId: string; readonly channelId: string };

export function personalChat(): TeamsPlace {
  return { kind: 'personal', conversationId: uniqueId('a:personal') };
}

/** A team: its id is its General channel's id (as in Teams). */
export function team(): { readonly teamId: string; readonly general: TeamsPlace } {
  const teamId = uniqueId('19:team') + '@thread.tacv2';
  return { teamId, general: { kind: 'channel', conversationId: teamId, teamId, channelId: teamId } };
}

/** A thread of a channel: the channel id and `;messageid=` the root message's id. */
export function thread(teamId: string, channelId: string = teamId): TeamsPlace {
  return {
    kind: 'channel',
    conversationId: `${channelId};messageid=${String(Date.now())}${uniqueId('')}`,
    teamId,
    channelId,
  };
}

/** Any Teams activity in a place, from a user. */
export function teamsActivity(
  place: TeamsPlace,
  from: TeamsUser,
  fields: Record<string, unknown>,
): Record<string, unknown> {
  const channel = place.kind === 'channel';
  return {
    id: uniqueId('1700000000'),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    from,
    recipient: TEAMS_BOT,
    conversation: {
      id: place.conversationId,
      conversationType: channel ? 'channel' : 'personal',
      tenantId: TENANT_ID,
      ...(channel ? { isGroup: true } : {}),
    },
    channelData: {
      tenant: { id: TENANT_ID },
      ...(place.kind === 'channel' ? { team: { id: place.teamId }, channel: { id: place.channelId } } : {}),
    },
    locale: 'en-US',
    ...fields,
  };
}

/** A message as Teams sends it: in a channel, the bot's @mention leads the text. */
export function teamsMessage(
  place: TeamsPlace,
  from: TeamsUser,
  text: string,
  value?: unknown,
): Record<string, unknown> {
  const mention = `<at>${TEAMS_BOT.name}</at>`;
  const channel = place.kind === 'channel';
  return teamsActivity(place, from, {
    type: 'message',
    text: channel ? `${mention} ${text}` : text,
    textFormat: 'plain',
    ...(channel ? { entities: [{ type: 'mention', text: mention, mentioned: TEAMS_BOT }] } : {}),
    ...(value !== undefined ? { value } : {}),
  });
}

/** One user in one Teams place; implements the harness Chat, so tree walks run over it. */
export class TeamsChat implements Chat {
  /** Everything the bot posted to the connector for this conversation. */
  readonly sent: SentActivity[];
  /** The HTTP answer to the last invoke. */
  lastInvoke: HttpResult | undefined;

  constructor(
    private readonly bot: RunningBot,
    readonly place: TeamsPlace,
    readonly user: TeamsUser,
    sent?: SentActivity[],
  ) {
    this.sent = sent ?? recordChannel(place.conversationId).sent;
  }

  get entries(): ReadonlyMap<string, KnowledgeEntry> {
    return this.bot.app.services.knowledge.current.entries;
  }

  /** Another user in the same place, sharing this chat's record of what the bot posted. */
  as(user: TeamsUser): TeamsChat {
    return new TeamsChat(this.bot, this.place, user, this.sent);
  }

  /** Posts any activity; returns the HTTP answer and the messages the bot posted meanwhile. */
  async post(activity: Record<string, unknown>): Promise<{ res: HttpResult; replies: Record<string, unknown>[] }> {
    const before = this.sent.length;
    const res = await postActivity(this.bot, activity);
    const replies = this.sent.slice(before).filter((s) => s.body.type === 'message');
    for (const r of replies) assert.notEqual(r.body.text, messages.apology, 'the turn failed');
    return { res, replies: replies.map((r) => r.body) };
  }

  async say(text: string | undefined, value?: unknown): Promise<BotReply[]> {
    const { res, replies } = await this.post(teamsMessage(this.place, this.user, text ?? '', value));
    assert.equal(res.status, 200, `POST "${text ?? ''}": ${res.status} ${res.text.slice(0, 200)}`);
    return replies;
  }

  /** Clicks as Teams does: an Execute is an `adaptiveCard/action` invoke (kept in lastInvoke). */
  async click(activity: BotReply | undefined, title: string): Promise<BotReply[]> {
    const sent = clickActivity(buttonByTitle(activity, title), 'msteams');
    if (sent.type === 'message') return this.say(sent.text, sent.value);
    const { res, replies } = await this.post(teamsActivity(this.place, this.user, { ...sent }));
    assert.equal(res.status, 200, `invoke "${title}": ${res.status} ${res.text.slice(0, 200)}`);
    this.lastInvoke = res;
    return replies;
  }
}
