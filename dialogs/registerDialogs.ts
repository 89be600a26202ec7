import type { DialogSet } from 'botbuilder-dialogs';
import type { TurnContext, UserState } from 'botbuilder';
import type { BotServices } from '../conversation/services.js';
import { TreeDialog } from './treeDialog.js';
import { USER_PROFILE, type UserProfile } from './profile.js';

/** Adds the bot's dialogs to its dialog set. */
/** Answers a question asked in the middle of a tree; see TreeDialogDeps.answerAside. */
interface AsideAnswers {
  answerAside(context: TurnContext, text: string): Promise<boolean>;
}

export function registerDialogs(dialogs: DialogSet, services: BotServices, userState: UserState, aside: AsideAnswers): void {
  dialogs.add(
    new TreeDialog({
      knowledge: services.knowledge,
      profile: userState.createProperty<UserProfile>(USER_PROFILE),
      logger: services.logger,
      answerAside: (context, text) => aside.answerAside(context, text),
    }),
  );
}
