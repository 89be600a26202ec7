import type { Caller, CommandContext, CommandOutcome, CommandSpec } from './commandSpec.js';
import { reply, button } from '../../replies/reply.js';
import { messages } from '../../replies/messages.js';
import type { Logger } from '../../core/logger.js';
import { editDistance } from '../../core/text.js';

/** Result of splitting an argument string according to a spec. */
export type ParsedArgs =
  | { readonly ok: true; readonly values: Readonly<Record<string, string>> }
  | { readonly ok: false; readonly problem: string };

/**
 * Splits `raw` into the spec's arguments. Blanks separate arguments, "double" or 'single' quotes
 * keep blanks inside one, and a `rest` argument takes everything left (pasted multi-line blocks).
 */
export function parseArguments(spec: CommandSpec, raw: string): ParsedArgs {
  const values: Record<string, string> = {};
  let remaining = raw.trim();
  for (const arg of spec.args) {
    if (remaining === '') break;
    if (arg.rest) {
      values[arg.name] = unquoteWhole(remaining);
      remaining = '';
      break;
    }
    const token = nextToken(remaining);
    values[arg.name] = token.value;
    remaining = token.rest;
  }
  if (remaining !== '') return { ok: false, problem: messages.commands.tooManyArguments(remaining) };
  for (const arg of spec.args) {
    const value = values[arg.name];
    if (value === undefined || value === '') {
      if (arg.required) return { ok: false, problem: messages.commands.missingArgument(arg.name) };
      continue;
    }
    if (arg.choices) {
      const match = arg.choices.find((c) => c.toLowerCase() === value.toLowerCase());
      if (!match) return { ok: false, problem: messages.commands.badChoice(arg.name, value, arg.choices) };
      values[arg.name] = match;
    }
  }
  return { ok: true, values };
}

function nextToken(text: string): { value: string; rest: string } {
  const quote = text[0];
  if (quote === '"' || quote === "'" || quote === '“') {
    const close = quote === '“' ? '”' : quote;
    const end = text.indexOf(close, 1);
    if (end > 0) return { value: text.slice(1, end), rest: text.slice(end + 1).trim() };
  }
  const match = /^(\S+)\s*([\s\S]*)$/.exec(text);
  return { value: match?.[1] ?? text, rest: match?.[2] ?? '' };
}

function unquoteWhole(text: string): string {
  const m = /^(["'“])([\s\S]*)(["'”])$/.exec(text);
  if (!m) return text;
  const [, open = '', inner = '', close = ''] = m;
  // Only a matching pair wraps the whole text: "…'" is a quote inside a pasted message.
  const matches = open === '“' ? close === '”' : close === open;
  return matches && !inner.includes(open) ? inner : text;
}

/** The one table of slash commands: lookup, authorisation, parsing, help and suggestions. */
export class CommandRegistry {
  private readonly byName = new Map<string, CommandSpec>();

  constructor(
    readonly specs: readonly CommandSpec[],
    private readonly logger: Logger,
  ) {
    for (const spec of specs) {
      for (const name of [spec.name, ...(spec.aliases ?? [])]) {
        if (this.byName.has(name)) throw new Error(`Command name /${name} is declared twice`);
        this.byName.set(name, spec);
      }
    }
  }

  /** Finds a command by name or alias, case-insensitively. */
  find(name: string): CommandSpec | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** Commands this caller may run, in declaration order. */
  visibleTo(caller: Caller): CommandSpec[] {
    return this.specs.filter(
      (s) =>
        s.hidden !== true &&
        (!s.requiresAdmin || caller.isAdmin) &&
        (s.requiresHelpdesk !== true || caller.isHelpdesk === true || caller.isAdmin),
    );
  }

  /** The closest command name the caller may run, if one is close enough to be a typo. */
  suggest(name: string, caller: Caller): string | undefined {
    const typed = name.toLowerCase();
    const candidates = this.visibleTo(caller).flatMap((spec) =>
      [spec.name, ...(spec.aliases ?? [])].map((candidate) => ({ spec: spec.name, candidate })),
    );
    // An unambiguous start of a name ("/prof", "/trouble") is what the user meant.
    if (typed.length >= 2) {
      const starts = new Set(candidates.filter((c) => c.candidate.startsWith(typed)).map((c) => c.spec));
      if (starts.size === 1) return [...starts][0];
    }
    // Otherwise the closest name within a typo's reach of that name's own length.
    let best: { name: string; distance: number } | undefined;
    for (const c of candidates) {
      const allowed = Math.max(1, Math.floor(c.candidate.length / 3));
      // The distance is at least the difference in length: a long name is ruled out without work.
      if (Math.abs(typed.length - c.candidate.length) > allowed) continue;
      const distance = editDistance(typed, c.candidate);
      if (distance > allowed) continue;
      if (!best || distance < best.distance) best = { name: c.spec, distance };
    }
    return best?.name;
  }

  /**
   * Runs one command: unknown → suggestion, not allowed → refusal, bad arguments → usage.
   * Admin commands are audit-logged with who, what and the outcome.
   */
  async execute(name: string, rawArgs: string, ctx: CommandContext): Promise<CommandOutcome> {
    const spec = this.find(name);
    if (!spec) {
      const suggestion = this.suggest(name, ctx.caller);
      return {
        kind: 'reply',
        replies: [
          suggestion
            ? reply(messages.commands.unknownWithSuggestion(name, suggestion), [
                button(`/${suggestion}`),
                button(messages.commands.helpButton, '/help'),
              ])
            : reply(messages.commands.unknown(name), [button(messages.commands.helpButton, '/help')]),
        ],
      };
    }
    const audit = spec.requiresAdmin
      ? (outcome: string): void =>
          this.logger.info('admin command', {
            who: ctx.caller.aadObjectId ?? ctx.caller.id,
            whoName: ctx.caller.name,
            channel: ctx.caller.channelId,
            command: spec.name,
            args: rawArgs.slice(0, 500),
            outcome,
          })
      : undefined;
    if (spec.requiresAdmin && !ctx.caller.isAdmin) {
      audit?.('refused: not an admin');
      return { kind: 'reply', replies: [reply(messages.commands.notAllowed(spec.name))] };
    }
    if (spec.requiresHelpdesk === true && ctx.caller.isHelpdesk !== true && !ctx.caller.isAdmin)
      return { kind: 'reply', replies: [reply(messages.tickets.notHelpdesk(spec.name))] };
    const parsed = parseArguments(spec, rawArgs);
    if (!parsed.ok) {
      audit?.(`bad arguments: ${parsed.problem}`);
      return { kind: 'reply', replies: [reply(messages.commands.usage(spec.usage, parsed.problem))] };
    }
    try {
      const outcome = await spec.run(ctx, parsed.values);
      audit?.('ok');
      return outcome;
    } catch (err) {
      audit?.('failed');
      throw new Error(`Command /${spec.name} failed`, { cause: err });
    }
  }
}
