import type { DialogSet } from 'botbuilder-dialogs';
import type { UserState } from 'botbuilder';
import type { BotServices } from '../bot/botServices.js';

/** Adds the bot's dialogs to its dialog set. */
export function registerDialogs(_dialogs: DialogSet, _services: BotServices, _userState: UserState): void {
  // Guided troubleshooters are registered here once the tree engine exists.
}
