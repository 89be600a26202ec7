/**
 * The footprint of a Teams install (the keys an uninstall deletes) is cached per install, bounded:
 * an idle install's record leaves memory and is read again from storage at its next turn.
 */
import assert from 'node:assert/strict';
import { MemoryStorage, type TurnContext } from 'botbuilder';
import { MAX_CACHED_SCOPES, StateFootprint, type KeyedState } from '../../conversation/stateFootprint.js';
import { createLogger } from '../../core/logger.js';
import { turnContext } from '../support/harness.js';

/** One state keyed by the conversation, as the bot's conversation state is. */
const conversationState: KeyedState = {
  getStorageKey: (context: TurnContext) => `msteams/conversations/${context.activity.conversation.id}/`,
  delete: () => Promise.resolve(),
};

function teamsTurn(conversationId: string): TurnContext {
  return turnContext({
    type: 'message',
    channelId: 'msteams',
    conversation: { id: conversationId, conversationType: 'personal', isGroup: false, name: '' },
    from: { id: '29:user', name: 'Tess' },
    recipient: { id: '28:bot', name: 'bot' },
  });
}

describe('StateFootprint cache', function () {
  it('keeps at most MAX_CACHED_SCOPES installs in memory, and an evicted one is still cleaned on uninstall', async function () {
    const storage = new MemoryStorage();
    const footprint = new StateFootprint(storage, [conversationState], createLogger('silent'));
    await footprint.record(teamsTurn('a:first'));
    for (let i = 0; i < MAX_CACHED_SCOPES + 50; i++) await footprint.record(teamsTurn(`a:other-${i}`));
    assert.equal(footprint.cachedScopes, MAX_CACHED_SCOPES);

    // The first install was dropped from the cache; its record in storage still names its key.
    const key = 'msteams/conversations/a:first/';
    await storage.write({ [key]: { progress: 1 } });
    const deleted = await footprint.clear(teamsTurn('a:first'));
    assert.equal(deleted, 1);
    assert.deepEqual(await storage.read([key, 'msteams/footprints/conversation/a:first']), {});
  });

  it('an install in use stays cached however many others come and go', async function () {
    const storage = new MemoryStorage();
    const footprint = new StateFootprint(storage, [conversationState], createLogger('silent'));
    let reads = 0;
    const read = storage.read.bind(storage);
    storage.read = (keys: string[]) => {
      if (keys.includes('msteams/footprints/conversation/a:busy')) reads += 1;
      return read(keys);
    };
    for (let i = 0; i < MAX_CACHED_SCOPES * 2; i++) {
      await footprint.record(teamsTurn('a:busy'));
      await footprint.record(teamsTurn(`a:idle-${i}`));
    }
    assert.equal(reads, 1, 'read once, then kept as the most recently used');
  });
});
