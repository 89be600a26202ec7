import assert from 'node:assert/strict';
import type { Caller, CommandSpec } from '../../../conversation/commands/commandSpec.js';
import { commandHelpReply, helpReply } from '../../../conversation/commands/help.js';
import { parseArguments } from '../../../conversation/commands/registry.js';
import { messages } from '../../../replies/messages.js';
import { routeMessage } from '../../../conversation/router.js';
import { sharedApp } from '../../support/harness.js';

/*
 * The command table is data: these checks hold for every spec, present and future, so a new
 * command cannot break help, parsing, routing or the Teams manifest limits unnoticed.
 */

const registry = sharedApp().commands;
const specs: readonly CommandSpec[] = registry.specs;

const USER: Caller = { id: 'u', channelId: 'msteams', aadObjectId: 'aad-u', isAdmin: false };
const ADMIN: Caller = { id: 'a', channelId: 'msteams', aadObjectId: 'aad-a', isAdmin: true };
const WEBCHAT: Caller = { id: 'w', channelId: 'webchat', isAdmin: false };
const OPERATOR: Caller = { id: 'local-operator', channelId: 'terminal', isAdmin: true };

/** The `/name` of each command line in a help reply, in order. */
function listed(markdown: string): string[] {
  return [...markdown.matchAll(/^- `\/([a-z0-9-]+)/gm)].map((m) => m[1] ?? '');
}

describe('command specs', () => {
  it('there are commands, and the expected ones', () => {
    assert.deepEqual(
      specs.map((s) => s.name),
      [
        'help',
        'kb',
        'search',
        'explain',
        'why',
        'troubleshoot',
        'matrix',
        'profile',
        'msa',
        'check-url',
        'sip',
        'handoff',
        'forget-me',
        'feedback',
        'handoff-from',
        'tickets',
        'ticket',
        'probe-metadata',
        'probe-autodiscover',
        'stats',
        'reload',
      ],
    );
  });

  it('exactly /tickets and /ticket are for the helpdesk (and admins)', () => {
    assert.deepEqual(
      specs.filter((s) => s.requiresHelpdesk === true).map((s) => s.name),
      ['tickets', 'ticket'],
    );
  });

  it('exactly the probes, /stats and /reload require an admin', () => {
    assert.deepEqual(
      specs.filter((s) => s.requiresAdmin).map((s) => s.name),
      ['probe-metadata', 'probe-autodiscover', 'stats', 'reload'],
    );
  });

  for (const spec of specs) {
    describe(`/${spec.name}`, () => {
      it('has a lowercase name the router accepts (Teams command titles: at most 32 characters)', () => {
        assert.match(spec.name, /^[a-z][a-z0-9-]*$/);
        assert.ok(spec.name.length <= 32);
        assert.deepEqual(routeMessage({ text: `/${spec.name}`, hasActiveDialog: false }), {
          kind: 'command',
          name: spec.name,
          args: '',
        });
      });

      it('has lowercase, routable aliases', () => {
        for (const alias of spec.aliases ?? []) {
          assert.match(alias, /^[a-z][a-z0-9-]*$/, alias);
          assert.equal(registry.find(alias), spec, alias);
          assert.equal(registry.find(alias.toUpperCase()), spec, `${alias} in upper case`);
        }
      });

      it('has a one-line summary of at most 128 characters (Teams manifest limit)', () => {
        assert.ok(spec.summary.trim() !== '', 'summary is empty');
        assert.ok(spec.summary.length <= 128, `${spec.summary.length} characters: ${spec.summary}`);
        assert.doesNotMatch(spec.summary, /\n/);
        assert.equal(spec.summary, spec.summary.trim());
      });

      it('has a usage line starting with /<name>', () => {
        assert.ok(spec.usage === `/${spec.name}` || spec.usage.startsWith(`/${spec.name} `), spec.usage);
        assert.doesNotMatch(spec.usage, /\n/);
      });

      it('declares arguments sensibly: unique names, descriptions, a rest argument only last, required before optional', () => {
        const names = spec.args.map((a) => a.name);
        assert.equal(new Set(names).size, names.length, `duplicate argument in ${names.join(', ')}`);
        spec.args.forEach((arg, i) => {
          assert.match(arg.name, /^[a-z][a-z0-9-]*$/, arg.name);
          assert.ok(arg.description.trim() !== '', `${arg.name} has no description`);
          if (arg.rest) assert.equal(i, spec.args.length - 1, `${arg.name} takes the rest but is not last`);
          if (arg.required)
            assert.ok(
              spec.args.slice(0, i).every((a) => a.required),
              `${arg.name} is required after an optional argument`,
            );
        });
        if (spec.args.length === 0)
          assert.equal(spec.usage, `/${spec.name}`, 'a command without arguments shows none in its usage');
        else assert.notEqual(spec.usage, `/${spec.name}`, 'a command with arguments shows them in its usage');
      });

      it('has examples that start with /<name> and parse', () => {
        for (const example of spec.examples ?? []) {
          const route = routeMessage({ text: example, hasActiveDialog: false });
          assert.equal(route.kind, 'command', example);
          assert.equal(registry.find(route.name), spec, example);
          const parsed = parseArguments(spec, route.args);
          assert.ok(parsed.ok, `${example}: ${parsed.ok ? '' : parsed.problem}`);
        }
      });

      it('a missing required argument is reported by name', () => {
        const required = spec.args.find((a) => a.required);
        if (!required) {
          assert.ok(parseArguments(spec, '').ok);
          return;
        }
        assert.deepEqual(parseArguments(spec, ''), {
          ok: false,
          problem: messages.commands.missingArgument(required.name),
        });
      });
    });
  }

  it('no name or alias is declared twice, in any case', () => {
    const all = specs.flatMap((s) => [s.name, ...(s.aliases ?? [])].map((n) => n.toLowerCase()));
    const duplicates = all.filter((n, i) => all.indexOf(n) !== i);
    assert.deepEqual(duplicates, []);
  });
});

describe('help text generated from the registry', () => {
  for (const [label, caller] of [
    ['a Teams user', USER],
    ['web chat', WEBCHAT],
    ['a Teams admin', ADMIN],
    ['the terminal operator', OPERATOR],
  ] as const) {
    it(`lists exactly the visible specs, in order, for ${label}`, () => {
      const visible = registry.visibleTo(caller);
      const expected = specs.filter(
        (s) =>
          s.hidden !== true && (!s.requiresAdmin || caller.isAdmin) && (s.requiresHelpdesk !== true || caller.isAdmin),
      );
      assert.deepEqual(visible, expected);
      const help = helpReply(registry, caller).markdown;
      assert.deepEqual(
        listed(help),
        visible.map((s) => s.name),
      );
      for (const spec of visible) {
        assert.ok(
          help.includes(`- \`${spec.usage}\`: ${spec.summary}${spec.requiresAdmin ? ' _(admin)_' : ''}\n`),
          `/${spec.name} line`,
        );
      }
      for (const spec of specs.filter((s) => !visible.includes(s))) {
        assert.ok(!help.includes(`/${spec.name}`), `/${spec.name} must not be mentioned`);
      }
      assert.ok(help.startsWith(messages.helpIntro));
      assert.ok(help.endsWith(messages.helpGlobalWords));
    });
  }

  it('non-admins see the thirteen user commands, the helpdesk fifteen, admins all nineteen; the two sent by buttons are listed to nobody', () => {
    assert.equal(listed(helpReply(registry, USER).markdown).length, 13);
    assert.equal(listed(helpReply(registry, { ...USER, isHelpdesk: true }).markdown).length, 15);
    assert.equal(listed(helpReply(registry, ADMIN).markdown).length, 19);
    assert.deepEqual(
      specs.filter((s) => s.hidden === true).map((s) => s.name),
      ['feedback', 'handoff-from'],
    );
  });

  it('the buttons are /troubleshoot and /matrix', () => {
    assert.deepEqual(helpReply(registry, USER).buttons, [
      { label: '/troubleshoot', text: '/troubleshoot' },
      { label: '/matrix', text: '/matrix' },
    ]);
  });

  for (const spec of specs) {
    it(`/help ${spec.name}: usage, summary, every argument${spec.requiresAdmin ? '; hidden from non-admins' : ''}`, () => {
      const help = commandHelpReply(registry, ADMIN, spec.name).markdown;
      assert.ok(help.startsWith(messages.commands.helpFor(spec.usage, spec.summary)), help);
      for (const arg of spec.args) assert.ok(help.includes(`\`<${arg.name}>\``), arg.name);
      for (const alias of spec.aliases ?? []) assert.ok(help.includes(`\`/${alias}\``), alias);
      for (const example of spec.examples ?? []) assert.ok(help.includes(`\`${example}\``), example);
      // By alias and with a slash it is the same text.
      for (const name of [`/${spec.name}`, ...(spec.aliases ?? [])])
        assert.equal(commandHelpReply(registry, ADMIN, name).markdown, help, name);
      const forUser = commandHelpReply(registry, USER, spec.name).markdown;
      if (spec.requiresAdmin) assert.equal(forUser, messages.commands.helpUnknown(spec.name));
      else assert.equal(forUser, help);
    });
  }
});
