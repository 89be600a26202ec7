import assert from 'node:assert/strict';
import { commandContext } from '../support/commandContext.js';
import { markdownOf, replyButtonsOf, sharedApp } from '../support/harness.js';
import { kbCommand } from '../../conversation/commands/kb.js';
import type { CommandOutcome } from '../../conversation/commands/commandSpec.js';
import type { Reply } from '../../replies/reply.js';
import { kbUrl, type Knowledge } from '../../knowledge/model.js';

/** `/kb` against the real content: every cited KB number and every entry answers. */

/** The KB numbers the sources cite (004 and the KB-backed entries); kb-articles.yaml may add more. */
const CITED_KBS = [
  '2566790',
  '2436962',
  '2787614',
  '2298541',
  '2435699',
  '2811654',
  '2757458',
  '2497721',
  '2860366',
  '2565604',
  '3120929',
  '2614242',
] as const;

const PARTS = ['cause', 'powershell', 'verify', 'links'] as const;

// Built at load time so the generated tests below can list the real KB numbers and entries.
const app = sharedApp();
const knowledge: Knowledge = app.services.knowledge.current;
const ctx = commandContext(app.services);

async function kb(query: string): Promise<readonly Reply[]> {
  const outcome: CommandOutcome = await kbCommand.run(ctx, { query });
  assert.equal(outcome.kind, 'reply', `/kb ${query} should reply, got ${outcome.kind}`);
  return outcome.replies;
}

function buttonTexts(replies: readonly Reply[]): string[] {
  return replyButtonsOf(replies).map((b) => b.text);
}

describe('/kb command (real content)', () => {
  it('knows every KB number the sources cite', () => {
    for (const n of CITED_KBS) assert.ok(knowledge.kbArticles.has(n), `KB ${n} is missing from kb-articles.yaml`);
  });

  describe('/kb <number>', () => {
    const numbers = [...new Set<string>([...CITED_KBS, ...knowledge.kbArticles.keys()])].sort();
    for (const n of numbers) {
      it(`/kb ${n} links the article and names the entries that cite it`, async () => {
        const replies = await kb(n);
        const text = markdownOf(replies);
        assert.ok(text.includes(`https://support.microsoft.com/help/${n}`), text);
        const citing = [...knowledge.entries.values()].filter((e) => e.kb.includes(n));
        assert.ok(citing.length >= 1, `no entry cites KB ${n}`);
        for (const e of citing) assert.ok(text.includes(e.title), `reply should name "${e.title}"`);
        if (citing.length > 1) {
          // Several entries: one button per entry (up to 6) opens it.
          const buttons = buttonTexts(replies);
          for (const e of citing.slice(0, 6)) assert.ok(buttons.includes(`/kb ${e.id}`), `button for ${e.id}`);
        } else {
          // One entry: the article, then the entry's overview.
          assert.equal(replies.length, 2);
          assert.ok(replies[1]?.markdown.startsWith(`## ${citing[0]?.title ?? ''}`));
        }
      });
    }

    it('accepts a "KB" prefix', async () => {
      assert.ok(markdownOf(await kb('KB 2811654')).includes(kbUrl('2811654')));
      assert.ok(markdownOf(await kb('kb2811654')).includes(kbUrl('2811654')));
    });

    it('says an unknown number is not known, and lists the known ones', async () => {
      const text = markdownOf(await kb('1234567'));
      assert.match(text, /KB 1234567 is not one I know/);
      for (const n of knowledge.kbArticles.keys()) assert.ok(text.includes(n), `should list ${n}`);
      assert.doesNotMatch(text, /support\.microsoft\.com\/help\/1234567/);
    });

    it('hands words that are neither a number nor an id to search', async () => {
      ctx.calls.length = 0;
      await kbCommand.run(ctx, { query: 'contact list read only' });
      assert.deepEqual(ctx.calls, [{ kind: 'search', text: 'contact list read only' }]);
    });
  });

  describe('/kb <entry-id> [part]', () => {
    for (const entry of knowledge.entries.values()) {
      it(`/kb ${entry.id} shows the overview, and each part on request`, async () => {
        const overview = await kb(entry.id);
        assert.equal(overview.length, 1);
        const first = overview[0];
        assert.ok(first);
        assert.ok(first.markdown.startsWith(`## ${entry.title}\n\n${entry.summary}`), first.markdown.slice(0, 200));
        assert.ok(first.markdown.includes(entry.sections.fix));
        for (const n of entry.kb) assert.ok(first.markdown.includes(kbUrl(n)), `overview cites KB ${n}`);
        const offered = buttonTexts(overview);
        for (const part of PARTS) {
          if (part === 'powershell' && entry.sections.powershell === undefined)
            assert.ok(!offered.includes(`/kb ${entry.id} powershell`));
          else assert.ok(offered.includes(`/kb ${entry.id} ${part}`), `overview offers ${part}`);
        }

        assert.ok(markdownOf(await kb(`${entry.id} cause`)).includes(entry.sections.cause));
        assert.ok(markdownOf(await kb(`${entry.id} verify`)).includes(entry.sections.verify));
        const links = markdownOf(await kb(`${entry.id} links`));
        assert.ok(links.includes(entry.sections.links));
        for (const n of entry.kb) assert.ok(links.includes(kbUrl(n)));
        const powershell = markdownOf(await kb(`${entry.id} powershell`));
        if (entry.sections.powershell !== undefined) assert.ok(powershell.includes(entry.sections.powershell));
        else assert.match(powershell, /has no PowerShell steps/);
        assert.equal(markdownOf(await kb(`${entry.id} full`)), entry.markdown);
      });
    }

    it('reads the part case-insensitively and ignores the id case', async () => {
      const entry = knowledge.entries.get('ucs-contact-list-read-only');
      assert.ok(entry);
      assert.ok(
        markdownOf(await kb('UCS-Contact-List-Read-Only PowerShell')).includes(entry.sections.powershell ?? '\0'),
      );
    });

    it('shows the one entry citing a KB number, with the part asked for', async () => {
      const cites = (n: string) => [...knowledge.entries.values()].filter((e) => e.kb.includes(n));
      const n = [...knowledge.kbArticles.keys()].find((k) => cites(k).length === 1);
      assert.ok(n, 'some KB article is cited by exactly one entry');
      const [only] = cites(n);
      assert.ok(only);
      const replies = await kb(`${n} verify`);
      assert.ok(markdownOf(replies).includes(kbUrl(n)));
      assert.ok(markdownOf(replies).includes(only.sections.verify));
    });
  });
});
