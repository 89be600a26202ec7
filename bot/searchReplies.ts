import type { BotServices } from './botServices.js';
import type { FreeTextHandler } from './freeTextHandler.js';

/** Answers free text. Until matching exists it says so plainly instead of guessing. */
export function createFreeTextHandler(_services: BotServices): FreeTextHandler {
  return {
    async answer(context) {
      await context.sendActivity("I can't search the knowledge base yet. Type `/help` to see what I can do.");
    },
    async beginTree(context) {
      await context.sendActivity("Guided troubleshooters aren't available yet.");
    },
  };
}
