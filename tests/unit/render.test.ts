import assert from 'node:assert/strict';
import { renderMarkdown } from '../../replies/render.js';
import { lexMarkdown } from '../../knowledge/markdown.js';
import { quoteUserText } from '../../replies/quote.js';

const HEADINGS = '# Presence missing\n\nIntro text.\n\n### Check the basics\n\nMore.';
const LISTS = '1. First step\n2. Second step\n   - nested a\n   - nested b\n\n- bullet one\n- bullet two';
const CODE = 'Run this:\n\n```powershell\nGet-CsUser -Identity sip:a@contoso.test\nTest-CsExStorageConnectivity\n```';
const LINKS = 'See [KB 2910527](https://support.microsoft.com/kb/2910527) or <https://learn.microsoft.com>.';
const TABLE =
  '| Feature | Exchange 2016 | Exchange Online |\n| --- | --- | --- |\n| UCS | Yes | Yes |\n| Archiving | No | Partial |';
const HTML = 'Click <b>here</b> <script>alert(1)</script>\n\n<div onclick="x()">block</div>';
const INLINE = 'Some **bold**, _em_, ~~gone~~ and `Get-CsUser`.';

describe('renderMarkdown', () => {
  it('a rendering kept from an earlier turn is the one for that target, and hundreds of others do not change it', () => {
    const source = '## Fix\n\n1. Run `Get-CsUser`\n2. <b>Restart</b> Outlook';
    const first = { teams: renderMarkdown(source, 'teams'), webchat: renderMarkdown(source, 'webchat') };
    assert.notEqual(first.teams, first.webchat, 'targets render headings differently');
    for (let i = 0; i < 600; i++) renderMarkdown(`# Heading ${i}\n\ntext ${i}`, 'teams');
    assert.equal(renderMarkdown(source, 'teams'), first.teams);
    assert.equal(renderMarkdown(source, 'webchat'), first.webchat);
    assert.equal(renderMarkdown(source, 'terminal'), renderMarkdown(source, 'terminal'));
    assert.doesNotMatch(renderMarkdown(source, 'terminal'), /\*\*|##/);
  });

  describe('teams', () => {
    it('turns headings into bold lines (Teams text has no headings)', () => {
      assert.equal(
        renderMarkdown(HEADINGS, 'teams'),
        '**Presence missing**\n\nIntro text.\n\n**Check the basics**\n\nMore.',
      );
    });

    it('keeps ordered, bullet and nested lists', () => {
      assert.equal(
        renderMarkdown(LISTS, 'teams'),
        '1. First step\n2. Second step\n   - nested a\n   - nested b\n\n- bullet one\n- bullet two',
      );
    });

    it('keeps fenced code blocks with their language', () => {
      assert.equal(
        renderMarkdown(CODE, 'teams'),
        'Run this:\n\n```powershell\nGet-CsUser -Identity sip:a@contoso.test\nTest-CsExStorageConnectivity\n```',
      );
    });

    it('keeps links as Markdown links', () => {
      assert.equal(
        renderMarkdown(LINKS, 'teams'),
        'See [KB 2910527](https://support.microsoft.com/kb/2910527) or [https://learn.microsoft.com](https://learn.microsoft.com).',
      );
    });

    it('turns a table into one bullet per row with "header: value" details', () => {
      assert.equal(
        renderMarkdown(TABLE, 'teams'),
        '- UCS (Exchange 2016: Yes; Exchange Online: Yes)\n- Archiving (Exchange 2016: No; Exchange Online: Partial)',
      );
    });

    it('escapes raw HTML, inline and block', () => {
      const out = renderMarkdown(HTML, 'teams');
      assert.doesNotMatch(out, /<[a-z/]/i);
      assert.ok(out.includes('&lt;b&gt;here&lt;/b&gt;'), out);
      assert.ok(out.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), out);
      assert.ok(out.includes('&lt;div onclick="x()"&gt;block&lt;/div&gt;'), out);
    });

    it('keeps inline emphasis, strike-through and code spans', () => {
      assert.equal(renderMarkdown(INLINE, 'teams'), 'Some **bold**, _em_, ~~gone~~ and `Get-CsUser`.');
    });
  });

  describe('webchat', () => {
    it('keeps headings at their level', () => {
      assert.equal(
        renderMarkdown(HEADINGS, 'webchat'),
        '# Presence missing\n\nIntro text.\n\n### Check the basics\n\nMore.',
      );
    });

    it('keeps lists and code blocks', () => {
      assert.equal(renderMarkdown(LISTS, 'webchat'), renderMarkdown(LISTS, 'teams'));
      assert.match(
        renderMarkdown(CODE, 'webchat'),
        /```powershell\nGet-CsUser -Identity sip:a@contoso\.test\nTest-CsExStorageConnectivity\n```/,
      );
    });

    it('keeps Markdown tables', () => {
      assert.equal(
        renderMarkdown(TABLE, 'webchat'),
        '| Feature | Exchange 2016 | Exchange Online |\n| --- | --- | --- |\n| UCS | Yes | Yes |\n| Archiving | No | Partial |',
      );
    });

    it('escapes raw HTML', () => {
      const out = renderMarkdown(HTML, 'webchat');
      assert.doesNotMatch(out, /<[a-z/]/i);
      assert.ok(out.includes('&lt;script&gt;'), out);
    });

    it('escapes a stray angle bracket in text', () => {
      assert.equal(renderMarkdown('latency < 100 ms', 'webchat'), 'latency &lt; 100 ms');
    });
  });

  describe('terminal', () => {
    it('underlines headings: = for levels 1-2, - below', () => {
      assert.equal(
        renderMarkdown(HEADINGS, 'terminal'),
        'Presence missing\n================\n\nIntro text.\n\nCheck the basics\n----------------\n\nMore.',
      );
    });

    it('uses * for bullets and keeps numbers and nesting', () => {
      assert.equal(
        renderMarkdown(LISTS, 'terminal'),
        '1. First step\n2. Second step\n   * nested a\n   * nested b\n\n* bullet one\n* bullet two',
      );
    });

    it('keeps the start number of an ordered list', () => {
      assert.equal(renderMarkdown('3. three\n4. four', 'terminal'), '3. three\n4. four');
    });

    it('indents code blocks by four spaces, without fences', () => {
      assert.equal(
        renderMarkdown(CODE, 'terminal'),
        'Run this:\n\n    Get-CsUser -Identity sip:a@contoso.test\n    Test-CsExStorageConnectivity',
      );
    });

    it('spells links out, once when the text is the address', () => {
      assert.equal(
        renderMarkdown(LINKS, 'terminal'),
        'See KB 2910527 (https://support.microsoft.com/kb/2910527) or https://learn.microsoft.com.',
      );
      assert.equal(
        renderMarkdown('![diagram](https://img.test/x.png)', 'terminal'),
        'diagram (https://img.test/x.png)',
      );
    });

    it('turns a table into one * line per row', () => {
      assert.equal(
        renderMarkdown(TABLE, 'terminal'),
        '* UCS (Exchange 2016: Yes; Exchange Online: Yes)\n* Archiving (Exchange 2016: No; Exchange Online: Partial)',
      );
    });

    it('drops inline Markdown markers', () => {
      assert.equal(renderMarkdown(INLINE, 'terminal'), 'Some bold, em, gone and Get-CsUser.');
    });

    it('shows plain characters, never HTML entities', () => {
      const out = renderMarkdown('Tom &amp; Jerry: a < b\n\n<b>x</b>', 'terminal');
      assert.doesNotMatch(out, /&(amp|lt|gt|quot|#39);/);
      assert.ok(out.startsWith('Tom & Jerry: a < b'), out);
    });

    it('draws a rule for ---', () => {
      assert.equal(renderMarkdown('above\n\n---\n\nbelow', 'terminal'), `above\n\n${'-'.repeat(40)}\n\nbelow`);
    });
  });

  describe('all targets', () => {
    for (const target of ['teams', 'webchat', 'terminal'] as const) {
      it(`${target}: trims and never leaves more than one blank line`, () => {
        const out = renderMarkdown('\n\n# A\n\n\n\nb\n\n\n\n> quoted\n\n', target);
        assert.equal(out, out.trim());
        assert.doesNotMatch(out, /\n{3,}/);
        assert.ok(out.includes('> quoted'), out);
      });

      it(`${target}: renders an empty string as empty`, () => {
        assert.equal(renderMarkdown('', target), '');
      });
    }

    it('lexMarkdown returns the block tokens', () => {
      assert.deepEqual(
        lexMarkdown('# T\n\ntext')
          .map((t) => t.type)
          .filter((type) => type !== 'space'),
        ['heading', 'paragraph'],
      );
    });
  });
});

describe('quoteUserText', () => {
  it('escapes Markdown emphasis, code, links and headings, and shows addresses as code (never a live link)', () => {
    assert.equal(
      quoteUserText('**bold** _u_ `code` [a](http://x) # h'),
      '\\*\\*bold\\*\\* \\_u\\_ \\`code\\` \\[a\\]\\(`http://x`\\) \\# h',
    );
    assert.equal(quoteUserText('see www.evil.example/login now'), 'see `www.evil.example/login` now');
  });

  it('removes control characters, bidi overrides and lone surrogates', () => {
    assert.equal(
      quoteUserText('a\u001b[31mred\u0007 \u202egnp.exe\u2066x\u2069 \ud800z'),
      'a\\[31mred gnp.exex \ufffdz',
    );
  });

  it('escapes HTML angle brackets', () => {
    assert.equal(quoteUserText('<b>x</b> <script>'), '\\<b\\>x\\</b\\> \\<script\\>');
  });

  it('escapes backslashes, pipes, tildes and the other specials', () => {
    assert.equal(quoteUserText('a\\b|c~d!e+f{g}'), 'a\\\\b\\|c\\~d\\!e\\+f\\{g\\}');
  });

  it('keeps the text on one line and collapses blanks', () => {
    assert.equal(quoteUserText('  first\n\n  second\tthird  '), 'first second third');
  });

  it('leaves plain text alone', () => {
    assert.equal(quoteUserText('presence not showing in Outlook 2016'), 'presence not showing in Outlook 2016');
  });

  it('cuts long text with an ellipsis, counting characters not UTF-16 units', () => {
    assert.equal(quoteUserText('abcdefghij', 5), 'abcd…');
    assert.equal(quoteUserText('abcde', 5), 'abcde');
    assert.equal(quoteUserText('😀😀😀😀😀😀', 4), '😀😀😀…');
    // eslint-disable-next-line @typescript-eslint/no-misused-spread -- counting code points is what this test checks
    assert.equal([...quoteUserText('x'.repeat(500))].length, 200);
  });

  it('leaves no raw HTML after rendering for Teams', () => {
    const out = renderMarkdown(`You said: ${quoteUserText('<img src=x onerror=alert(1)>')}`, 'teams');
    assert.doesNotMatch(out, /<img/i);
  });

  // Pending: renderMarkdown drops the backslash of escape tokens on Markdown targets, so text
  // quoted with quoteUserText regains its emphasis and links in Teams and Web Chat.
  it('stays literal after rendering for Teams', () => {
    const out = renderMarkdown(`Hi ${quoteUserText('[click](https://evil.test) **now**')}`, 'teams');
    assert.doesNotMatch(out, /\[click\]\(https:\/\/evil\.test\)/);
    assert.doesNotMatch(out, /\*\*now\*\*/);
  });
});
