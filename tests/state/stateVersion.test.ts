/**
 * Saved progress carries a schema version: this version's is read as is, an older one is migrated,
 * and one that cannot be (unknown, newer, malformed) is restarted with "I was updated; let's start
 * that troubleshooter again", never a crash.
 */
import assert from 'node:assert/strict';
import { TestAdapter, type Activity } from 'botbuilder';
import { buildApp, type App } from '../../bot/app.js';
import { createOnTurnError } from '../../bot/adapter.js';
import { loadConfig } from '../../bot/config.js';
import { BoundedMemoryStorage } from '../../bot/state/memoryStorage.js';
import { STATE_VERSION, STATE_VERSION_FIELD } from '../../conversation/userConversationState.js';
import { createLogger } from '../../core/logger.js';
import { messages } from '../../replies/messages.js';
import { TTL_MS } from './support/stores.js';
import { buttonsOf, textOf } from '../support/harness.js';

const TREE = 'presence-missing-in-outlook';

interface Said {
  readonly text: string;
  readonly buttons: readonly { title: string; text: string; value: unknown }[];
}

let sequence = 0;

class Chat {
  readonly adapter: TestAdapter;
  readonly faults: Error[] = [];
  readonly key: string;

  constructor(readonly app: App) {
    sequence += 1;
    const conversationId = `a:version-${sequence};messageid=1`;
    this.key = `msteams/conversations/${conversationId}/private/`;
    this.adapter = new TestAdapter((ctx) => app.bot.run(ctx), {
      channelId: 'msteams',
      serviceUrl: 'https://test.invalid',
      from: { id: `29:user-${sequence}`, name: 'Tess' },
      recipient: { id: 'bot', name: 'Troubleshooter' },
      conversation: { id: conversationId, conversationType: 'personal' } as Activity['conversation'],
    });
    const handler = createOnTurnError({
      logger: createLogger('silent'),
      userConversationState: app.userConversationState,
    });
    this.adapter.onTurnError = async (context, error) => {
      this.faults.push(error);
      await handler(context, error);
    };
  }

  async say(text: string, value?: unknown): Promise<Said[]> {
    await this.adapter.processActivity({ type: 'message', text, ...(value !== undefined ? { value } : {}) });
    return this.adapter.activeQueue
      .splice(0)
      .filter((a) => a.type === 'message')
      .map(toSaid);
  }

  async click(said: readonly Said[], title: string): Promise<Said[]> {
    const b = said.flatMap((s) => s.buttons).find((x) => x.title === title);
    assert.ok(b, `no button ${title}`);
    return this.say(b.text, b.value);
  }

  async stored(): Promise<Record<string, unknown> | undefined> {
    return (await this.app.storage.read([this.key]))[this.key];
  }

  /** Rewrites the saved progress as another version of the bot might have left it. */
  async plant(change: (state: Record<string, unknown>) => void): Promise<void> {
    const state = await this.stored();
    assert.ok(state);
    change(state);
    await this.app.storage.write({ [this.key]: { ...state, eTag: '*' } });
  }
}

function toSaid(a: Partial<Activity>): Said {
  const buttons = buttonsOf(a).map((b) => ({ title: b.title, text: b.text, value: b.value }));
  return { text: textOf(a), buttons };
}

function firstChoice(said: readonly Said[]): string {
  const b = said.flatMap((s) => s.buttons)[0];
  assert.ok(b);
  return b.title;
}

describe('saved state versions', function () {
  this.timeout(30_000);
  let app: App;
  before(function () {
    app = buildApp(loadConfig({ LOG_LEVEL: 'silent' }), createLogger('silent'), {
      storage: new BoundedMemoryStorage({ ttlMs: TTL_MS }),
    });
  });

  /** What clicking the first choice says in a conversation whose state was left alone. */
  async function expectedNextStep(): Promise<string[]> {
    const chat = new Chat(app);
    const started = await chat.say(`/troubleshoot ${TREE}`);
    return (await chat.click(started, firstChoice(started))).map((s) => s.text);
  }

  it('stamps the version on what it saves', async function () {
    const chat = new Chat(app);
    await chat.say(`/troubleshoot ${TREE}`);
    assert.equal((await chat.stored())?.[STATE_VERSION_FIELD], STATE_VERSION);
  });

  it('migrates state saved before versions existed: the next click goes on at the same step', async function () {
    const chat = new Chat(app);
    const started = await chat.say(`/troubleshoot ${TREE}`);
    await chat.plant((state) => Reflect.deleteProperty(state, STATE_VERSION_FIELD));
    const next = await chat.click(started, firstChoice(started));
    assert.deepEqual(
      next.map((s) => s.text),
      await expectedNextStep(),
    );
    assert.equal((await chat.stored())?.[STATE_VERSION_FIELD], STATE_VERSION);
    assert.deepEqual(chat.faults, []);
  });

  it('restarts state of a version it cannot read, with the message and a button to start again', async function () {
    const chat = new Chat(app);
    const started = await chat.say(`/troubleshoot ${TREE}`);
    await chat.plant((state) => (state[STATE_VERSION_FIELD] = STATE_VERSION + 98));
    const said = await chat.click(started, firstChoice(started));
    assert.equal(said.length, 1, 'only the restart message for a click on the old card');
    const title = app.services.knowledge.current.trees.get(TREE)?.title ?? '';
    const notice = said[0];
    assert.ok(notice);
    assert.equal(notice.text, messages.stateRestarted(title));
    assert.match(notice.text, /^I was updated; let's start that troubleshooter again/);
    assert.deepEqual(chat.faults, []);
    const stored = (await chat.stored()) as { dialogState?: { dialogStack?: unknown[] } } | undefined;
    assert.deepEqual(stored?.dialogState?.dialogStack ?? [], [], 'the old troubleshooter is gone');
    const again = await chat.click(said, 'Start it again');
    assert.deepEqual(
      again.map((s) => s.text),
      started.map((s) => s.text),
    );
  });

  it('restarts malformed state (wrong types everywhere) without a crash, then answers the question asked', async function () {
    const chat = new Chat(app);
    await chat.say(`/troubleshoot ${TREE}`);
    await chat.plant((state) => {
      state[STATE_VERSION_FIELD] = 'one';
      state.dialogState = 'nonsense';
      state.lastSearch = 42;
    });
    const said = await chat.say('/help');
    assert.match(said[0]?.text ?? '', /^I was updated; let's start that troubleshooter again/);
    assert.ok(said.length >= 2, 'the /help answer follows');
    assert.deepEqual(chat.faults, []);
    assert.equal((await chat.stored())?.[STATE_VERSION_FIELD], STATE_VERSION);
  });
});
