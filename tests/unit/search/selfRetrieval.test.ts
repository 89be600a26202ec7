import assert from 'node:assert/strict';
import type { SearchHit } from '../../../knowledge/search/knowledgeIndex.js';
import { sharedApp } from '../../support/harness.js';

/**
 * Self-retrieval: every way an entry describes itself (its title, each symptom, each error), searched
 * alone, must bring that entry back as the top hit. An error string that several entries list word
 * for word may bring back any of them. Nothing else is relaxed: a failure here is a content overlap
 * or a ranking problem to fix, not a test to loosen.
 */

// The default configuration (the harness reads no environment), so a developer's .env changes nothing here.
const KNOWLEDGE = sharedApp().services.knowledge.current;
const INDEX = sharedApp().services.knowledge.index;
const ENTRIES = [...KNOWLEDGE.entries.values()];

/** Exact error string → every entry that lists it. */
const ERROR_OWNERS = new Map<string, string[]>();
for (const entry of ENTRIES) {
  for (const error of entry.errors) ERROR_OWNERS.set(error, [...(ERROR_OWNERS.get(error) ?? []), entry.id]);
}

function describeHits(hits: readonly SearchHit[]): string {
  return hits
    .slice(0, 3)
    .map((h) => `${h.entry.id} (${h.score}${h.bySignature ? ', signature' : ''})`)
    .join(', ');
}

describe('search: self-retrieval of every real entry', () => {
  it('loads the real content', () => {
    assert.ok(ENTRIES.length >= 40, `expected the real knowledge base, found ${ENTRIES.length} entries`);
  });

  for (const entry of ENTRIES) {
    const phrases: { kind: 'title' | 'symptom' | 'error'; text: string }[] = [
      { kind: 'title', text: entry.title },
      ...entry.symptoms.map((text) => ({ kind: 'symptom' as const, text })),
      ...entry.errors.map((text) => ({ kind: 'error' as const, text })),
    ];

    it(`${entry.id}: title, ${entry.symptoms.length} symptom(s) and ${entry.errors.length} error(s) each find it first`, () => {
      const failures: string[] = [];
      for (const { kind, text } of phrases) {
        const result = INDEX.search(text);
        const top = result.hits[0];
        const accepted = kind === 'error' ? (ERROR_OWNERS.get(text) ?? [entry.id]) : [entry.id];
        if (top && accepted.includes(top.entry.id)) continue;
        const own = result.hits.findIndex((h) => h.entry.id === entry.id);
        failures.push(
          `  [${kind}] "${text}"\n      decision ${result.decision}; first: ${top ? describeHits(result.hits) : 'nothing'}; ` +
            `${entry.id} is ${own >= 0 ? `#${own + 1} (${result.hits[own]?.score ?? '?'})` : 'not in the results'}` +
            (accepted.length > 1 ? `; accepted: ${accepted.join(', ')}` : ''),
        );
      }
      if (failures.length > 0)
        assert.fail(
          `${failures.length} of ${phrases.length} phrase(s) of ${entry.id} do not find it first:\n${failures.join('\n')}`,
        );
    });
  }
});
