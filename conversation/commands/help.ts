import { reply, button, type Reply } from '../../replies/reply.js';
import { messages } from '../../replies/messages.js';
import type { Caller, CommandSpec } from './commandSpec.js';
import type { CommandRegistry } from './registry.js';

/** The help text for a caller, generated from the registry: only commands they may run. */
export function helpReply(registry: CommandRegistry, caller: Caller): Reply {
  const lines = registry
    .visibleTo(caller)
    .map((spec) => messages.commands.helpLine(spec.usage, spec.summary, spec.requiresAdmin));
  const buttons = ['troubleshoot', 'matrix']
    .map((name) => registry.find(name))
    .filter((spec): spec is CommandSpec => spec !== undefined)
    .map((spec) => button(`/${spec.name}`));
  return reply([messages.helpIntro, '', ...lines, '', messages.helpGlobalWords].join('\n'), buttons);
}

/** `/help <command>`: usage, arguments and examples of one command. */
export function commandHelpReply(registry: CommandRegistry, caller: Caller, name: string): Reply {
  const spec = registry.find(name.replace(/^\//, ''));
  if (!spec || (spec.requiresAdmin && !caller.isAdmin)) return reply(messages.commands.helpUnknown(name));
  const args = spec.args.map(messages.commands.argLine);
  const aliases = messages.commands.aliases(spec.aliases ?? []);
  const examples = messages.commands.examples(spec.examples ?? []);
  return reply(
    `${messages.commands.helpFor(spec.usage, spec.summary)}${args.length > 0 ? `\n\n${args.join('\n')}` : ''}${aliases}${examples}`,
  );
}

/** Builds the /help spec; it needs the registry it belongs to, hence the getter. */
export function helpCommand(getRegistry: () => CommandRegistry): CommandSpec {
  return {
    name: 'help',
    aliases: ['commands'],
    summary: messages.commandHelp.help.summary,
    usage: '/help [command]',
    args: [{ name: 'command', description: messages.commandHelp.help.args.command, required: false }],
    requiresAdmin: false,
    examples: ['/help', '/help kb'],
    run: (ctx, args) => {
      const registry = getRegistry();
      const name = args.command;
      return {
        kind: 'reply',
        replies: [name ? commandHelpReply(registry, ctx.caller, name) : helpReply(registry, ctx.caller)],
      };
    },
  };
}
