import type { DialogSet } from 'botbuilder-dialogs';
import type { UserState } from 'botbuilder';
import type { BotServices } from '../bot/botServices.js';
import { TreeDialog } from './treeDialog.js';
import { USER_PROFILE, type UserProfile } from './profile.js';
import { answerAside } from '../bot/searchReplies.js';

/** Adds the bot's dialogs to its dialog set. */
export function registerDialogs(dialogs: DialogSet, services: BotServices, userState: UserState): void {
  dialogs.add(
    new TreeDialog({
      knowledge: services.knowledge,
      profile: userState.createProperty<UserProfile>(USER_PROFILE),
      logger: services.logger,
      answerAside: (context, text) => answerAside(services, context, text),
    }),
  );
}
