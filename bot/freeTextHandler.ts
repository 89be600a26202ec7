import type { TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs';

/** How free text and search-like commands are answered; the bot delegates here. */
export interface FreeTextHandler {
  /** Answers `text` (free text, /search, /explain or /why) in this turn. */
  answer(context: TurnContext, dc: DialogContext, text: string, mode: 'search' | 'explain' | 'why'): Promise<void>;
  /** Starts the guided troubleshooter `treeId`. */
  beginTree(context: TurnContext, dc: DialogContext, treeId: string): Promise<void>;
}
