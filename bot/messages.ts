/** Every user-facing string the runtime says, in one place (content text lives in knowledge/content). */
import { quoteCode, quoteUserText } from '../knowledge/render.js';

export const messages = {
  welcome: (name?: string) =>
    [
      `Hi${name ? ` ${quoteUserText(name, 60)}` : ''}! I help fix **Skype for Business / Lync and Exchange / Outlook integration** problems.`,
      '',
      '- **Describe a symptom** in your own words, e.g. _presence not showing in Outlook_ or _my contact list is read-only_.',
      '- **Paste an error message**, e.g. the output of `Test-CsExStorageConnectivity`.',
      '- **Start a guided troubleshooter** with `/troubleshoot`.',
      '- Type `/help` for every command.',
    ].join('\n'),
  apology: 'Sorry, something went wrong on my side while handling that. I have reset our conversation so you can start again; try your question once more.',
  emptyMessage: 'I did not get any text. Describe the problem or paste the error message you see, or type `/help`.',
  nothingToCancel: 'There is nothing to cancel. Describe a problem, or type `/help` to see what I can do.',
  cancelled: 'Cancelled. Describe another problem whenever you are ready, or type `/troubleshoot` to pick a guided troubleshooter.',
  restarted: 'Starting over. Describe the problem, or type `/troubleshoot` to pick a guided troubleshooter.',
  nothingToGoBackTo: 'There is no earlier step to go back to.',
  helpIntro: 'I troubleshoot **Skype for Business / Lync ↔ Exchange / Outlook** integration. Describe a symptom or paste an error, or use a command:',
  helpGlobalWords: 'At any point you can type **cancel**, **start over**, **back** (in a troubleshooter) or **help**.',
  commands: {
    helpButton: 'Show commands',
    unknown: (name: string) => `I don't know the command \`/${quoteCode(name, 40)}\`. Type \`/help\` to see the commands you can use.`,
    unknownWithSuggestion: (name: string, suggestion: string) => `I don't know the command \`/${quoteCode(name, 40)}\`. Did you mean \`/${suggestion}\`?`,
    notAllowed: (name: string) => `\`/${name}\` is an admin command and you are not on the admin list (ADMIN_AAD_OBJECT_IDS). Ask your bot administrator if you need it.`,
    usage: (usage: string, problem: string) => `${problem}\n\nUsage: \`${usage}\``,
    missingArgument: (name: string) => `The argument <${name}> is missing.`,
    tooManyArguments: (extra: string) => `I did not expect \`${quoteCode(extra, 60)}\` here.`,
    badChoice: (name: string, value: string, choices: readonly string[]) => `\`${quoteCode(value, 40)}\` is not a valid ${name}; use one of: ${choices.map((c) => `\`${c}\``).join(', ')}.`,
    helpFor: (usage: string, summary: string) => `**${usage}**\n\n${summary}`,
    helpUnknown: (name: string) => `There is no command \`/${quoteCode(name, 40)}\` that you can use. Type \`/help\` for the list.`,
  },
} as const;
