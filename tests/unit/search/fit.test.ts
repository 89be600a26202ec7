import assert from 'node:assert/strict';
import {
  chooseCutoffs,
  chooseRecalibrations,
  foldsOf,
  type RawSample,
  type Sample,
} from '../../../tools/fitDecision.js';
import { variantCount, wrapAsPost, wrapsOutOfDomain } from '../../../tools/longPosts.js';
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
    outOfScope: false,
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

  it('chooses the cut-offs for the rule the bot applies: a post out of scope is none whatever its p1', () => {
    // An out-of-domain post with a high p1 that the scope rule rejects: it costs nothing, so it does
    // not push the answer cut-off above the in-domain question's p1.
    const samples = [sample('a', true, true), { ...sample('b', false, false), outOfScope: true }];
    const cut = chooseCutoffs(samples, [0.8, 0.95], [0.8, 0.95]);
    assert.ok(cut.answer <= 0.8, JSON.stringify(cut));
    assert.equal(cut.cost, 0);
  });

  it('chooses the recalibrations by the cost of the decisions they lead to, the simplest on a tie', () => {
    const samples = [sample('a', true, true), sample('b', false, false)];
    const cut = { answer: 0.9, suggest: 0.4 };
    const same = { identity: [0.95, 0.1], platt: [0.95, 0.1], isotonic: [0.95, 0.1] };
    assert.deepEqual(
      (({ top1, top3 }) => ({ top1, top3 }))(chooseRecalibrations(samples, { nested: same }, { nested: same }, cut)),
      { top1: 'identity', top3: 'identity' },
    );
    // Identity lifts the out-of-domain post above the suggest cut-off (a wrong did-you-mean); isotonic does not.
    const p3 = { identity: [0.95, 0.5], platt: [0.95, 0.5], isotonic: [0.95, 0.2] };
    const p1 = { identity: [0.95, 0.1], platt: [0.95, 0.1], isotonic: [0.95, 0.1] };
    const chosen = chooseRecalibrations(samples, { nested: p1 }, { nested: p3 }, cut);
    assert.equal(chosen.top3, 'isotonic');
    assert.equal(chosen.top1, 'identity');
    assert.equal(chosen.cost, 0);
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

  it('wraps a question as 2-3 long posts, deterministically, keeping its text whole', () => {
    const text = 'My contacts show no status.';
    for (const id of ['dev-a', 'kb-b', 'fit-c', 'fit-d']) {
      const n = variantCount(id);
      assert.ok(n === 2 || n === 3, `${id}: ${String(n)}`);
      const posts = Array.from({ length: n }, (_, i) => wrapAsPost(id, text, i));
      for (const post of posts) {
        assert.ok(post.includes(text), post);
        assert.ok(post.split('\n').length >= 2, post);
        // What a post names is scope evidence: it must come from the question, never from the wrapper.
        assert.doesNotMatch(post, /Skype|Lync|Exchange|Outlook|Teams|Office 365/i);
      }
      assert.deepEqual(
        posts,
        Array.from({ length: n }, (_, i) => wrapAsPost(id, text, i)),
      );
    }
    assert.notEqual(wrapAsPost('dev-a', text, 0), wrapAsPost('dev-a', text, 1));
  });

  it('long posts are of mixed length: each part is in some variants only', () => {
    const lengths = Array.from({ length: 200 }, (_, i) => wrapAsPost(`fit-${String(i)}`, 'x', 0).split('\n').length);
    const counts = new Set(lengths);
    assert.ok(Math.min(...lengths) >= 2 && Math.max(...lengths) <= 5, [...counts].join(','));
    assert.ok(counts.size >= 3, [...counts].join(','));
  });

  it('wraps about the stated share of out-of-domain questions', () => {
    const ids = Array.from({ length: 400 }, (_, i) => `fit-NONE-${String(i)}`);
    const share = ids.filter((id) => wrapsOutOfDomain(id, 0.5)).length / ids.length;
    assert.ok(share > 0.4 && share < 0.6, String(share));
    assert.equal(ids.filter((id) => wrapsOutOfDomain(id, 0)).length, 0);
  });

  it('keeps a question and its long-post variants in one fold', () => {
    const raw = (id: string, base: string, inDomain: boolean): RawSample => {
      const s = sample(id, inDomain, true);
      return {
        id,
        set: s.set,
        x: s.x,
        truth: s.truth,
        signature: false,
        margin: 0.5,
        informativeTerms: 5,
        outOfScope: false,
        base,
        wrapped: id !== base,
      };
    };
    const samples = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7'].flatMap((q, i) => [
      raw(q, q, i % 2 === 0),
      raw(`${q}~post0`, q, i % 2 === 0),
      raw(`${q}~post1`, q, i % 2 === 0),
    ]);
    const folds = foldsOf(samples);
    assert.equal(folds.size, 7);
    assert.ok(new Set(folds.values()).size >= 5, JSON.stringify([...folds]));
  });
});
