import assert from 'node:assert/strict';
import Fuse from 'fuse.js';
import { foldText } from '../../../core/text.js';
import { topByScore } from '../../../knowledge/search/knowledgeIndex.js';
import { LexemeIndex, lexemes, OTHER_TOPICS } from '../../../knowledge/search/scope.js';
import {
  containsWhole,
  SignatureIndex,
  signatureForm,
  signaturesOf,
  type SignatureHit,
} from '../../../knowledge/search/signatures.js';
import { TextNormaliser } from '../../../knowledge/search/textNormaliser.js';
import { Vocabulary, VOCABULARY_FUSE_OPTIONS } from '../../../knowledge/search/vocabulary.js';
import { sharedApp } from '../../support/harness.js';
import { seededRandom } from '../../support/seededRandom.js';

/**
 * The search's indexes answer as the scans they replace: each is compared with the plain scan over
 * everything (fuse.js over the whole vocabulary, every entry's signatures, every lexeme's pattern)
 * on real content and on generated inputs built to sit on the indexes' edges.
 */

const KNOWLEDGE = sharedApp().services.knowledge.current;
const ENTRIES = [...KNOWLEDGE.entries.values()];
const rng = seededRandom(1717);
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const letter = (): string => LETTERS[Math.floor(rng() * 26)] as string;
const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;

/** One random typo: a letter dropped, added, changed, or two neighbours swapped. */
function typo(word: string): string {
  const p = Math.floor(rng() * word.length);
  switch (Math.floor(rng() * 4)) {
    case 0:
      return word.slice(0, p) + word.slice(p + 1);
    case 1:
      return word.slice(0, p) + letter() + word.slice(p);
    case 2:
      return word.slice(0, p) + letter() + word.slice(p + 1);
    default:
      return word.slice(0, p) + word.slice(p + 1, p + 2) + word.slice(p, p + 1) + word.slice(p + 2);
  }
}

describe('search: bounded indexes agree with full scans', () => {
  describe('typo correction (Vocabulary)', () => {
    // The content's words, and compounds of them (so words contain other words, and some are longer
    // than the 32 letters fuse.js matches in one piece).
    const real = [
      ...new Set(ENTRIES.flatMap((e) => foldText(`${e.title} ${e.summary} ${e.symptoms.join(' ')}`).split(/[^a-z]+/))),
    ].filter((w) => w.length >= 4);
    const compounds = Array.from({ length: 300 }, () =>
      Array.from({ length: 2 + Math.floor(rng() * 4) }, () => pick(real)).join(''),
    );
    const words = [...new Set([...real, ...compounds])];
    const vocabulary = new Vocabulary(words);
    const whole = new Fuse(words, VOCABULARY_FUSE_OPTIONS);

    const queries = [
      ...Array.from({ length: 250 }, () => {
        let w = pick(words);
        for (let n = 1 + Math.floor(rng() * 3); n > 0; n--) w = typo(w);
        return w;
      }),
      ...Array.from({ length: 60 }, () => pick(real).slice(0, 4 + Math.floor(rng() * 6))),
      ...Array.from({ length: 60 }, () => Array.from({ length: 4 + Math.floor(rng() * 40) }, letter).join('')),
      ...Array.from({ length: 40 }, () => typo(typo(pick(compounds.filter((c) => c.length > 32))))),
      'exchagne',
      'outlok',
      'presense',
      'autodiscvoer',
    ].filter((w) => w.length >= 4);

    it('finds the word and score a fuse.js search of the whole vocabulary finds, for every query', () => {
      assert.ok(
        words.some((w) => w.length > 40),
        'some words are longer than one fuse.js piece',
      );
      let corrected = 0;
      for (const word of queries) {
        const [expected] = whole.search(word, { limit: 1 });
        const got = vocabulary.closest(word);
        assert.deepEqual(
          got,
          expected ? { item: expected.item, score: expected.score ?? 1 } : undefined,
          `closest word to "${word}"`,
        );
        if (got) corrected++;
      }
      assert.ok(corrected > queries.length / 3, `most typos have a close word (${corrected} of ${queries.length})`);
    });
  });

  describe('candidate selection (topByScore)', () => {
    it('is the first k of a stable sort by score, ties in the given order', () => {
      for (let round = 0; round < 200; round++) {
        const n = 1 + Math.floor(rng() * 400);
        const scores = Float64Array.from({ length: n }, () => Math.floor(rng() * (round % 2 ? 5 : 1000)) / 7);
        const items = Array.from({ length: n }, (_, i) => i).sort(() => rng() - 0.5);
        const k = 1 + Math.floor(rng() * 80);
        const expected = [...items].sort((x, y) => (scores[y] as number) - (scores[x] as number)).slice(0, k);
        assert.deepEqual(topByScore(items, scores, k), expected, `round ${round}: n=${n} k=${k}`);
      }
    });
  });

  it('containsWhole finds words whole, and an empty needle nowhere (it used to loop for ever)', () => {
    assert.equal(containsWhole('error 0x80070005 occurred', '0x80070005'), true);
    assert.equal(containsWhole('error 0x800700051 occurred', '0x80070005'), false);
    assert.equal(containsWhole('abc', ''), false);
    assert.equal(containsWhole('', ''), false);
  });

  describe('error signatures (SignatureIndex)', () => {
    const normaliser = new TextNormaliser(KNOWLEDGE.synonyms);
    const docs = ENTRIES.map((entry) => ({ entry, signatures: signaturesOf(entry, normaliser) }));
    const index = new SignatureIndex(docs);

    /** The scan the index replaces: every entry, its most specific contained signature, or a fragment. */
    function scan(form: string, fragment: boolean): SignatureHit[] {
      const found: SignatureHit[] = [];
      for (const doc of docs) {
        const sig = doc.signatures
          .filter((s) => containsWhole(form, s.text))
          .sort(
            (a, b) => Number(b.kind === 'message') - Number(a.kind === 'message') || b.text.length - a.text.length,
          )[0];
        if (sig) found.push({ entry: doc.entry, kind: sig.kind, original: sig.original, length: sig.text.length });
        else if (fragment) {
          const whole = doc.signatures.find((s) => s.kind === 'message' && containsWhole(s.text, form));
          if (whole) found.push({ entry: doc.entry, kind: 'message', original: whole.original, length: form.length });
        }
      }
      return found;
    }

    const errors = ENTRIES.flatMap((e) => e.errors);
    const posts = [
      ...errors,
      ...errors.map((e) => `we see ${e} every morning since the update`),
      ...errors.map((e) => {
        const words = e.split(' ');
        const from = Math.floor(rng() * words.length);
        return words.slice(from, from + 3 + Math.floor(rng() * 8)).join(' ');
      }),
      ...errors.map((e) => e.replace(/\d/g, () => String(Math.floor(rng() * 10)))),
      'code = 50043',
      'code=5',
      'error code=500 from the server',
      '0x80070005 access denied',
      '. . . . . / / / / = = = = - - - - .',
      '',
    ];

    it('finds what the scan of every entry finds, in the same order', () => {
      let hits = 0;
      for (const post of posts) {
        const form = signatureForm(normaliser.clean(post)).replace(/[.!]+$/, '');
        // The search reads a post as a fragment only when it is long enough (never when empty).
        for (const fragment of form === '' ? [false] : [false, true]) {
          const expected = scan(form, fragment);
          assert.deepEqual(
            index.match(form, fragment).map((h) => [h.entry.id, h.kind, h.original, h.length]),
            expected.map((h) => [h.entry.id, h.kind, h.original, h.length]),
            `signatures in "${form}"`,
          );
          hits += expected.length;
        }
      }
      assert.ok(hits > errors.length, 'the posts do contain signatures');
    });
  });

  describe('scope lexicon (LexemeIndex)', () => {
    const terms = [
      'skype for business',
      'outlook on the web',
      'get-csuser',
      'sip:',
      '_autodiscover._tcp',
      'metadata/json/1',
      'free/busy',
      'wi-fi',
      'out of office',
      'exap.um.outlook.com',
      'code=50043',
      'code=5',
      '0x80070005',
      "o'neil",
      '- dash first',
      'back\\slash',
      'x',
      ...KNOWLEDGE.cmdlets.keys(),
      ...KNOWLEDGE.kbArticles.keys(),
      ...Object.values(OTHER_TOPICS).flat(),
    ];
    const all = lexemes(terms);
    const index = new LexemeIndex(all);
    const glue = ['', ' ', '  ', '-', ' - ', '.', '/', '_', '=', ':', "'", 'x', '9'];

    /** A text of lexemes, their pieces and noise, glued in every way the patterns allow and some they do not. */
    function text(): string {
      const parts: string[] = [];
      for (let n = 1 + Math.floor(rng() * 6); n > 0; n--) {
        const term = foldText(pick(terms));
        const pieces = term.split(/([\s-]+)/);
        parts.push(pieces.map((p) => (/^[\s-]+$/.test(p) ? pick(['', ' ', '-', '--', ' \t']) : p)).join(''));
        parts.push(
          rng() < 0.5 ? pick(glue) : ` ${Array.from({ length: 1 + Math.floor(rng() * 6) }, letter).join('')} `,
        );
      }
      return parts.join(rng() < 0.3 ? '' : ' ');
    }

    it('offers every lexeme whose pattern matches, and few others', () => {
      let matched = 0;
      let offered = 0;
      for (let round = 0; round < 3000; round++) {
        const folded = foldText(text());
        const candidates = index.candidates(folded);
        all.forEach((l, i) => {
          if (!l.pattern.test(folded)) return;
          matched++;
          assert.ok(candidates.has(i), `"${l.term}" matches "${folded}" but is not offered`);
        });
        offered += candidates.size;
      }
      assert.ok(matched > 3000, `the texts match lexemes (${matched})`);
      assert.ok(offered < 3000 * (all.length / 10), `the index narrows the lexemes (${offered} offered)`);
    });
  });
});
