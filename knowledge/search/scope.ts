import type { Knowledge } from '../model.js';
import { foldText } from '../../core/text.js';

/**
 * Where a post sits against the bot's domain (Skype for Business / Lync ↔ Exchange / Outlook
 * integration): the evidence for it (product names, and the specific vocabulary of the content and
 * the sources: cmdlets, KB numbers, error codes, attribute names, integration terms) and against it
 * (Microsoft Teams, other products, helpdesk topics, Skype for Business areas the sources do not
 * cover). The decision weighs these; a post whose only product is Teams, or another product, is
 * told so plainly.
 */
export interface ScopeEvidence {
  /** Skype for Business, Lync or Skype named. */
  readonly sfb: readonly string[];
  /** Exchange, Outlook or Outlook on the web named. */
  readonly exchange: readonly string[];
  /** Specific domain vocabulary: cmdlets, KB numbers, error codes, attributes, integration terms. */
  readonly anchors: readonly string[];
  /** Microsoft Teams named (as the product, not "our teams"). */
  readonly teams: readonly string[];
  /**
   * The move from Skype for Business to Teams named (Teams only mode, islands, "moved to Teams"): a post
   * about what that move did to presence or contacts in Outlook is the coexistence the bot covers.
   */
  readonly coexistence?: readonly string[];
  /** Other products and helpdesk topics, each with the category it belongs to. */
  readonly other: readonly OtherTopic[];
  /** Skype for Business areas the sources do not cover (voice, A/V, broadcast, mobile, server operations). */
  readonly uncovered: readonly OtherTopic[];
  /**
   * Areas of one side alone whose term the content never uses, for the scope rule only: the uncovered
   * Skype for Business areas above, more of them ({@link SFB_AREAS}) and Exchange / Outlook areas of
   * their own ({@link EXCHANGE_AREAS}). Not a model feature: those two lists were written from the
   * fitting posts, so a feature on them would look better in cross-validation than it is.
   */
  readonly areas?: readonly OtherTopic[];
}

export interface OtherTopic {
  readonly category: string;
  readonly term: string;
}

/** A post outside the domain: the product it is about, in words for the reply. */
export interface OutOfScope {
  /**
   * `teams`: Teams only; `other-product`: another product or helpdesk topic; `uncovered-area`: a Skype
   * for Business or Exchange area of its own (voice, mobile, calendars, mailboxes) with nothing of the
   * integration between the two.
   */
  readonly kind: 'teams' | 'other-product' | 'uncovered-area';
  /** Category id (see {@link OTHER_TOPICS}), e.g. `teams`, `printing`, `vpn`. */
  readonly category: string;
  /** What was recognised, as written in the lexicon (never the user's text). */
  readonly evidence: readonly string[];
}

export interface Lexeme {
  readonly term: string;
  readonly pattern: RegExp;
}

/** Builds whole-word, case-insensitive patterns over folded text; blanks and dashes are interchangeable. */
export function lexemes(terms: readonly string[]): Lexeme[] {
  return terms.map((term) => ({
    term,
    pattern: new RegExp(`(?<![a-z0-9])${escape(foldText(term)).replace(/(?:\\ |\\-)+/g, '[\\s-]*')}(?![a-z0-9])`, 'i'),
  }));
}

/**
 * Which words of a post a lexeme's pattern needs, so a post is tested only against the lexemes it
 * could contain. In folded text the pattern matches letters and digits where the term has them,
 * its other characters as written, and any run of blanks and dashes (or none) where the term has
 * one. So a run of letters and digits of the term that stands between the term's ends and its other
 * characters ("60017" in "code=60017") is a whole word of any post the lexeme matches; failing that,
 * the term's first run ("get" in "get-csuser") begins a word of the post.
 */
type LexemeKey = { readonly whole: readonly string[] } | { readonly prefix: string } | 'always';

function keyOf(folded: string): LexemeKey {
  if (folded.includes('\\')) return 'always';
  const kind = (c: string | undefined): 'edge' | 'word' | 'gap' | 'other' =>
    c === undefined ? 'edge' : /[a-z0-9]/.test(c) ? 'word' : /[\s-]/.test(c) ? 'gap' : 'other';
  const whole: string[] = [];
  for (const m of folded.matchAll(/[a-z0-9]+/g)) {
    const before = kind(folded[m.index - 1]);
    const after = kind(folded[m.index + m[0].length]);
    if (before !== 'gap' && after !== 'gap') whole.push(m[0]);
  }
  if (whole.length > 0) return { whole };
  const first = /^[a-z0-9]+/.exec(folded);
  return first ? { prefix: first[0] } : 'always';
}

/** The lexemes of several lists, filed under the words a post must have for each to match. */
export class LexemeIndex {
  /** Whole word → lexemes (ascending positions in `all`) filed under it. */
  private readonly byWord = new Map<string, number[]>();
  /** First run of a term → lexemes whose terms begin a post's word with it. */
  private readonly byPrefix = new Map<string, number[]>();
  private readonly prefixLengths: number[];
  private readonly always: number[] = [];

  constructor(all: readonly Lexeme[]) {
    const keys = all.map((l) => keyOf(foldText(l.term)));
    const frequency = new Map<string, number>();
    for (const key of keys)
      if (key !== 'always' && 'whole' in key) for (const w of key.whole) frequency.set(w, (frequency.get(w) ?? 0) + 1);
    const file = (map: Map<string, number[]>, word: string, i: number): void => {
      const list = map.get(word);
      if (list) list.push(i);
      else map.set(word, [i]);
    };
    keys.forEach((key, i) => {
      if (key === 'always') this.always.push(i);
      else if ('prefix' in key) file(this.byPrefix, key.prefix, i);
      else {
        // Filed under its rarest whole word: the fewest other lexemes come with it.
        const rarest = key.whole.reduce((a, b) => ((frequency.get(b) ?? 0) < (frequency.get(a) ?? 0) ? b : a));
        file(this.byWord, rarest, i);
      }
    });
    this.prefixLengths = [...new Set([...this.byPrefix.keys()].map((k) => k.length))].sort((a, b) => a - b);
  }

  /** Positions (in `all`) of the lexemes whose patterns could match `folded` (text in {@link foldText}). */
  candidates(folded: string): Set<number> {
    const words = new Set(folded.split(/[^a-z0-9]+/));
    const out = new Set<number>(this.always);
    for (const word of words) {
      for (const i of this.byWord.get(word) ?? []) out.add(i);
      for (const length of this.prefixLengths) {
        if (length > word.length) break;
        for (const i of this.byPrefix.get(word.slice(0, length)) ?? []) out.add(i);
      }
    }
    return out;
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&').replace(/\s+/g, '\\ ');
}

const SFB_TERMS = ['skype for business', 'skype4business', 'sfb', 's4b', 'sfbo', 'lync', 'skype', 'ocs'];
const EXCHANGE_TERMS = ['exchange', 'outlook', 'owa', 'outlook web app', 'outlook on the web', 'exo'];

/**
 * Integration vocabulary of the five sources and the content that is not already a cmdlet, a KB
 * number or an error code (those come from the content itself).
 */
const ANCHOR_TERMS = [
  'unified contact store',
  'ucs',
  'exchange web services',
  'ews',
  'autodiscover',
  'autodiscover.svc',
  'autodiscover.xml',
  '_autodiscover._tcp',
  'lyncdiscover',
  'partner application',
  'partner applications',
  'oauth',
  'server-to-server',
  'oauthtokenissuer',
  'metadataurl',
  'authmetadataurl',
  'metadata/json/1',
  'exchangeautodiscoverurl',
  'autodiscoverserviceinternaluri',
  'proxyaddresses',
  'proxy address',
  'sip address',
  'sip:',
  'msrtcsip-primaryuseraddress',
  'windowsemailaddress',
  'mail attribute',
  'thumbnailphoto',
  'high-resolution',
  'high resolution',
  'exap.um.outlook.com',
  'hosting provider',
  'shared sip address space',
  'public im connectivity',
  'pic',
  'msn.com',
  'microsoft account',
  'rtcuniversaluseradmins',
  'conversation history',
  'free/busy',
  'out of office',
  'unified messaging',
  'add-in',
  'add-on',
  'addin',
  'skype meeting',
  'lync meeting',
  'online meeting',
  'presence',
];

/** Teams as the product: capitalised "Teams" is read from the original text, these from folded text. */
const TEAMS_TERMS = ['microsoft teams', 'ms teams', 'msteams', 'teams-only', 'teamsonly', 'teams only', 'new teams'];

/**
 * Lower-case "teams" before one of Teams' own nouns is the product too ("teams meeting button not in
 * outlook"); read only where "Teams" with a capital is absent, which already names it.
 */
const TEAMS_NOUN_TERMS = [
  'teams meeting',
  'teams meetings',
  'teams add-in',
  'teams addin',
  'teams meeting add-in',
  'teams app',
  'teams client',
  'teams channel',
  'teams channels',
  'teams chat',
  'teams call',
  'teams calls',
  'teams admin center',
];

/** Other products and helpdesk topics the bot does not cover, by category. */
export const OTHER_TOPICS: Readonly<Record<string, readonly string[]>> = {
  printing: ['printer', 'printers', 'printing', 'print queue', 'print spooler', 'spooler', 'cups'],
  vpn: ['vpn', 'ipsec', 'l2tp', 'ikev2', 'always on vpn', 'wireguard', 'openvpn'],
  passwords: [
    'password reset',
    'reset password',
    'reset my password',
    'forgot password',
    'forgot my password',
    'password expired',
    'self-service password',
    'sspr',
    'account locked',
    'locked out',
    'lockout',
    'hacked',
    'compromised account',
    'account compromised',
  ],
  mfa: ['mfa', 'multi-factor', 'multifactor', 'two-factor', '2fa', 'authenticator app', 'microsoft authenticator'],
  'outlook-data-files': ['pst', 'ost', 'scanpst', 'inbox repair', 'data file', 'outlook data file'],
  'mail-flow': [
    'ndr',
    'non-delivery',
    'bounce',
    'bounced',
    'mailbox quota',
    'mailbox is full',
    'mailbox full',
    'quota',
    'spam',
    'junk email',
    'phishing',
    'transport rule',
    'mail flow',
    'smtp relay',
  ],
  sharepoint: ['sharepoint', 'onedrive', 'one drive'],
  'office-apps': ['excel', 'word document', 'powerpoint', 'visio', 'onenote', 'microsoft access', 'access database'],
  devices: ['laptop', 'monitor', 'keyboard', 'mouse', 'docking station', 'battery', 'bluetooth', 'usb', 'hdmi'],
  windows: ['windows update', 'blue screen', 'bsod', 'bitlocker', 'group policy object', 'windows hello'],
  network: ['wi-fi', 'wifi', 'wireless', 'dhcp', 'proxy server', 'firewall rule'],
  identity: ['intune', 'conditional access', 'entra', 'azure ad join', 'autopilot'],
  'other-meetings': ['zoom', 'webex', 'slack', 'google meet'],
};

/** Skype for Business areas that the five sources do not cover. */
export const UNCOVERED_TOPICS: Readonly<Record<string, readonly string[]>> = {
  voice: [
    'pstn',
    'enterprise voice',
    'call queue',
    'response group',
    'auto attendant',
    'cloud connector',
    'direct routing',
    'sbc',
    'session border controller',
    'phone number',
    'dial pad',
    'call transfer',
    'caller id',
    'voice route',
    'cloud pbx',
    'phone system',
  ],
  av: ['audio', 'video', 'webcam', 'camera', 'headset', 'microphone', 'desktop sharing', 'screen sharing', 'sharing'],
  meetings: ['meeting broadcast', 'broadcast', 'recording', 'recordings', 'lobby', 'dial-out', 'leader pin'],
  mobile: ['iphone', 'ipad', 'ios', 'android', 'mobile app', 'lync mobile', 'windows phone'],
  'server-operations': [
    'front end service',
    'front-end services',
    'windows fabric',
    'cms',
    'central management store',
    'pool pairing',
    'topology builder',
    'sql server',
    'backup service',
    'event id',
  ],
};

/**
 * More Skype for Business areas the sources do not cover, for the scope rule only (like
 * {@link EXCHANGE_AREAS}): named after the fitting tickets the rule missed, so a model feature on them
 * would look better in cross-validation than it is.
 */
export const SFB_AREAS: Readonly<Record<string, readonly string[]>> = {
  voice: [
    'call forwarding',
    'forward calls',
    'forwarding calls',
    'simultaneous ring',
    'call park',
    'hunt group',
    'external numbers',
    'e911',
    'emergency calling',
    'yealink',
    'audiocodes',
    'ip phone',
    'lync phone edition',
  ],
  'call-quality': ['calls drop', 'call drops', 'dropped calls', 'call quality', 'jitter', 'packet loss', 'cqd', 'qoe'],
  meetings: ['dial-in conferencing', 'audio conferencing', 'pstn conferencing', 'join launcher'],
  'persistent-chat': ['persistent chat', 'chat room', 'chat rooms', 'group chat'],
  'client-startup': ['start automatically', 'starts automatically', 'starting automatically', 'startup', 'autostart'],
  'server-operations': [
    'cumulative update',
    'cumulative updates',
    'bootstrapper',
    'edge pool',
    'reverse proxy',
    'simple url',
    'simple urls',
    'director pool',
  ],
};

/**
 * Exchange and Outlook areas of their own that the sources do not cover (they are about Lync / Skype
 * for Business reading Exchange, not about Exchange or Outlook alone): calendars and rooms, mailbox
 * and folder management, Outlook's own client trouble. Named in Exchange's and Outlook's vocabulary;
 * a term the content uses (address book, contact card, mailbox move) is not listed.
 */
export const EXCHANGE_AREAS: Readonly<Record<string, readonly string[]>> = {
  'exchange-calendar': [
    'scheduling assistant',
    'room list',
    'room lists',
    'room mailbox',
    'room mailboxes',
    'meeting room',
    'meeting rooms',
    'resource mailbox',
    'direct booking',
    'calendar permissions',
    'calendar sharing',
    'shared calendar',
    'group calendar',
    'meeting request',
    'recurring meeting',
    'organization relationship',
    'cross-forest',
    'availability service',
  ],
  'exchange-mailbox': [
    'public folder',
    'public folders',
    'shared mailbox',
    'shared mailboxes',
    'offline address book',
    'oab',
    'mailtips',
    'mail tips',
    'inbox rule',
    'inbox rules',
    'mailbox rules',
    'retention policy',
    'litigation hold',
    'ediscovery',
    'journaling',
    'archive mailbox',
    'duplicate folders',
    'security groups',
    'microsoft 365 groups',
    'office 365 groups',
    'cached mode',
    'cached exchange mode',
    'imap',
    'pop3',
    'distribution group',
    'distribution groups',
    'distribution list',
    'distribution lists',
  ],
  'outlook-client': [
    'freezes',
    'freezing',
    'crashes',
    'not responding',
    'safe mode',
    'send emails',
    'sending emails',
    'receive emails',
    'outlook can not be started',
    'cannot start microsoft outlook',
    'outlook search',
    'instant search',
    'search index',
    'indexing',
    'email signature',
    'signature',
    'signatures',
  ],
};

/** The move from Skype for Business to Teams, by its modes and in words. */
const COEXISTENCE_TERMS = [
  'teams-only',
  'teamsonly',
  'teams only',
  'islands mode',
  'coexistence',
  'coexistence mode',
  'upgrade mode',
  'sfbwithteamscollab',
  'sfbwithteamscollabandmeetings',
  'sfbonly',
  'teamsupgradepolicy',
  'upgraded to teams',
  'upgrading to teams',
  'moved to teams',
  'moving to teams',
  'migrated to teams',
  'migrating to teams',
  'migration to teams',
];

/**
 * What the move to Teams can change that the sources explain from the Skype for Business side: presence
 * and contacts as Outlook and the Unified Contact Store show them, conversation history, free/busy.
 */
const COEXISTENCE_ANCHORS: ReadonlySet<string> = new Set([
  'presence',
  'unified contact store',
  'ucs',
  'conversation history',
  'free/busy',
]);

/** The lexicon of one knowledge snapshot: the fixed lists plus the content's cmdlets, KB numbers and codes. */
export class ScopeLexicon {
  private readonly sfb = lexemes(SFB_TERMS);
  private readonly exchange = lexemes(EXCHANGE_TERMS);
  private readonly anchors: Lexeme[];
  private readonly teams = lexemes(TEAMS_TERMS);
  private readonly teamsNouns = lexemes(TEAMS_NOUN_TERMS);
  private readonly coexistence = lexemes(COEXISTENCE_TERMS);
  private readonly other = categorised(OTHER_TOPICS);
  private readonly uncovered = categorised(UNCOVERED_TOPICS);
  private readonly sfbAreas = categorised(SFB_AREAS);
  private readonly exchangeAreas = categorised(EXCHANGE_AREAS);
  /** Uncovered-area terms the content itself uses (video, sharing...): evidence, but not decisive. */
  private readonly usedByContent: ReadonlySet<string>;
  /** Every list above, one after the other, indexed by the words a post needs for each lexeme. */
  private readonly index: LexemeIndex;
  private readonly offsets: ReadonlyMap<readonly Lexeme[], number>;

  constructor(knowledge: Knowledge) {
    const contentText = foldText(
      [...knowledge.entries.values()]
        .map((e) => [e.title, e.markdown, ...e.symptoms, ...e.errors].join('\n'))
        .join('\n'),
    );
    this.usedByContent = new Set(
      [...this.uncovered, ...this.sfbAreas, ...this.exchangeAreas]
        .filter((l) => l.pattern.test(contentText))
        .map((l) => l.term),
    );
    const codes = new Set<string>();
    for (const entry of knowledge.entries.values())
      for (const error of entry.errors)
        for (const m of error.matchAll(/\b(?:code|error)\s*[=:]\s*-?[0-9a-fx]+\b|\b0x[0-9a-f]{6,8}\b/gi))
          codes.add(m[0].replace(/\s+/g, ''));
    this.anchors = lexemes([
      ...ANCHOR_TERMS,
      ...[...knowledge.cmdlets.keys()],
      ...[...knowledge.kbArticles.keys()],
      ...codes,
    ]);
    const lists = [
      this.sfb,
      this.exchange,
      this.anchors,
      this.teams,
      this.teamsNouns,
      this.coexistence,
      this.other,
      this.uncovered,
      this.sfbAreas,
      this.exchangeAreas,
    ];
    const offsets = new Map<readonly Lexeme[], number>();
    let at = 0;
    for (const list of lists) {
      offsets.set(list, at);
      at += list.length;
    }
    this.offsets = offsets;
    this.index = new LexemeIndex(lists.flat());
  }

  /** The evidence in a post (its first 20,000 characters; input is capped before it arrives here). */
  evidence(text: string): ScopeEvidence {
    const folded = foldText(text);
    const candidates = this.index.candidates(folded);
    // Each list in its own order, testing only the lexemes the post's words allow.
    const found = <T extends Lexeme>(list: readonly T[]): T[] => {
      const offset = this.offsets.get(list) ?? 0;
      return list.filter((l, i) => candidates.has(offset + i) && l.pattern.test(folded));
    };
    // "Teams" with a capital is the product; lower-case "teams" is usually people ("our teams").
    const capital = /\bTeams\b/.test(text);
    const nouns = capital ? [] : found(this.teamsNouns).map((l) => l.term);
    const teams = [
      ...found(this.teams).map((l) => l.term),
      // The longest reading of each mention ("teams meeting add-in", not also "teams meeting").
      ...(capital ? ['Teams'] : nouns.filter((n) => !nouns.some((m) => m !== n && m.includes(n)))),
    ];
    const topics = (list: readonly (Lexeme & { category: string })[]): OtherTopic[] =>
      found(list).map(({ category, term }) => ({ category, term }));
    const uncovered = topics(this.uncovered);
    return {
      sfb: found(this.sfb).map((l) => l.term),
      exchange: found(this.exchange).map((l) => l.term),
      anchors: found(this.anchors).map((l) => l.term),
      teams: [...new Set(teams)],
      coexistence: found(this.coexistence).map((l) => l.term),
      other: topics(this.other),
      uncovered,
      areas: [...uncovered, ...topics(this.sfbAreas), ...topics(this.exchangeAreas)].filter(
        (u) => !this.usedByContent.has(u.term),
      ),
    };
  }
}

function categorised(topics: Readonly<Record<string, readonly string[]>>): (Lexeme & { category: string })[] {
  return Object.entries(topics).flatMap(([category, terms]) => lexemes(terms).map((l) => ({ ...l, category })));
}

/**
 * The honest boundary: a post that names Teams and nothing of Skype for Business or Lync is about
 * Teams; a post about another product or helpdesk topic that names nothing of the domain (no Skype
 * for Business, Lync, or integration vocabulary) is about that product. A post that names both
 * (Teams and Skype for Business coexisting, say) stays in scope and is judged on its match.
 */
export function outOfScopeOf(evidence: ScopeEvidence): OutOfScope | undefined {
  const specific = evidence.anchors.some((a) => !GENERIC_ANCHORS.has(a));
  const domain = evidence.sfb.length > 0 || specific;
  if (!domain) {
    // After the move to Teams, presence or contacts in Outlook is the coexistence the sources explain.
    const coexisting =
      (evidence.coexistence ?? []).length > 0 && evidence.anchors.some((a) => COEXISTENCE_ANCHORS.has(a));
    if (evidence.teams.length > 0 && !coexisting) return { kind: 'teams', category: 'teams', evidence: evidence.teams };
    const [first] = evidence.other;
    if (first) return named('other-product', first.category, evidence.other);
  }
  return specific ? undefined : uncoveredAreaOf(evidence);
}

function named(kind: OutOfScope['kind'], category: string, topics: readonly OtherTopic[]): OutOfScope {
  return { kind, category, evidence: topics.filter((o) => o.category === category).map((o) => o.term) };
}

/**
 * An area of one side alone, with nothing of the integration: an Exchange / Outlook area (calendars,
 * mailboxes, Outlook's own trouble) in a post that names nothing of Skype for Business or Lync and no
 * integration term beyond those Exchange has itself (free/busy, out of office, Autodiscover); or a
 * Skype for Business area the sources do not cover (voice, mobile, broadcast, server operations) in a
 * post that names nothing of Exchange or Outlook. Only terms the content never uses count.
 */
function uncoveredAreaOf(evidence: ScopeEvidence): OutOfScope | undefined {
  const areas = evidence.areas ?? [];
  const exchangeSide = areas.filter((a) => a.category in EXCHANGE_AREAS);
  const exchangeOnly =
    evidence.sfb.length === 0 && evidence.teams.length === 0 && evidence.anchors.every((a) => EXCHANGE_OWN.has(a));
  if (exchangeOnly && exchangeSide[0]) return named('uncovered-area', exchangeSide[0].category, exchangeSide);
  const sfbSide = areas.filter((a) => a.category in UNCOVERED_TOPICS || a.category in SFB_AREAS);
  if (evidence.sfb.length > 0 && evidence.exchange.length === 0 && sfbSide[0])
    return named('uncovered-area', sfbSide[0].category, sfbSide);
  return undefined;
}

/** Integration terms that Exchange and Outlook have of their own, without Lync. */
const EXCHANGE_OWN: ReadonlySet<string> = new Set(['free/busy', 'out of office', 'autodiscover', 'oauth']);

/** Anchors that other products share (Teams meetings are online meetings, Teams has presence and add-ins). */
const GENERIC_ANCHORS: ReadonlySet<string> = new Set([
  'presence',
  'online meeting',
  'add-in',
  'add-on',
  'addin',
  'autodiscover',
  'oauth',
  'free/busy',
  'out of office',
  'microsoft account',
  'conversation history',
  'high resolution',
  'high-resolution',
  'pic',
]);
