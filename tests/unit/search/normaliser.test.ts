import assert from 'node:assert/strict';
import { TextNormaliser, stem, stripPowerShellNoise } from '../../../knowledge/search/textNormaliser.js';
import { foldText } from '../../../core/text.js';

const PASTE = [
  'Test-CsExStorageConnectivity : ExCreateItem exchange operation failed, code=50043,',
  'At line:1 char:1',
  '+ Test-CsExStorageConnectivity -SipUri "sip:jeff@contoso.com" -Verbose',
  '+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~',
  '    + CategoryInfo          : InvalidOperation: (:) [Test-CsExStorageConnectivity], FailureResponseException',
  '    + FullyQualifiedErrorId : WorkflowNotCompleted,Microsoft.Rtc.Management.SyntheticTransactions.TestExStorageConnectivityCmdlet',
  '    + PSComputerName        : fe01.contoso.com',
].join('\n');

const SYNONYMS = {
  groups: [
    ['sfb', 's4b', 'skype for business', 'skype for business online', 'lync'],
    ['ucs', 'unified contact store'],
    ['owa', 'outlook web app'],
    ['exo', 'exchange online'],
    ['read-only', 'read only', 'readonly'],
    ['add-in', 'addin', 'plug-in'],
  ],
};

describe('search: text normaliser', () => {
  describe('stripPowerShellNoise', () => {
    it('drops At line, CategoryInfo, the FullyQualifiedErrorId label, PSComputerName and ~~~ marker lines', () => {
      const out = stripPowerShellNoise(PASTE);
      assert.ok(out.includes('ExCreateItem exchange operation failed, code=50043,'), out);
      // The error id's value names the failing cmdlet and reason: it is a signature, so it stays.
      assert.ok(
        out.includes(
          'WorkflowNotCompleted,Microsoft.Rtc.Management.SyntheticTransactions.TestExStorageConnectivityCmdlet',
        ),
        out,
      );
      for (const noise of ['At line:1', 'CategoryInfo', 'FullyQualifiedErrorId', 'PSComputerName', '~~~']) {
        assert.ok(!out.includes(noise), `still contains ${noise}:\n${out}`);
      }
    });

    it('drops script positions, .NET stack frames, end-of-stack-trace lines and PS prompts', () => {
      const text = [
        'PS C:\\Users\\admin> Get-CsOAuthConfiguration',
        'At C:\\scripts\\pair.ps1:12 char:3',
        '   at Microsoft.Rtc.Management.Foo.Bar(String name)',
        '--- End of stack trace from previous location where exception was thrown ---',
        'The underlying connection was closed.',
      ].join('\n');
      const out = stripPowerShellNoise(text);
      assert.ok(out.includes('Get-CsOAuthConfiguration'), 'the command after the prompt stays');
      assert.ok(out.includes('The underlying connection was closed.'), 'the message stays');
      for (const noise of ['PS C:\\', 'pair.ps1', 'Foo.Bar', 'End of stack trace'])
        assert.ok(!out.includes(noise), `still contains ${noise}:\n${out}`);
    });

    it('leaves ordinary text alone', () => {
      const text = 'Presence is missing in Outlook + the contact card is empty; at least since Monday.';
      assert.equal(stripPowerShellNoise(text), text);
    });
  });

  describe('foldText', () => {
    it('lowercases and unifies curly single quotes, primes and backticks', () => {
      assert.equal(foldText('Cannot bind parameter \u2018MetadataUrl\u2019'), "cannot bind parameter 'metadataurl'");
      assert.equal(foldText('it\u2019s `x` \u201ay\u201b \u2032z\u2032'), "it's 'x' 'y' 'z'");
    });

    // Known bug: NFKD runs first and turns U+00B4 into a space + combining accent, so the listed
    // replacement of \u00b4 never fires ("can\u00b4t" becomes "can t").
    it('treats the acute accent \u00b4 typed as an apostrophe as a quote', () => {
      assert.equal(foldText('can\u00b4t'), "can't");
    });

    it('unifies curly double quotes', () => {
      assert.equal(foldText('\u201cTest Passed\u201d \u201eok\u201d'), '"test passed" "ok"');
    });

    it('turns en/em dashes, hyphen variants and minus signs into "-"', () => {
      assert.equal(foldText('Lync\u2013Skype \u2014 a\u2010b \u2212 c\u2011d'), 'lync-skype - a-b - c-d');
    });

    it('removes accents and folds compatibility characters', () => {
      assert.equal(foldText('Caf\u00e9 na\u00efve R\u00e9sum\u00e9 \u00c9CHANGE'), 'cafe naive resume echange');
      assert.equal(foldText('\ufb01le'), 'file');
    });
  });

  describe('stem', () => {
    const cases: [string, string][] = [
      ['contacts', 'contact'],
      ['mailboxes', 'mailbox'],
      ['addresses', 'address'],
      ['policies', 'policy'],
      ['searches', 'search'],
      ['running', 'run'],
      ['calling', 'call'],
      ['stopped', 'stop'],
      ['failed', 'fail'],
      ['certificates', 'certificate'],
    ];
    for (const [word, expected] of cases) {
      it(`${word} → ${expected}`, () => assert.equal(stem(word), expected));
    }

    it('keeps words of three letters or fewer, words with digits, and -ss/-us/-is endings', () => {
      for (const word of [
        'ucs',
        'sip',
        'svc',
        'bus',
        'status',
        'analysis',
        'address',
        'pass',
        '2013s',
        'o365',
        'exchange',
      ])
        assert.equal(stem(word), word, word);
    });
  });

  describe('TextNormaliser.tokens', () => {
    const normaliser = new TextNormaliser(SYNONYMS);

    it('reads "my pic" as a photo, and PIC on its own as Public IM Connectivity', () => {
      assert.deepEqual(normaliser.tokens('my pic is old, her profile pics too'), ['photo', 'old', 'profile', 'photo']);
      assert.deepEqual(normaliser.tokens('PIC provisioning'), ['pic', 'provision']);
      assert.deepEqual(normaliser.tokens('epic picture'), ['epic', 'picture']);
    });

    it('drops pronouns of every person and case, so "her contacts" matches no entry by "her"', () => {
      assert.deepEqual(normaliser.tokens('she cannot see presence for her contacts, nor him for his'), [
        'see',
        'presence',
        'contact',
      ]);
      assert.deepEqual(normaliser.tokens('everyone sees it themselves, everybody but nobody'), ['see']);
    });

    it('keeps code-like tokens whole and also yields their parts', () => {
      assert.deepEqual(normaliser.tokens('code=50043'), ['code=50043', 'code', '50043']);
      const tokens = normaliser.tokens('/metadata/json/1 autodiscover.svc Set-CsOAuthConfiguration 0x80070005');
      for (const t of [
        'metadata/json/1',
        'metadata',
        'json',
        'autodiscover.svc',
        'autodiscover',
        'svc',
        'set-csoauthconfiguration',
        'csoauthconfiguration',
        '0x80070005',
      ]) {
        assert.ok(tokens.includes(t), `${t} missing from ${JSON.stringify(tokens)}`);
      }
    });

    it('strips trailing punctuation from code tokens ("code=50043," is code=50043)', () => {
      assert.ok(normaliser.tokens('failed, code=50043,').includes('code=50043'));
    });

    it('drops stopwords and one-letter pieces, folds and stems', () => {
      assert.deepEqual(normaliser.tokens('I cannot see the Contacts in Caf\u00e9'), ['see', 'contact', 'cafe']);
    });

    it('removes PowerShell noise before tokenising', () => {
      const tokens = normaliser.tokens(PASTE);
      for (const noise of ['categoryinfo', 'fullyqualifiederrorid', 'workflownotcompleted', 'pscomputername', 'char:1'])
        assert.ok(!tokens.includes(noise), `${noise} in ${JSON.stringify(tokens)}`);
      assert.ok(tokens.includes('code=50043'));
    });

    it('adds the canonical token for single-word variants, keeping the word itself', () => {
      assert.deepEqual(normaliser.tokens('s4b'), ['s4b', 'syn:sfb']);
      assert.deepEqual(normaliser.tokens('Lync'), ['lync', 'syn:sfb']);
      assert.deepEqual(normaliser.tokens('addins'), ['addin', 'syn:add-in']);
    });

    it('adds the canonical token for multi-word variants, with blanks or dashes between the words', () => {
      assert.ok(normaliser.tokens('Skype for Business contacts').includes('syn:sfb'));
      assert.ok(normaliser.tokens('skype-for-business').includes('syn:sfb'));
      assert.ok(normaliser.tokens('Unified Contact Store').includes('syn:ucs'));
      assert.ok(normaliser.tokens('Outlook Web App').includes('syn:owa'));
      assert.ok(normaliser.tokens('Exchange Online mailbox').includes('syn:exo'));
      assert.ok(normaliser.tokens('contact list is read only').includes('syn:read-only'));
    });

    it('gives an abbreviation and its long form the same canonical token', () => {
      const pairs: [string, string, string][] = [
        ['UCS', 'unified contact store', 'syn:ucs'],
        ['OWA', 'outlook web app', 'syn:owa'],
        ['EXO', 'exchange online', 'syn:exo'],
        ['SfB', 'skype for business', 'syn:sfb'],
      ];
      for (const [short, long, canonical] of pairs) {
        assert.ok(normaliser.tokens(short).includes(canonical), `${short} → ${canonical}`);
        assert.ok(normaliser.tokens(long).includes(canonical), `${long} → ${canonical}`);
      }
    });

    it('prefers the longest phrase ("skype for business online" is not also "skype for business")', () => {
      const tokens = normaliser.tokens('skype for business online');
      assert.equal(tokens.filter((t) => t === 'syn:sfb').length, 1, JSON.stringify(tokens));
    });

    it('does not match a phrase inside a longer word', () => {
      assert.ok(!normaliser.tokens('exchange onlineish').includes('syn:exo'));
    });

    it('returns nothing for empty or noise-only text', () => {
      assert.deepEqual(normaliser.tokens(''), []);
      assert.deepEqual(normaliser.tokens('At line:1 char:1\n+ ~~~~'), []);
      assert.deepEqual(normaliser.tokens('the and of a'), []);
    });
  });
});
