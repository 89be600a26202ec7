import type { CommandSpec } from './commandSpec.js';
import type { CommandRegistry } from './registry.js';
import { helpCommand } from './help.js';
import { kbCommand } from './kb.js';
import { matrixCommand } from './matrix.js';
import { explainCommand, searchCommand, whyCommand } from './searchCommands.js';
import { ticketCommand, ticketsCommand } from './ticketCommands.js';
import { handoffCommand, handoffFromCommand, profileCommand, troubleshootCommand } from './treeCommands.js';
import {
  checkUrlCommand,
  msaCommand,
  probeAutodiscoverCommand,
  probeMetadataCommand,
  reloadCommand,
  sipCommand,
  statsCommand,
} from './diagnosticCommands.js';
import { feedbackCommand, forgetMeCommand } from './privacyCommands.js';

/** Every slash command, in the order /help lists them. */
export function createCommandSpecs(getRegistry: () => CommandRegistry): CommandSpec[] {
  return [
    helpCommand(getRegistry),
    kbCommand,
    searchCommand,
    explainCommand,
    whyCommand,
    troubleshootCommand,
    matrixCommand,
    profileCommand,
    msaCommand,
    checkUrlCommand,
    sipCommand,
    handoffCommand,
    forgetMeCommand,
    feedbackCommand,
    handoffFromCommand,
    ticketsCommand,
    ticketCommand,
    probeMetadataCommand,
    probeAutodiscoverCommand,
    statsCommand,
    reloadCommand,
  ];
}
