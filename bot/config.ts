import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { LOG_LEVELS, type LogLevel } from '../core/logger.js';

export const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;
export type AppType = (typeof APP_TYPES)[number];

export const STORAGE_KINDS = ['file', 'blob', 'memory'] as const;
export type StorageKind = (typeof STORAGE_KINDS)[number];

/** The Azure Storage emulator (Azurite on 127.0.0.1:10000, `npm run azurite`). */
export const DEVELOPMENT_STORAGE = 'UseDevelopmentStorage=true';

/**
 * The project root, so relative paths do not depend on the caller's working directory: the nearest
 * folder above this module holding package.json. Under tsx that is bot/..; compiled, this module is
 * dist/bot/config.js and the root is two levels up (content, web/ and .data/ stay at the root).
 */
export const PROJECT_ROOT = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..');
  }
}

/** Loads `<project>/.env` into the environment when it exists (it is optional and git-ignored). */
export function loadDotEnv(): void {
  const file = path.join(PROJECT_ROOT, '.env');
  // Node's own loader keeps dotenv out of the dependency list.
  if (fs.existsSync(file)) process.loadEnvFile(file);
}

/** Validated, frozen configuration. Built only by {@link loadConfig}. */
export interface Config {
  readonly microsoftAppId: string;
  readonly microsoftAppPassword: string;
  readonly microsoftAppType: AppType;
  readonly microsoftAppTenantId: string;
  /** True when an app id is configured: every request to /api/messages must carry a valid token. */
  readonly isAuthEnabled: boolean;
  readonly port: number;
  readonly host: string;
  /** Explicit opt-in to serving unauthenticated requests beyond loopback. */
  readonly allowUnauthenticatedNetwork: boolean;
  readonly knowledgeDir: string;
  readonly storage: StorageKind;
  /** Folder of the file store (absolute). */
  readonly stateDir: string;
  /** Azure Storage connection string of the blob store (a secret: never logged or shown). */
  readonly blobConnectionString: string;
  readonly blobContainer: string;
  /** Conversations idle for longer than this are forgotten, in every store. */
  readonly stateTtlDays: number;
  /** Days of analytics events kept (whole UTC days; older ones are deleted). */
  readonly analyticsRetentionDays: number;
  /** Lowest fused score (0..1) for a confident answer. */
  readonly searchAnswerThreshold: number;
  /** Lowest score to be offered as a "did you mean" suggestion. */
  readonly searchSuggestThreshold: number;
  /** How far ahead the best hit must be of the second one to count as a clear winner. */
  readonly searchMargin: number;
  readonly adminAadObjectIds: readonly string[];
  /** Azure AD object ids of the helpdesk (admins are helpdesk too): they may take, resolve and annotate tickets. */
  readonly helpdeskAadObjectIds: readonly string[];
  /** The Teams channel (19:…@thread.tacv2) new tickets are posted to; empty = tickets are only listed by /tickets. */
  readonly helpdeskTeamsChannelId: string;
  readonly logLevel: LogLevel;
  readonly maxBodyBytes: number;
  readonly probeAllowPrivate: boolean;
  readonly probeTimeoutMs: number;
  /** What `npm run manifest` writes into the Teams app package; the bot itself does not read it. */
  readonly teamsApp: TeamsAppConfig;
  /** The web chat page and the bot's own Direct Line (bot/directline/). */
  readonly webChat: WebChatConfig;
}

/** The web chat page at `/` and its same-origin Direct Line at `/v3/directline`. */
export interface WebChatConfig {
  readonly enabled: boolean;
  /** Signs the conversation tokens; empty = one generated at first start and kept under `.data/`. */
  readonly secret: string;
  readonly tokenTtlSeconds: number;
  /** A conversation and its transcript expire this long after their last activity. */
  readonly conversationTtlSeconds: number;
  /** Activities kept per conversation (the oldest go first). */
  readonly maxActivities: number;
  /** New conversations per client address per minute. */
  readonly conversationsPerMinute: number;
  /** Messages posted per conversation per minute. */
  readonly messagesPerMinute: number;
  /** Polls and other reads per conversation per minute (Web Chat polls once a second). */
  readonly pollsPerMinute: number;
}

/** The Teams app package's identity and listing (manifest schema limits checked here, with the key named). */
export interface TeamsAppConfig {
  /** The Teams app id; empty means "the same as MicrosoftAppId". */
  readonly appId: string;
  readonly version: string;
  readonly shortName: string;
  readonly fullName: string;
  readonly shortDescription: string;
  readonly fullDescription: string;
  readonly developerName: string;
  readonly websiteUrl: string;
  readonly privacyUrl: string;
  readonly termsOfUseUrl: string;
  readonly accentColor: string;
  readonly validDomains: readonly string[];
}

/** Every key the bot reads, with its default and a one-line description (the source of .env.example). */
export const CONFIG_KEYS = {
  MicrosoftAppId: { default: '', doc: 'Azure Bot app (client) id. Empty = local mode, no auth.' },
  MicrosoftAppPassword: {
    default: '',
    doc: 'Client secret of the app id. Required when MicrosoftAppId is set (MultiTenant/SingleTenant).',
  },
  MicrosoftAppType: { default: 'MultiTenant', doc: 'MultiTenant, SingleTenant or UserAssignedMSI.' },
  MicrosoftAppTenantId: { default: '', doc: 'Tenant id. Required for SingleTenant and UserAssignedMSI.' },
  PORT: { default: '3978', doc: 'HTTP port (1-65535).' },
  HOST: {
    default: '',
    doc: 'Interface to listen on. Empty = 127.0.0.1 in local mode (no app id), 0.0.0.0 when auth is on.',
  },
  ALLOW_UNAUTHENTICATED_NETWORK: {
    default: 'false',
    doc: 'true lets a bot without MicrosoftAppId listen on a non-loopback HOST: anyone who reaches the port can then use it unauthenticated and make it post to any serviceUrl (isolated lab networks only).',
  },
  KNOWLEDGE_DIR: {
    default: 'knowledge/content',
    doc: 'Content folder (entries, trees, matrix), relative to the project root or absolute.',
  },
  STORAGE: {
    default: '',
    doc: 'Conversation/user state store: file, blob or memory. Empty = file for npm start, memory for npm run chat and the tests.',
  },
  STATE_DIR: {
    default: '.data/state',
    doc: 'Folder of the file store (STORAGE=file), relative to the project root or absolute. One bot process per folder.',
  },
  BLOB_CONNECTION_STRING: {
    default: '',
    doc: `Azure Storage connection string for STORAGE=blob (a secret). Empty = ${DEVELOPMENT_STORAGE}, the local emulator (npm run azurite).`,
  },
  BLOB_CONTAINER: {
    default: 'bot-state',
    doc: 'Blob container of the state (STORAGE=blob); created when missing. 3-63 lowercase letters, digits and single hyphens.',
  },
  STATE_TTL_DAYS: {
    default: '30',
    doc: 'Days a conversation may stay idle before its state is forgotten (1-3650), in every store.',
  },
  ANALYTICS_RETENTION_DAYS: {
    default: '90',
    doc: 'Days of analytics events kept (1-3650): whole UTC days, in .data/analytics beside the state folder, or in the blob container with STORAGE=blob.',
  },
  SEARCH_ANSWER_THRESHOLD: {
    default: '0.55',
    doc: 'Shown by /why beside the score; the answer decision itself is the fitted model (npm run fit).',
  },
  SEARCH_SUGGEST_THRESHOLD: {
    default: '0.25',
    doc: 'Lowest score (0..1) for offering a troubleshooter beside an answer.',
  },
  SEARCH_MARGIN: { default: '0.12', doc: 'Lead (0..1) the best hit needs over the second to be answered outright.' },
  ADMIN_AAD_OBJECT_IDS: {
    default: '',
    doc: 'Comma-separated Azure AD object ids (Teams from.aadObjectId) allowed to run admin commands.',
  },
  HELPDESK_AAD_OBJECT_IDS: {
    default: '',
    doc: 'Comma-separated Azure AD object ids of the helpdesk: they list, take, resolve and annotate handoff tickets (admins may too).',
  },
  HELPDESK_TEAMS_CHANNEL_ID: {
    default: '',
    doc: 'Teams channel id (19:...@thread.tacv2) new tickets are posted to as cards; needs MicrosoftAppId. Empty = tickets are kept and listed by /tickets.',
  },
  LOG_LEVEL: { default: 'info', doc: 'debug, info, warn, error or silent.' },
  MAX_BODY_BYTES: {
    default: '262144',
    doc: 'Largest accepted request body on /api/messages and the web chat Direct Line, in bytes.',
  },
  PROBE_ALLOW_PRIVATE: {
    default: 'false',
    doc: 'true lets admin probes reach private/loopback addresses (lab use only).',
  },
  PROBE_TIMEOUT_MS: { default: '5000', doc: 'Timeout of one live probe request, in milliseconds (100-30000).' },
  WEBCHAT_ENABLED: { default: 'true', doc: 'Serve the web chat page at / and its Direct Line at /v3/directline.' },
  DIRECTLINE_SECRET: {
    default: '',
    doc: 'Secret (at least 32 characters) that signs web chat tokens. Empty = generated at first start and kept in .data/directline-secret.',
  },
  DIRECTLINE_TOKEN_TTL_SECONDS: {
    default: '1800',
    doc: 'Lifetime of a web chat token in seconds (60-86400); the page refreshes it.',
  },
  DIRECTLINE_CONVERSATION_TTL_SECONDS: {
    default: '86400',
    doc: 'A web chat conversation and its transcript are deleted this long after their last activity (300-2592000 s).',
  },
  DIRECTLINE_MAX_ACTIVITIES: {
    default: '500',
    doc: 'Activities kept per web chat conversation, oldest dropped first (20-5000).',
  },
  DIRECTLINE_CONVERSATIONS_PER_MINUTE: {
    default: '10',
    doc: 'New web chat conversations per client address per minute (behind a reverse proxy: for all its clients).',
  },
  DIRECTLINE_MESSAGES_PER_MINUTE: { default: '30', doc: 'Messages per web chat conversation per minute.' },
  DIRECTLINE_POLLS_PER_MINUTE: {
    default: '300',
    doc: 'Polls and other reads per web chat conversation per minute (the page polls once a second).',
  },
  TEAMS_APP_ID: { default: '', doc: 'Teams app id (GUID) in the app package. Empty = the same as MicrosoftAppId.' },
  TEAMS_APP_VERSION: { default: '1.0.0', doc: 'Teams app package version (x.y.z); raise it for every upload.' },
  TEAMS_APP_NAME: { default: 'SfB-Exchange Helper', doc: 'Short app name shown in Teams (at most 30 characters).' },
  TEAMS_APP_FULL_NAME: {
    default: 'Skype for Business and Exchange troubleshooter',
    doc: 'Full app name (at most 100 characters).',
  },
  TEAMS_APP_DESCRIPTION: {
    default: 'Fixes Skype for Business and Lync problems with Exchange and Outlook.',
    doc: 'Short description (at most 80 characters).',
  },
  TEAMS_APP_FULL_DESCRIPTION: {
    default:
      'Guided troubleshooters and a searchable knowledge base, citing Microsoft articles, for Skype for Business / Lync integration with Exchange and Outlook: presence in Outlook, meeting add-in errors, the Unified Contact Store, Exchange Web Services and Autodiscover, voicemail and more.',
    doc: 'Full description (at most 4000 characters).',
  },
  TEAMS_DEVELOPER_NAME: {
    default: 'IT helpdesk',
    doc: 'Developer (publisher) name shown in Teams (at most 32 characters).',
  },
  TEAMS_DEVELOPER_URL: {
    default: 'https://www.example.com/',
    doc: 'Developer website (https). The default is a placeholder: set it before publishing.',
  },
  TEAMS_PRIVACY_URL: { default: 'https://www.example.com/privacy', doc: 'Privacy statement URL (https).' },
  TEAMS_TERMS_URL: { default: 'https://www.example.com/terms', doc: 'Terms of use URL (https).' },
  TEAMS_ACCENT_COLOR: {
    default: '2B579A',
    doc: 'Accent colour as RRGGBB hex, also the colour icon background (in .env a leading # starts a comment).',
  },
  TEAMS_VALID_DOMAINS: {
    default: '',
    doc: 'Comma-separated domains the app may open (e.g. the host that serves the web chat page).',
  },
} as const;

export type ConfigKey = keyof typeof CONFIG_KEYS;

/** Thrown when the environment is invalid; lists every problem at once. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

/** True for names and addresses that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What differs between the processes that read the configuration. */
export interface LoadOptions {
  /**
   * The store when STORAGE is empty: `file` for the bot server (`npm start`, so a restart keeps every
   * conversation), `memory` (the default here) for the terminal chat and the tests, which start fresh.
   */
  readonly defaultStorage?: StorageKind;
  /**
   * True for `npm run manifest`: the package carries the app id and never the secret, so the
   * secret and tenant the bot needs to sign in are not asked for.
   */
  readonly packagingOnly?: boolean;
}

/**
 * Reads and validates the environment. The only reader of `process.env` in the bot.
 *
 * @param env - usually `process.env`; tests pass their own.
 * @returns a frozen {@link Config}.
 * @throws {@link ConfigError} listing every missing or invalid key.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>, options: LoadOptions = {}): Config {
  const problems: string[] = [];
  const read = createReader(env, problems);
  const auth = readAuth(read, problems, options.packagingOnly === true);
  const network = readNetwork(read, auth.microsoftAppId, problems);
  const knowledgeDirRaw = read.raw('KNOWLEDGE_DIR');
  if (knowledgeDirRaw === '') problems.push('KNOWLEDGE_DIR must not be empty');
  const config: Config = {
    ...auth,
    ...network,
    knowledgeDir: path.resolve(PROJECT_ROOT, knowledgeDirRaw),
    ...readState(read, options.defaultStorage ?? 'memory', problems),
    ...readSearch(read, problems),
    adminAadObjectIds: Object.freeze(readGuidList(read, 'ADMIN_AAD_OBJECT_IDS', 'Azure AD object id', problems)),
    helpdeskAadObjectIds: Object.freeze(readGuidList(read, 'HELPDESK_AAD_OBJECT_IDS', 'Azure AD object id', problems)),
    helpdeskTeamsChannelId: readHelpdeskChannel(read, auth.microsoftAppId, problems),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS),
    maxBodyBytes: read.integer('MAX_BODY_BYTES', 1024, 10 * 1024 * 1024),
    probeAllowPrivate: read.boolean('PROBE_ALLOW_PRIVATE'),
    probeTimeoutMs: read.integer('PROBE_TIMEOUT_MS', 100, 30000),
    teamsApp: readTeamsApp(read, problems),
    webChat: readWebChat(read, problems),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** Typed readers of the environment; each reports a bad value and returns the key's default. */
interface Reader {
  raw(key: ConfigKey): string;
  oneOf<T extends string>(key: ConfigKey, allowed: readonly T[]): T;
  integer(key: ConfigKey, min: number, max: number): number;
  fraction(key: ConfigKey): number;
  boolean(key: ConfigKey): boolean;
}

function createReader(env: Readonly<Record<string, string | undefined>>, problems: string[]): Reader {
  const raw = (key: ConfigKey): string => (env[key] ?? CONFIG_KEYS[key].default).trim();
  const fallback = (key: ConfigKey, problem: string): number => {
    problems.push(problem);
    return Number(CONFIG_KEYS[key].default);
  };
  return {
    raw,
    oneOf: <T extends string>(key: ConfigKey, allowed: readonly T[]): T => {
      const value = raw(key);
      const match = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
      if (match) return match;
      problems.push(`${key}="${value}" must be one of: ${allowed.join(', ')}`);
      return allowed[0] as T;
    },
    integer: (key, min, max) => {
      const value = raw(key);
      const n = Number(value);
      return /^\d+$/.test(value) && n >= min && n <= max
        ? n
        : fallback(key, `${key}="${value}" must be a whole number from ${min} to ${max}`);
    },
    fraction: (key) => {
      const value = raw(key);
      const n = Number(value);
      return value !== '' && Number.isFinite(n) && n >= 0 && n <= 1
        ? n
        : fallback(key, `${key}="${value}" must be a number from 0 to 1`);
    },
    boolean: (key) => {
      const value = raw(key).toLowerCase();
      if (['true', '1', 'yes'].includes(value)) return true;
      if (!['false', '0', 'no', ''].includes(value)) problems.push(`${key}="${raw(key)}" must be true or false`);
      return false;
    },
  };
}

/** The Azure Bot app registration: all or nothing, GUIDs, a secret unless a managed identity. */
function readAuth(
  read: Reader,
  problems: string[],
  packagingOnly: boolean,
): Pick<
  Config,
  'microsoftAppId' | 'microsoftAppPassword' | 'microsoftAppType' | 'microsoftAppTenantId' | 'isAuthEnabled'
> {
  const microsoftAppId = read.raw('MicrosoftAppId');
  const microsoftAppPassword = read.raw('MicrosoftAppPassword');
  const microsoftAppType = read.oneOf('MicrosoftAppType', APP_TYPES);
  const microsoftAppTenantId = read.raw('MicrosoftAppTenantId');
  if (microsoftAppId !== '') {
    if (!GUID.test(microsoftAppId))
      problems.push(`MicrosoftAppId="${microsoftAppId}" must be a GUID (the app registration's client id)`);
    if (!packagingOnly && microsoftAppType !== 'UserAssignedMSI' && microsoftAppPassword === '')
      problems.push('MicrosoftAppPassword is required when MicrosoftAppId is set');
    if (!packagingOnly && microsoftAppType !== 'MultiTenant' && microsoftAppTenantId === '')
      problems.push(`MicrosoftAppTenantId is required when MicrosoftAppType is ${microsoftAppType}`);
  } else if (microsoftAppPassword !== '') {
    problems.push('MicrosoftAppPassword is set but MicrosoftAppId is empty: set both or neither');
  }
  if (microsoftAppTenantId !== '' && !GUID.test(microsoftAppTenantId))
    problems.push(`MicrosoftAppTenantId="${microsoftAppTenantId}" must be a GUID`);
  return {
    microsoftAppId,
    microsoftAppPassword,
    microsoftAppType,
    microsoftAppTenantId,
    isAuthEnabled: microsoftAppId !== '',
  };
}

/** Port and interface; without auth the bot stays on loopback unless explicitly told otherwise. */
function readNetwork(
  read: Reader,
  microsoftAppId: string,
  problems: string[],
): Pick<Config, 'port' | 'host' | 'allowUnauthenticatedNetwork'> {
  const port = read.integer('PORT', 1, 65535);
  // Without auth anyone reaching the port could make the bot post to any serviceUrl: stay on loopback.
  const host = read.raw('HOST') || (microsoftAppId === '' ? '127.0.0.1' : '0.0.0.0');
  const allowUnauthenticatedNetwork = read.boolean('ALLOW_UNAUTHENTICATED_NETWORK');
  if (microsoftAppId === '' && !isLoopbackHost(host) && !allowUnauthenticatedNetwork) {
    problems.push(
      `HOST=${host} with an empty MicrosoftAppId would serve anyone on the network without auth and let them make the bot post to any URL: set MicrosoftAppId, or HOST=127.0.0.1, or ALLOW_UNAUTHENTICATED_NETWORK=true to accept that risk`,
    );
  }
  return { port, host, allowUnauthenticatedNetwork };
}

function readSearch(
  read: Reader,
  problems: string[],
): Pick<Config, 'searchAnswerThreshold' | 'searchSuggestThreshold' | 'searchMargin'> {
  const searchAnswerThreshold = read.fraction('SEARCH_ANSWER_THRESHOLD');
  const searchSuggestThreshold = read.fraction('SEARCH_SUGGEST_THRESHOLD');
  const searchMargin = read.fraction('SEARCH_MARGIN');
  if (searchSuggestThreshold > searchAnswerThreshold) {
    problems.push(
      `SEARCH_SUGGEST_THRESHOLD (${searchSuggestThreshold}) must not exceed SEARCH_ANSWER_THRESHOLD (${searchAnswerThreshold})`,
    );
  }
  return { searchAnswerThreshold, searchSuggestThreshold, searchMargin };
}

const CONTAINER_NAME = /^(?=.{3,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The state store and its settings. The connection string is a secret: no message quotes it. */
function readState(
  read: Reader,
  defaultStorage: StorageKind,
  problems: string[],
): Pick<
  Config,
  'storage' | 'stateDir' | 'blobConnectionString' | 'blobContainer' | 'stateTtlDays' | 'analyticsRetentionDays'
> {
  const storage = read.raw('STORAGE') === '' ? defaultStorage : read.oneOf('STORAGE', STORAGE_KINDS);
  const stateDirRaw = read.raw('STATE_DIR');
  if (stateDirRaw === '') problems.push('STATE_DIR must not be empty');
  const blobContainer = read.raw('BLOB_CONTAINER');
  if (!CONTAINER_NAME.test(blobContainer))
    problems.push(
      `BLOB_CONTAINER="${blobContainer.slice(0, 80)}" must be 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit`,
    );
  const blobConnectionString = read.raw('BLOB_CONNECTION_STRING') || DEVELOPMENT_STORAGE;
  if (storage === 'blob' && !isConnectionString(blobConnectionString))
    problems.push(
      `BLOB_CONNECTION_STRING is not an Azure Storage connection string (expected ${DEVELOPMENT_STORAGE}, or AccountName=…;AccountKey=… or BlobEndpoint=…;SharedAccessSignature=…; copy it from the storage account's "Access keys")`,
    );
  return {
    storage,
    stateDir: path.resolve(PROJECT_ROOT, stateDirRaw),
    blobConnectionString,
    blobContainer,
    stateTtlDays: read.integer('STATE_TTL_DAYS', 1, 3650),
    analyticsRetentionDays: read.integer('ANALYTICS_RETENTION_DAYS', 1, 3650),
  };
}

function isConnectionString(value: string): boolean {
  if (value.replace(/;$/, '').toLowerCase() === DEVELOPMENT_STORAGE.toLowerCase()) return true;
  const fields = new Map(
    value
      .split(';')
      .map((part) => part.trim())
      .filter((part) => part !== '')
      .map((part) => {
        const at = part.indexOf('=');
        return [part.slice(0, at < 0 ? part.length : at).toLowerCase(), at < 0 ? '' : part.slice(at + 1)] as const;
      }),
  );
  const has = (name: string): boolean => (fields.get(name) ?? '') !== '';
  return (has('accountname') && has('accountkey')) || (has('blobendpoint') && has('sharedaccesssignature'));
}

/** A comma-separated list of GUIDs, lowercased. */
function readGuidList(read: Reader, key: ConfigKey, what: string, problems: string[]): string[] {
  const ids = read
    .raw(key)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const id of ids) if (!GUID.test(id)) problems.push(`${key} contains "${id}", which is not a GUID (${what})`);
  return ids.map((id) => id.toLowerCase());
}

/** A Teams channel id looks like `19:…@thread.tacv2` (or `@thread.skype`); posting to it needs the app id. */
function readHelpdeskChannel(read: Reader, microsoftAppId: string, problems: string[]): string {
  const channel = read.raw('HELPDESK_TEAMS_CHANNEL_ID');
  if (channel === '') return '';
  if (!/^19:[^\s;]+@thread\.(tacv2|skype)$/.test(channel))
    problems.push(
      `HELPDESK_TEAMS_CHANNEL_ID "${channel.slice(0, 80)}" is not a Teams channel id (19:...@thread.tacv2)`,
    );
  if (microsoftAppId === '')
    problems.push('HELPDESK_TEAMS_CHANNEL_ID needs MicrosoftAppId: Teams accepts proactive posts only from the app');
  return channel;
}

/** The web chat page and its Direct Line: limits, lifetimes and the token secret. */
function readWebChat(read: Reader, problems: string[]): WebChatConfig {
  const secret = read.raw('DIRECTLINE_SECRET');
  if (secret !== '' && secret.length < 32)
    problems.push(
      `DIRECTLINE_SECRET must be at least 32 characters (now ${secret.length}); leave it empty to generate one`,
    );
  const tokenTtlSeconds = read.integer('DIRECTLINE_TOKEN_TTL_SECONDS', 60, 86400);
  const conversationTtlSeconds = read.integer('DIRECTLINE_CONVERSATION_TTL_SECONDS', 300, 2592000);
  return {
    enabled: read.boolean('WEBCHAT_ENABLED'),
    secret,
    tokenTtlSeconds,
    conversationTtlSeconds,
    maxActivities: read.integer('DIRECTLINE_MAX_ACTIVITIES', 20, 5000),
    conversationsPerMinute: read.integer('DIRECTLINE_CONVERSATIONS_PER_MINUTE', 1, 100000),
    messagesPerMinute: read.integer('DIRECTLINE_MESSAGES_PER_MINUTE', 1, 10000),
    pollsPerMinute: read.integer('DIRECTLINE_POLLS_PER_MINUTE', 10, 100000),
  };
}

/** The Teams app listing, with the manifest schema's length limits and formats checked per key. */
function readTeamsApp(read: Reader, problems: string[]): TeamsAppConfig {
  const text = (key: ConfigKey, max: number): string => {
    const value = read.raw(key);
    if (value === '' || value.length > max)
      problems.push(`${key} must be 1 to ${max} characters (now ${value.length})`);
    return value;
  };
  const https = (key: ConfigKey): string => {
    const value = read.raw(key);
    if (!/^https:\/\/[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$/i.test(value) || value.length > 2048)
      problems.push(`${key}="${value}" must be an https URL`);
    return value;
  };
  const appId = read.raw('TEAMS_APP_ID');
  if (appId !== '' && !GUID.test(appId)) problems.push(`TEAMS_APP_ID="${appId}" must be a GUID`);
  const version = read.raw('TEAMS_APP_VERSION');
  if (!/^\d{1,5}\.\d{1,5}\.\d{1,5}$/.test(version)) problems.push(`TEAMS_APP_VERSION="${version}" must be x.y.z`);
  const accentHex = read.raw('TEAMS_ACCENT_COLOR').replace(/^#/, '');
  if (!/^[0-9a-f]{6}$/i.test(accentHex))
    problems.push(`TEAMS_ACCENT_COLOR="${accentHex}" must be six hex digits (RRGGBB)`);
  const accentColor = `#${accentHex.toUpperCase()}`;
  const validDomains = read
    .raw('TEAMS_VALID_DOMAINS')
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '');
  for (const domain of validDomains)
    if (!/^(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i.test(domain))
      problems.push(`TEAMS_VALID_DOMAINS contains "${domain}", which is not a domain name (no scheme, no path)`);
  return {
    appId: appId.toLowerCase(),
    version,
    shortName: text('TEAMS_APP_NAME', 30),
    fullName: text('TEAMS_APP_FULL_NAME', 100),
    shortDescription: text('TEAMS_APP_DESCRIPTION', 80),
    fullDescription: text('TEAMS_APP_FULL_DESCRIPTION', 4000),
    developerName: text('TEAMS_DEVELOPER_NAME', 32),
    websiteUrl: https('TEAMS_DEVELOPER_URL'),
    privacyUrl: https('TEAMS_PRIVACY_URL'),
    termsOfUseUrl: https('TEAMS_TERMS_URL'),
    accentColor,
    validDomains,
  };
}
