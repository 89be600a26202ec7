import assert from 'node:assert/strict';
import type { Caller } from '../../../conversation/commands/commandSpec.js';
import { sharedApp } from '../../support/harness.js';

/*
 * "Did you mean" against the real command table: typos and prefixes of a command suggest it, an
 * unrelated word suggests nothing, and admin commands are never suggested to non-admins.
 */

const commands = sharedApp().commands;

const USER: Caller = { id: 'u', channelId: 'msteams', isAdmin: false };
const ADMIN: Caller = { id: 'a', channelId: 'terminal', isAdmin: true };

describe('CommandRegistry.suggest with the real commands', () => {
  describe('typos', () => {
    const cases: Array<[string, string]> = [
      ['matirx', 'matrix'],
      ['MATIRX', 'matrix'],
      ['hlep', 'help'],
      ['serach', 'search'],
      ['explian', 'explain'],
      ['trubleshoot', 'troubleshoot'],
      ['troubleshot', 'troubleshoot'],
      ['handof', 'handoff'],
      ['profil', 'profile'],
      ['checkur', 'check-url'],
      ['kbb', 'kb'],
      ['msaa', 'msa'],
      ['sipp', 'sip'],
    ];
    for (const [typed, expected] of cases)
      it(`/${typed} → /${expected}`, () => assert.equal(commands.suggest(typed, USER), expected));
  });

  describe('unambiguous prefixes', () => {
    const cases: Array<[string, string]> = [
      ['prof', 'profile'],
      ['trouble', 'troubleshoot'],
      ['hand', 'handoff'],
      ['expl', 'explain'],
      ['mat', 'matrix'],
      ['check', 'check-url'],
    ];
    for (const [typed, expected] of cases)
      it(`/${typed} → /${expected}`, () => assert.equal(commands.suggest(typed, USER), expected));
  });

  describe('short aliases do not stretch the typo tolerance', () => {
    // "probe" is 3 edits from the alias "tree", allowed only because "troubleshoot" is long.
    it('/probe does not suggest /troubleshoot to a non-admin', () =>
      assert.notEqual(commands.suggest('probe', USER), 'troubleshoot'));
    it('/probe does not suggest /troubleshoot to an admin', () =>
      assert.notEqual(commands.suggest('probe', ADMIN), 'troubleshoot'));
    // "hand" is 2 edits from the alias "find" of /search, but it starts /handoff.
    it('/hand does not suggest /search', () => assert.notEqual(commands.suggest('hand', USER), 'search'));
  });

  describe('admin commands', () => {
    for (const typed of ['relaod', 'stat', 'probe-metdata', 'probe-autodiscovr']) {
      it(`/${typed} suggests nothing admin-only to a non-admin`, () => {
        const suggestion = commands.suggest(typed, USER);
        assert.ok(suggestion === undefined || !commands.find(suggestion)?.requiresAdmin, String(suggestion));
      });
    }
    it('/relaod → /reload for an admin', () => assert.equal(commands.suggest('relaod', ADMIN), 'reload'));
    it('/stat → /stats for an admin', () => assert.equal(commands.suggest('stat', ADMIN), 'stats'));
    it('/probe-metdata → /probe-metadata for an admin', () =>
      assert.equal(commands.suggest('probe-metdata', ADMIN), 'probe-metadata'));
    it('/probe-autodiscovr → /probe-autodiscover for an admin', () =>
      assert.equal(commands.suggest('probe-autodiscovr', ADMIN), 'probe-autodiscover'));
  });

  describe('unrelated words', () => {
    for (const typed of ['xylophone', 'weather', 'deploy'])
      it(`/${typed} suggests nothing`, () => assert.equal(commands.suggest(typed, ADMIN), undefined));
  });
});
