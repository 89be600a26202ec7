/** Every user-facing string the runtime says, in one place (content text lives in knowledge/content). */
import { quoteUserCode, quoteUserText } from './quote.js';

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
  apology: 'Sorry, something went wrong on my side while handling that. Nothing you did so far is lost: try again, or type `start over`.',
  apologyStateCleared: 'Sorry, something went wrong on my side: what I had saved of our conversation could not be read (I may have been updated), so I have cleared it. Describe the problem again, or type `/troubleshoot`.',
  emptyMessage: 'I did not get any text (I can only read text, not pictures or files). Describe the problem or paste the error message you see, or type `/help`.',
  teamIntro:
    "Hi, I'm the Skype for Business ↔ Exchange troubleshooter. @mention me with a symptom or a pasted error (e.g. _presence not showing in Outlook_), and I'll answer in the thread; `/help` lists what I can do.",
  smallTalk: {
    greeting: 'Hi! I help fix **Skype for Business / Lync ↔ Exchange / Outlook integration** problems. Describe a symptom (e.g. _presence not showing in Outlook_), paste an error message, or pick a guided troubleshooter.',
    thanks: "You're welcome. If something else is wrong, describe it or paste the error; `/help` lists what I can do.",
    goodbye: 'Bye! Come back any time a Skype for Business or Exchange integration problem shows up.',
  },
  staleButton: (title?: string) =>
    title ? `That button belongs to **${title}**, which has ended. Do you want to start it again?` : 'That button belongs to a troubleshooter that has ended (or changed since). Type `/troubleshoot` to pick one.',
  longMessage: (read: number, sent: number) => `Your message is long (${sent.toLocaleString('en-US')} characters); I read the first ${read.toLocaleString('en-US')}.`,
  nothingToCancel: 'There is nothing to cancel. Describe a problem, or type `/help` to see what I can do.',
  cancelled: 'Cancelled. Describe another problem whenever you are ready, or type `/troubleshoot` to pick a guided troubleshooter.',
  restarted: 'Starting over. Describe the problem, or type `/troubleshoot` to pick a guided troubleshooter.',
  nothingToGoBackTo: 'There is no earlier step to go back to.',
  helpIntro: 'I troubleshoot **Skype for Business / Lync ↔ Exchange / Outlook** integration. Describe a symptom or paste an error, or use a command:',
  helpGlobalWords: 'At any point you can type **cancel**, **start over**, **back** (in a troubleshooter) or **help**.',
  commands: {
    helpButton: 'Show commands',
    unknown: (name: string) => `I don't know the command \`/${quoteUserCode(name, 40)}\`. Type \`/help\` to see the commands you can use.`,
    unknownWithSuggestion: (name: string, suggestion: string) => `I don't know the command \`/${quoteUserCode(name, 40)}\`. Did you mean \`/${suggestion}\`?`,
    notAllowed: (name: string) => `\`/${name}\` is an admin command and you are not on the admin list (ADMIN_AAD_OBJECT_IDS). Ask your bot administrator if you need it.`,
    usage: (usage: string, problem: string) => `${problem}\n\nUsage: \`${usage}\``,
    missingArgument: (name: string) => `The argument <${name}> is missing.`,
    tooManyArguments: (extra: string) => `I did not expect \`${quoteUserCode(extra, 60)}\` here.`,
    badChoice: (name: string, value: string, choices: readonly string[]) => `\`${quoteUserCode(value, 40)}\` is not a valid ${name}; use one of: ${choices.map((c) => `\`${c}\``).join(', ')}.`,
    helpFor: (usage: string, summary: string) => `**${usage}**\n\n${summary}`,
    helpUnknown: (name: string) => `There is no command \`/${quoteUserCode(name, 40)}\` that you can use. Type \`/help\` for the list.`,
  },
} as const;
