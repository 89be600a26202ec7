import assert from 'node:assert/strict';
import { routeMessage, type Route } from '../../conversation/router.js';

interface Case {
  readonly text: string;
  readonly active?: boolean;
  readonly expected: Route;
}

const cases: readonly Case[] = [
  // Slash commands, with and without arguments.
  { text: '/help', expected: { kind: 'command', name: 'help', args: '' } },
  { text: '/help kb', expected: { kind: 'command', name: 'help', args: 'kb' } },
  { text: '  /kb   ucs-contact-list   ', expected: { kind: 'command', name: 'kb', args: 'ucs-contact-list' } },
  {
    text: '/explain "Test-CsExStorageConnectivity" -Verbose',
    expected: { kind: 'command', name: 'explain', args: '"Test-CsExStorageConnectivity" -Verbose' },
  },
  {
    text: '/why\nERROR: 401 Unauthorized\n  at line 2',
    expected: { kind: 'command', name: 'why', args: 'ERROR: 401 Unauthorized\n  at line 2' },
  },
  { text: '/why\r\n\r\nfirst\r\nsecond', expected: { kind: 'command', name: 'why', args: 'first\r\nsecond' } },
  { text: '/HELP', expected: { kind: 'command', name: 'help', args: '' } },
  { text: '/Reload-KB Now', expected: { kind: 'command', name: 'reload-kb', args: 'Now' } },
  { text: '/a1-b2', expected: { kind: 'command', name: 'a1-b2', args: '' } },
  // Global words win, whatever the case or trailing punctuation.
  { text: 'help', expected: { kind: 'help' } },
  { text: 'HELP!', expected: { kind: 'help' } },
  { text: '?', expected: { kind: 'help' } },
  { text: 'menu', expected: { kind: 'help' } },
  { text: 'What can you do?', expected: { kind: 'help' } },
  { text: 'cancel', expected: { kind: 'cancel' } },
  { text: 'Cancel.', expected: { kind: 'cancel' } },
  { text: 'quit', expected: { kind: 'cancel' } },
  { text: 'never   mind', expected: { kind: 'cancel' } },
  { text: 'start over', expected: { kind: 'restart' } },
  { text: 'Start Over', expected: { kind: 'restart' } },
  { text: 'reset', expected: { kind: 'restart' } },
  { text: 'back', expected: { kind: 'back' } },
  { text: 'go back', expected: { kind: 'back' } },
  // Global words win over an active dialog too.
  { text: 'help', active: true, expected: { kind: 'help' } },
  { text: 'cancel', active: true, expected: { kind: 'cancel' } },
  { text: 'start over', active: true, expected: { kind: 'restart' } },
  { text: 'back', active: true, expected: { kind: 'back' } },
  // Empty input.
  { text: '', expected: { kind: 'empty' } },
  { text: '   \n\t ', expected: { kind: 'empty' } },
  { text: '  ', active: true, expected: { kind: 'empty' } },
  // Free text: search without a dialog, continue with one.
  { text: 'presence not showing in Outlook', expected: { kind: 'search', text: 'presence not showing in Outlook' } },
  { text: '  contact list read-only  ', expected: { kind: 'search', text: 'contact list read-only' } },
  { text: 'Yes', active: true, expected: { kind: 'continue', text: 'Yes' } },
  {
    text: 'Exchange 2016 on-premises',
    active: true,
    expected: { kind: 'continue', text: 'Exchange 2016 on-premises' },
  },
  // A slash command interrupts an active dialog.
  { text: '/help', active: true, expected: { kind: 'command', name: 'help', args: '' } },
  { text: '/kb 12345', active: true, expected: { kind: 'command', name: 'kb', args: '12345' } },
  // Words that merely contain a global word are free text.
  { text: 'help me with presence', expected: { kind: 'search', text: 'help me with presence' } },
  { text: 'cancel meeting fails', active: true, expected: { kind: 'continue', text: 'cancel meeting fails' } },
  { text: '??', expected: { kind: 'search', text: '??' } },
  // A slash that does not start a command name is not a command.
  { text: '/', expected: { kind: 'search', text: '/' } },
  { text: '/ not a command', expected: { kind: 'search', text: '/ not a command' } },
  { text: '/ help', expected: { kind: 'search', text: '/ help' } },
  { text: '//help', expected: { kind: 'search', text: '//help' } },
  { text: '/1abc', expected: { kind: 'search', text: '/1abc' } },
  { text: '/-x', expected: { kind: 'search', text: '/-x' } },
  { text: '/help.', expected: { kind: 'search', text: '/help.' } },
  { text: '/usr/bin/lync', expected: { kind: 'search', text: '/usr/bin/lync' } },
  { text: 'C:\\Program Files /help', expected: { kind: 'search', text: 'C:\\Program Files /help' } },
  { text: '/ not a command', active: true, expected: { kind: 'continue', text: '/ not a command' } },
];

describe('routeMessage', () => {
  for (const { text, active = false, expected } of cases) {
    it(`routes ${JSON.stringify(text)}${active ? ' (dialog active)' : ''} to ${expected.kind}`, () => {
      assert.deepEqual(routeMessage({ text, hasActiveDialog: active }), expected);
    });
  }

  it('is pure: the same input gives the same route', () => {
    const input = { text: '/help kb', hasActiveDialog: true };
    assert.deepEqual(routeMessage(input), routeMessage(input));
  });
});
