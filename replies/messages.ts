/** Every user-facing string the runtime says, in one place (content text lives in knowledge/content). */
import { quoteUserCode, quoteUserText } from './quote.js';
import type { DecisionReason } from '../knowledge/search/knowledgeIndex.js';

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
  apology:
    'Sorry, something went wrong on my side while handling that. Nothing you did so far is lost: try again, or type `start over`.',
  apologyStateCleared:
    'Sorry, something went wrong on my side: what I had saved of our conversation could not be read (I may have been updated), so I have cleared it. Describe the problem again, or type `/troubleshoot`.',
  emptyMessage:
    'I did not get any text (I can only read text, not pictures or files). Describe the problem or paste the error message you see, or type `/help`.',
  teamIntro:
    "Hi, I'm the Skype for Business ↔ Exchange troubleshooter. @mention me with a symptom or a pasted error (e.g. _presence not showing in Outlook_), and I'll answer in the thread; `/help` lists what I can do.",
  smallTalk: {
    greeting:
      'Hi! I help fix **Skype for Business / Lync ↔ Exchange / Outlook integration** problems. Describe a symptom (e.g. _presence not showing in Outlook_), paste an error message, or pick a guided troubleshooter.',
    thanks: "You're welcome. If something else is wrong, describe it or paste the error; `/help` lists what I can do.",
    goodbye: 'Bye! Come back any time a Skype for Business or Exchange integration problem shows up.',
  },
  staleButton: (title?: string) =>
    title
      ? `That button belongs to **${title}**, which has ended. Do you want to start it again?`
      : 'That button belongs to a troubleshooter that has ended (or changed since). Type `/troubleshoot` to pick one.',
  longMessage: (read: number, sent: number) =>
    `Your message is long (${sent.toLocaleString('en-US')} characters); I read the first ${read.toLocaleString('en-US')}.`,
  nothingToCancel: 'There is nothing to cancel. Describe a problem, or type `/help` to see what I can do.',
  cancelled:
    'Cancelled. Describe another problem whenever you are ready, or type `/troubleshoot` to pick a guided troubleshooter.',
  restarted: 'Starting over. Describe the problem, or type `/troubleshoot` to pick a guided troubleshooter.',
  nothingToGoBackTo: 'There is no earlier step to go back to.',
  helpIntro:
    'I troubleshoot **Skype for Business / Lync ↔ Exchange / Outlook** integration. Describe a symptom or paste an error, or use a command:',
  helpGlobalWords: 'At any point you can type **cancel**, **start over**, **back** (in a troubleshooter) or **help**.',
  handoffButton: 'Hand off to helpdesk',
  search: {
    startingTree: (title: string) => `That sounds like **${title}**. Let's walk through it.`,
    offerTree: (title: string) => `Or let me walk you through **${title}**.`,
    walkButton: 'Walk me through it',
    whyButton: 'Why this answer?',
    allTroubleshootersButton: 'All troubleshooters',
    noneOfTheseButton: 'None of these',
    nothingRecognised:
      "I didn't recognise a specific error code or message in that text, so here is what it is closest to:",
    recognised: (what: string) => `I recognised ${what}.`,
    noMatch: (query: string) =>
      `I don't know the answer to "${query}". I only know Skype for Business / Lync ↔ Exchange / Outlook integration, from Microsoft's documentation and KB articles, and I'd rather say so than guess.\n\nYou can pick a guided troubleshooter, rephrase with the exact error message, or hand this to your helpdesk.`,
    clarify: (query: string, list: string) =>
      `I'm not sure which of these you mean by "${query}". Did you mean:\n\n${list}`,
  },
  why: {
    nothingToExplain: 'There is no earlier answer to explain. Ask a question first, then `/why`.',
    hit: (n: number, title: string, score: number, matched: readonly string[]) =>
      `${n}. **${title}** (score ${score.toFixed(2)}): ${matched.length > 0 ? matched.join('; ') : 'no specific phrase'}`,
    startedTree: (query: string, tree: { title: string; phrase: string; similarity: number }, bestEntry?: string) =>
      `For "${query}", I started **${tree.title}**: your words match its trigger "${tree.phrase}" (likeness ${tree.similarity.toFixed(2)})${bestEntry ? ` and it covers the best entry, **${bestEntry}**` : ''}.`,
    offeredTree: (tree: { title: string; phrase: string; similarity: number }) =>
      `I offered **${tree.title}** because your words are like its trigger "${tree.phrase}" (likeness ${tree.similarity.toFixed(2)}).`,
    decided: (query: string, reason: string) => `For "${query}", ${reason}.`,
    /** Why the search decided what it did, in words (the thresholds are the configured ones). */
    reason: (
      reason: DecisionReason,
      s: { top: number; second?: number | undefined; answer: number; suggest: number },
    ): string => {
      const f = (n: number | undefined): string => (n ?? 0).toFixed(2);
      switch (reason) {
        case 'signature':
          return 'it contains an error code or message that identifies one entry exactly';
        case 'clear-winner':
          return `one entry was a clear winner (score ${f(s.top)}${s.second !== undefined ? `, next ${f(s.second)}` : ''})`;
        case 'close-scores':
          return `the best entries scored close to each other (${f(s.top)} and ${f(s.second)}), so I asked which you meant`;
        case 'below-answer-threshold':
          return `the best score, ${f(s.top)}, is below the ${f(s.answer)} I need to answer outright, so I asked which you meant`;
        case 'one-word':
          return 'you gave one word, which several entries share, so I asked which you meant';
        case 'too-few-words-matched':
          return 'only one of your words matched anything I know, which is not enough to go on, so I said I did not know';
        case 'below-suggest-threshold':
          return `the best score, ${f(s.top)}, is below ${f(s.suggest)}, so I said I did not know`;
        case 'no-match':
          return 'nothing I know matched your words, so I said I did not know';
      }
    },
  },
  commands: {
    helpButton: 'Show commands',
    unknown: (name: string) =>
      `I don't know the command \`/${quoteUserCode(name, 40)}\`. Type \`/help\` to see the commands you can use.`,
    unknownWithSuggestion: (name: string, suggestion: string) =>
      `I don't know the command \`/${quoteUserCode(name, 40)}\`. Did you mean \`/${suggestion}\`?`,
    notAllowed: (name: string) =>
      `\`/${name}\` is an admin command and you are not on the admin list (ADMIN_AAD_OBJECT_IDS). Ask your bot administrator if you need it.`,
    usage: (usage: string, problem: string) => `${problem}\n\nUsage: \`${usage}\``,
    missingArgument: (name: string) => `The argument <${name}> is missing.`,
    tooManyArguments: (extra: string) => `I did not expect \`${quoteUserCode(extra, 60)}\` here.`,
    badChoice: (name: string, value: string, choices: readonly string[]) =>
      `\`${quoteUserCode(value, 40)}\` is not a valid ${name}; use one of: ${choices.map((c) => `\`${c}\``).join(', ')}.`,
    helpFor: (usage: string, summary: string) => `**${usage}**\n\n${summary}`,
    helpUnknown: (name: string) =>
      `There is no command \`/${quoteUserCode(name, 40)}\` that you can use. Type \`/help\` for the list.`,
  },
} as const;

/* ---- Issue 15 (appended block): the decision's explanation, the domain boundary, other languages ---- */

/** Feature names of the decision model (knowledge/search/decision.ts FEATURE_NAMES), in words for `/why`. */
const DRIVER_WORDS: Readonly<Record<string, (value: number) => string>> = {
  score: (v) => `the best entry's match score (${v.toFixed(2)})`,
  margin: (v) => `its lead over the next entry (${Math.round(100 * v)}%)`,
  coverage: (v) => `how much of your specific words its own descriptions contain (${Math.round(100 * v)}%)`,
  anyCoverage: (v) => `how much of everything you wrote it contains (${Math.round(100 * v)}%)`,
  unknownShare: (v) => `words I have never seen (${Math.round(100 * v)}% of yours)`,
  phrase: (v) => `how closely one of its own phrasings says the same thing (${v.toFixed(2)})`,
  termsMatched: (v) => `the words it shares with your message (${v})`,
  unmatchedNames: (v) => (v > 0 ? `names you used that it never mentions (${v})` : 'every name you used appears in it'),
  unmatchedNumbers: (v) =>
    v > 0 ? `numbers and codes you used that it never mentions (${v})` : 'every number or code you used appears in it',
  signature: () => 'an error code or message it lists',
  length: (v) => `the length of your message (${v} informative words)`,
  partView: (v) => (v > 0 ? 'it matched one part of your message' : 'it matched your message as a whole'),
  sfb: (v) => (v > 0 ? 'you named Skype for Business, Lync or Skype' : 'you did not name Skype for Business or Lync'),
  exchange: (v) => (v > 0 ? 'you named Exchange or Outlook' : 'you did not name Exchange or Outlook'),
  anchors: (v) => `integration terms you used (cmdlets, KB numbers, attributes: ${v})`,
  teams: (v) => (v > 0 ? 'you named Microsoft Teams' : 'you did not name Microsoft Teams'),
  otherProduct: (v) => `other products or helpdesk topics you named (${v})`,
  uncoveredArea: (v) => `Skype for Business areas I have no articles on, such as voice or video (${v})`,
  question: (v) => (v > 0 ? 'it is asked as a question' : 'it is not asked as a question'),
  paste: (v) => (v > 0 ? 'it contains pasted output' : 'it contains no pasted output'),
  segments: (v) => `the number of sentences and pasted pieces (${v})`,
  nonEnglish: () => 'it is not in English',
};

/** What each out-of-scope category is, in words ("a question about …"). */
const OUT_OF_SCOPE_TOPICS: Readonly<Record<string, string>> = {
  teams: 'Microsoft Teams',
  printing: 'printers and printing',
  vpn: 'VPN connections',
  passwords: 'passwords and account lockouts',
  mfa: 'multi-factor authentication',
  'outlook-data-files': 'Outlook data files (PST and OST)',
  'mail-flow': 'mail delivery, mailbox quotas and spam',
  sharepoint: 'SharePoint and OneDrive',
  'office-apps': 'Word, Excel, PowerPoint and the other Office apps',
  devices: 'hardware and devices',
  windows: 'Windows',
  network: 'Wi-Fi and the network',
  identity: 'Intune, Entra ID and device sign-in',
  'other-meetings': 'other meeting and chat products',
};

const LANGUAGE_NAMES: Readonly<Record<string, string>> = { de: 'German', it: 'Italian', fr: 'French', es: 'Spanish' };

const percent = (p: number): string => `${Math.round(100 * p)}%`;

export const decisionMessages = {
  /** A post about Teams only, or another product: said plainly, with the handoff. */
  outOfScope: (kind: 'teams' | 'other-product', category: string) =>
    kind === 'teams'
      ? 'That sounds like a **Microsoft Teams** question. I only cover **Skype for Business / Lync ↔ Exchange / Outlook** integration, not Teams, so I would be guessing. If Skype for Business is involved too, tell me what it does; otherwise your helpdesk can take it from here.'
      : `That sounds like a question about **${OUT_OF_SCOPE_TOPICS[category] ?? 'another product'}**. I only cover **Skype for Business / Lync ↔ Exchange / Outlook** integration, so I would be guessing. Your helpdesk can take it from here.`,
  allTroubleshootersButton: 'My troubleshooters',
  /** Said before the answer to a post in another language. */
  answersInEnglish: (language: string) =>
    `I read your message as ${LANGUAGE_NAMES[language] ?? 'another language'} and matched it on its product names, commands and errors; my answers are in English.`,
  why: {
    decided: (query: string, what: string) => `For "${query}", ${what}.`,
    answered: 'I answered with the best entry',
    asked: 'I asked which entry you meant',
    notKnown: 'I said I did not know',
    outOfScope: (category: string) =>
      `I said it is outside what I cover (${OUT_OF_SCOPE_TOPICS[category] ?? 'another product'})`,
    signature: 'it contains an error code or message that identifies one entry exactly',
    outOfScopeRule: (kind: string, evidence: readonly string[]) =>
      kind === 'teams'
        ? `It names Teams (${evidence.join(', ')}) and nothing of Skype for Business, Lync or their integration with Exchange.`
        : `It names ${evidence.join(', ')} and nothing of Skype for Business, Lync or their integration with Exchange.`,
    confidence: (p1: number, p3: number, answer: number, suggest: number) =>
      `I was ${percent(p1)} sure the best entry is right and ${percent(p3)} sure one of the three best is. I answer outright from ${percent(answer)} (when the best entry also leads the next one clearly) and offer choices from ${percent(suggest)}.`,
    driversTitle: 'What weighed most:',
    driver: (feature: string, value: number, effect: number) =>
      `- ${(DRIVER_WORDS[feature] ?? (() => feature))(value)}: ${effect > 0 ? 'raised' : 'lowered'} my confidence`,
    unmatched: (names: readonly string[]) => `Named in your message but not in the best entry: ${names.join(', ')}.`,
    language: (language: string) =>
      `Your message is in ${LANGUAGE_NAMES[language] ?? 'another language'}; I matched its product names, commands and errors.`,
  },
} as const;
