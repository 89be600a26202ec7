/** Every user-facing string the runtime says, in one place (content text lives in knowledge/content). */
import { quoteUserCode, quoteUserText } from './quote.js';
import type { DecisionReason, SignatureMatch } from '../knowledge/search/knowledgeIndex.js';
import type { SupportStatus } from '../knowledge/model.js';
import type { FindingLevel } from '../diagnostics/finding.js';

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
  /** Buttons offered in several places. */
  buttons: {
    troubleshooters: 'Troubleshooters',
    commands: 'Commands',
    startAgain: 'Start it again',
  },
  /** A Markdown link to a Microsoft KB article. */
  kbLink: (kb: string, url: string) => `[KB ${kb}](${url})`,
  /** A knowledge entry and its parts (replies/entryCard.ts). */
  entry: {
    partButtons: { cause: 'Why it happens', powershell: 'PowerShell', verify: 'How to verify', links: 'KB & links' },
    /** The heading of each part, after the entry's title ("<title>: why it happens"). */
    partHeadings: {
      cause: 'why it happens',
      powershell: 'PowerShell',
      verify: 'how to verify',
      links: 'KB articles and links',
    },
    fixHeading: 'Fix',
    /** Before the KB links of an answer. */
    kbLabel: 'KB:',
    /** The KB line of an answer (the links already Markdown links). */
    kbLine: (kbLinks: string) => `**${messages.entry.kbLabel}** ${kbLinks}`,
    /** The first answer: summary and fix first, then the KB links (already Markdown links). */
    overview: (title: string, summary: string, fix: string, kbLinks: string) =>
      `## ${title}\n\n${summary}\n\n**${messages.entry.fixHeading}**\n\n${fix}${kbLinks ? `\n\n${messages.entry.kbLine(kbLinks)}` : ''}`,
    /** One part of an entry under its heading. */
    part: (title: string, part: 'cause' | 'powershell' | 'verify' | 'links', text: string) =>
      `**${title}: ${messages.entry.partHeadings[part]}**\n\n${text}`,
    noPowerShell: (title: string) => `**${title}** has no PowerShell steps; follow the Fix steps.`,
    /** An answer inserted into a chat where the bot may not be: everything that needs no button. */
    standalone: (
      overview: string,
      sections: readonly { readonly part: 'powershell' | 'verify'; readonly text: string }[],
    ): string =>
      [overview, ...sections.map((s) => `**${messages.entry.partHeadings[s.part]}**\n\n${s.text}`)].join('\n\n'),
    /** The title of an Open URL button to a KB article. */
    kbButton: (kb: string) => `KB ${kb}`,
    /** A KB article several entries cite: what it is, and the entries. */
    kbArticle: (
      article: { readonly number: string; readonly url: string; readonly title: string; readonly summary: string },
      entries: readonly { readonly title: string; readonly summary: string }[],
    ): string =>
      `**${messages.kbLink(article.number, article.url)}: ${article.title}**\n\n${article.summary}\n\nCovered in:\n\n${entries.map((e) => `- **${e.title}**: ${e.summary}`).join('\n')}`,
  },
  /** The feature support matrix (replies/matrixCard.ts). */
  matrix: {
    status: {
      supported: 'Supported',
      'not-supported': 'Not supported',
      partial: 'Partly supported',
    } satisfies Record<SupportStatus, string>,
    mark: { supported: '✅', 'not-supported': '❌', partial: '◐' } satisfies Record<SupportStatus, string>,
    /** One topology: its features grouped by status (lines already marked), then the numbered notes. */
    pairTitle: (exchange: string, sfb: string) => `${exchange} with ${sfb}`,
    notesHeading: 'Notes',
    /** The numbered notes of a topology (Markdown). */
    notes: (notes: readonly string[]) => notes.map((t, i) => `${i + 1}. ${t}`).join('\n'),
    pair: (
      exchange: string,
      sfb: string,
      groups: readonly { readonly status: SupportStatus; readonly lines: readonly string[] }[],
      notes: readonly string[],
    ): string =>
      `## ${messages.matrix.pairTitle(exchange, sfb)}\n\n${groups.map((g) => `**${messages.matrix.status[g.status]}**\n\n${g.lines.join('\n')}`).join('\n\n')}${notes.length > 0 ? `\n\n**${messages.matrix.notesHeading}**\n\n${messages.matrix.notes(notes)}` : ''}`,
    legend: '✅ supported · ◐ partly · ❌ not supported. Pick a pair for the notes.',
    exchange: (exchange: string, lines: readonly string[]) =>
      `## ${exchange}\n\n${lines.join('\n')}\n\n${messages.matrix.legend}`,
    /** The column headings of the matrix tables in cards. */
    columns: { feature: 'Feature', support: 'Support', notes: 'Notes' },
    /** A status in a table cell: its mark and its word. */
    statusCell: (status: SupportStatus) => `${messages.matrix.mark[status]} ${messages.matrix.status[status]}`,
    withButton: (sfb: string) => `With ${sfb}`,
    overview: (features: readonly string[], exchange: string, sfb: string) =>
      `**Feature support matrix** (${features.length} features: ${features.join(', ')}).\n\nAsk for one topology: \`/matrix <exchange> <sfb>\`, for example \`/matrix exchange-2016 sfb-server\` or \`/matrix Exchange Online SfB Online\`.\n\n- Exchange: ${exchange}\n- Skype for Business / Lync: ${sfb}`,
  },
  /** How each level of a diagnostic finding is marked (replies/findingsCard.ts). */
  findingMark: { ok: '✅', warn: '⚠️', fail: '❌', info: 'ℹ️' } satisfies Record<FindingLevel, string>,
  /** What /help says of each command and its arguments (the Teams manifest lists the summaries). */
  commandHelp: {
    help: {
      summary: 'What I can do, and the commands you can use.',
      args: {
        command: 'A command to explain, e.g. kb.',
      },
    },
    kb: {
      summary: 'Show a knowledge entry by KB number (e.g. 2811654) or entry id, or search for text.',
      args: {
        query: 'A Microsoft KB number, an entry id, or words to search for; optionally followed by the part to show.',
      },
    },
    search: {
      summary: 'Search the knowledge base for a symptom or question.',
      args: {
        text: 'Words describing the problem.',
      },
    },
    explain: {
      summary: 'Explain a pasted error message or PowerShell output (codes and known messages first).',
      args: {
        error: 'The error text; several lines are fine.',
      },
    },
    why: {
      summary: 'Why I gave my last answer: what matched and how sure I was.',
    },
    troubleshoot: {
      summary: 'Start a guided troubleshooter, or list them.',
      args: {
        tree: 'A troubleshooter id or words from its title.',
      },
    },
    profile: {
      summary: 'Show or reset what I remember about your deployment (Exchange, SfB, client).',
      args: {
        action: 'reset, or a field: exchange, sfb, client.',
        value: 'The value for the field.',
      },
    },
    handoff: {
      summary: 'Hand the problem to your helpdesk: I open a ticket with everything we did so far.',
    },
    tickets: {
      summary: 'Helpdesk: the open handoff tickets, newest first, with their age and symptom.',
    },
    ticket: {
      summary: 'Helpdesk: show a handoff ticket, or take it, resolve it or add a note.',
      args: {
        number: 'The ticket number, e.g. 12.',
        action: 'take, resolve or note (leave it out to show the ticket).',
        text: 'The note (for note), or the note the user gets (for resolve).',
      },
    },
    matrix: {
      summary: 'Which features work with your Exchange and Skype for Business versions.',
      args: {
        topology: (exchangeIds: readonly string[], sfbIds: readonly string[]) =>
          `Exchange side (${exchangeIds.join(', ')}) and SfB side (${sfbIds.join(', ')}), in any spelling.`,
      },
    },
    msa: {
      summary: 'The address to type in Lync to add a Skype user (Microsoft account), e.g. bob(contoso.com)@msn.com.',
      args: {
        email: "The Skype user's Microsoft account e-mail address.",
      },
    },
    'check-url': {
      summary:
        'Check an autodiscover or metadata URL offline (.svc vs .xml, https, metadata/json/1) and print the corrected cmdlet.',
      args: {
        url: 'The URL, or a pasted cmdlet line containing it.',
      },
    },
    sip: {
      summary: 'Check a SIP address or SIP: proxy address and how to add it to the mailbox.',
      args: {
        address: 'e.g. sip:user@contoso.com or SIP:user@contoso.com.',
      },
    },
    'probe-metadata': {
      summary: 'Fetch an OAuth metadata document (…/metadata/json/1) and check DNS, TLS trust, status and shape.',
      args: {
        url: 'https://<fe>/metadata/json/1 or https://<autodiscover>/autodiscover/metadata/json/1',
      },
    },
    'probe-autodiscover': {
      summary: 'Check _autodiscover._tcp SRV, autodiscover.<domain>, HTTPS reachability and certificate names.',
      args: {
        domain: 'e.g. contoso.com',
      },
    },
    stats: {
      summary: 'Loaded content, uptime and memory, and the last 7 days of questions, answers and feedback.',
    },
    'forget-me': {
      summary: 'Delete what I keep about you: your profile, your progress here and your usage records.',
    },
    'handoff-from': {
      summary: 'Hand off to the helpdesk from a button (a did-you-mean or an answer that did not help).',
      args: { source: 'none-of-these or not-helpful' },
    },
    feedback: {
      summary: 'Say whether an answer helped (the 👍 / 👎 buttons of an answer send it).',
      args: {
        verdict: 'up or down',
        answer: 'the answer the buttons belong to',
        entry: 'the entry that was shown',
      },
    },
    reload: {
      summary: 'Reload the knowledge content from disk (keeps the current content if the new one is invalid).',
    },
  },
  /** `/kb`: KB articles, entry parts and (for admins) sources. */
  kb: {
    article: (article: {
      readonly number: string;
      readonly url: string;
      readonly title: string;
      readonly summary: string;
    }): string => `**${messages.kbLink(article.number, article.url)}: ${article.title}**\n\n${article.summary}`,
    unknownArticle: (kb: string, known: readonly string[]) =>
      `KB ${kb} is not one I know. I only cite the Microsoft KB articles my sources refer to: ${known.join(', ')}.`,
    noPowerShellAmong: (count: number, kb: string) =>
      `None of the ${count} entries that cite KB ${kb} has PowerShell steps; their Fix steps say what to do.`,
    sourcesAdminOnly:
      'Where each part of an entry comes from is shown to bot administrators only; every answer already cites its Microsoft articles under **KB & links**.',
    /** For admins: each section's references (lines already formatted), and the entry's file. */
    sources: (
      title: string,
      file: string,
      sections: readonly { readonly name: string; readonly lines: readonly string[] }[],
    ) =>
      `**${title}: sources** (admins only; file: \`${file}\`)\n\n${sections.map((s) => `**${s.name}**\n\n${s.lines.join('\n')}`).join('\n\n')}`,
    notAPart: (quotedPart: string, parts: readonly string[], key: string) =>
      `\`${quotedPart}\` is not a part I can show. The parts are ${parts.map((p) => `\`${p}\``).join(', ')}: for example \`/kb ${key} powershell\`.`,
  },
  /** `/matrix` replies that are not the matrix itself. */
  matrixCommand: {
    unreadable: (quotedText: string, quotedLeftover?: string) =>
      `I could not read a topology in \`${quotedText}\`${quotedLeftover ? ` (did not understand \`${quotedLeftover}\`)` : ''}. Usage: \`/matrix <exchange> <sfb>\`, e.g. \`/matrix exchange-2013 sfb-server\`.`,
    whichExchange: (sfb: string | undefined) => `Which Exchange goes with ${sfb ?? 'it'}?`,
  },
  /** `/troubleshoot`. */
  troubleshoot: {
    list: (trees: readonly { readonly id: string; readonly title: string; readonly summary: string }[]) =>
      `Guided troubleshooters:\n\n${trees.map((t) => `- **${t.title}** (\`${t.id}\`): ${t.summary}`).join('\n')}`,
    noSuch: (quotedName: string) => `I have no troubleshooter \`${quotedName}\`.`,
  },
  /** `/profile`: the remembered deployment answers. */
  profile: {
    forgotten: 'Done: I have forgotten your deployment answers. Troubleshooters will ask again when they need them.',
    fieldUsage: (field: string, values: readonly string[]) =>
      `Usage: \`/profile ${field} <value>\` with one of: ${values.map((v) => `\`${v}\``).join(', ')}.`,
    remembered: (field: string, value: string) => `Remembered: ${field} = \`${value}\`.`,
    usage: 'Usage: `/profile`, `/profile reset` or `/profile <exchange|sfb|client> <value>`.',
    /** Each field with the values remembered for it ("exchange-2013 or exchange-2016"), or that it was not asked. */
    summary: (fields: readonly { readonly field: string; readonly values: readonly string[] }[]) =>
      `What I remember about your deployment:\n\n${fields
        .map(
          (f) =>
            `- ${f.field}: ${f.values.length > 0 ? f.values.map((v) => `\`${v}\``).join(' or ') : '_not asked yet_'}`,
        )
        .join('\n')}`,
    resetButton: 'Reset profile',
  },
  /** `/handoff` outside a troubleshooter. */
  handoffInstructions:
    'Please contact your helpdesk or your Skype for Business / Exchange administrator. To save time, include:\n\n1. What you see (the exact error message, or a screenshot).\n2. Your Exchange version and Skype for Business / Lync deployment (`/profile` shows what you told me).\n3. Your client (Skype for Business or Lync version, Windows or Mac, Outlook or Outlook on the web).\n4. What you already tried (a guided troubleshooter gives you a summary to paste when it hands off).',
  /** Handoff tickets: what the user is told, what the helpdesk sees, and the /tickets commands. */
  tickets: {
    /** After a handoff: the ticket's number and how the helpdesk will see it. */
    created: (n: number, posted: boolean) =>
      posted
        ? `I opened **ticket #${n}** for the helpdesk and posted it to their channel, with everything we did so far. I'll tell you here when someone takes it and when it is resolved.`
        : `I opened **ticket #${n}** for the helpdesk, with everything we did so far; they see it with \`/tickets\`. I'll tell you here when someone takes it and when it is resolved.`,
    /** The ticket could not be stored: the handoff text above still stands. */
    notCreated:
      'I could not open a helpdesk ticket just now (the store did not answer). Please pass the summary above to your helpdesk yourself.',
    title: (n: number) => `Ticket #${n}`,
    /** A time as the ticket shows it (minutes, UTC). */
    at: (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`,
    status: { open: 'Open', taken: 'Taken', resolved: 'Resolved' },
    kind: {
      treeEnd: 'The troubleshooter ran out of fixes',
      midTree: 'Asked for a person during a troubleshooter',
      asked: 'Asked for a person',
      afterMisses: 'Asked for a person after I had no answer',
      noneOfThese: 'None of my suggestions fitted',
      feedback: 'An answer did not help',
    },
    facts: {
      status: 'Status',
      user: 'User',
      channel: 'Channel',
      opened: 'Opened',
      why: 'Why',
      takenBy: 'Taken by',
      resolvedBy: 'Resolved by',
      profile: 'Profile',
    },
    symptom: 'Symptom',
    path: 'Troubleshooter path',
    answersHeading: 'Answers',
    checksHeading: 'Checks done',
    fixesHeading: 'Fixes tried',
    entriesHeading: 'Entries and KB articles shown',
    wordsHeading: "The user's words",
    notesHeading: 'Notes',
    none: '(none)',
    unknownUser: '(unknown)',
    forgottenUser: '(forgotten at their request)',
    answerLine: (question: string, answer: string, fromProfile: boolean) =>
      `- ${question} → **${answer}**${fromProfile ? ' _(from the profile)_' : ''}`,
    fixLine: (fix: string) => `- ${fix} → not fixed`,
    moreAnswers: (n: number) => `- …and ${n} more (\`/ticket <n>\` shows them all)`,
    entryLine: (title: string) => `- ${title}`,
    wordsLine: (quoted: string) => `- “${quoted}”`,
    noteLine: (author: string, at: string, quotedText: string) => `- **${author}** (${at}): ${quotedText}`,
    profileValue: (field: string, values: readonly string[]) => `${field}: ${values.join(' or ')}`,
    takeButton: 'Take it',
    resolveButton: 'Resolve',
    noteButton: 'Add note',
    notePlaceholder: 'A note for the ticket (the user sees it when you resolve)',
    /** `/tickets`. */
    listTitle: (count: number) => (count === 0 ? 'No open tickets.' : `**Open tickets** (${count}), newest first:`),
    listLine: (n: number, age: string, status: string, symptom: string) =>
      `- **#${n}** · ${age} · ${status} · ${symptom}`,
    age: (value: number, unit: 'm' | 'h' | 'd') => `${value}${unit} ago`,
    /** What a helpdesk action did, said to the helpdesk member. */
    taken: (n: number, told: boolean) =>
      `You took ticket #${n}; ${told ? 'the user has been told' : 'I could not tell the user (see the log), so let them know yourself'}.`,
    alreadyTaken: (n: number) => `You have ticket #${n} already.`,
    resolved: (n: number, told: boolean) =>
      `Ticket #${n} is resolved; ${told ? 'the user has been told' : 'I could not tell the user (see the log), so let them know yourself'}.`,
    alreadyResolved: (n: number) => `Ticket #${n} is resolved already.`,
    noted: (n: number) => `Note added to ticket #${n}.`,
    emptyNote: 'Write the note in the box first (or after `note` in the command).',
    noSuch: (n: string) => `There is no ticket #${n}.`,
    badNumber: (quoted: string) =>
      `\`${quoted}\` is not a ticket number; use the number \`/tickets\` shows, e.g. \`/ticket 12\`.`,
    badAction: (quoted: string) =>
      `\`${quoted}\` is not something I can do with a ticket; use \`take\`, \`resolve\` or \`note <text>\`.`,
    textNotExpected: 'Only `note` and `resolve` take text after them.',
    notHelpdesk: (name: string) =>
      `\`/${name}\` is for the helpdesk, and you are not on its list (HELPDESK_AAD_OBJECT_IDS). If you need help, type \`/handoff\` and they will get your ticket.`,
    cardNotHelpdesk: 'Only the helpdesk can act on tickets. If you need help, type /handoff in a chat with me.',
    /** Said to the user, in their chat, when the helpdesk moves their ticket. */
    userTaken: (n: number, who: string) => `**${who}** from the helpdesk has taken your ticket #${n}.`,
    userResolved: (n: number, who: string, quotedNote?: string) =>
      `**${who}** from the helpdesk resolved your ticket #${n}.${quotedNote ? `\n\nTheir note: ${quotedNote}` : ''}`,
    /** The card's fallback text in hosts that show no cards. */
    cardFallback: (n: number, symptom: string) => `Ticket #${n}: ${symptom}`,
  },
  /** `/msa`, `/check-url`, `/sip` and the live probes (finding texts come from diagnostics/). */
  diagnostics: {
    msaUsage: (quotedReason: string) => `${quotedReason}\n\nUsage: \`/msa <email>\`, e.g. \`/msa bob@contoso.com\`.`,
    msaAddress: (quotedAddress: string, quotedExplanation: string) =>
      `Type **${quotedAddress}** in Lync (Add a Contact, or "Find someone").\n\n${quotedExplanation}`,
    urlCheck: (kind: string, findings: string, correctedBlock?: string) =>
      `**URL check** (${kind})\n\n${findings}${correctedBlock ? `\n\nCorrected:\n\n${correctedBlock}` : ''}`,
    sipCheck: (findings: string) => `**SIP address check**\n\n${findings}`,
    probe: (title: string, summary: string, findings: string) => `**${title}**: ${summary}\n\n${findings}`,
    metadataProbe: 'Metadata probe',
    autodiscoverProbe: 'Autodiscover probe',
  },
  /** `/stats` and `/reload`. */
  admin: {
    stats: (s: {
      readonly entries: number;
      readonly trees: number;
      readonly matrixFeatures: number;
      readonly kbArticles: number;
      readonly loadedAt: string;
      readonly uptimeSeconds: number;
      readonly rssMiB: number;
    }) =>
      `- Entries: ${s.entries}\n- Troubleshooters: ${s.trees}\n- Matrix features: ${s.matrixFeatures}\n- KB articles: ${s.kbArticles}\n- Content loaded: ${s.loadedAt}\n- Uptime: ${s.uptimeSeconds} s\n- Memory (RSS): ${s.rssMiB} MiB`,
    reloadRefused: (count: number, problemLines: readonly string[]) =>
      `Reload refused: ${count} problem(s). I am still serving the previous content.\n\n${problemLines.join('\n')}`,
    reloaded: (c: { readonly entries: number; readonly trees: number; readonly matrixFeatures: number }) =>
      `Reloaded: ${c.entries} entries, ${c.trees} troubleshooters, ${c.matrixFeatures} matrix features.`,
  },
  /** The guided troubleshooter (dialogs/treeDialog.ts). */
  tree: {
    fixedButton: 'Yes, it is fixed',
    notFixedButton: 'No, still broken',
    didThisFix: 'Did this fix it?',
    unknown: (quotedId: string) =>
      `I don't have a troubleshooter called "${quotedId}". Type \`/troubleshoot\` to see them.`,
    intro: (title: string, summary: string) =>
      `**${title}**: ${summary}\n\nI'll ask one thing at a time. Type **back** to change an answer or **cancel** to stop.`,
    stoppedChanged:
      'This troubleshooter changed since we started (I was updated), so I have stopped it. Type `/troubleshoot` to start it again.',
    glad: 'Great, glad that fixed it. Describe another problem any time.',
    nextCause: "Let's check the next most likely cause.",
    staleOtherTree: (otherTitle: string, title: string) =>
      `That button belongs to **${otherTitle}**, which has ended. We are in **${title}** now:`,
    staleEarlierStep: 'That button answers an earlier step, which is already answered. Here is where we are:',
    backTo: (title: string) => `Back to **${title}**:`,
    fromProfile: (question: string, answer: string) =>
      `_${question}_ Your profile says **${answer}**, so I'll go on from there (\`/profile\` to change it).`,
    check: (text: string, command?: string) =>
      `**Check:** ${text}${command ? `\n\n\`\`\`powershell\n${command}\n\`\`\`` : ''}`,
    /** A fix: its text, the entries that say more, and the KB articles (as links), then the question. */
    fix: (text: string, entryTitles: readonly string[], kbLinks: readonly string[]) =>
      `**Fix:** ${text}${entryTitles.length > 0 ? `\n\n**More detail:** ${entryTitles.join('; ')}` : ''}${kbLinks.length > 0 ? `\n\n**KB:** ${kbLinks.join(', ')}` : ''}\n\nDid this fix it?`,
    detailsButton: (entryTitle: string) => `Details: ${entryTitle}`,
    carryOn: (title: string) => `To carry on with **${title}**, answer below (or type **cancel**):`,
    stillNotCaughtLead:
      "I still didn't catch that. Pick one of the buttons, type its number, or ask for a person with `/handoff`.",
    notRecognised: (quotedText: string) => `Sorry, I didn't recognise "${quotedText}" as one of the answers.`,
    firstStep: 'This is the first step.',
    goingBack: 'Going back one step.',
    restarting: (title: string) => `Starting **${title}** again from the first question.`,
    /** Why the walk ends in a handoff. */
    handoffReason: {
      asked: 'You asked to hand this over to a person.',
      fixesExhausted: "The fixes I know for this didn't solve it.",
      lost: 'I got lost in this troubleshooter.',
    },
    handoff: (reason: string, summary: string) =>
      `${reason}\n\nPlease pass this to your helpdesk or Skype/Exchange admin:\n\n${summary}`,
    handoffTitle: 'Handoff summary',
    /** The ready-to-paste handoff summary, as a plain-text code block. */
    summary: (s: {
      readonly title: string;
      readonly answers: readonly {
        readonly question: string;
        readonly answer: string;
        readonly fromProfile: boolean;
      }[];
      readonly checks: readonly { readonly question: string; readonly answer: string }[];
      readonly fixesTried: readonly string[];
      readonly entryIds: readonly string[];
      readonly kbs: readonly { readonly number: string; readonly url: string }[];
    }): string => {
      const orNone = (lines: readonly string[]): readonly string[] => (lines.length > 0 ? lines : ['- (none)']);
      return [
        '```text',
        `Symptom: ${s.title}`,
        'Answers:',
        ...orNone(s.answers.map((a) => `- ${a.question} → ${a.answer}${a.fromProfile ? ' (from your profile)' : ''}`)),
        'Checks done:',
        ...orNone(s.checks.map((c) => `- ${c.question} → ${c.answer}`)),
        'Fixes tried:',
        ...orNone(s.fixesTried.map((f) => `- ${f} → not fixed`)),
        `Entries shown: ${s.entryIds.join(', ') || '(none)'}`,
        `KB articles: ${s.kbs.map((k) => `KB ${k.number} ${k.url}`).join(', ') || '(none)'}`,
        '```',
      ].join('\n');
    },
  },
  search: {
    startingTree: (title: string) => `That sounds like **${title}**. Let's walk through it.`,
    offerTree: (title: string) => `Or let me walk you through **${title}**.`,
    walkButton: 'Walk me through it',
    whyButton: 'Why this answer?',
    allTroubleshootersButton: 'All troubleshooters',
    noneOfTheseButton: 'None of these',
    nothingRecognised:
      "I didn't recognise a specific error code or message in that text, so here is what it is closest to:",
    /** What `/explain` recognised: the signature's kind, and its text (already quoted). */
    recognised: (signature: SignatureMatch | undefined, quotedText: string) =>
      signature
        ? `I recognised ${signature.kind === 'code' ? 'error code' : 'error message'}: ${quotedText}.`
        : 'I recognised a known error.',
    noMatch: (query: string) =>
      `I don't know the answer to "${query}". I only know Skype for Business / Lync ↔ Exchange / Outlook integration, from Microsoft's documentation and KB articles, and I'd rather say so than guess.\n\nYou can pick a guided troubleshooter, rephrase with the exact error message, or hand this to your helpdesk.`,
    clarifyLead: (query: string) => `I'm not sure which of these you mean by "${query}". Did you mean:`,
    clarify: (query: string, list: string) => `${messages.search.clarifyLead(query)}\n\n${list}`,
    /** One entry offered by "Did you mean…", numbered. */
    clarifyOption: (n: number, title: string, summary: string) =>
      `${messages.search.clarifyOptionTitle(n, title)}: ${summary}`,
    clarifyOptionTitle: (n: number, title: string) => `${n}. **${title}**`,
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
    /** One command in `/help`. */
    helpLine: (usage: string, summary: string, isAdmin: boolean) =>
      `- \`${usage}\`: ${summary}${isAdmin ? ' _(admin)_' : ''}`,
    /** One argument in `/help <command>`. */
    argLine: (arg: {
      readonly name: string;
      readonly required: boolean;
      readonly description: string;
      readonly choices?: readonly string[];
    }) =>
      `- \`<${arg.name}>\`${arg.required ? '' : ' (optional)'}: ${arg.description}${arg.choices ? ` One of ${arg.choices.map((c) => `\`${c}\``).join(', ')}.` : ''}`,
    /** The other names of a command, when it has any ('' otherwise). */
    aliases: (aliases: readonly string[]) =>
      aliases.length > 0 ? `\n\nAlso: ${aliases.map((a) => `\`/${a}\``).join(', ')}` : '',
    /** A command's examples, when it has any ('' otherwise). */
    examples: (examples: readonly string[]) =>
      examples.length > 0 ? `\n\nExamples:\n${examples.map((e) => `- \`${e}\``).join('\n')}` : '',
    helpUnknown: (name: string) =>
      `There is no command \`/${quoteUserCode(name, 40)}\` that you can use. Type \`/help\` for the list.`,
  },
  /** What the Adaptive Cards say besides the replies they show. */
  cards: {
    /** A troubleshooter step once answered (its buttons gone): the choice made. */
    answered: (label: string) => `✔ Answered: **${label}**`,
    /** A troubleshooter step clicked after it stopped being the current one. */
    stepClosed: 'This step is closed: its troubleshooter moved on or ended.',
    /** A click on someone else's troubleshooter card in a channel or group chat. */
    notYourCard:
      "These buttons answer someone else's troubleshooter. @mention me with your own problem to start yours.",
    /** An Action.Execute whose data the bot cannot read (not one of its own buttons). */
    unreadableAction: 'I could not read that button. Type your answer instead.',
  },
  /** The Teams messaging extension (the compose-box search), as listed in the app package. */
  composeExtension: {
    commandTitle: 'Search fixes',
    commandDescription: 'Find a Skype for Business / Exchange fix and insert it into the chat.',
    parameterTitle: 'Symptom, error or KB number',
    parameterDescription: 'For example: presence unknown in Outlook, or 2811654',
    /** A query for a command the package does not declare (an old or foreign app package). */
    unknownCommand: 'This search only knows the Skype for Business / Exchange fixes: use "Search fixes".',
  },
  // ---- Saved state from another version of the bot (bot/state, conversation/userConversationState.ts) ----
  stateRestarted: (title?: string) =>
    title
      ? `I was updated; let's start that troubleshooter again: **${title}**.`
      : "I was updated; let's start that troubleshooter again. Type `/troubleshoot` to pick it.",
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
  voice: 'Skype for Business voice and phone calls',
  av: 'Skype for Business audio, video and sharing',
  meetings: 'Skype for Business meeting features (broadcast, recording, dial-in)',
  mobile: 'the Skype for Business and Lync mobile apps',
  'server-operations': 'running Skype for Business Server itself',
  'call-quality': 'Skype for Business call quality and dropped calls',
  'persistent-chat': 'Skype for Business Persistent Chat rooms',
  'client-startup': 'how the Skype for Business client starts with Windows',
  'exchange-calendar': 'Exchange and Outlook calendars and meeting rooms',
  'exchange-mailbox': 'Exchange mailboxes, folders, groups and address lists',
  'outlook-client': 'Outlook itself (starting, sending, freezing, search, signatures)',
};

const LANGUAGE_NAMES: Readonly<Record<string, string>> = { de: 'German', it: 'Italian', fr: 'French', es: 'Spanish' };

const percent = (p: number): string => `${Math.round(100 * p)}%`;

export const decisionMessages = {
  /** A post about Teams only, or another product: said plainly, with the handoff. */
  outOfScope: (kind: 'teams' | 'other-product' | 'uncovered-area', category: string) =>
    kind === 'teams'
      ? 'That sounds like a **Microsoft Teams** question. I only cover **Skype for Business / Lync ↔ Exchange / Outlook** integration, not Teams, so I would be guessing. If Skype for Business is involved too, tell me what it does; otherwise your helpdesk can take it from here.'
      : kind === 'uncovered-area'
        ? `That sounds like a question about **${OUT_OF_SCOPE_TOPICS[category] ?? 'another area'}**, not about how Skype for Business / Lync and Exchange / Outlook work together, which is all I cover, so I would be guessing. If the two are involved together, tell me what one of them does with the other; otherwise your helpdesk can take it from here.`
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
        : kind === 'uncovered-area'
          ? `It is about ${evidence.join(', ')}, an area of one side alone, and names nothing of how Skype for Business / Lync and Exchange / Outlook work together.`
          : `It names ${evidence.join(', ')} and nothing of Skype for Business, Lync or their integration with Exchange.`,
    domain: (p: number) =>
      `I was ${percent(p)} sure your message is about Skype for Business or Lync with Exchange or Outlook at all, and judged the match on that.`,
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

/** Feedback on answers, /forget-me and the analytics card of /stats. */
export const analyticsMessages = {
  didThisHelp: 'Did this help?',
  helpfulButton: '👍 Yes',
  notHelpfulButton: '👎 No',
  thanksHelpful: 'Thanks for telling me.',
  alreadyCounted: 'Thanks, I already have your feedback on that answer.',
  unknownEntry: 'That answer is no longer in my content, so I cannot take feedback on it.',
  notHelpful: (title: string) => `Sorry that "${title}" did not help. What would you like to do?`,
  tryTreeButton: 'Try the troubleshooter',
  otherMatchButton: (title: string) => `Other match: ${title}`,
  handOffButton: 'Hand off',
  notHelpfulNoOptions:
    'Sorry it did not help. You can hand it to the helpdesk, or describe the problem in other words.',
  forgot: (lines: readonly string[]) =>
    lines.length > 0
      ? `Done. I deleted:\n\n${lines.map((l) => `- ${l}`).join('\n')}`
      : 'I had nothing stored about you.',
  forgotItem: (what: string, count: number) => `${what}: ${count}`,
  forgetWhat: {
    profile: 'your profile (remembered Exchange / Skype for Business / client answers)',
    conversationState: 'your progress in this conversation (troubleshooter, last answers)',
    otherConversations: 'your progress in other conversations I could find',
    analytics: 'usage records (questions, answers shown, feedback)',
    tickets: 'your name, words and Azure AD id on your handoff tickets (the tickets stay, without them)',
  },
  forgetNotAvailable: 'I cannot forget you from here: this chat does not reach my stores.',
  statsTitle: 'Last 7 days',
  statsUnavailable: 'Usage figures are not available: analytics are not recorded by this bot.',
  statsFacts: {
    questions: 'Questions',
    answered: 'Answered',
    clarified: 'Did you mean',
    unanswered: 'No answer',
    helpful: 'Feedback 👍 / 👎',
    treesResolved: 'Troubleshooters resolved',
    handoffs: 'Handoffs',
    ticketTime: 'Median time to resolve a ticket',
  },
  statsGapsTitle: 'Most asked without an answer',
  statsNone: 'none',
  statsMore: 'For the whole report: npm run stats on the server.',
  statsText: (title: string, facts: readonly { title: string; value: string }[], gaps: readonly string[]) =>
    `**${title}**\n\n${facts.map((f) => `- ${f.title}: ${f.value}`).join('\n')}\n\n**${analyticsMessages.statsGapsTitle}**\n\n${gaps.length > 0 ? gaps.map((g) => `- ${g}`).join('\n') : analyticsMessages.statsNone}`,
  gapLine: (quoted: string, count: number) => `"${quoted}" (${count}×)`,
  percentOf: (part: number, total: number) => `${part} (${total === 0 ? 0 : Math.round((100 * part) / total)}%)`,
  minutes: (value: number | undefined) => (value === undefined ? 'none resolved' : `${Math.round(value)} min`),
} as const;
