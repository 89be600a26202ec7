import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../bot/config.js';
import { loadKnowledge, type LoadResult } from '../../knowledge/load/loadKnowledge.js';
import { findCmdletNames } from '../../knowledge/load/cmdletNames.js';
import { ruleFor } from '../../knowledge/matrixLookup.js';
import { formatProblem, kbUrl, type ContentProblem, type Knowledge } from '../../knowledge/model.js';

/**
 * The real content under knowledge/content/: the whole folder must load, and every file gets its
 * own generated test so a broken file is named in the test report.
 */

const CONTENT_DIR = path.join(PROJECT_ROOT, 'knowledge', 'content');
const SOURCES_DIR = path.resolve(PROJECT_ROOT, '..', 'shared', 'sources');
const HAS_SOURCES = fs.existsSync(SOURCES_DIR);

const entryFiles = fs
  .readdirSync(path.join(CONTENT_DIR, 'entries'))
  .filter((n) => n.endsWith('.md'))
  .sort();
const treeFiles = fs
  .readdirSync(path.join(CONTENT_DIR, 'trees'))
  .filter((n) => n.endsWith('.yaml'))
  .sort();

/** The loader names files relative to the working directory; compare absolute paths instead. */
function problemsIn(result: LoadResult, file: string): readonly ContentProblem[] {
  if (result.ok) return [];
  return result.problems.filter((p) => path.resolve(process.cwd(), p.file) === file);
}

function assertNoProblems(result: LoadResult, file: string): void {
  const problems = problemsIn(result, file);
  assert.deepEqual(problems.map(formatProblem), [], `${path.relative(PROJECT_ROOT, file)} has problems`);
}

describe('knowledge content', function () {
  let result: LoadResult;
  let knowledge: Knowledge | undefined;

  before(() => {
    result = loadKnowledge(CONTENT_DIR, HAS_SOURCES ? { sourcesDir: SOURCES_DIR } : {});
    knowledge = result.ok ? result.knowledge : undefined;
  });

  /** The loaded knowledge; a per-file test stops after its own problem check when the load failed. */
  function loaded(): Knowledge {
    assert.ok(knowledge, 'content did not load (see "loads without problems")');
    return knowledge;
  }

  it(`loads without problems${HAS_SOURCES ? ' (checked against shared/sources)' : ' (shared/sources not found: source citations not re-checked)'}`, () => {
    assert.ok(result.ok, result.ok ? '' : `\n${result.problems.map(formatProblem).join('\n')}`);
    assert.equal(result.knowledge.entries.size, entryFiles.length);
    assert.equal(result.knowledge.trees.size, treeFiles.length);
  });

  describe('entries', () => {
    for (const name of entryFiles) {
      const file = path.join(CONTENT_DIR, 'entries', name);
      const id = name.replace(/\.md$/, '');
      it(`entries/${name}`, () => {
        assertNoProblems(result, file);
        const k = loaded();
        const entry = k.entries.get(id);
        assert.ok(entry, `no entry loaded from ${name}`);
        assert.equal(entry.id, id, 'id must equal the file name');

        for (const n of entry.kb) {
          assert.ok(k.kbArticles.has(n), `KB ${n} is not in kb-articles.yaml`);
          assert.ok(entry.sections.links.includes(kbUrl(n)), `KB ${n} is not linked in Links as ${kbUrl(n)}`);
        }
        for (const m of entry.markdown.matchAll(/https?:\/\/support\.microsoft\.com\/[^\s)]*/g)) {
          assert.match(m[0], /^https:\/\/support\.microsoft\.com\/help\/\d{6,7}$/, 'KB links use the canonical form');
        }

        const text = fs.readFileSync(file, 'utf8');
        for (const cmdlet of findCmdletNames(text)) {
          const record = k.cmdlets.get(cmdlet.toLowerCase());
          assert.ok(record, `${cmdlet} is not in cmdlets.yaml`);
          assert.equal(cmdlet, record.name, `${cmdlet} must be spelt as in cmdlets.yaml`);
        }
        for (const related of entry.related)
          assert.ok(k.entries.has(related), `related entry ${related} does not exist`);
      });
    }
  });

  describe('trees', () => {
    for (const name of treeFiles) {
      const file = path.join(CONTENT_DIR, 'trees', name);
      const id = name.replace(/\.yaml$/, '');
      it(`trees/${name}`, () => {
        assertNoProblems(result, file);
        const k = loaded();
        const tree = k.trees.get(id);
        assert.ok(tree, `no tree loaded from ${name}`);
        assert.equal(tree.id, id, 'id must equal the file name');
        assert.ok(tree.nodes.has(tree.start), 'start node exists');
        for (const e of tree.entries) assert.ok(k.entries.has(e), `entry ${e} does not exist`);
        for (const cmdlet of findCmdletNames(fs.readFileSync(file, 'utf8'))) {
          assert.ok(k.cmdlets.has(cmdlet.toLowerCase()), `${cmdlet} is not in cmdlets.yaml`);
        }
        const ends = [...tree.nodes.values()].filter((n) => n.kind === 'resolution' || n.kind === 'handoff');
        assert.ok(ends.length > 0, 'a tree ends in a resolution or handoff');
      });
    }
  });

  describe('registries', () => {
    it('matrix.yaml', () => {
      assertNoProblems(result, path.join(CONTENT_DIR, 'matrix.yaml'));
      const { matrix, entries } = loaded();
      assert.equal(matrix.exchange.length * matrix.sfb.length, 12);
      for (const feature of matrix.features) {
        for (const ex of matrix.exchange) {
          for (const sfb of matrix.sfb)
            assert.ok(ruleFor(feature, ex.id, sfb.id), `${feature.id}: no rule for ${ex.id} with ${sfb.id}`);
        }
        for (const e of feature.entries) assert.ok(entries.has(e), `${feature.id}: entry ${e} does not exist`);
      }
    });

    it('kb-articles.yaml', () => {
      assertNoProblems(result, path.join(CONTENT_DIR, 'kb-articles.yaml'));
      const k = loaded();
      assert.ok(k.kbArticles.size > 0);
      const cited = new Set([...k.entries.values()].flatMap((e) => e.kb));
      for (const [n, article] of k.kbArticles) {
        assert.equal(article.url, `https://support.microsoft.com/help/${n}`);
        assert.ok(cited.has(n), `KB ${n} is cited by no entry`);
      }
    });

    it('cmdlets.yaml', () => {
      assertNoProblems(result, path.join(CONTENT_DIR, 'cmdlets.yaml'));
      const k = loaded();
      const named = new Set(
        [
          ...entryFiles.map((n) => path.join(CONTENT_DIR, 'entries', n)),
          ...treeFiles.map((n) => path.join(CONTENT_DIR, 'trees', n)),
        ].flatMap((f) => findCmdletNames(fs.readFileSync(f, 'utf8')).map((c) => c.toLowerCase())),
      );
      for (const [key, record] of k.cmdlets) {
        assert.ok(record.documentedIn.length > 0, `${record.name} says where it is documented`);
        assert.ok(named.has(key), `${record.name} is listed but no entry or tree names it`);
      }
    });

    it('synonyms.yaml', () => {
      assertNoProblems(result, path.join(CONTENT_DIR, 'synonyms.yaml'));
      const { synonyms } = loaded();
      assert.ok(synonyms.groups.length > 0);
      const terms = synonyms.groups.flat();
      assert.equal(new Set(terms).size, terms.length, 'no spelling is in two groups');
    });
  });
});
