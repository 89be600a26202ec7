import type { TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs';

/** How free text and search-like commands are answered; the bot delegates here. */
export interface FreeTextHandler {
  /**
   * Answers `text` in this turn: `free` (typed text: may start a troubleshooter), `search` (/search:
   * only offers one), `explain` (signatures first) or `why` (explains the last answer).
   */
  answer(context: TurnContext, dc: DialogContext, text: string, mode: 'free' | 'search' | 'explain' | 'why'): Promise<void>;
  /** Starts the guided troubleshooter `treeId`. */
  beginTree(context: TurnContext, dc: DialogContext, treeId: string): Promise<void>;
}
