/**
 * Monotone recalibration of a model's probability, written out: Platt scaling (a logistic curve on
 * the log-odds, two numbers) and isotonic regression by pool-adjacent-violators (a non-decreasing
 * step curve, read with linear interpolation between the steps). Both are fitted on out-of-fold
 * predictions (tools/fitDecision.ts) and stored as data in decisionModel.json; both keep the order of
 * the predictions, so the decision's ranking of confidence and its explanation are unchanged.
 */
import { sigmoid } from './logistic.js';

export type Calibrator =
  | { readonly kind: 'identity' }
  | { readonly kind: 'platt'; readonly a: number; readonly b: number }
  /** Points (x = raw probability, y = calibrated), x non-decreasing, y non-decreasing. */
  | { readonly kind: 'isotonic'; readonly points: readonly (readonly [number, number])[] };

export interface CalibrationPoint {
  readonly p: number;
  readonly y: 0 | 1;
  readonly weight: number;
}

/**
 * A block of only right (or only wrong) examples is still not certainty: isotonic outputs are kept
 * this far from 0 and 1, so one surprise never costs an unbounded log loss.
 */
const ISOTONIC_FLOOR = 0.005;

const logit = (p: number): number => {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
};

export function applyCalibrator(c: Calibrator, p: number): number {
  if (!Number.isFinite(p)) return 0;
  if (c.kind === 'platt') return sigmoid(c.a * logit(p) + c.b);
  if (c.kind === 'isotonic') return interpolate(c.points, p);
  return p;
}

function interpolate(points: readonly (readonly [number, number])[], p: number): number {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return p;
  if (p <= first[0]) return first[1];
  if (p >= last[0]) return last[1];
  for (let i = 1; i < points.length; i++) {
    const [x1, y1] = points[i] as readonly [number, number];
    const [x0, y0] = points[i - 1] as readonly [number, number];
    if (p <= x1) return x1 === x0 ? y1 : y0 + ((y1 - y0) * (p - x0)) / (x1 - x0);
  }
  return last[1];
}

/**
 * Platt scaling: the weighted logistic regression of the outcome on the log-odds of `p` (slope a,
 * intercept b), by Newton steps with a small ridge so a separable set stays finite.
 */
export function fitPlatt(points: readonly CalibrationPoint[]): Calibrator {
  let a = 1;
  let b = 0;
  const ridge = 1e-3 * points.reduce((s, x) => s + x.weight, 0);
  for (let iter = 0; iter < 100; iter++) {
    let ga = ridge * (a - 1);
    let gb = 0;
    let haa = ridge;
    let hab = 0;
    let hbb = 1e-9;
    for (const { p, y, weight } of points) {
      const z = logit(p);
      const q = sigmoid(a * z + b);
      const w = weight * Math.max(q * (1 - q), 1e-9);
      ga += weight * (q - y) * z;
      gb += weight * (q - y);
      haa += w * z * z;
      hab += w * z;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.max(Math.abs(da), Math.abs(db)) < 1e-10) break;
  }
  // A negative slope would reverse the order of confidence; it cannot happen on a model better than
  // chance, and is refused if it does.
  return a > 0 ? { kind: 'platt', a, b } : { kind: 'identity' };
}

/**
 * Isotonic regression by pool-adjacent-violators: sorted by `p`, adjacent blocks whose observed rate
 * falls are pooled until the rates never fall. Each block is stored as its weighted mean `p` and rate.
 */
export function fitIsotonic(points: readonly CalibrationPoint[]): Calibrator {
  const sorted = [...points].filter((x) => x.weight > 0).sort((m, n) => m.p - n.p);
  const blocks: { w: number; wp: number; wy: number }[] = [];
  for (const { p, y, weight } of sorted) {
    blocks.push({ w: weight, wp: weight * p, wy: weight * y });
    for (;;) {
      const last = blocks[blocks.length - 1];
      const prev = blocks[blocks.length - 2];
      if (!last || !prev || prev.wy / prev.w < last.wy / last.w) break;
      blocks.splice(blocks.length - 2, 2, { w: prev.w + last.w, wp: prev.wp + last.wp, wy: prev.wy + last.wy });
    }
  }
  const clamp = (y: number): number => Math.min(1 - ISOTONIC_FLOOR, Math.max(ISOTONIC_FLOOR, y));
  return { kind: 'isotonic', points: blocks.map((k) => [k.wp / k.w, clamp(k.wy / k.w)] as const) };
}
