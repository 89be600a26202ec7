import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { ActivityTypes, type Activity, type ChannelAccount } from 'botbuilder';
import type { App } from '../../bot/app.js';
import { PROJECT_ROOT } from '../../bot/config.js';
import { createLogger, type Logger } from '../../core/logger.js';
import { analyticsMessages, messages } from '../../replies/messages.js';
import type { AutodiscoverResolver, SrvRecord } from '../../diagnostics/probeAutodiscover.js';
import { LEAF_CERT, pemBody } from '../unit/diagnostics/certs.js';
import { errno, FakeDns } from '../unit/diagnostics/helpers.js';
import { TestChat, buttonsOf, sharedApp, stringsIn, textOf, uniqueId, type AppSetup } from '../support/harness.js';

/*
 * Every slash command through the whole bot: the harness's TestChat, real content, real router,
 * registry, formatters and dialogs. Live probes get a fake DNS (injected through the app's options) and nock.
 */

const ADMIN_AAD = '00000000-0000-4000-8000-0000000000aa';
const OTHER_AAD = '00000000-0000-4000-8000-0000000000bb';
const PROBE_TIMEOUT_MS = 1000;

// ---- callers -----------------------------------------------------------------------------------

type Persona = 'admin' | 'user' | 'operator' | 'webchat';

const PERSONAS: Readonly<Record<Persona, { readonly channelId: string; readonly from: ChannelAccount }>> = {
  /** A Teams user whose AAD object id is on ADMIN_AAD_OBJECT_IDS. */
  admin: { channelId: 'msteams', from: { id: '29:admin', name: 'Ada Admin', aadObjectId: ADMIN_AAD } },
  /** A Teams user with another AAD object id. */
  user: { channelId: 'msteams', from: { id: '29:user', name: 'Uma User', aadObjectId: OTHER_AAD } },
  /** The local operator on the terminal channel (its turns are marked by the terminal adapter): always admin. */
  operator: { channelId: 'terminal', from: { id: 'local-operator', name: 'operator' } },
  /** Web chat whose (client-chosen) from.id equals the admin's AAD id: never admin. */
  webchat: { channelId: 'webchat', from: { id: ADMIN_AAD, name: 'Eve' } },
};

// ---- log capture -------------------------------------------------------------------------------

const logLines: string[] = [];
const logger: Logger = createLogger('info', (line) => logLines.push(line));

interface AuditRecord {
  readonly msg: string;
  readonly who?: string;
  readonly whoName?: string;
  readonly channel?: string;
  readonly command?: string;
  readonly args?: string;
  readonly outcome?: string;
}

/** Audit lines written since `mark` (an index into logLines). */
function auditSince(mark: number): AuditRecord[] {
  return logLines
    .slice(mark)
    .map((line) => JSON.parse(line) as AuditRecord)
    .filter((r) => r.msg === 'admin command');
}

// ---- a switchable fake DNS for the probes ------------------------------------------------------

const SRV_CONTOSO: Record<string, SrvRecord[]> = {
  '_autodiscover._tcp.contoso.test': [{ name: 'autodiscover.contoso.test', port: 443, priority: 0, weight: 0 }],
};

function defaultDns(): FakeDns {
  return new FakeDns(
    {
      'fe.contoso.test': ['52.112.0.10'],
      'autodiscover.contoso.test': ['52.112.0.20'],
      'loop.contoso.test': ['127.0.0.1'],
      'autodiscover.fabrikam.test': ['52.112.0.30'],
      'autodiscover.internal.test': ['10.1.1.1'],
    },
    {
      ...SRV_CONTOSO,
      '_autodiscover._tcp.fabrikam.test': errno('ENODATA', 'querySrv ENODATA _autodiscover._tcp.fabrikam.test'),
    },
  );
}

let dns = defaultDns();
/** Delegates to the current {@link dns}, so each test can see its own calls. */
const switchableResolver: AutodiscoverResolver = {
  lookup: (host) => dns.lookup(host),
  resolveSrv: (name) => dns.resolveSrv(name),
};

// ---- apps and conversations --------------------------------------------------------------------

/** Every app of this file logs to logLines, has these admins and timeouts, and the fake DNS. */
const SETUP: AppSetup = { logger, options: { probes: { resolver: switchableResolver } } };

/** The real app for an environment, built once (loading the content is the slow part). */
function appFor(env: Record<string, string> = {}): App {
  return sharedApp({ ADMIN_AAD_OBJECT_IDS: ADMIN_AAD, PROBE_TIMEOUT_MS: String(PROBE_TIMEOUT_MS), ...env }, SETUP);
}

/** What the bot sent back for one message: texts and button texts, with Markdown escapes removed. */
interface Turn {
  readonly activities: Partial<Activity>[];
  readonly texts: string[];
  /** All texts joined, HTML entities decoded and Markdown backslash escapes removed. */
  readonly all: string;
  readonly buttons: string[];
}

/** Undoes the channel rendering that gets in the way of assertions (`&lt;`, `\(`). */
function plain(text: string): string {
  return (
    text
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&')
      .replace(/\\([\\`*_{}[\]()#+\-.!<>|~&])/g, '$1')
      // Addresses in quoted text are shown as code so they are never live links.
      .replace(/`((?:https?:\/\/|www\.)[^`\s]+)`/g, '$1')
      // Auto-linked URLs and addresses: [x](x) and [a@b](mailto:a@b) read as x and a@b.
      .replace(/\[([^\]]+)\]\((?:mailto:)?\1\)/g, '$1')
  );
}

/**
 * One persona in one conversation with the bot: the harness chat on this persona's channel, as
 * this persona, with what the edge vouches for (the terminal process for the operator, a token for
 * Teams). Teams users get a fresh from.id per chat, so user state (the profile) never leaks
 * between tests; pass `userId` to continue as the same user. Terminal and web chat keep theirs.
 */
function personaChat(app: App, persona: Persona, userId?: string): TestChat {
  const { channelId, from } = PERSONAS[persona];
  const teams = channelId === 'msteams';
  return new TestChat(app, {
    channelId,
    user: teams ? { ...from, id: userId ?? uniqueId(from.id) } : from,
    edge: persona === 'operator' ? 'operator' : teams ? 'verified' : 'none',
    logger,
  });
}

/** Sends a message (or a full activity) in a chat and returns every message the bot sent back, as a Turn. */
async function ask(chat: TestChat, message: string | Partial<Activity>): Promise<Turn> {
  const activities = await chat.send(
    typeof message === 'string'
      ? { type: ActivityTypes.Message, text: message }
      : { type: ActivityTypes.Message, ...message },
  );
  const texts = activities.map(textOf);
  for (const t of texts) assert.notEqual(t, messages.apology, 'the turn must not fail');
  return {
    activities,
    texts,
    all: plain(texts.join('\n\n')),
    buttons: activities.flatMap((a) => buttonsOf(a).map((b) => b.text)),
  };
}

const chat = (persona: Persona, env: Record<string, string> = {}): TestChat => personaChat(appFor(env), persona);

// ---- fixtures ----------------------------------------------------------------------------------

const SFB_ID = '00000004-0000-0ff1-ce00-000000000000';
const SFB_URL = 'https://fe.contoso.test/metadata/json/1';

/** A Skype for Business OAuth metadata document (keyValue in camel case, x509 signing certificate). */
function sfbMetadata(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    issuer: `${SFB_ID}@contoso.test`,
    keys: [{ keyValue: { type: 'x509Certificate', value: pemBody(LEAF_CERT) }, usage: 'signing' }],
    realm: 'contoso.test',
    serviceName: SFB_ID,
    ...extra,
  };
}

/** Test-CsExStorageConnectivity output as pasted from the Management Shell: ten lines. */
const PASTED_50043 = [
  'PS C:\\> Test-CsExStorageConnectivity -SipUri "sip:kenmyer@contoso.com" -Verbose',
  'VERBOSE: Workflow Instance ID 4f1c7c1e-2a8e-4c7a-9d1b-0f3a2b6c9e11, started.',
  'VERBOSE: Test-CsExStorageConnectivity started.',
  'Test-CsExStorageConnectivity : ExCreateItem exchange operation failed, code=50043,',
  'At line:1 char:1',
  '+ Test-CsExStorageConnectivity -SipUri "sip:kenmyer@contoso.com" -Verbose',
  '+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~',
  '    + CategoryInfo          : OperationStopped: (:) [Test-CsExStorageConnectivity], StoreException',
  '    + FullyQualifiedErrorId : Microsoft.Rtc.Management.Internal.Storage.StoreException',
  'VERBOSE: Test-CsExStorageConnectivity completed.',
].join('\n');

const ADMIN_COMMANDS = ['probe-metadata', 'probe-autodiscover', 'stats', 'reload'] as const;
/** The helpdesk's commands (admins are helpdesk too), listed after /handoff. */
const HELPDESK_COMMANDS = ['tickets', 'ticket'] as const;
const USER_COMMANDS = [
  'help',
  'kb',
  'search',
  'explain',
  'why',
  'troubleshoot',
  'matrix',
  'profile',
  'msa',
  'check-url',
  'sip',
  'handoff',
  'forget-me',
] as const;

/** The `/name` of each command listed by a /help reply, in order. */
function listedCommands(helpText: string): string[] {
  return [...helpText.matchAll(/^[-*] `?\/([a-z-]+)/gm)].map((m) => m[1] ?? '');
}

// ---- tests -------------------------------------------------------------------------------------

describe('slash commands through the bot (TestAdapter)', function () {
  this.timeout(20_000);

  before(function () {
    // Loading and validating the whole knowledge base is the slow part: do it once, up front.
    this.timeout(60_000);
    appFor();
    nock.disableNetConnect();
  });
  beforeEach(() => {
    dns = defaultDns();
  });
  afterEach(() => {
    nock.abortPendingRequests();
    nock.cleanAll();
  });
  after(() => {
    nock.enableNetConnect();
  });

  describe('/help', () => {
    it('lists every command, admin ones marked, to a Teams admin', async () => {
      const turn = await ask(chat('admin'), '/help');
      assert.deepEqual(listedCommands(turn.all), [...USER_COMMANDS, ...HELPDESK_COMMANDS, ...ADMIN_COMMANDS]);
      assert.match(turn.all, /^I troubleshoot/);
      for (const name of ADMIN_COMMANDS) assert.match(turn.all, new RegExp(`\`/${name}[^\\n]*_\\(admin\\)_`), name);
      assert.match(turn.all, /cancel.*start over.*back.*help/s, 'the global words are listed too');
      assert.deepEqual(turn.buttons, ['/troubleshoot', '/matrix']);
    });

    it('lists admin commands to the local operator (terminal)', async () => {
      const turn = await ask(chat('operator'), '/help');
      assert.deepEqual(listedCommands(turn.all), [...USER_COMMANDS, ...HELPDESK_COMMANDS, ...ADMIN_COMMANDS]);
      assert.equal(turn.activities[0]?.textFormat, 'plain');
    });

    for (const persona of ['user', 'webchat'] as const) {
      it(`hides /probe-metadata, /probe-autodiscover, /stats and /reload from a non-admin (${persona})`, async () => {
        const turn = await ask(chat(persona), '/help');
        assert.deepEqual(listedCommands(turn.all), [...USER_COMMANDS]);
        for (const name of ADMIN_COMMANDS) assert.ok(!turn.all.includes(`/${name}`), `${name} must not be shown`);
        assert.doesNotMatch(turn.all, /_\(admin\)_/);
      });
    }

    it('the word "help" gives the same role-filtered list', async () => {
      const user = await ask(chat('user'), 'help');
      const admin = await ask(chat('admin'), 'help');
      assert.deepEqual(listedCommands(user.all), [...USER_COMMANDS]);
      assert.equal(listedCommands(admin.all).length, 19);
    });

    it('/help <command> shows usage, arguments, aliases and examples', async () => {
      const turn = await ask(chat('user'), '/help kb');
      assert.match(turn.all, /\*\*\/kb <number\|id\|text> \[cause\|powershell\|verify\|links\|full\]\*\*/);
      assert.match(turn.all, /`<query>`: A Microsoft KB number/);
      assert.match(turn.all, /Also: `\/entry`, `\/article`/);
      assert.match(turn.all, /Examples:\n+- `\/kb 2811654`/);
    });

    it('/help accepts the name with a slash, an alias, any case and quotes', async () => {
      const c = chat('user');
      for (const text of ['/help /kb', '/help entry', '/help KB', '/help "kb"']) {
        assert.match((await ask(c, text)).all, /\*\*\/kb <number/, text);
      }
    });

    it('/help <command> marks optional arguments and lists choices', async () => {
      const turn = await ask(chat('user'), '/help profile');
      assert.match(turn.all, /`<action>` \(optional\)/);
      assert.match(turn.all, /`<value>` \(optional\)/);
    });

    it('/help <admin command> explains it to an admin', async () => {
      const turn = await ask(chat('admin'), '/help probe-metadata');
      assert.match(turn.all, /\*\*\/probe-metadata <url>\*\*/);
      assert.match(turn.all, /`<url>`: https:\/\/<fe>\/metadata\/json\/1/);
    });

    for (const persona of ['user', 'webchat'] as const) {
      it(`/help <admin command> does not reveal it to a non-admin (${persona})`, async () => {
        const c = chat(persona);
        for (const name of ADMIN_COMMANDS) {
          const turn = await ask(c, `/help ${name}`);
          assert.deepEqual(
            [turn.all],
            [messages.commands.helpUnknown(name)],
            'the same answer as for a command that does not exist',
          );
        }
      });
    }

    it('/help <unknown> says so', async () => {
      assert.match((await ask(chat('user'), '/help nosuch')).all, /There is no command `\/nosuch` that you can use/);
    });

    it('/help with two arguments is a usage error', async () => {
      const turn = await ask(chat('user'), '/help kb matrix');
      assert.match(turn.all, /I did not expect `matrix` here/);
      assert.match(turn.all, /Usage: `\/help \[command\]`/);
    });
  });

  describe('parsing', () => {
    it('command names are case-insensitive: /HELP, /Kb 2811654, /MSA', async () => {
      const c = chat('user');
      assert.match((await ask(c, '/HELP')).all, /^I troubleshoot/);
      assert.match((await ask(c, '/Kb 2811654')).all, /KB 2811654.*Lync contact list is empty or read-only/);
      assert.match((await ask(c, '/MSA bob@contoso.com')).all, /bob\(contoso\.com\)@msn\.com/);
    });

    it('aliases run the same command', async () => {
      const c = chat('user');
      const pairs: Array<[string, RegExp]> = [
        ['/commands', /^I troubleshoot/],
        ['/entry 2811654', /KB 2811654/],
        ['/article 2811654', /KB 2811654/],
        ['/support exchange-2013 sfb-server', /Exchange Server 2013 with Skype for Business Server/],
        ['/checkurl https://autodiscover.contoso.com/autodiscover/autodiscover.xml', /URL check/],
        ['/url https://autodiscover.contoso.com/autodiscover/autodiscover.xml', /URL check/],
        ['/human', /contact your helpdesk/],
        ['/agent', /contact your helpdesk/],
        ['/error code=5', /RTCUniversalUserAdmins/],
      ];
      for (const [text, pattern] of pairs) assert.match((await ask(c, text)).all, pattern, text);
      assert.match((await ask(c, '/guide')).all, /^Guided troubleshooters:/);
      assert.match((await ask(c, '/tree')).all, /^Guided troubleshooters:/);
    });

    it('quoted arguments: straight, single and typographic quotes', async () => {
      const c = chat('user');
      assert.match((await ask(c, '/msa "bob@contoso.com"')).all, /Type \*\*bob\(contoso\.com\)@msn\.com\*\*/);
      assert.match((await ask(c, "/msa 'bob@contoso.com'")).all, /Type \*\*bob\(contoso\.com\)@msn\.com\*\*/);
      assert.match((await ask(c, '/msa “bob@contoso.com”')).all, /Type \*\*bob\(contoso\.com\)@msn\.com\*\*/);
      assert.match((await ask(c, '/profile "exchange" "exchange-2013"')).all, /Remembered: exchange = `exchange-2013`/);
      const url = await ask(c, '/check-url "https://autodiscover.contoso.com/autodiscover/autodiscover.xml"');
      assert.doesNotMatch(url.all, /contains spaces|quote/i);
      assert.match(
        url.all,
        /-ExchangeAutodiscoverUrl "https:\/\/autodiscover\.contoso\.com\/autodiscover\/autodiscover\.svc"/,
      );
    });

    it('a quoted argument with a blank stays one argument', async () => {
      const turn = await ask(chat('user'), '/msa "bob smith@contoso.com"');
      assert.doesNotMatch(turn.all, /did not expect/);
    });

    it('a pasted multi-line PowerShell block is the last argument of /explain', async () => {
      const c = chat('user');
      const turn = await ask(c, `/explain ${PASTED_50043}`);
      assert.match(turn.all, /I recognised .*code=50043/);
      assert.match(turn.all, /autodiscover\.svc/);
      // The block also works when it starts on the line after the command.
      assert.match((await ask(c, `/explain\n${PASTED_50043}`)).all, /code=50043.*autodiscover\.svc/s);
      // And /why saw the whole block, not just its first line.
      assert.match((await ask(c, '/why')).all, /error code or message that identifies one entry exactly/);
    });

    it('`@Bot /cmd` in a Teams channel message runs the command', async () => {
      const c = chat('user');
      const bot = c.bot;
      const turn = await ask(c, {
        text: '<at>Troubleshooter</at> /Kb 2811654',
        recipient: bot,
        conversation: {
          id: uniqueId('commands-test-channel'),
          isGroup: true,
          conversationType: 'channel',
          name: 'General',
        },
        entities: [
          { type: 'mention', mentioned: { id: bot.id, name: 'Troubleshooter' }, text: '<at>Troubleshooter</at>' },
        ],
      });
      assert.match(turn.all, /KB 2811654/);
    });

    it('`@Bot /probe-metadata` in a channel is still refused to a non-admin', async () => {
      const c = chat('user');
      const bot = c.bot;
      const turn = await ask(c, {
        text: '<at>Troubleshooter</at> /probe-metadata https://127.0.0.1/metadata/json/1',
        recipient: bot,
        conversation: {
          id: uniqueId('commands-test-channel'),
          isGroup: true,
          conversationType: 'channel',
          name: 'General',
        },
        entities: [
          { type: 'mention', mentioned: { id: bot.id, name: 'Troubleshooter' }, text: '<at>Troubleshooter</at>' },
        ],
      });
      assert.match(turn.all, /`\/probe-metadata` is an admin command/);
    });

    it('a button click (messageBack value { text }) runs the command', async () => {
      assert.match(
        (await ask(chat('user'), { text: '', value: { text: '/matrix exchange-2016 sfb-server' } })).all,
        /Exchange Server 2016 with Skype for Business Server/,
      );
    });
  });

  describe('unknown commands', () => {
    it('"/matirx" suggests /matrix, with a button', async () => {
      const turn = await ask(chat('user'), '/matirx');
      assert.match(turn.all, /I don't know the command `\/matirx`\. Did you mean `\/matrix`\?/);
      assert.deepEqual(turn.buttons, ['/matrix', '/help']);
    });

    it('suggests by typo distance or prefix', async () => {
      const c = chat('user');
      assert.match((await ask(c, '/trubleshoot')).all, /Did you mean `\/troubleshoot`\?/);
      assert.match((await ask(c, '/profil')).all, /Did you mean `\/profile`\?/);
      assert.match((await ask(c, '/EXPLIAN error')).all, /Did you mean `\/explain`\?/);
    });

    it('an unrelated name points at /help', async () => {
      const turn = await ask(chat('user'), '/xylophone');
      assert.match(turn.all, /I don't know the command `\/xylophone`\. Type `\/help`/);
      assert.deepEqual(turn.buttons, ['/help']);
    });

    it('never suggests an admin command to a non-admin, but does to an admin', async () => {
      for (const persona of ['user', 'webchat'] as const) {
        const turn = await ask(chat(persona), '/relaod');
        assert.doesNotMatch(turn.all, /\/reload/, persona);
        assert.ok(!turn.buttons.includes('/reload'), persona);
      }
      assert.match((await ask(chat('admin'), '/relaod')).all, /Did you mean `\/reload`\?/);
      assert.match((await ask(chat('admin'), '/probe-metdata')).all, /Did you mean `\/probe-metadata`\?/);
    });
  });

  describe('/kb', () => {
    it('by KB number: the article and the entry citing it', async () => {
      const turn = await ask(chat('user'), '/kb 2811654');
      assert.match(turn.all, /\[KB 2811654\]\(https:\/\/support\.microsoft\.com\/help\/2811654\)/);
      assert.ok(
        turn.buttons.some((b) => b.startsWith('/kb ucs-contact-list-read-only')),
        turn.buttons.join(),
      );
    });

    it('"KB" prefix and entry ids with a part', async () => {
      const c = chat('user');
      assert.match((await ask(c, '/kb KB2811654')).all, /KB 2811654/);
      const part = await ask(c, '/kb ucs-contact-list-read-only powershell');
      assert.match(part.all, /Contact list is empty or read-only .*: PowerShell/);
      assert.match(part.all, /Invoke-CsUcsRollback/);
      assert.match((await ask(c, '/kb exstorage-error-50043')).all, /code=50043/);
      assert.match((await ask(c, '/kb EXSTORAGE-ERROR-50043 Cause')).all, /code=50043: why it happens\*\*/);
    });

    it('an unknown KB number lists the ones it knows', async () => {
      const turn = await ask(chat('user'), '/kb 9999999');
      assert.match(turn.all, /KB 9999999 is not one I know/);
      assert.match(turn.all, /2811654/);
    });

    it('other text is searched', async () => {
      const turn = await ask(chat('user'), '/kb ExCreateItem exchange operation failed code=50043');
      assert.match(turn.all, /code=50043/);
    });

    it('missing argument: problem and usage', async () => {
      const turn = await ask(chat('user'), '/kb');
      assert.match(turn.all, /The argument <query> is missing\./);
      assert.match(turn.all, /Usage: `\/kb <number\|id\|text> \[cause\|powershell\|verify\|links\|full\]`/);
    });
  });

  describe('/search', () => {
    it('finds an entry for a symptom', async () => {
      const turn = await ask(chat('user'), '/search ExCreateItem exchange operation failed, code=5');
      assert.match(turn.all, /RTCUniversalUserAdmins/);
    });

    it('answers without starting a troubleshooter (it offers one instead)', async () => {
      const c = chat('user');
      const turn = await ask(c, '/search lync contacts read only');
      assert.doesNotMatch(
        turn.all,
        /Let's walk through it|I'll ask one thing at a time/,
        'the /search spec says: without starting a troubleshooter',
      );
      // Nothing is waiting for an answer: "cancel" has nothing to cancel.
      assert.match((await ask(c, 'cancel')).all, /nothing to cancel/i);
    });

    it('says honestly when nothing matches', async () => {
      assert.match(
        (await ask(chat('user'), '/search quantum chromodynamics lattice')).all,
        /I don't know the answer to/,
      );
    });

    it('missing argument: problem and usage', async () => {
      const turn = await ask(chat('user'), '/search');
      assert.match(turn.all, /The argument <text> is missing\.\n+Usage: `\/search <text>`/);
    });
  });

  describe('/explain', () => {
    it('done: `/explain ExCreateItem exchange operation failed, code=50043` mentions autodiscover.svc', async () => {
      const turn = await ask(chat('user'), '/explain ExCreateItem exchange operation failed, code=50043');
      assert.match(turn.texts[0] ?? '', /^I recognised/);
      assert.match(turn.all, /autodiscover\.svc/);
      assert.match(turn.all, /Set-CsOAuthConfiguration/);
      assert.ok(turn.buttons.includes('/why'));
    });

    it('done: `/explain ... code=5` names RTCUniversalUserAdmins', async () => {
      const turn = await ask(
        chat('user'),
        '/explain Test-CsExStorageConnectivity : ExCreateItem exchange operation failed, code=5',
      );
      assert.match(turn.all, /RTCUniversalUserAdmins/);
      assert.doesNotMatch(turn.texts[1] ?? '', /50043/, 'code=5 must not be mistaken for code=50043');
    });

    it('text without a known error says so and answers with the closest match', async () => {
      const turn = await ask(chat('user'), '/explain something odd happened with the thing');
      assert.match(turn.all, /I didn't recognise a specific error code or message/);
    });

    it('missing argument: problem and usage', async () => {
      const turn = await ask(chat('user'), '/explain');
      assert.match(turn.all, /The argument <error> is missing\.\n+Usage: `\/explain <pasted error>`/);
    });
  });

  describe('/why', () => {
    it('before any answer: nothing to explain', async () => {
      assert.match((await ask(chat('user'), '/why')).all, /There is no earlier answer to explain/);
    });

    it('after an answer: what matched and the decision', async () => {
      const c = chat('user');
      await ask(c, '/explain ExCreateItem exchange operation failed, code=50043');
      const turn = await ask(c, '/why');
      assert.match(
        turn.all,
        /^For "ExCreateItem exchange operation failed, code=50043", it contains an error code or message that identifies one entry exactly\./,
      );
      assert.match(
        turn.all,
        /1\. \*\*Test-CsExStorageConnectivity fails with ExCreateItem exchange operation failed, code=50043\*\* \(score \d\.\d\d\)/,
      );
    });

    it('takes no arguments', async () => {
      const turn = await ask(chat('user'), '/why now');
      assert.match(turn.all, /I did not expect `now` here\.\n+Usage: `\/why`/);
    });
  });

  describe('/troubleshoot', () => {
    it('lists the troubleshooters with a button each', async () => {
      const turn = await ask(chat('user'), '/troubleshoot');
      assert.match(turn.all, /^Guided troubleshooters:/);
      assert.match(turn.all, /`ucs-contact-list`/);
      assert.ok(turn.buttons.includes('/troubleshoot ucs-contact-list'));
      assert.equal(turn.buttons.length, appFor().services.knowledge.current.trees.size);
    });

    it('starts one by id or by words of its title', async () => {
      const byId = await ask(chat('user'), '/troubleshoot ucs-contact-list');
      assert.match(byId.all, /^\*\*Contact list read-only or empty \(Unified Contact Store\)\*\*/);
      assert.match(byId.all, /What is wrong with the contact list\?/);
      const byTitle = await ask(chat('user'), '/troubleshoot Skype meeting');
      assert.match(byTitle.all, /Error inserting Skype meeting details/);
    });

    it('an unknown troubleshooter: says so and offers the real ones', async () => {
      const turn = await ask(chat('user'), '/troubleshoot nosuchtree');
      assert.match(turn.all, /I have no troubleshooter `nosuchtree`/);
      assert.ok(turn.buttons.includes('/troubleshoot ucs-contact-list'));
    });

    it('a command in the middle of a troubleshooter is answered, then the step is re-prompted', async () => {
      const c = chat('user');
      await ask(c, '/troubleshoot ucs-contact-list');
      const aside = await ask(c, '/msa bob@contoso.com');
      // One post: the answer, then the step again below it.
      assert.equal(aside.texts.length, 1, aside.texts.join('\n---\n'));
      const [answer, step] = plain(aside.texts[0] ?? '').split(/\n\n(?=Back to )/);
      assert.match(answer ?? '', /bob\(contoso\.com\)@msn\.com/);
      assert.match(
        step ?? '',
        /^Back to \*\*Contact list read-only or empty \(Unified Contact Store\)\*\*:\s+What is wrong with the contact list\?/,
      );
      assert.deepEqual(
        buttonsOf(aside.activities[0]).map((b) => b.text),
        ["Read-only, can't edit", 'Empty, contacts gone', 'Contacts show offline'],
      );
      // A usage error and an unknown command re-prompt too.
      assert.match((await ask(c, '/msa')).all, /<email> is missing[\s\S]*Back to \*\*Contact list/);
      assert.match((await ask(c, '/matirx')).all, /Did you mean `\/matrix`\?[\s\S]*Back to \*\*Contact list/);
      // The troubleshooter then carries on from where it was.
      const next = await ask(c, "Read-only, can't edit");
      assert.match(next.all, /Which client does the user edit the contact list with\?/);
    });

    it('/troubleshoot <other> in the middle of one switches without re-prompting the old one', async () => {
      const c = chat('user');
      await ask(c, '/troubleshoot ucs-contact-list');
      const turn = await ask(c, '/troubleshoot skype-meeting-insert-error');
      assert.match(turn.all, /Error inserting Skype meeting details/);
      assert.doesNotMatch(turn.all, /Back to|contact list/);
    });
  });

  describe('/matrix', () => {
    it('no argument: the overview and topology buttons', async () => {
      const turn = await ask(chat('user'), '/matrix');
      assert.match(turn.all, /^\*\*Feature support matrix\*\*/);
      assert.ok(turn.buttons.includes('/matrix exchange-2010'));
    });

    it('a pair of topologies, by id or in words', async () => {
      const c = chat('user');
      const pair = await ask(c, '/matrix exchange-2010 sfb-online');
      assert.match(pair.all, /Exchange Server 2010 with Skype for Business Online/);
      assert.match(pair.all, /Not supported[\s\S]*Contact list via Unified Contact Store/);
      assert.match(
        (await ask(c, '/matrix Exchange Online SfB Server')).all,
        /Exchange Online .* with Skype for Business Server/,
      );
    });

    it('only the SfB side: asks which Exchange, with a button per Exchange', async () => {
      const turn = await ask(chat('user'), '/matrix sfb-server');
      assert.match(turn.all, /Which Exchange goes with Skype for Business Server/);
      assert.ok(turn.buttons.includes('/matrix exchange-2016 sfb-server'), turn.buttons.join());
    });

    it('an unreadable topology: says what it did not understand, with usage and the overview', async () => {
      const turn = await ask(chat('user'), '/matrix exchange-2016 foo');
      assert.match(turn.all, /I could not read a topology in `exchange-2016 foo` \(did not understand `foo`\)/);
      assert.match(turn.all, /Usage: `\/matrix <exchange> <sfb>`/);
      assert.match(turn.all, /Feature support matrix/);
    });
  });

  describe('/profile', () => {
    it('shows, sets, shows again, resets', async () => {
      const c = chat('user');
      const empty = await ask(c, '/profile');
      assert.match(empty.all, /- exchange: _not asked yet_\n- sfb: _not asked yet_\n- client: _not asked yet_/);
      assert.deepEqual(empty.buttons, ['/profile reset']);

      assert.match((await ask(c, '/profile exchange exchange-2016')).all, /Remembered: exchange = `exchange-2016`/);
      assert.match((await ask(c, '/profile SFB SFB-Server')).all, /Remembered: sfb = `sfb-server`/);
      const shown = await ask(c, '/profile');
      assert.match(shown.all, /- exchange: `exchange-2016`\n- sfb: `sfb-server`\n- client: _not asked yet_/);

      assert.match((await ask(c, '/profile reset')).all, /I have forgotten your deployment answers/);
      assert.match((await ask(c, '/profile')).all, /- exchange: _not asked yet_/);
    });

    it('the profile belongs to the user across conversations', async () => {
      const app = appFor();
      const id = uniqueId('29:same-user');
      await ask(personaChat(app, 'user', id), '/profile client owa');
      assert.match((await ask(personaChat(app, 'user', id), '/profile')).all, /- client: `owa`/);
      assert.match(
        (await ask(personaChat(app, 'user'), '/profile')).all,
        /- client: _not asked yet_/,
        'another user has their own profile',
      );
    });

    it('a bad value lists the valid ones', async () => {
      const turn = await ask(chat('user'), '/profile exchange exchange-2007');
      assert.match(
        turn.all,
        /Usage: `\/profile exchange <value>` with one of: `exchange-2010`, `exchange-2013`, `exchange-2016`, `exchange-online`, `unknown`\./,
      );
    });

    it('a field without a value lists the valid ones', async () => {
      assert.match(
        (await ask(chat('user'), '/profile client')).all,
        /Usage: `\/profile client <value>` with one of: `sfb-windows`/,
      );
    });

    it('a bad field gives the usage', async () => {
      assert.match(
        (await ask(chat('user'), '/profile colour red')).all,
        /^Usage: `\/profile`, `\/profile reset` or `\/profile <exchange\|sfb\|client> <value>`\.$/,
      );
    });

    it('too many arguments', async () => {
      assert.match(
        (await ask(chat('user'), '/profile exchange exchange-2016 now')).all,
        /I did not expect `now` here\.\n+Usage: `\/profile \[reset \| <field> <value>\]`/,
      );
    });
  });

  describe('/msa', () => {
    it('done: `/msa bob@contoso.com` gives bob(contoso.com)@msn.com', async () => {
      const turn = await ask(chat('user'), '/msa bob@contoso.com');
      assert.match(turn.all, /^Type \*\*bob\(contoso\.com\)@msn\.com\*\* in Lync/);
    });

    it('a Microsoft account domain is typed as is', async () => {
      const turn = await ask(chat('user'), '/msa bob@outlook.com');
      assert.match(turn.all, /outlook\.com is a Microsoft account domain/);
      assert.doesNotMatch(turn.all, /\(outlook\.com\)@msn\.com/);
    });

    it('not an email address: the reason and the usage', async () => {
      const turn = await ask(chat('user'), '/msa bob');
      assert.match(turn.all, /"bob" has no @/);
      assert.match(turn.all, /Usage: `\/msa <email>`, e.g. `\/msa bob@contoso\.com`/);
    });

    it('missing and extra arguments', async () => {
      const c = chat('user');
      assert.match((await ask(c, '/msa')).all, /The argument <email> is missing\.\n+Usage: `\/msa <email>`/);
      assert.match(
        (await ask(c, '/msa bob@contoso.com alice@contoso.com')).all,
        /I did not expect `alice@contoso\.com` here/,
      );
    });
  });

  describe('/check-url', () => {
    it('autodiscover.xml: flagged, with the corrected cmdlet', async () => {
      const turn = await ask(chat('user'), '/check-url https://autodiscover.contoso.com/autodiscover/autodiscover.xml');
      assert.match(turn.all, /^\*\*URL check\*\* \(autodiscover\)/);
      assert.match(turn.all, /❌ The URL ends in autodiscover\.xml/);
      assert.match(
        turn.all,
        /```powershell\nSet-CsOAuthConfiguration -ExchangeAutodiscoverUrl "https:\/\/autodiscover\.contoso\.com\/autodiscover\/autodiscover\.svc"\n```/,
      );
    });

    it('a good metadata URL has no failure', async () => {
      const turn = await ask(chat('user'), '/check-url https://fe.contoso.com/metadata/json/1');
      assert.doesNotMatch(turn.all, /❌/);
    });

    it('a pasted cmdlet line with the URL in it', async () => {
      const turn = await ask(
        chat('user'),
        '/check-url Set-CsOAuthConfiguration -ExchangeAutodiscoverUrl "http://autodiscover.contoso.com/autodiscover/autodiscover.svc"',
      );
      assert.match(turn.all, /https/);
      assert.match(turn.all, /❌/);
    });

    it('not a URL: explained, not crashed', async () => {
      const turn = await ask(chat('user'), '/check-url not a url');
      assert.match(turn.all, /URL check/);
      assert.match(turn.all, /❌/);
    });

    it('missing argument', async () => {
      assert.match(
        (await ask(chat('user'), '/check-url')).all,
        /The argument <url> is missing\.\n+Usage: `\/check-url <url>`/,
      );
    });
  });

  describe('/sip', () => {
    it('a SIP: proxy address', async () => {
      const turn = await ask(chat('user'), '/sip SIP:bob@contoso.com');
      assert.match(turn.all, /^\*\*SIP address check\*\*/);
      assert.match(
        turn.all,
        /✅ bob@contoso\.com is a well-formed SIP address|✅ \[bob@contoso\.com\]\(mailto:bob@contoso\.com\) is a well-formed SIP address/,
      );
      assert.doesNotMatch(turn.all, /❌/);
    });

    it('no @: a failure', async () => {
      assert.match((await ask(chat('user'), '/sip bob')).all, /❌ "bob" has no @/);
    });

    it('missing argument', async () => {
      assert.match(
        (await ask(chat('user'), '/sip')).all,
        /The argument <address> is missing\.\n+Usage: `\/sip <address>`/,
      );
    });
  });

  describe('/handoff', () => {
    it('what to tell the helpdesk', async () => {
      const turn = await ask(chat('user'), '/handoff');
      assert.match(turn.all, /^Please contact your helpdesk/);
      assert.match(turn.all, /exact error message/);
      assert.deepEqual(turn.buttons, ['/troubleshoot']);
    });

    it('takes no arguments', async () => {
      assert.match(
        (await ask(chat('user'), '/handoff please')).all,
        /I did not expect `please` here\.\n+Usage: `\/handoff`/,
      );
    });
  });

  describe('admin commands: who may run them, and the audit log', () => {
    for (const persona of ['user', 'webchat'] as const) {
      it(`refuses every admin command to a non-admin (${persona}) with the reason, and audit-logs it`, async () => {
        const c = chat(persona);
        for (const text of [
          '/probe-metadata https://127.0.0.1/metadata/json/1',
          '/probe-autodiscover contoso.test',
          '/stats',
          '/reload',
          '/STATS',
          '/reload now',
        ]) {
          const mark = logLines.length;
          const turn = await ask(c, text);
          const name = text.slice(1).split(' ')[0]?.toLowerCase() ?? '';
          assert.equal(turn.texts.length, 1, text);
          assert.match(
            turn.all,
            new RegExp(
              `^\`/${name}\` is an admin command and you are not on the admin list \\(ADMIN_AAD_OBJECT_IDS\\)`,
            ),
            text,
          );
          const audit = auditSince(mark);
          assert.equal(audit.length, 1, text);
          assert.equal(audit[0]?.command, name);
          assert.equal(audit[0].outcome, 'refused: not an admin');
          assert.equal(audit[0].channel, PERSONAS[persona].channelId);
          assert.equal(audit[0].whoName, PERSONAS[persona].from.name);
        }
        assert.deepEqual(dns.calls, [], 'a refused probe resolves nothing');
      });
    }

    it('the audit line of a Teams refusal names the AAD object id and the arguments', async () => {
      const mark = logLines.length;
      await ask(chat('user'), '/probe-metadata https://127.0.0.1/metadata/json/1');
      assert.deepEqual(auditSince(mark), [
        {
          ...auditSince(mark)[0],
          msg: 'admin command',
          who: OTHER_AAD,
          whoName: 'Uma User',
          channel: 'msteams',
          command: 'probe-metadata',
          args: 'https://127.0.0.1/metadata/json/1',
          outcome: 'refused: not an admin',
        },
      ]);
    });

    it('an AAD object id sent by web chat is not trusted either', async () => {
      const c = chat('webchat');
      const turn = await ask(c, { text: '/stats', from: { id: 'eve', name: 'Eve', aadObjectId: ADMIN_AAD } });
      assert.match(turn.all, /`\/stats` is an admin command/);
    });

    it('the audit line of a success says ok; ordinary commands are not audited', async () => {
      const mark = logLines.length;
      await ask(chat('admin'), '/stats');
      await ask(chat('admin'), '/help');
      const audit = auditSince(mark);
      assert.equal(audit.length, 1);
      assert.equal(audit[0]?.who, ADMIN_AAD);
      assert.equal(audit[0].whoName, 'Ada Admin');
      assert.equal(audit[0].channel, 'msteams');
      assert.equal(audit[0].command, 'stats');
      assert.equal(audit[0].outcome, 'ok');
    });

    it('bad arguments of an admin command are audited too', async () => {
      const mark = logLines.length;
      const turn = await ask(chat('admin'), '/probe-metadata');
      assert.match(turn.all, /The argument <url> is missing\.\n+Usage: `\/probe-metadata <url>`/);
      assert.equal(auditSince(mark)[0]?.outcome, 'bad arguments: The argument <url> is missing.');
    });

    it('the local operator (terminal) is an admin, audited by its id', async () => {
      const mark = logLines.length;
      const turn = await ask(chat('operator'), '/stats');
      assert.match(turn.all, /Entries: \d+/);
      assert.equal(auditSince(mark)[0]?.who, 'local-operator');
      assert.equal(auditSince(mark)[0]?.channel, 'terminal');
      assert.equal(auditSince(mark)[0]?.outcome, 'ok');
    });

    it("an admin's /probe-metadata https://127.0.0.1/… is refused by address policy (loopback), nothing fetched", async () => {
      const mark = logLines.length;
      const turn = await ask(chat('admin'), '/probe-metadata https://127.0.0.1/metadata/json/1');
      assert.match(turn.all, /^\*\*Metadata probe\*\*/);
      assert.match(turn.all, /127\.0\.0\.1/);
      assert.match(turn.all, /❌/);
      assert.doesNotMatch(turn.all, /HTTPS connection|Could not connect|Disallowed net connect/, 'nothing was fetched');
      assert.deepEqual(dns.calls, []);
      // Today the URL check refuses any IP literal ("use the DNS name"); the address policy's reason
      // (loopback, never probed) is what tells the admin that a DNS name pointing there fails too.
      assert.match(turn.all, /loopback/i, 'the reply should say the address is refused as a loopback address');
      assert.equal(auditSince(mark)[0]?.outcome, 'ok');
      assert.equal(auditSince(mark)[0]?.args, 'https://127.0.0.1/metadata/json/1');
    });

    it("an admin's probe of a name that resolves to loopback is refused by address policy", async () => {
      const turn = await ask(chat('admin'), '/probe-metadata https://loop.contoso.test/metadata/json/1');
      assert.match(
        turn.all,
        /loop\.contoso\.test resolves to 127\.0\.0\.1, which is a loopback address \(127\.0\.0\.0\/8\); probes do not connect to such addresses/,
      );
      assert.match(turn.all, /❌/);
      assert.deepEqual(dns.calls, ['lookup loop.contoso.test']);
    });
  });

  describe('/probe-metadata (admin, fake DNS + nock)', () => {
    it('a valid Skype for Business metadata document', async () => {
      const scope = nock('https://fe.contoso.test')
        .get('/metadata/json/1')
        .reply(200, sfbMetadata(), { 'Content-Type': 'application/json; charset=utf-8' });
      const turn = await ask(chat('admin'), `/probe-metadata ${SFB_URL}`);
      assert.match(
        turn.all,
        /^\*\*Metadata probe\*\*: The Skype for Business \/ Lync metadata document at https:\/\/fe\.contoso\.test\/metadata\/json\/1 is reachable, trusted and well-formed \(realm contoso\.test\)\./,
      );
      assert.match(turn.all, /✅ Key 1: x509 signing certificate "CN=autodiscover\.contoso\.test"/);
      assert.match(turn.all, /✅ serviceName 00000004-0000-0ff1-ce00-000000000000 \(Skype for Business \/ Lync\)/);
      assert.doesNotMatch(turn.all, /❌/);
      scope.done();
    });

    it('the terminal operator can probe too (plain text)', async () => {
      nock('https://fe.contoso.test').get('/metadata/json/1').reply(200, sfbMetadata());
      const turn = await ask(chat('operator'), `/probe-metadata "${SFB_URL}"`);
      assert.match(turn.all, /reachable, trusted and well-formed/);
      assert.equal(turn.activities[0]?.textFormat, 'plain');
    });

    it('404: explained (wrong path or not published)', async () => {
      nock('https://fe.contoso.test')
        .get('/metadata/json/1')
        .reply(404, '<html><head><title>404 - File or directory not found.</title></head></html>');
      const turn = await ask(chat('admin'), `/probe-metadata ${SFB_URL}`);
      assert.match(turn.all, /^\*\*Metadata probe\*\*: Problem with/);
      assert.match(
        turn.all,
        /❌ HTTP 404 Not Found: either the path is wrong .*\/metadata\/json\/1 on the Front End pool FQDN/,
      );
      assert.match(turn.all, /The error page says: "404 - File or directory not found\."/);
    });

    it('a body that is not JSON', async () => {
      nock('https://fe.contoso.test')
        .get('/metadata/json/1')
        .reply(200, 'this is not json', { 'Content-Type': 'text/plain' });
      const turn = await ask(chat('admin'), `/probe-metadata ${SFB_URL}`);
      assert.match(turn.all, /❌ The response is not JSON/);
    });

    it('JSON of the wrong shape', async () => {
      nock('https://fe.contoso.test').get('/metadata/json/1').reply(200, { hello: 'world' });
      const turn = await ask(chat('admin'), `/probe-metadata ${SFB_URL}`);
      assert.match(turn.all, /❌ serviceName is missing or not a GUID/);
      assert.match(turn.all, /❌ issuer is missing/);
      assert.match(turn.all, /❌ keys is missing or empty/);
    });

    it('keys without an x509 certificate', async () => {
      nock('https://fe.contoso.test')
        .get('/metadata/json/1')
        .reply(200, sfbMetadata({ keys: [{ keyValue: { type: 'rsa', value: 'abc' }, usage: 'signing' }] }));
      const turn = await ask(chat('admin'), `/probe-metadata ${SFB_URL}`);
      assert.match(turn.all, /❌ Key 1 is of type "rsa", not x509Certificate/);
    });

    it('TLS failure: a self-signed certificate, tied to the trust-relationship error', async () => {
      nock('https://fe.contoso.test')
        .get('/metadata/json/1')
        .replyWithError(errno('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'));
      const turn = await ask(chat('admin'), `/probe-metadata ${SFB_URL}`);
      assert.match(turn.all, /❌ TLS with fe\.contoso\.test failed: the certificate is self-signed/);
      assert.match(turn.all, /Could not establish trust relationship for the SSL\/TLS secure channel/);
    });

    it('timeout', async () => {
      nock('https://fe.contoso.test')
        .get('/metadata/json/1')
        .delay(PROBE_TIMEOUT_MS * 5)
        .reply(200, sfbMetadata());
      const turn = await ask(chat('admin'), `/probe-metadata ${SFB_URL}`);
      assert.match(turn.all, /❌ .*not answering in time/);
    });

    it('DNS name missing', async () => {
      const turn = await ask(chat('admin'), '/probe-metadata https://nofe.contoso.test/metadata/json/1');
      assert.match(turn.all, /❌ .*Create the DNS record/);
    });

    it('bad URLs are refused before any request', async () => {
      const c = chat('admin');
      assert.match((await ask(c, '/probe-metadata http://fe.contoso.test/metadata/json/1')).all, /❌ .*http:\/\//);
      assert.match(
        (await ask(c, '/probe-metadata https://autodiscover.contoso.test/autodiscover/autodiscover.svc')).all,
        /not a metadata document/,
      );
      assert.match((await ask(c, `/probe-metadata ${SFB_URL} extra`)).all, /I did not expect `extra` here/);
      assert.deepEqual(dns.calls, []);
    });
  });

  describe('/probe-autodiscover (admin, fake DNS + nock)', () => {
    it('SRV present, autodiscover.<domain> answers 401: reachable', async () => {
      const scope = nock('https://autodiscover.contoso.test')
        .get('/autodiscover/autodiscover.svc')
        .reply(401, '', { 'WWW-Authenticate': 'Negotiate' });
      const turn = await ask(chat('admin'), '/probe-autodiscover contoso.test');
      assert.match(
        turn.all,
        /^\*\*Autodiscover probe\*\*: Autodiscover for contoso\.test answers at https:\/\/autodiscover\.contoso\.test\/autodiscover\/autodiscover\.svc\./,
      );
      assert.match(turn.all, /✅ SRV _autodiscover\._tcp\.contoso\.test points to autodiscover\.contoso\.test:443/);
      assert.match(
        turn.all,
        /Set-CsOAuthConfiguration -ExchangeAutodiscoverUrl "https:\/\/autodiscover\.contoso\.test\/autodiscover\/autodiscover\.svc"/,
      );
      assert.deepEqual(dns.calls.slice(0, 2), [
        'srv _autodiscover._tcp.contoso.test',
        'lookup autodiscover.contoso.test',
      ]);
      scope.done();
    });

    it('SRV missing is fine when autodiscover.<domain> resolves', async () => {
      nock('https://autodiscover.fabrikam.test').get('/autodiscover/autodiscover.svc').reply(401);
      const turn = await ask(chat('admin'), '/probe-autodiscover fabrikam.test');
      assert.match(turn.all, /answers at https:\/\/autodiscover\.fabrikam\.test/);
      assert.match(turn.all, /ℹ️ No _autodiscover\._tcp\.fabrikam\.test SRV record\. It is optional/);
    });

    it('neither SRV nor A record: how to create them', async () => {
      const turn = await ask(chat('admin'), '/probe-autodiscover nowhere.test');
      assert.match(
        turn.all,
        /❌ Autodiscover cannot be found for nowhere\.test: create a DNS record for autodiscover\.nowhere\.test/,
      );
    });

    it('a private address is not probed, and says so', async () => {
      const turn = await ask(chat('admin'), '/probe-autodiscover internal.test');
      assert.match(turn.all, /could not be fully checked/);
      assert.match(
        turn.all,
        /autodiscover\.internal\.test resolves to 10\.1\.1\.1, a private address \(10\.0\.0\.0\/8\)/,
      );
      assert.match(turn.all, /the bot does not probe internal addresses/);
      // No interceptor is registered and net connect is disabled: a fetch would show up as a connect failure.
      assert.doesNotMatch(turn.all, /HTTPS connection|Could not connect|Disallowed net connect/);
      assert.deepEqual(dns.calls, ['srv _autodiscover._tcp.internal.test', 'lookup autodiscover.internal.test']);
    });

    it('an email address is accepted; a URL or an IP is not', async () => {
      const c = chat('admin');
      nock('https://autodiscover.contoso.test').get('/autodiscover/autodiscover.svc').reply(401);
      assert.match(
        (await ask(c, '/probe-autodiscover bob@contoso.test')).all,
        /Using the domain of the email address: contoso\.test/,
      );
      assert.match(
        (await ask(c, '/probe-autodiscover https://autodiscover.contoso.test/autodiscover/autodiscover.svc')).all,
        /Give just the domain \(for this URL probably contoso\.test\)/,
      );
      assert.match((await ask(c, '/probe-autodiscover 127.0.0.1')).all, /That is an IP address/);
    });

    it('TLS failure: a self-signed certificate', async () => {
      nock('https://autodiscover.contoso.test')
        .get('/autodiscover/autodiscover.svc')
        .replyWithError(errno('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'));
      const turn = await ask(chat('admin'), '/probe-autodiscover contoso.test');
      assert.match(turn.all, /❌ TLS with autodiscover\.contoso\.test failed: the certificate is self-signed/);
    });

    it('missing argument', async () => {
      assert.match(
        (await ask(chat('admin'), '/probe-autodiscover')).all,
        /The argument <domain> is missing\.\n+Usage: `\/probe-autodiscover <domain>`/,
      );
    });
  });

  describe('/stats', () => {
    it('counts, load time, uptime and memory', async () => {
      const turn = await ask(chat('admin'), '/stats');
      const counts = appFor().services.knowledge.counts();
      assert.match(
        turn.all,
        new RegExp(
          `- Entries: ${counts.entries}\\n- Troubleshooters: ${counts.trees}\\n- Matrix features: ${counts.matrixFeatures}\\n- KB articles: ${counts.kbArticles}`,
        ),
      );
      assert.match(turn.all, /- Content loaded: \d{4}-\d\d-\d\dT/);
      assert.match(turn.all, /- Uptime: \d+ s\n- Memory \(RSS\): \d+ MiB/);
    });

    it("shows the last 7 days' usage in one card: questions, rates and the questions without an answer", async () => {
      const c = chat('admin');
      await ask(c, 'how do I bake sourdough bread');
      await ask(c, 'conversation history not saved in outlook');
      const turn = await ask(c, '/stats');
      const card = turn.activities
        .flatMap((a) => a.attachments ?? [])
        .find((a) => stringsIn(a).includes(analyticsMessages.statsGapsTitle));
      assert.ok(card, turn.all);
      const texts = stringsIn(card);
      assert.ok(texts.some((t) => t.startsWith(analyticsMessages.statsTitle)));
      assert.ok(
        texts.some((t) => t.includes('how do I bake sourdough bread')),
        texts.join(' | '),
      );
      const questions = Number(/- Questions: (\d+)/.exec(turn.all)?.[1]);
      assert.ok(questions >= 2, turn.all);
    });

    it('takes no arguments', async () => {
      assert.match((await ask(chat('admin'), '/stats all')).all, /I did not expect `all` here\.\n+Usage: `\/stats`/);
    });
  });

  describe('/reload', () => {
    let dir: string;
    let env: Record<string, string>;
    const entryFile = (): string => path.join(dir, 'entries', 'exstorage-error-50043.md');
    const brokenFile = (): string => path.join(dir, 'entries', 'broken-entry.md');
    const OLD_TITLE = 'Test-CsExStorageConnectivity fails with ExCreateItem exchange operation failed, code=50043';
    const NEW_TITLE = 'Storage test fails with code=50043 (reloaded title)';

    before(function () {
      this.timeout(60_000);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'commands-test-content-'));
      fs.cpSync(path.join(PROJECT_ROOT, 'knowledge', 'content'), dir, { recursive: true });
      env = { KNOWLEDGE_DIR: dir };
      appFor(env);
    });
    after(() => {
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('reloads valid content', async () => {
      const mark = logLines.length;
      const turn = await ask(chat('admin'), '/reload');
      assert.match(turn.all, /^Reloaded: \d+ entries, \d+ troubleshooters, \d+ matrix features\.$/);
      assert.equal(auditSince(mark)[0]?.outcome, 'ok');
    });

    it('refuses broken content with file:line problems, keeps serving the old content, then reloads once fixed', async function () {
      this.timeout(60_000);
      const admin = chat('admin', env);
      const before = appFor(env).services.knowledge.counts();
      assert.match(
        (await ask(admin, '/kb exstorage-error-50043')).all,
        new RegExp(OLD_TITLE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
      );

      // A valid change (new title) together with a broken new entry: all or nothing.
      fs.writeFileSync(
        entryFile(),
        fs
          .readFileSync(entryFile(), 'utf8')
          .replace(/^title: .*$/m, `title: "${NEW_TITLE}"`)
          .replace(/^# .*$/m, `# ${NEW_TITLE}`),
      );
      fs.writeFileSync(brokenFile(), '---\nid: Broken Entry\ntitle: x\n---\n# x\n');
      const refused = await ask(admin, '/reload');
      assert.match(refused.all, /^Reload refused: \d+ problem\(s\)\. I am still serving the previous content\./);
      assert.match(refused.all, /`[^`]*entries\/broken-entry\.md:2: id: must be kebab-case[^`]*`/);
      for (const line of refused.all.split('\n').filter((l) => l.startsWith('- ')))
        assert.match(line, /^- `[^`]+\.(md|yaml):\d+: .+`$/, line);

      // The old content is still served, by /kb, by search, and by the counts.
      assert.deepEqual(appFor(env).services.knowledge.counts(), before);
      assert.match(
        (await ask(admin, '/kb exstorage-error-50043')).all,
        /fails with ExCreateItem exchange operation failed/,
      );
      assert.doesNotMatch((await ask(admin, '/kb exstorage-error-50043')).all, /reloaded title/);
      assert.match((await ask(admin, '/explain code=50043')).all, /autodiscover\.svc/);

      // Fixed: the reload goes through and the new title is served.
      fs.rmSync(brokenFile());
      const ok = await ask(admin, '/reload');
      assert.match(
        ok.all,
        new RegExp(
          `^Reloaded: ${before.entries} entries, ${before.trees} troubleshooters, ${before.matrixFeatures} matrix features\\.$`,
        ),
      );
      assert.match((await ask(admin, '/kb exstorage-error-50043')).all, /reloaded title/);
    });

    it('a non-admin cannot reload', async () => {
      assert.match((await ask(chat('user', env), '/reload')).all, /`\/reload` is an admin command/);
    });

    it('takes no arguments', async () => {
      assert.match((await ask(chat('admin'), '/reload now')).all, /I did not expect `now` here\.\n+Usage: `\/reload`/);
    });
  });
});
