import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../../bot/config.js';
import {
  COSTS,
  costOf,
  cutoffsFromCosts,
  DECISION_MODEL,
  decide,
  decisionFor,
  FEATURE_NAMES,
  FEATURE_SIGNS,
  GIVEN_FEATURES,
  featureVector,
  probabilities,
  rawProbabilities,
  type DecisionFeatures,
} from '../../../knowledge/search/decision.js';
import { NO_SCOPE, strong } from '../../support/decisionFeatures.js';

describe('search: the decision model', () => {
  it('stores one weight per feature, in the order of FEATURE_NAMES, with the stated signs', () => {
    assert.deepEqual(DECISION_MODEL.features, [...FEATURE_NAMES]);
    for (const m of [DECISION_MODEL.top1, DECISION_MODEL.top3]) {
      assert.equal(m.weights.length, FEATURE_NAMES.length);
      assert.equal(m.means.length, FEATURE_NAMES.length);
      assert.ok(m.scales.every((s) => s > 0));
      FEATURE_NAMES.forEach((name, i) => {
        const sign = FEATURE_SIGNS[name];
        const w = m.weights[i] ?? 0;
        assert.ok(sign * w >= -1e-9, `${name} has weight ${w}, against its sign ${sign}`);
      });
    }
    assert.ok(DECISION_MODEL.cutoffs.suggest <= DECISION_MODEL.cutoffs.answer);
  });

  it("its cut-offs are the stated cost's break-even points, and the model file carries them", () => {
    const cut = cutoffsFromCosts();
    assert.deepEqual(DECISION_MODEL.cutoffs, cut);
    // Did-you-mean against none, at p3 = suggest: the same expected cost (none to an out-of-domain post).
    const clarify = (p3: number): number => p3 * COSTS.clarifyRight + (1 - p3) * COSTS.clarifyWrong;
    const none = (p3: number): number => p3 * COSTS.noneAnswerable + (1 - p3) * COSTS.noneOutOfDomain;
    assert.ok(Math.abs(clarify(cut.suggest) - none(cut.suggest)) < 0.02);
    assert.ok(clarify(cut.suggest + 0.05) < none(cut.suggest + 0.05));
    assert.ok(clarify(cut.suggest - 0.05) > none(cut.suggest - 0.05));
    // Answer against did-you-mean at its cheapest (p3 = 1), at p1 = answer.
    const answer = (p1: number): number => p1 * COSTS.answerRight + (1 - p1) * COSTS.answerWrong;
    assert.ok(Math.abs(answer(cut.answer) - clarify(1)) < 0.02);
    assert.ok(answer(cut.answer - 0.05) > clarify(1));
    // A dearer wrong answer asks for more confidence.
    assert.ok(cutoffsFromCosts({ ...COSTS, answerWrong: 20 }).answer > cut.answer);
  });

  it('judges the match on the match alone: the given-in-domain models weigh no domain evidence', () => {
    assert.ok(DECISION_MODEL.domain, 'a domain model is fitted');
    for (const m of [DECISION_MODEL.top1, DECISION_MODEL.top3])
      FEATURE_NAMES.forEach((name, i) => {
        if (!GIVEN_FEATURES.includes(name)) assert.equal(m.weights[i], 0, name);
      });
    // Naming more of the products raises P(in domain), never P(right | in domain).
    const raw = (f: DecisionFeatures): ReturnType<typeof rawProbabilities> => rawProbabilities(featureVector(f));
    const plain = raw(strong({ score: 0.5, coverage: 0.5, scope: { ...NO_SCOPE, sfb: ['lync'] } }));
    const named = raw(
      strong({
        score: 0.5,
        coverage: 0.5,
        scope: { ...NO_SCOPE, sfb: ['lync'], exchange: ['outlook'], anchors: ['ews', 'autodiscover', 'oauth'] },
      }),
    );
    assert.ok(named.domain >= plain.domain, `${named.domain} >= ${plain.domain}`);
    const given = (p: { p1: number; domain: number }): number => p.p1 / p.domain;
    assert.ok(Math.abs(given(named) - given(plain)) < 1e-9, `${given(named)} = ${given(plain)}`);
  });

  it('says where it was fitted and that the real-question set was held out', () => {
    const sets = DECISION_MODEL.fittedOn.sets as Record<string, number>;
    assert.ok(sets['dev-questions'] && sets['kb-symptoms'] && sets['fit-questions'], JSON.stringify(sets));
    assert.equal(sets['real-questions'], undefined);
  });

  it('the fitted model file is what npm run fit writes (valid JSON, rounded weights)', () => {
    const file = path.join(PROJECT_ROOT, 'knowledge', 'search', 'decisionModel.json');
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { top1: { weights: number[] } };
    assert.ok(parsed.top1.weights.every((w) => Number.isFinite(w)));
  });

  it('is confident on a clean in-domain match and not on a post that names what the entry never says', () => {
    const clean = probabilities(strong());
    const stray = probabilities(
      strong({
        unmatchedNames: ['sharepoint', 'navigation', 'bar'],
        coverage: 0.3,
        anyCoverage: 0.2,
        score: 0.35,
        phrase: 0.2,
        margin: 0.05,
      }),
    );
    assert.ok(clean.p1 > DECISION_MODEL.cutoffs.answer, `p1 ${clean.p1}`);
    assert.ok(stray.p1 < clean.p1 / 2, `p1 ${stray.p1} vs ${clean.p1}`);
  });

  it('is monotone: more out-of-domain evidence never raises confidence, more coverage never lowers it', () => {
    const base = probabilities(strong({ score: 0.6, coverage: 0.6 })).p1;
    const teams = probabilities(strong({ score: 0.6, coverage: 0.6, scope: { ...NO_SCOPE, teams: ['Teams'] } })).p1;
    const covered = probabilities(strong({ score: 0.6, coverage: 0.9 })).p1;
    assert.ok(teams <= base && covered >= base, `${teams} <= ${base} <= ${covered}`);
  });

  it('explains p1 by its strongest contributions, strongest first', () => {
    const { drivers } = probabilities(strong());
    assert.ok(drivers.length > 0 && drivers.length <= 5);
    for (let i = 1; i < drivers.length; i++)
      assert.ok(Math.abs(drivers[i - 1]?.effect ?? 0) >= Math.abs(drivers[i]?.effect ?? 0));
    assert.ok(drivers.every((d) => FEATURE_NAMES.includes(d.feature)));
  });

  it('has p3 >= p1 (the three best include the best)', () => {
    for (const f of [strong(), strong({ score: 0.2, coverage: 0.1, phrase: 0 })]) {
      const { p1, p3 } = probabilities(f);
      assert.ok(p3 >= p1);
    }
  });

  describe('decisionFor: the rule the bot and the fit share', () => {
    const cut = { answer: 0.8, suggest: 0.4 };
    it('an error signature answers whatever the probabilities', () => {
      assert.equal(decisionFor({ p1: 0, p3: 0 }, { signature: true, margin: 0, informativeTerms: 1 }, cut), 'answer');
    });
    it('answers above the answer cut-off only with a clear lead and more than one word', () => {
      const f = { signature: false, margin: 0.3, informativeTerms: 4 };
      assert.equal(decisionFor({ p1: 0.85, p3: 0.9 }, f, cut), 'answer');
      assert.equal(decisionFor({ p1: 0.85, p3: 0.9 }, { ...f, margin: 0.05 }, cut), 'clarify');
      assert.equal(decisionFor({ p1: 0.85, p3: 0.9 }, { ...f, informativeTerms: 1 }, cut), 'clarify');
      assert.equal(decisionFor({ p1: 0.85, p3: 0.9 }, f, cut, 0.5), 'clarify');
    });
    it('asks between the cut-offs and says none below the suggest cut-off', () => {
      const f = { signature: false, margin: 0.3, informativeTerms: 4 };
      assert.equal(decisionFor({ p1: 0.5, p3: 0.6 }, f, cut), 'clarify');
      assert.equal(decisionFor({ p1: 0.1, p3: 0.3 }, f, cut), 'none');
    });
  });

  it('decide: out of scope is none unless an error signature identifies the entry', () => {
    const teams = { kind: 'teams' as const, category: 'teams', evidence: ['Teams'] };
    assert.equal(decide(strong(), teams, 'en').decision, 'none');
    assert.equal(decide(strong({ signature: true }), teams, 'en').decision, 'answer');
    assert.equal(decide(undefined, undefined, 'en').decision, 'none');
    assert.equal(decide(strong(), undefined, 'de').explanation.language, 'de');
  });

  it('costs: a confident wrong answer costs most, an honest none to an out-of-domain post nothing', () => {
    const wrong = { inDomain: true, top1: false, top3: true };
    assert.equal(costOf('answer', wrong), COSTS.answerWrong);
    assert.equal(costOf('answer', { inDomain: false, top1: false, top3: false }), COSTS.answerWrong);
    assert.equal(costOf('none', { inDomain: false, top1: false, top3: false }), 0);
    assert.equal(costOf('clarify', wrong), COSTS.clarifyRight);
    assert.equal(costOf('none', wrong), COSTS.noneAnswerable);
  });

  it('featureVector: one finite number per feature', () => {
    const x = featureVector(strong({ language: 'it' }));
    assert.equal(x.length, FEATURE_NAMES.length);
    assert.ok(x.every(Number.isFinite));
    assert.equal(x[FEATURE_NAMES.indexOf('nonEnglish')], 1);
  });
});
