/**
 * The parts of botbuilder-dialogs the bot uses, each from its own module of the package. The package's
 * index also loads every prompt and, through them, the @microsoft/recognizers-text modules (about 40 MB
 * and a third of a second at start) that the bot never calls: its choices are read by choiceRecognizer.ts.
 * Import these from here, not from 'botbuilder-dialogs' (the lint config refuses that outside tests).
 */
export { Dialog } from 'botbuilder-dialogs/lib/dialog.js';
export { DialogContextError } from 'botbuilder-dialogs/lib/dialogContextError.js';
export { DialogSet } from 'botbuilder-dialogs/lib/dialogSet.js';
export type { DialogContext, DialogInstance, DialogState, DialogTurnResult } from 'botbuilder-dialogs';
