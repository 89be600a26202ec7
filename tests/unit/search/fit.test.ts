import assert from 'node:assert/strict';
import { chooseCutoffs, type Sample } from '../../../tools/fitDecision.js';
import { BAND_EDGES, calibration, formatCalibration, isCorrect } from '../../../tools/evalData.js';

function sample(id: string, inDomain: boolean, top1: boolean): Sample {
  return {
    id,
    set: 'toy',
    x: [],
    truth: { inDomain, top1: inDomain && top1, top3: inDomain && top1 },
    signature: false,
    margin: 0.5,
    informativeTerms: 5,
    fold: 0,
    weight: 1,
  };
}

describe('fit and eval tools', () => {
  it('cut-offs follow the stated cost: confident where right, none where out of domain', () => {
    const samples = [
      sample('a', true, true),
      sample('b', true, true),
      sample('c', false, false),
      sample('d', false, false),
    ];
    const p1 = [0.95, 0.9, 0.2, 0.1];
    const cut = chooseCutoffs(samples, p1, p1);
    assert.ok(cut.answer <= 0.9 && cut.suggest > 0.2, JSON.stringify(cut));
    assert.equal(cut.cost, 0);
  });

  it('never answers a wrong best entry when that costs more than asking', () => {
    const samples = [sample('a', true, false), sample('b', true, true)];
    const cut = chooseCutoffs(samples, [0.9, 0.6], [0.95, 0.7]);
    // Answering "a" (wrong, p1 0.9) would cost 10; the chosen cut-off keeps it a did-you-mean.
    assert.ok(cut.answer > 0.9, JSON.stringify(cut));
  });

  it('calibration bands cover 0..1 and compare predicted with observed', () => {
    const bands = calibration([
      { p: 0.05, outcome: false },
      { p: 0.15, outcome: false },
      { p: 0.9, outcome: true },
      { p: 1, outcome: true },
    ]);
    assert.equal(bands.length, BAND_EDGES.length - 1);
    assert.equal(bands[0]?.n, 2);
    assert.equal(bands.at(-1)?.n, 2);
    assert.equal(bands.at(-1)?.observed, 1);
    assert.match(formatCalibration(bands, 1).at(-1) ?? '', /largest gap over bands with n >= 1: \d+\.\d points/);
  });

  it('a result is right when its text holds a marker (case-insensitive)', () => {
    assert.ok(isCorrect('Add the SIP: address', ['sip:']));
    assert.ok(!isCorrect(undefined, ['x']) && !isCorrect('nothing', ['sip:']));
  });
});
