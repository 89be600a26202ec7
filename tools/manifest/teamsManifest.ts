import type { TeamsAppConfig } from '../../bot/config.js';
import type { CommandSpec } from '../../conversation/commands/commandSpec.js';
import { messages } from '../../replies/messages.js';
import { KNOWLEDGE_SEARCH_COMMAND_ID, KNOWLEDGE_SEARCH_PARAMETER } from '../../conversation/composeSearch.js';

/** The manifest schema this package targets: the newest Microsoft Learn documents, bundled offline by `@microsoft/app-manifest`. */
export const MANIFEST_VERSION = '1.22';
export const MANIFEST_SCHEMA_URL = `https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`;

/** Teams shows at most this many commands per scope (schema `commandLists[].commands` maxItems). */
export const MAX_LISTED_COMMANDS = 10;
const MAX_COMMAND_TITLE = 128;
const MAX_COMMAND_DESCRIPTION = 4000;

/**
 * Commands left out of the Teams command menu because the menu holds ten; `/help` still lists them.
 * `/why` only makes sense right after an answer, `/sip` is the rarest of the offline checks.
 */
export const NOT_IN_TEAMS_MENU: readonly string[] = ['why', 'sip', 'forget-me'];

export const BOT_SCOPES = ['personal', 'team', 'groupChat'] as const;
/** The messaging extension's command and parameter are the ones the bot answers (conversation/composeSearch.ts). */
export { KNOWLEDGE_SEARCH_COMMAND_ID, KNOWLEDGE_SEARCH_PARAMETER } from '../../conversation/composeSearch.js';

export interface ManifestCommand {
  readonly title: string;
  readonly description: string;
}

/** The commands offered in Teams' menu: every command that is not admin-only, in the registry's order. */
export function teamsMenuCommands(specs: readonly CommandSpec[]): ManifestCommand[] {
  return specs
    .filter(
      (spec) =>
        !spec.requiresAdmin &&
        spec.requiresHelpdesk !== true &&
        spec.hidden !== true &&
        !NOT_IN_TEAMS_MENU.includes(spec.name),
    )
    .map((spec) => ({
      title: truncate(`/${spec.name}`, MAX_COMMAND_TITLE),
      description: truncate(spec.summary, MAX_COMMAND_DESCRIPTION),
    }));
}

export interface ManifestInput {
  readonly botId: string;
  readonly app: TeamsAppConfig;
  readonly specs: readonly CommandSpec[];
}

/** The whole manifest.json as an object; pure, so tests compare it with the registry. */
export function buildTeamsManifest({ botId, app, specs }: ManifestInput): Record<string, unknown> {
  const commands = teamsMenuCommands(specs);
  if (commands.length > MAX_LISTED_COMMANDS) {
    throw new Error(
      `${commands.length} commands for the Teams menu, which holds ${MAX_LISTED_COMMANDS}: add names to NOT_IN_TEAMS_MENU`,
    );
  }
  return {
    $schema: MANIFEST_SCHEMA_URL,
    manifestVersion: MANIFEST_VERSION,
    version: app.version,
    id: app.appId === '' ? botId : app.appId,
    developer: {
      name: app.developerName,
      websiteUrl: app.websiteUrl,
      privacyUrl: app.privacyUrl,
      termsOfUseUrl: app.termsOfUseUrl,
    },
    name: { short: app.shortName, full: app.fullName },
    description: { short: app.shortDescription, full: app.fullDescription },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: app.accentColor,
    bots: [
      {
        botId,
        scopes: [...BOT_SCOPES],
        supportsFiles: false,
        isNotificationOnly: false,
        commandLists: BOT_SCOPES.map((scope) => ({ scopes: [scope], commands })),
      },
    ],
    composeExtensions: [knowledgeSearchExtension(botId)],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: [...app.validDomains],
  };
}

/** The search-based messaging extension: type in any compose box, pick an entry, insert its card. */
function knowledgeSearchExtension(botId: string): Record<string, unknown> {
  return {
    botId,
    composeExtensionType: 'botBased',
    commands: [
      {
        id: KNOWLEDGE_SEARCH_COMMAND_ID,
        type: 'query',
        title: messages.composeExtension.commandTitle,
        description: messages.composeExtension.commandDescription,
        initialRun: false,
        context: ['compose', 'commandBox'],
        parameters: [
          {
            name: KNOWLEDGE_SEARCH_PARAMETER,
            title: messages.composeExtension.parameterTitle,
            description: messages.composeExtension.parameterDescription,
            inputType: 'text',
          },
        ],
      },
    ],
  };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
