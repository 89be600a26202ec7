import assert from 'node:assert/strict';
import { commandContext, type RecordedAnswer } from '../../support/commandContext.js';
import { renderMarkdown } from '../../../replies/render.js';
import type {
  Caller,
  CommandContext,
  CommandOutcome,
  CommandSpec,
} from '../../../conversation/commands/commandSpec.js';
import { parseArguments, type CommandRegistry } from '../../../conversation/commands/registry.js';
import { createLogger } from '../../../core/logger.js';
import type { SafeFetchResult } from '../../../diagnostics/safeFetch.js';
import type { KnowledgeStore } from '../../../knowledge/knowledgeStore.js';
import type { BotServices } from '../../../conversation/services.js';
import { markdownOf as markdownOfReplies, sharedApp } from '../../support/harness.js';
import type { UserProfile } from '../../../dialogs/profile.js';

/*
 * The handlers on their own: each returns an outcome (reply, search, beginTree, setProfile) and
 * never sends anything, so they are checked here without a turn, against the real content.
 */

const USER: Caller = { id: 'u', channelId: 'msteams', aadObjectId: 'aad-u', isAdmin: false };
const ADMIN: Caller = { id: 'a', channelId: 'msteams', aadObjectId: 'aad-a', isAdmin: true };

let config: BotServices['config'];
let registry: CommandRegistry;
let knowledge: KnowledgeStore;

/** Probes must never reach the network here: a fetch that fails the test, a resolver that refuses. */
const probes = {
  fetch: (): Promise<SafeFetchResult> =>
    Promise.reject(new assert.AssertionError({ message: 'a handler test must not fetch' })),
  resolver: {
    lookup: (): Promise<Array<{ address: string; family: number }>> =>
      Promise.reject(new assert.AssertionError({ message: 'a handler test must not resolve' })),
    resolveSrv: (): Promise<never> =>
      Promise.reject(new assert.AssertionError({ message: 'a handler test must not resolve' })),
  },
};

function ctx(caller: Caller = USER, profile: UserProfile = {}): CommandContext & { readonly calls: RecordedAnswer[] } {
  return commandContext(
    { config, logger: createLogger('silent'), knowledge, startedAt: new Date(Date.now() - 5000), probes },
    caller,
    profile,
  );
}

function spec(name: string): CommandSpec {
  const found = registry.find(name);
  assert.ok(found, `/${name} exists`);
  return found;
}

/** Parses like the registry does, then runs the handler directly. */
async function run(name: string, raw = '', context: CommandContext = ctx()): Promise<CommandOutcome> {
  const s = spec(name);
  const parsed = parseArguments(s, raw);
  if (!parsed.ok) assert.fail(parsed.problem);
  return s.run(context, parsed.values);
}

function markdownOf(outcome: CommandOutcome): string {
  assert.ok(outcome.kind === 'reply' || outcome.kind === 'setProfile', `expected replies, got ${outcome.kind}`);
  return markdownOfReplies(outcome.replies);
}

describe('command handlers (no turn)', function () {
  this.timeout(20_000);

  before(function () {
    this.timeout(60_000);
    // The real app's registry and content; the handlers get services of their own (probes that fail).
    const app = sharedApp();
    ({ config, knowledge } = app.services);
    registry = app.commands;
  });

  describe('search-like commands ask the free-text answers and reply with what they say', () => {
    /** Runs the command and returns what it asked the answers, and the replies it gave. */
    async function asked(name: string, raw = ''): Promise<{ calls: RecordedAnswer[]; markdown: string }> {
      const context = ctx();
      const outcome = await run(name, raw, context);
      return { calls: context.calls, markdown: markdownOf(outcome) };
    }
    it('/search', async () =>
      assert.deepEqual(await asked('search', 'presence missing in outlook'), {
        calls: [{ kind: 'search', text: 'presence missing in outlook' }],
        markdown: 'search: presence missing in outlook',
      }));
    it('/explain keeps a multi-line block intact', async () => {
      const block =
        'Test-CsExStorageConnectivity : ExCreateItem exchange operation failed, code=50043,\nAt line:1 char:1\n+ Test-CsExStorageConnectivity -SipUri "sip:bob@contoso.com"';
      assert.deepEqual((await asked('explain', block)).calls, [{ kind: 'explain', text: block }]);
    });
    it('/explain keeps the quotes of a pasted error that only looks quoted as a whole', async () => {
      // Opens with " and closes with ': two different quotes, so nothing is to be stripped.
      const pasted = `"Cannot find path 'C:\\Program Files\\Skype'`;
      assert.deepEqual((await asked('explain', pasted)).calls, [{ kind: 'explain', text: pasted }]);
    });
    it('/why', async () => assert.deepEqual((await asked('why')).calls, [{ kind: 'why' }]));
    it('/kb with words that are not an id or number', async () =>
      assert.deepEqual((await asked('kb', 'contact list read only')).calls, [
        { kind: 'search', text: 'contact list read only' },
      ]));
  });

  describe('/kb', () => {
    it('a KB number cited by several entries: the article with each entry as a button', async () => {
      const outcome = await run('kb', '2811654');
      assert.equal(outcome.kind, 'reply');
      assert.match(markdownOf(outcome), /KB 2811654/);
    });
    it('an entry id with a part, case-insensitively', async () => {
      assert.match(markdownOf(await run('kb', 'UCS-Contact-List-Read-Only PowerShell')), /: PowerShell\*\*/);
    });
    it('only the part word is not taken as a part', async () => {
      const context = ctx();
      await run('kb', 'powershell', context);
      assert.deepEqual(context.calls, [{ kind: 'search', text: 'powershell' }]);
    });
    it('an unknown KB number', async () => {
      assert.match(markdownOf(await run('kb', '1234567')), /KB 1234567 is not one I know/);
    });
  });

  describe('/troubleshoot', () => {
    it('by id: beginTree', async () =>
      assert.deepEqual(await run('troubleshoot', 'ucs-contact-list'), {
        kind: 'beginTree',
        treeId: 'ucs-contact-list',
      }));
    it('by id in another case', async () =>
      assert.deepEqual(await run('troubleshoot', 'UCS-Contact-List'), {
        kind: 'beginTree',
        treeId: 'ucs-contact-list',
      }));
    it('by words of the title', async () =>
      assert.deepEqual(await run('troubleshoot', 'skype meeting'), {
        kind: 'beginTree',
        treeId: 'skype-meeting-insert-error',
      }));
    it('unknown: a reply with every troubleshooter as a button', async () => {
      const outcome = await run('troubleshoot', 'nope');
      assert.equal(outcome.kind, 'reply');
      assert.equal(outcome.replies[0]?.buttons?.length, knowledge.current.trees.size);
    });
  });

  describe('/profile', () => {
    it('sets one field and keeps the others', async () => {
      const outcome = await run(
        'profile',
        'sfb lync-2013',
        ctx(USER, { exchange: ['exchange-2013'], client: ['owa'] }),
      );
      assert.equal(outcome.kind, 'setProfile');
      assert.deepEqual(outcome.profile, { exchange: ['exchange-2013'], sfb: ['lync-2013'], client: ['owa'] });
    });
    it('accepts unknown as a value and lower-cases what it stores', async () => {
      const outcome = await run('profile', 'Client UNKNOWN');
      assert.equal(outcome.kind, 'setProfile');
      assert.deepEqual(outcome.profile, { client: ['unknown'] });
    });
    it('reset empties the profile', async () => {
      const outcome = await run('profile', 'RESET', ctx(USER, { exchange: ['exchange-2013'] }));
      assert.equal(outcome.kind, 'setProfile');
      assert.deepEqual(outcome.profile, {});
    });
    it('a value of another field is refused', async () => {
      assert.equal((await run('profile', 'exchange sfb-server')).kind, 'reply');
    });
  });

  describe('/msa, /check-url, /sip answer offline', () => {
    it('/msa (the address repeats what was typed, so it is quoted)', async () =>
      assert.match(markdownOf(await run('msa', 'Bob@Contoso.com')), /Bob\\\(contoso\.com\\\)@msn\.com/));
    it('/msa never echoes a live link', async () => {
      const md = markdownOf(await run('msa', '[Verify](https://evil.example/login)@x.com'));
      assert.doesNotMatch(renderMarkdown(md, 'webchat'), /\[Verify\]\(https:\/\/evil/);
      assert.match(md, /`https:\/\/evil\.example\/login`/, 'the address is shown as code');
    });
    it('/check-url', async () =>
      assert.match(
        markdownOf(await run('check-url', 'https://autodiscover.contoso.com/autodiscover/autodiscover.xml')),
        /autodiscover\.svc/,
      ));
    it('/sip', async () =>
      assert.match(markdownOf(await run('sip', 'sip:bob@contoso.com')), /well-formed SIP address/));
  });

  describe('admin handlers', () => {
    it('/stats reports the store counts and uptime', async () => {
      const md = markdownOf(await run('stats', '', ctx(ADMIN)));
      const c = knowledge.counts();
      assert.match(md, new RegExp(`Entries: ${c.entries}\\n- Troubleshooters: ${c.trees}`));
      assert.match(md, /Uptime: [5-9] s/);
    });

    it('/probe-metadata on an IP literal fetches nothing', async () => {
      const md = markdownOf(await run('probe-metadata', 'https://127.0.0.1/metadata/json/1', ctx(ADMIN)));
      assert.match(md, /127\.0\.0\.1/);
    });

    it('/probe-autodiscover on an invalid domain resolves nothing', async () => {
      assert.match(markdownOf(await run('probe-autodiscover', 'contoso', ctx(ADMIN))), /not a valid domain name/);
    });

    it('the registry refuses them to a non-admin before the handler runs', async () => {
      for (const name of ['probe-metadata', 'probe-autodiscover', 'stats', 'reload']) {
        const outcome = await registry.execute(name, 'x', ctx(USER));
        assert.match(markdownOf(outcome), /is an admin command/, name);
      }
    });
  });
});
