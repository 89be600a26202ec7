import type { CommandSpec } from './commandSpec.js';
import type { CommandRegistry } from './registry.js';
import { helpCommand } from './help.js';

/** Every slash command, in the order /help lists them. */
export function createCommandSpecs(getRegistry: () => CommandRegistry): CommandSpec[] {
  return [helpCommand(getRegistry)];
}
