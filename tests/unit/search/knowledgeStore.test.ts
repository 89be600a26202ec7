/**
 * The knowledge store (knowledge/knowledgeStore.ts): the index of the content loaded at start is built
 * at the first search, not when the store is made, and a reload swaps content and index together.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../../bot/config.js';
import { KnowledgeStore } from '../../../knowledge/knowledgeStore.js';
import { loadKnowledgeOrThrow } from '../../../knowledge/load/loadKnowledge.js';
import type { Knowledge } from '../../../knowledge/model.js';

const CONTENT = path.join(PROJECT_ROOT, 'knowledge', 'content');
const THRESHOLDS = { answer: 0.5, suggest: 0.3, margin: 0.1 };

describe('knowledge store', function () {
  this.timeout(30_000);
  let knowledge: Knowledge;

  before(function () {
    knowledge = loadKnowledgeOrThrow(CONTENT);
  });

  it('reads none of the content for the index until it is first asked for, then builds it once', function () {
    const read = new Set<string | symbol>();
    const watched = new Proxy(knowledge, {
      get: (target, key, receiver): unknown => {
        read.add(key);
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const store = new KnowledgeStore(watched, CONTENT, THRESHOLDS);
    assert.equal(store.counts().entries, knowledge.entries.size);
    assert.ok(!read.has('synonyms'), 'the index was built with the store');
    const index = store.index;
    assert.ok(read.has('synonyms'), 'the index is built from the store content');
    assert.equal(index.size, knowledge.entries.size);
    assert.equal(store.index, index, 'built once');
  });

  it('reloads content and index together: the new content is what the next search finds', function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'knowledge-store-'));
    fs.cpSync(CONTENT, dir, { recursive: true });
    const store = new KnowledgeStore(loadKnowledgeOrThrow(dir), dir, THRESHOLDS);
    const word = 'quuxinator';
    const before = store.index;
    assert.ok(!before.search(word).hits.some((h) => h.entry.id === 'contact-photos'));
    const file = path.join(dir, 'entries', 'contact-photos.md');
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.includes('\nsymptoms:\n'), 'fixture drift: the entry lists its symptoms');
    fs.writeFileSync(file, text.replace('\nsymptoms:\n', `\nsymptoms:\n  - the ${word} shows no contact photo\n`));
    const reloaded = store.reload();
    assert.ok(reloaded.ok, JSON.stringify(reloaded.ok ? [] : reloaded.problems.slice(0, 3)));
    assert.notEqual(store.index, before);
    assert.equal(store.index.search(word).hits[0]?.entry.id, 'contact-photos');
  });
});
