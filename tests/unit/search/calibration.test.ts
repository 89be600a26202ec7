import assert from 'node:assert/strict';
import {
  applyCalibrator,
  fitIsotonic,
  fitPlatt,
  type CalibrationPoint,
} from '../../../knowledge/search/calibration.js';
import { calibratorOf, DECISION_MODEL, decide } from '../../../knowledge/search/decision.js';
import { NO_SCOPE, strong } from '../../support/decisionFeatures.js';

/** Points whose true rate is `truth(p)`: at each p, round(100·truth) right out of 100. */
function pointsWithRate(truth: (p: number) => number): CalibrationPoint[] {
  const points: CalibrationPoint[] = [];
  for (let k = 1; k < 20; k++) {
    const p = k / 20;
    const right = Math.round(100 * truth(p));
    for (let i = 0; i < 100; i++) points.push({ p, y: i < right ? 1 : 0, weight: 1 });
  }
  return points;
}

describe('search: recalibration of the decision', () => {
  it('isotonic (pool-adjacent-violators) is non-decreasing and pools a dip', () => {
    // Observed rates rise but dip at 0.5: the dip is pooled with its neighbour.
    const points: CalibrationPoint[] = [
      { p: 0.1, y: 0, weight: 1 },
      { p: 0.3, y: 1, weight: 1 },
      { p: 0.5, y: 0, weight: 1 },
      { p: 0.7, y: 1, weight: 1 },
      { p: 0.9, y: 1, weight: 1 },
    ];
    const c = fitIsotonic(points);
    assert.ok(c.kind === 'isotonic', c.kind);
    const ys = c.points.map(([, y]) => y);
    for (let i = 1; i < ys.length; i++) assert.ok((ys[i] ?? 0) >= (ys[i - 1] ?? 0), JSON.stringify(c.points));
    assert.ok(Math.abs(applyCalibrator(c, 0.4) - 0.5) < 1e-9, String(applyCalibrator(c, 0.4)));
    // Never certainty, even for a block of only right answers.
    assert.ok(applyCalibrator(c, 0.99) < 1 && applyCalibrator(c, 0.01) > 0);
  });

  it('Platt scaling corrects an overconfident model and keeps the order', () => {
    // The model says p, the truth is closer to one half: the slope on the log-odds comes out below one.
    const c = fitPlatt(pointsWithRate((p) => 0.25 + p / 2));
    assert.ok(c.kind === 'platt', c.kind);
    assert.ok(c.a > 0 && c.a < 1, JSON.stringify(c));
    assert.ok(Math.abs(applyCalibrator(c, 0.9) - 0.7) < 0.05, String(applyCalibrator(c, 0.9)));
    assert.ok(applyCalibrator(c, 0.2) < applyCalibrator(c, 0.3));
  });

  it('a well calibrated model is left about as it is', () => {
    const c = fitPlatt(pointsWithRate((p) => p));
    for (const p of [0.1, 0.5, 0.9]) assert.ok(Math.abs(applyCalibrator(c, p) - p) < 0.03, `${p}`);
  });

  it('reads a stored calibrator, and anything unreadable as the identity', () => {
    assert.deepEqual(calibratorOf({ kind: 'platt', a: 1, b: 0 }), { kind: 'platt', a: 1, b: 0 });
    assert.deepEqual(calibratorOf({ kind: 'isotonic', points: [[0, 0.1], 'x', [1, 0.9]] }), {
      kind: 'isotonic',
      points: [
        [0, 0.1],
        [1, 0.9],
      ],
    });
    for (const bad of [undefined, null, {}, { kind: 'platt' }, 'platt'])
      assert.deepEqual(calibratorOf(bad), { kind: 'identity' });
    assert.equal(applyCalibrator({ kind: 'identity' }, Number.NaN), 0);
  });

  it('the stored recalibration is monotone and the out-of-scope rate is low', () => {
    for (const c of [DECISION_MODEL.calibration.top1, DECISION_MODEL.calibration.top3]) {
      let last = -1;
      for (let k = 0; k <= 100; k++) {
        const y = applyCalibrator(c, k / 100);
        assert.ok(y >= last - 1e-12 && y >= 0 && y <= 1, `${c.kind} at ${k / 100}: ${y}`);
        last = y;
      }
    }
    assert.ok(DECISION_MODEL.calibration.outOfScope.p1 < 0.1);
  });

  it('a post out of scope is stated at the confidence observed on such posts', () => {
    const f = strong({ score: 0.9, margin: 0.5, phrase: 0.9, scope: { ...NO_SCOPE, teams: ['Teams'] } });
    const teams = { kind: 'teams' as const, category: 'teams', evidence: ['Teams'] };
    const { decision, explanation } = decide(f, teams, 'en');
    assert.equal(decision, 'none');
    assert.equal(explanation.p1, Math.round(DECISION_MODEL.calibration.outOfScope.p1 * 1000) / 1000);
    assert.ok(decide(f, undefined, 'en').explanation.p1 > explanation.p1);
  });
});
