import assert from 'node:assert/strict';
import { commandContext } from '../support/commandContext.js';
import { replyButtonsOf } from '../support/harness.js';
import { CommandRegistry, parseArguments } from '../../conversation/commands/registry.js';
import { editDistance } from '../../core/text.js';
import type { Caller, CommandContext, CommandOutcome, CommandSpec } from '../../conversation/commands/commandSpec.js';
import { loadConfig } from '../../bot/config.js';
import { createLogger, type Logger } from '../../core/logger.js';
import { KnowledgeStore, thresholdsOf } from '../../knowledge/knowledgeStore.js';
import type { Knowledge } from '../../knowledge/model.js';

// ---- fakes -------------------------------------------------------------------------------------

const EMPTY_KNOWLEDGE: Knowledge = {
  entries: new Map(),
  kbArticles: new Map(),
  cmdlets: new Map(),
  matrix: { exchange: [], sfb: [], notes: [], features: [] },
  trees: new Map(),
  synonyms: { groups: [] },
  loadedAt: new Date(0),
};

const USER: Caller = { id: 'user-1', name: 'Ursula', channelId: 'msteams', aadObjectId: 'aad-user', isAdmin: false };
const ADMIN: Caller = { id: 'admin-1', name: 'Ada', channelId: 'msteams', aadObjectId: 'aad-admin', isAdmin: true };

const CONFIG = loadConfig({});

function contextFor(caller: Caller, logger: Logger = createLogger('silent')): CommandContext {
  // The fake commands never touch the knowledge; an empty store keeps this test free of content.
  return commandContext(
    {
      config: CONFIG,
      logger,
      knowledge: new KnowledgeStore(EMPTY_KNOWLEDGE, '/nonexistent', thresholdsOf(CONFIG)),
      startedAt: new Date(0),
    },
    caller,
  );
}

/** Records every run, so tests can see what a handler received. */
const runs: { name: string; args: Readonly<Record<string, string>> }[] = [];

function echo(name: string): CommandSpec['run'] {
  return (_ctx, args): CommandOutcome => {
    runs.push({ name, args });
    return { kind: 'reply', replies: [{ markdown: `${name} ran` }] };
  };
}

const helpSpec: CommandSpec = {
  name: 'help',
  aliases: ['commands'],
  summary: 'Help.',
  usage: '/help [command]',
  args: [{ name: 'command', description: 'A command.', required: false }],
  requiresAdmin: false,
  run: echo('help'),
};

const kbSpec: CommandSpec = {
  name: 'kb',
  summary: 'Look up a KB article.',
  usage: '/kb <id>',
  args: [{ name: 'id', description: 'KB number.', required: true }],
  requiresAdmin: false,
  run: echo('kb'),
};

const profileSpec: CommandSpec = {
  name: 'profile',
  summary: 'Set a topology.',
  usage: '/profile <part> <value>',
  args: [
    { name: 'part', description: 'Which part.', required: true, choices: ['Exchange', 'SfB', 'Client'] },
    { name: 'value', description: 'Its version.', required: false },
  ],
  requiresAdmin: false,
  run: echo('profile'),
};

const whySpec: CommandSpec = {
  name: 'why',
  summary: 'Explain an error.',
  usage: '/why <level> <error…>',
  args: [
    { name: 'level', description: 'Detail.', required: true, choices: ['short', 'long'] },
    { name: 'error', description: 'Pasted error.', required: true, rest: true },
  ],
  requiresAdmin: false,
  run: echo('why'),
};

const reloadSpec: CommandSpec = {
  name: 'reload',
  summary: 'Reload the content.',
  usage: '/reload <scope>',
  args: [{ name: 'scope', description: 'What to reload.', required: true, choices: ['all', 'trees'] }],
  requiresAdmin: true,
  run: echo('reload'),
};

const failingSpec: CommandSpec = {
  name: 'boom',
  summary: 'Fails.',
  usage: '/boom',
  args: [],
  requiresAdmin: true,
  run: () => {
    throw new Error('kaboom');
  },
};

const SPECS: readonly CommandSpec[] = [helpSpec, kbSpec, profileSpec, whySpec, reloadSpec, failingSpec];

function capture(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('info', (line) => {
    const parsed: unknown = JSON.parse(line);
    assert.ok(parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed), `not a JSON object: ${line}`);
    lines.push({ ...parsed });
  });
  return { logger, lines };
}

function onlyReply(outcome: CommandOutcome): string {
  assert.equal(outcome.kind, 'reply');
  assert.equal(outcome.replies.length, 1);
  const [first] = outcome.replies;
  assert.ok(first);
  return first.markdown;
}

/** The buttons of an outcome's replies (none when it does not reply). */
function buttonsOfOutcome(outcome: CommandOutcome): readonly { label: string; text: string }[] {
  return outcome.kind === 'reply' ? replyButtonsOf(outcome.replies) : [];
}

// ---- tests -------------------------------------------------------------------------------------

describe('parseArguments', () => {
  it('accepts no arguments for optional ones', () => {
    assert.deepEqual(parseArguments(helpSpec, ''), { ok: true, values: {} });
    assert.deepEqual(parseArguments(helpSpec, '   '), { ok: true, values: {} });
  });

  it('splits blank-separated arguments', () => {
    assert.deepEqual(parseArguments(profileSpec, 'exchange   2019'), {
      ok: true,
      values: { part: 'Exchange', value: '2019' },
    });
  });

  it('keeps blanks inside double, single and typographic quotes', () => {
    assert.deepEqual(parseArguments(profileSpec, 'sfb "Server 2015 CU12"'), {
      ok: true,
      values: { part: 'SfB', value: 'Server 2015 CU12' },
    });
    assert.deepEqual(parseArguments(profileSpec, "client 'Click to Run'"), {
      ok: true,
      values: { part: 'Client', value: 'Click to Run' },
    });
    assert.deepEqual(parseArguments(profileSpec, 'client “Office 2016”'), {
      ok: true,
      values: { part: 'Client', value: 'Office 2016' },
    });
  });

  it('treats an unclosed quote as part of a plain token', () => {
    assert.deepEqual(parseArguments(kbSpec, '"2019'), { ok: true, values: { id: '"2019' } });
  });

  it('gives a rest argument everything left, new lines included', () => {
    const pasted = 'Test-CsExStorageConnectivity : ERROR\n  Status: 401 Unauthorized\n\n  at line 3';
    assert.deepEqual(parseArguments(whySpec, `long ${pasted}`), { ok: true, values: { level: 'long', error: pasted } });
  });

  it('unquotes a rest argument that is quoted as a whole', () => {
    assert.deepEqual(parseArguments(whySpec, 'short "the error text"'), {
      ok: true,
      values: { level: 'short', error: 'the error text' },
    });
    // Quotes inside are kept: the text is not one quoted string.
    assert.deepEqual(parseArguments(whySpec, 'short "a" and "b"'), {
      ok: true,
      values: { level: 'short', error: '"a" and "b"' },
    });
  });

  it('reports a missing required argument by name', () => {
    const parsed = parseArguments(kbSpec, '');
    assert.equal(parsed.ok, false);
    assert.match(parsed.problem, /<id> is missing/);
    const rest = parseArguments(whySpec, 'short');
    assert.equal(rest.ok, false);
    assert.match(rest.problem, /<error> is missing/);
  });

  it('reports arguments beyond the spec', () => {
    const parsed = parseArguments(kbSpec, '2019 extra words');
    assert.equal(parsed.ok, false);
    assert.match(parsed.problem, /did not expect `extra words`/);
  });

  it('matches choices case-insensitively and returns the declared spelling', () => {
    assert.deepEqual(parseArguments(profileSpec, 'SFB'), { ok: true, values: { part: 'SfB' } });
    assert.deepEqual(parseArguments(whySpec, 'LONG x'), { ok: true, values: { level: 'long', error: 'x' } });
  });

  it('rejects a value outside the choices and lists them', () => {
    const parsed = parseArguments(profileSpec, 'lync 2013');
    assert.equal(parsed.ok, false);
    assert.match(parsed.problem, /`lync` is not a valid part/);
    assert.match(parsed.problem, /`Exchange`, `SfB`, `Client`/);
  });
});

describe('editDistance', () => {
  const table: readonly [string, string, number][] = [
    ['', '', 0],
    ['help', 'help', 0],
    ['', 'kb', 2],
    ['kb', '', 2],
    ['hepl', 'help', 1], // a transposition counts once
    ['hlep', 'help', 1],
    ['helo', 'help', 1],
    ['hel', 'help', 1],
    ['helpp', 'help', 1],
    ['kitten', 'sitting', 3],
    ['reload', 'help', 4],
    ['ab', 'ba', 1],
  ];
  for (const [a, b, expected] of table) {
    it(`editDistance(${JSON.stringify(a)}, ${JSON.stringify(b)}) = ${expected}`, () => {
      assert.equal(editDistance(a, b), expected);
      assert.equal(editDistance(b, a), expected);
    });
  }
});

describe('CommandRegistry', () => {
  const registry = new CommandRegistry(SPECS, createLogger('silent'));

  beforeEach(() => {
    runs.length = 0;
  });

  describe('find', () => {
    it('finds commands by name or alias, case-insensitively', () => {
      assert.equal(registry.find('help'), helpSpec);
      assert.equal(registry.find('HELP'), helpSpec);
      assert.equal(registry.find('commands'), helpSpec);
      assert.equal(registry.find('nope'), undefined);
    });

    it('refuses a name declared twice', () => {
      assert.throws(
        () => new CommandRegistry([helpSpec, { ...kbSpec, aliases: ['commands'] }], createLogger('silent')),
        /\/commands is declared twice/,
      );
    });
  });

  describe('visibleTo', () => {
    it('hides admin commands from non-admins', () => {
      assert.deepEqual(
        registry.visibleTo(USER).map((s) => s.name),
        ['help', 'kb', 'profile', 'why'],
      );
      assert.deepEqual(
        registry.visibleTo(ADMIN).map((s) => s.name),
        ['help', 'kb', 'profile', 'why', 'reload', 'boom'],
      );
    });
  });

  describe('suggest', () => {
    it('suggests help for /hepl', () => assert.equal(registry.suggest('hepl', USER), 'help'));
    it('suggests the command name for a typo of an alias', () =>
      assert.equal(registry.suggest('comands', USER), 'help'));
    it('suggests a command a prefix starts', () => assert.equal(registry.suggest('prof', USER), 'profile'));
    it('suggests nothing for an unrelated word', () => assert.equal(registry.suggest('xylophone', USER), undefined));
    it('is case-insensitive', () => assert.equal(registry.suggest('HEPL', USER), 'help'));
    it('never suggests an admin command to a non-admin', () => {
      assert.equal(registry.suggest('relaod', USER), undefined);
      assert.equal(registry.suggest('relaod', ADMIN), 'reload');
    });
  });

  describe('execute', () => {
    it('answers an unknown command with a suggestion and buttons', async () => {
      const outcome = await registry.execute('hepl', '', contextFor(USER));
      const text = onlyReply(outcome);
      assert.match(text, /don't know the command `\/hepl`/);
      assert.match(text, /Did you mean `\/help`\?/);
      assert.deepEqual(
        buttonsOfOutcome(outcome).map((b) => b.text),
        ['/help', '/help'],
      );
      assert.equal(runs.length, 0);
    });

    it('answers an unknown command without a close match by pointing at /help', async () => {
      const outcome = await registry.execute('xylophone', '', contextFor(USER));
      const text = onlyReply(outcome);
      assert.match(text, /don't know the command `\/xylophone`/);
      assert.doesNotMatch(text, /Did you mean/);
    });

    it('runs a known command with its parsed arguments', async () => {
      const outcome = await registry.execute('PROFILE', 'exchange "2016 CU23"', contextFor(USER));
      assert.equal(onlyReply(outcome), 'profile ran');
      assert.deepEqual(runs, [{ name: 'profile', args: { part: 'Exchange', value: '2016 CU23' } }]);
    });

    it('answers bad arguments with the problem and the usage, without running', async () => {
      const missing = onlyReply(await registry.execute('kb', '', contextFor(USER)));
      assert.match(missing, /<id> is missing/);
      assert.match(missing, /Usage: `\/kb <id>`/);
      const extra = onlyReply(await registry.execute('kb', '1 2', contextFor(USER)));
      assert.match(extra, /Usage: `\/kb <id>`/);
      assert.equal(runs.length, 0);
    });

    it('refuses an admin command to a non-admin and audit-logs it', async () => {
      const { logger, lines } = capture();
      const reg = new CommandRegistry(SPECS, logger);
      const outcome = await reg.execute('reload', 'all', contextFor(USER));
      assert.match(onlyReply(outcome), /`\/reload` is an admin command/);
      assert.equal(runs.length, 0);
      assert.equal(lines.length, 1);
      const [line] = lines;
      assert.ok(line);
      assert.equal(line.level, 'info');
      assert.equal(line.msg, 'admin command');
      assert.equal(line.who, 'aad-user');
      assert.equal(line.whoName, 'Ursula');
      assert.equal(line.channel, 'msteams');
      assert.equal(line.command, 'reload');
      assert.equal(line.args, 'all');
      assert.equal(line.outcome, 'refused: not an admin');
    });

    it('runs an admin command for an admin and audit-logs the success', async () => {
      const { logger, lines } = capture();
      const reg = new CommandRegistry(SPECS, logger);
      const outcome = await reg.execute('reload', 'TREES', contextFor(ADMIN));
      assert.equal(onlyReply(outcome), 'reload ran');
      assert.deepEqual(runs, [{ name: 'reload', args: { scope: 'trees' } }]);
      assert.equal(lines.length, 1);
      assert.equal(lines[0]?.who, 'aad-admin');
      assert.equal(lines[0].command, 'reload');
      assert.equal(lines[0].outcome, 'ok');
    });

    it('falls back to the caller id when there is no AAD object id', async () => {
      const { logger, lines } = capture();
      const reg = new CommandRegistry(SPECS, logger);
      await reg.execute('reload', 'all', contextFor({ id: 'local-operator', channelId: 'terminal', isAdmin: true }));
      assert.equal(lines[0]?.who, 'local-operator');
      assert.equal(lines[0].channel, 'terminal');
    });

    it('audit-logs bad arguments of an admin command and replies with usage', async () => {
      const { logger, lines } = capture();
      const reg = new CommandRegistry(SPECS, logger);
      const text = onlyReply(await reg.execute('reload', 'everything', contextFor(ADMIN)));
      assert.match(text, /Usage: `\/reload <scope>`/);
      assert.equal(runs.length, 0);
      assert.equal(lines.length, 1);
      assert.match(String(lines[0]?.outcome), /^bad arguments: /);
    });

    it('does not audit-log ordinary commands', async () => {
      const { logger, lines } = capture();
      const reg = new CommandRegistry(SPECS, logger);
      await reg.execute('kb', '2019', contextFor(USER));
      assert.equal(lines.length, 0);
    });

    it('wraps a failing handler with its cause and audit-logs the failure', async () => {
      const { logger, lines } = capture();
      const reg = new CommandRegistry(SPECS, logger);
      await assert.rejects(reg.execute('boom', '', contextFor(ADMIN)), (err: unknown) => {
        assert.ok(err instanceof Error);
        assert.equal(err.message, 'Command /boom failed');
        assert.ok(err.cause instanceof Error);
        assert.equal(err.cause.message, 'kaboom');
        return true;
      });
      assert.equal(lines[0]?.outcome, 'failed');
    });
  });
});
