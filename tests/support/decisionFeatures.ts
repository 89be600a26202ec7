/** Decision features for unit tests of the decision model, built from one strong in-domain match. */
import type { DecisionFeatures } from '../../knowledge/search/decision.js';
import type { ScopeEvidence } from '../../knowledge/search/scope.js';

export const NO_SCOPE: ScopeEvidence = { sfb: [], exchange: [], anchors: [], teams: [], other: [], uncovered: [] };

/** A strong, clean in-domain match: named product, exact phrasing, everything covered. */
export function strong(overrides: Partial<DecisionFeatures> = {}): DecisionFeatures {
  return {
    score: 0.95,
    margin: 0.4,
    coverage: 1,
    anyCoverage: 1,
    unknownShare: 0,
    phrase: 0.95,
    termsMatched: 5,
    unmatchedNames: [],
    unmatchedNumbers: [],
    signature: false,
    informativeTerms: 6,
    partView: false,
    scope: { ...NO_SCOPE, sfb: ['skype for business'], exchange: ['outlook'], anchors: ['presence', 'add-in'] },
    shape: { segments: 1, question: false, paste: false },
    language: 'en',
    ...overrides,
  };
}
