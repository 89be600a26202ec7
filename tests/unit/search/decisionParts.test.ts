import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fitLogistic, logLoss, predict, solve, type Example } from '../../../knowledge/search/logistic.js';
import { shapeOf, splitPost, viewsOf } from '../../../knowledge/search/segments.js';
import { detectLanguage, readInEnglish } from '../../../knowledge/search/language.js';
import { namesOf, numbersOf, unmatchedIn, wordsOfEntry } from '../../../knowledge/search/specifics.js';
import {
  EXCHANGE_AREAS,
  OTHER_TOPICS,
  outOfScopeOf,
  ScopeLexicon,
  SFB_AREAS,
  UNCOVERED_TOPICS,
} from '../../../knowledge/search/scope.js';
import { decisionMessages } from '../../../replies/messages.js';
import { isMistypedStopword } from '../../../knowledge/search/textNormaliser.js';
import { PROJECT_ROOT, loadConfig } from '../../../bot/config.js';
import { loadKnowledgeOrThrow } from '../../../knowledge/load/loadKnowledge.js';
import { seededRandom } from '../../support/seededRandom.js';
import { KnowledgeIndex } from '../../../knowledge/search/knowledgeIndex.js';
import { thresholdsOf } from '../../../knowledge/knowledgeStore.js';
import { EVAL_SETS, isOutOfDomain, readQuestions } from '../../../tools/evalData.js';

describe('search: logistic regression', () => {
  it('solve: a small linear system', () => {
    const x = solve(
      [
        [4, 1],
        [1, 3],
      ],
      [1, 2],
    );
    assert.ok(Math.abs((x[0] ?? 0) - 1 / 11) < 1e-9 && Math.abs((x[1] ?? 0) - 7 / 11) < 1e-9, JSON.stringify(x));
  });

  it('recovers the direction of a known separation and predicts better than chance', () => {
    const random = seededRandom(7);
    const data: Example[] = [];
    for (let i = 0; i < 400; i++) {
      const a = random() * 2 - 1;
      const b = random() * 2 - 1;
      const p = 1 / (1 + Math.exp(-(3 * a - 2 * b)));
      data.push({ x: [a, b, random()], y: random() < p ? 1 : 0, weight: 1 });
    }
    const model = fitLogistic(data, 0.001);
    assert.ok((model.weights[0] ?? 0) > 0.5 && (model.weights[1] ?? 0) < -0.3, JSON.stringify(model.weights));
    assert.ok(Math.abs(model.weights[2] ?? 0) < 0.3, 'noise gets a small weight');
    const loss = logLoss(data.map((e) => ({ p: predict(model, e.x), y: e.y, weight: 1 })));
    assert.ok(loss < Math.log(2) - 0.1, `log loss ${loss}`);
  });

  it('holds a weight at zero rather than give it the wrong sign', () => {
    const random = seededRandom(3);
    const data: Example[] = Array.from({ length: 200 }, () => {
      const a = random();
      return { x: [a, random()], y: random() < 1 - a ? 1 : 0, weight: 1 };
    });
    assert.ok((fitLogistic(data, 0.001).weights[0] ?? 0) < 0);
    assert.equal(fitLogistic(data, 0.001, [1, 0]).weights[0], 0);
  });

  it('sample weights count: doubling the weight of one class moves predictions towards it', () => {
    const data: Example[] = [
      { x: [0], y: 1, weight: 1 },
      { x: [0], y: 0, weight: 1 },
    ];
    const even = predict(fitLogistic(data, 0.01), [0]);
    const heavy = predict(fitLogistic([{ ...data[0], weight: 3 } as Example, data[1] as Example], 0.01), [0]);
    assert.ok(Math.abs(even - 0.5) < 1e-6 && heavy > 0.7, `${even} ${heavy}`);
  });
});

describe('search: long posts', () => {
  const post = [
    'Hi all,',
    'we moved to new hardware last quarter and documentation is thin.',
    'Since then the presence bubble next to names in Outlook does not show anymore.',
    'PS C:\\> Test-CsExStorageConnectivity -SipUri "sip:jeff@contoso.com"',
    'Test-CsExStorageConnectivity : ExCreateItem exchange operation failed, code=5,',
    'What am I missing? Thanks in advance.',
  ].join('\n');

  it('splits sentences and keeps pasted lines together, each with a kind', () => {
    const segments = splitPost(post);
    const kinds = segments.map((s) => s.kind);
    assert.deepEqual(kinds, ['pleasantry', 'context', 'problem', 'error', 'question', 'pleasantry']);
    assert.ok(segments[3]?.text.includes('\n'), 'the two pasted lines are one piece');
  });

  it('keeps the context that names the products in the problem digest, and drops the rest', () => {
    const views = viewsOf(
      'Hello,\nLync 2013 is installed on the computer. We are a small shop. However, the meeting options are missing in Outlook.\nThanks',
    );
    const digest = views.find((v) => v.kind === 'digest')?.text ?? '';
    assert.match(digest, /Lync 2013 is installed/);
    assert.match(digest, /meeting options are missing/);
    assert.doesNotMatch(digest, /small shop|Hello|Thanks/);
  });

  it('reads a sentence after a label like "The issue:" on its own words', () => {
    const kinds = (text: string): string[] => splitPost(text).map((s) => s.kind);
    assert.deepEqual(kinds('The issue: We have Exchange Online and Lync Server 2013.'), ['context']);
    assert.deepEqual(kinds("Here's the problem: presence is missing in Outlook."), ['problem']);
    assert.deepEqual(kinds('Problem: how do I move the contacts back?'), ['question']);
    assert.deepEqual(kinds('We have an issue with the add-in.'), ['problem']);
  });

  it('scores the whole post, its problem digest and its problem pieces', () => {
    const views = viewsOf(post);
    assert.equal(views[0]?.kind, 'whole');
    const digest = views.find((v) => v.kind === 'digest');
    assert.ok(digest && !digest.text.includes('hardware') && digest.text.includes('presence bubble'));
    assert.ok(views.filter((v) => v.kind === 'segment').length <= 4);
    assert.ok(views.every((v) => v.weight > 0 && v.weight <= 1));
  });

  it('reads a short question whole only', () => {
    assert.deepEqual(
      viewsOf('presence not showing in outlook').map((v) => v.kind),
      ['whole'],
    );
  });

  it('is bounded: a huge paste yields a few short views', () => {
    const views = viewsOf('error: it failed. '.repeat(20_000));
    assert.ok(views.length <= 6);
    assert.ok(views.every((v, i) => i === 0 || v.text.length <= 1500));
  });

  it('knows the shape of a post', () => {
    assert.deepEqual(shapeOf(post), { segments: 6, question: true, paste: true });
    assert.deepEqual(shapeOf('contact list read only'), { segments: 1, question: false, paste: false });
  });
});

describe('search: posts not in English', () => {
  it('recognises German, Italian and English', () => {
    assert.equal(
      detectLanguage('Die Anwesenheit wird in Outlook nicht angezeigt, obwohl der Client läuft').language,
      'de',
    );
    assert.equal(detectLanguage('Il pulsante Nuova riunione Skype manca in Outlook 2016').language, 'it');
    assert.equal(detectLanguage('presence is not shown in Outlook although the client is signed in').language, 'en');
    assert.equal(detectLanguage('Test-CsExStorageConnectivity code=50043').language, 'en');
    assert.equal(detectLanguage('').language, 'en');
  });

  it('reads the glossary words in English and keeps product names, cmdlets and codes', () => {
    const read = readInEnglish('Fehler bei Test-CsExStorageConnectivity: code=5, die Besprechung fehlt', 'de');
    assert.match(read, /error/);
    assert.match(read, /meeting/);
    assert.match(read, /missing/);
    assert.match(read, /Test-CsExStorageConnectivity: code=5/);
    assert.equal(readInEnglish('unchanged text', 'en'), 'unchanged text');
  });
});

describe('search: what a post names', () => {
  it('finds names and abbreviations that do not start a sentence, and codes', () => {
    const names = namesOf('Presence is missing in SharePoint sites and the Scheduling Assistant. MFA is on.');
    assert.ok(names.includes('sharepoint') && names.includes('scheduling') && names.includes('mfa'), names.join());
    assert.ok(!names.includes('presence'), 'a capital at the start of a sentence is not a name');
    assert.deepEqual(numbersOf('Event ID 4999 and 0x80070005 in 2016'), ['4999', '0x80070005', '2016']);
  });

  it('counts only the names an entry does not contain (stems count as the same word)', () => {
    const words = wordsOfEntry(['Contact photos in Lync', 'Set-UserPhoto uploads photos']);
    assert.deepEqual(unmatchedIn(['lync', 'photo', 'sharepoint', 'set-userphoto'], words), ['sharepoint']);
  });

  it('days, months and the people greeted or thanked are not what a post is about', () => {
    const names = namesOf('Hi John, since Monday (and in March) SharePoint shows it. Thanks Jane');
    assert.deepEqual(names, ['sharepoint']);
  });

  it('reads German nouns (all capitalised) as names only by inner capitals and abbreviations', () => {
    assert.deepEqual(namesOf('Die Anwesenheit fehlt in SharePoint', false), ['sharepoint']);
  });

  it('a stopword with one typo is a stopword', () => {
    assert.ok(isMistypedStopword('olny') && isMistypedStopword('cnanot'));
    assert.ok(!isMistypedStopword('outlok') && !isMistypedStopword('presence'));
  });
});

describe('search: the domain boundary', () => {
  const lexicon = new ScopeLexicon(loadKnowledgeOrThrow(loadConfig({}).knowledgeDir));

  it('finds domain evidence from the content (cmdlets, KB numbers, codes) and the sources', () => {
    const e = lexicon.evidence('Test-CsExStorageConnectivity fails with code=50043, see KB 2811654, UCS');
    assert.ok(e.anchors.includes('test-csexstorageconnectivity') && e.anchors.includes('2811654'), e.anchors.join());
    assert.ok(e.anchors.includes('ucs'));
  });

  it('Teams as the product (capitalised or Teams-only), not "our teams"', () => {
    assert.deepEqual(lexicon.evidence('the Teams meeting add-in is missing').teams, ['Teams']);
    assert.deepEqual(lexicon.evidence('our support teams use outlook').teams, []);
    assert.ok(lexicon.evidence('we are teams-only now').teams.includes('teams-only'));
  });

  it('lower-case "teams" before one of Teams\' own nouns is the product, read once per mention', () => {
    assert.deepEqual(lexicon.evidence('teams meeting button not in outlook calendar').teams, ['teams meeting']);
    assert.deepEqual(lexicon.evidence('the teams meeting add-in vanished').teams, ['teams meeting add-in']);
    assert.equal(outOfScopeOf(lexicon.evidence('teams meeting add-in missing in outlook'))?.kind, 'teams');
    assert.deepEqual(lexicon.evidence('both teams meet on Monday about Outlook').teams, []);
  });

  it('Teams only is out of scope; Teams with Skype for Business stays in scope', () => {
    assert.equal(outOfScopeOf(lexicon.evidence('Teams meeting add-in missing in Outlook'))?.kind, 'teams');
    assert.equal(
      outOfScopeOf(lexicon.evidence('after Teams the Skype for Business add-in for Outlook is disabled')),
      undefined,
    );
  });

  it('another product is named by its category; a domain term keeps it in scope', () => {
    assert.deepEqual(outOfScopeOf(lexicon.evidence('the print queue is stuck')), {
      kind: 'other-product',
      category: 'printing',
      evidence: ['print queue'],
    });
    assert.equal(outOfScopeOf(lexicon.evidence('Lync asks for my password again and again')), undefined);
    assert.equal(outOfScopeOf(lexicon.evidence('presence not showing in outlook')), undefined);
  });

  it('an area of one side alone, with nothing of the integration, is an uncovered area', () => {
    const exchange = outOfScopeOf(lexicon.evidence('Outlook freezes every morning when I open it'));
    assert.equal(exchange?.kind, 'uncovered-area');
    assert.equal(exchange.category, 'outlook-client');
    assert.ok(exchange.evidence.includes('freezes'), exchange.evidence.join());
    const calendar = outOfScopeOf(lexicon.evidence('The Scheduling Assistant shows hashed lines for a room mailbox'));
    assert.equal(calendar?.category, 'exchange-calendar');
    const mobile = outOfScopeOf(lexicon.evidence('Lync Mobile on the iPhone will not sign in'));
    assert.equal(mobile?.kind, 'uncovered-area');
    assert.equal(mobile.category, 'mobile');
  });

  it('names the other Skype for Business and Outlook areas the sources leave out, each by its own words', () => {
    const cases: [string, string][] = [
      ['call forwarding settings greyed out in Skype for Business', 'voice'],
      ['Skype for Business calls drop after 30 seconds, packet loss on the network', 'call-quality'],
      ['how do I enable dial-in conferencing for our Skype for Business users?', 'meetings'],
      ['persistent chat rooms disappeared from the Lync client', 'persistent-chat'],
      ['stop Skype for Business from starting automatically with Windows', 'client-startup'],
      ['SfB server cumulative update failed halfway', 'server-operations'],
      ['Outlook search does not find emails older than a month', 'outlook-client'],
      ['Outlook signature images arrive as attachments', 'outlook-client'],
      ['add members to a distribution group in Exchange', 'exchange-mailbox'],
    ];
    for (const [text, category] of cases) {
      const scope = outOfScopeOf(lexicon.evidence(text));
      assert.equal(scope?.kind, 'uncovered-area', text);
      assert.equal(scope.category, category, text);
    }
    // With the other side named, the same areas are the integration's to judge.
    assert.equal(outOfScopeOf(lexicon.evidence('Skype for Business call forwarding to Exchange voicemail')), undefined);
    assert.equal(outOfScopeOf(lexicon.evidence('Lync contacts missing from Outlook search')), undefined);
  });

  it('the integration keeps an area in scope: Lync with it, Exchange with Lync, specific vocabulary', () => {
    for (const text of [
      'Lync does not show free/busy from the room mailbox calendar',
      'Outlook freezes when the Skype for Business add-in loads',
      'Lync Mobile on the iPhone shows no meetings from Exchange',
      'Outlook crashes after Test-CsExStorageConnectivity was run',
      'presence not showing in Outlook after we went Teams-only with Skype for Business',
    ])
      assert.equal(outOfScopeOf(lexicon.evidence(text)), undefined, text);
  });

  it('never counts a term the content itself uses as evidence of an uncovered area', () => {
    // "video" is an uncovered Skype for Business area, but the content mentions it.
    const e = lexicon.evidence('Skype for Business video is blurry');
    assert.ok(e.uncovered.some((u) => u.term === 'video'));
    assert.ok(!(e.areas ?? []).some((u) => u.term === 'video'));
  });

  it('tells no in-domain question of the fitting sets that it is out of scope', function () {
    this.timeout(120000);
    const knowledge = loadKnowledgeOrThrow(loadConfig({}).knowledgeDir);
    const index = new KnowledgeIndex(knowledge, thresholdsOf(loadConfig({})));
    // The shared sets sit beside the repository and a clean clone may not have them; ours always count.
    const sets = EVAL_SETS.filter((set) => set.role === 'fit' && fs.existsSync(set.file));
    const ours = EVAL_SETS.filter((set) => set.role === 'fit' && set.file.startsWith(PROJECT_ROOT));
    assert.ok(ours.length >= 2 && ours.every((set) => sets.includes(set)), 'the fitting sets in the repository');
    const told = sets
      .flatMap((set) => readQuestions(set.file))
      .filter((q) => !isOutOfDomain(q))
      .filter((q) => index.search(q.text).outOfScope !== undefined)
      .map((q) => q.id);
    assert.deepEqual(told, []);
  });
});

describe('search: the domain boundary in words', () => {
  it('every out-of-scope category has its own words in the reply', () => {
    const categories = [OTHER_TOPICS, UNCOVERED_TOPICS, SFB_AREAS, EXCHANGE_AREAS].flatMap((r) => Object.keys(r));
    for (const category of categories) {
      const kind = category in OTHER_TOPICS ? 'other-product' : 'uncovered-area';
      assert.doesNotMatch(decisionMessages.outOfScope(kind, category), /another area|another product/, category);
    }
  });
});
