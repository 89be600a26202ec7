import type { CommandSpec } from './commandSpec.js';
import type { CommandRegistry } from './registry.js';
import { helpCommand } from './help.js';
import { kbCommand } from './kb.js';
import { matrixCommand } from './matrix.js';

/** Every slash command, in the order /help lists them. */
export function createCommandSpecs(getRegistry: () => CommandRegistry): CommandSpec[] {
  return [helpCommand(getRegistry), kbCommand, matrixCommand];
}
