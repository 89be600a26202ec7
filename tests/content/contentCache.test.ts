/**
 * The content snapshot (knowledge/load/contentCache.ts): a hit is the freshly validated content, any
 * change to the content is a miss that loads the new content, invalid content is never cached, and a
 * corrupt or unwritable cache only means the full load.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadKnowledgeOrThrow, ContentError } from '../../knowledge/load/loadKnowledge.js';
import { contentKey, loadKnowledgeCachedOrThrow, parserVersions } from '../../knowledge/load/contentCache.js';
import type { Knowledge } from '../../knowledge/model.js';
import { PROJECT_ROOT } from '../../bot/config.js';

const CONTENT = path.join(PROJECT_ROOT, 'knowledge', 'content');
const ENTRY = path.join('entries', 'contact-photos.md');

function temp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function snapshots(cacheDir: string): string[] {
  return fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).filter((n) => n.endsWith('.v8')) : [];
}

/** Everything but the load time, which each load sets. */
function comparable(k: Knowledge): Record<string, unknown> {
  return Object.fromEntries(Object.entries(k).filter(([key]) => key !== 'loadedAt'));
}

describe('content cache', function () {
  this.timeout(60_000);
  let content: string;
  let cacheDir: string;
  let fresh: Knowledge;

  beforeEach(function () {
    content = temp('content-cache-src-');
    fs.cpSync(CONTENT, content, { recursive: true });
    fresh = loadKnowledgeOrThrow(content);
    cacheDir = path.join(temp('content-cache-'), 'nested', 'cache');
  });

  it('writes a snapshot on the first load and serves the same content from it on the next', function () {
    const problems: string[] = [];
    const first = loadKnowledgeCachedOrThrow(content, { cacheDir, onCacheProblem: (m) => problems.push(m) });
    assert.deepEqual(problems, []);
    assert.equal(snapshots(cacheDir).length, 1);
    const second = loadKnowledgeCachedOrThrow(content, { cacheDir });
    assert.deepStrictEqual(comparable(second), comparable(fresh));
    assert.deepStrictEqual(comparable(first), comparable(fresh));
    assert.ok(Object.isFrozen(second));
    assert.ok(second.entries instanceof Map && second.trees instanceof Map);
  });

  it('misses when one byte of the content changes, and serves the new content', function () {
    loadKnowledgeCachedOrThrow(content, { cacheDir });
    const before = contentKey(content);
    const file = path.join(content, ENTRY);
    const text = fs.readFileSync(file, 'utf8');
    const from = 'contact photos come from';
    assert.ok(text.includes(from), `fixture drift: the entry's summary says ${JSON.stringify(from)}`);
    fs.writeFileSync(file, text.replace(from, 'contact photos are read from'));
    assert.notEqual(contentKey(content), before);
    const changed = loadKnowledgeCachedOrThrow(content, { cacheDir });
    assert.match(changed.entries.get('contact-photos')?.summary ?? '', /contact photos are read from/);
    assert.equal(snapshots(cacheDir).length, 2);
  });

  it('names the installed yaml, zod and marked versions in the key, as their package.json files say', function () {
    const installed = ['yaml', 'zod', 'marked'].map((name) => {
      const file = path.join(PROJECT_ROOT, 'node_modules', name, 'package.json');
      return `${name}@${(JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version}`;
    });
    assert.equal(parserVersions(), installed.join(' '));
  });

  it('misses after an in-place upgrade of a parser, and hits again while nothing changes', function () {
    // A fake install: where the parsers' versions are read from, one package.json each.
    const install = temp('content-cache-install-');
    const versionFile = (name: string): string => path.join(install, 'node_modules', name, 'package.json');
    const setVersion = (name: string, version: string): void => {
      fs.mkdirSync(path.dirname(versionFile(name)), { recursive: true });
      fs.writeFileSync(versionFile(name), JSON.stringify({ name, version }));
    };
    for (const name of ['yaml', 'zod', 'marked']) setVersion(name, '1.0.0');
    const packagesFrom = pathToFileURL(path.join(install, 'loader.js')).href;
    const load = (): Knowledge => loadKnowledgeCachedOrThrow(content, { cacheDir, packagesFrom });
    load();
    load();
    assert.equal(snapshots(cacheDir).length, 1, 'unchanged parsers: the same snapshot');
    for (const [i, name] of ['yaml', 'zod', 'marked'].entries()) {
      const before = contentKey(content, undefined, packagesFrom);
      setVersion(name, '1.0.1');
      assert.notEqual(contentKey(content, undefined, packagesFrom), before, `${name} upgraded: a new key`);
      assert.deepStrictEqual(comparable(load()), comparable(fresh));
      assert.equal(snapshots(cacheDir).length, 2 + i, `${name} upgraded: a new snapshot`);
    }
  });

  it('never caches invalid content: each load reports the problem', function () {
    fs.writeFileSync(path.join(content, 'matrix.yaml'), 'features: [');
    for (let i = 0; i < 2; i++) assert.throws(() => loadKnowledgeCachedOrThrow(content, { cacheDir }), ContentError);
    assert.deepEqual(snapshots(cacheDir), []);
  });

  it('loads fully, and says why, when the snapshot is corrupt or does not hold content', function () {
    loadKnowledgeCachedOrThrow(content, { cacheDir });
    const [name] = snapshots(cacheDir);
    assert.ok(name);
    for (const bytes of [Buffer.from('not a snapshot'), Buffer.from([0xff, 0x0f, 0x22, 0x01])]) {
      fs.writeFileSync(path.join(cacheDir, name), bytes);
      const problems: string[] = [];
      const loaded = loadKnowledgeCachedOrThrow(content, { cacheDir, onCacheProblem: (m) => problems.push(m) });
      assert.deepStrictEqual(comparable(loaded), comparable(fresh));
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.match(problems[0] ?? '', /content cache not read/);
    }
  });

  it('loads fully, and says why, when the cache folder cannot be created', function () {
    const blocked = path.join(temp('content-cache-blocked-'), 'a-file');
    fs.writeFileSync(blocked, 'x');
    const problems: string[] = [];
    const loaded = loadKnowledgeCachedOrThrow(content, {
      cacheDir: path.join(blocked, 'cache'),
      onCacheProblem: (m) => problems.push(m),
    });
    assert.deepStrictEqual(comparable(loaded), comparable(fresh));
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /content cache not written/);
  });
});
