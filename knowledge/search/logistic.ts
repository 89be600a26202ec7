/**
 * Logistic regression, written out: standardised features, L2-regularised Newton steps (IRLS),
 * sample weights. Small on purpose (a few dozen features, a few hundred examples); the fitted
 * weights are data ({@link LogisticModel}), and every prediction can be explained as the sum of
 * one contribution per feature.
 */

export interface LogisticModel {
  /** Mean and standard deviation of each feature on the data the model was fitted on. */
  readonly means: readonly number[];
  readonly scales: readonly number[];
  readonly bias: number;
  /** One weight per standardised feature. */
  readonly weights: readonly number[];
}

export interface Example {
  readonly x: readonly number[];
  /** 1 when the outcome happened (the best entry was right), else 0. */
  readonly y: 0 | 1;
  readonly weight: number;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Each feature's contribution to the log-odds: weight × standardised value. */
export function contributions(model: LogisticModel, x: readonly number[]): number[] {
  return model.weights.map((w, i) => w * (((x[i] ?? 0) - (model.means[i] ?? 0)) / (model.scales[i] ?? 1)));
}

export function predict(model: LogisticModel, x: readonly number[]): number {
  return sigmoid(model.bias + contributions(model, x).reduce((a, b) => a + b, 0));
}

function standardiser(examples: readonly Example[], width: number): { means: number[]; scales: number[] } {
  const total = examples.reduce((s, e) => s + e.weight, 0) || 1;
  const means = Array.from(
    { length: width },
    (_, i) => examples.reduce((s, e) => s + e.weight * (e.x[i] ?? 0), 0) / total,
  );
  const scales = means.map((m, i) => {
    const variance = examples.reduce((s, e) => s + e.weight * ((e.x[i] ?? 0) - m) ** 2, 0) / total;
    // A constant feature keeps scale 1 (its weight is then pulled to zero by the penalty).
    return variance > 1e-12 ? Math.sqrt(variance) : 1;
  });
  return { means, scales };
}

/**
 * Fits by Newton's method on the penalised log-likelihood (the bias is not penalised). `lambda` is
 * the L2 penalty per unit of total sample weight.
 */
export function fitLogistic(
  examples: readonly Example[],
  lambda: number,
  signs: readonly (-1 | 0 | 1)[] = [],
): LogisticModel {
  const width = examples[0]?.x.length ?? 0;
  const { means, scales } = standardiser(examples, width);
  // Sign constraints (a monotone model): a weight that comes out with the wrong sign is held at zero
  // and the rest refitted, until every weight has its stated sign or none.
  const held = new Set<number>();
  for (;;) {
    const beta = newton(examples, means, scales, lambda, held);
    const wrong = beta.slice(1).flatMap((b, i) => ((signs[i] ?? 0) * b < -1e-9 && !held.has(i) ? [i] : []));
    if (wrong.length === 0) return { means, scales, bias: beta[0] ?? 0, weights: beta.slice(1) };
    for (const i of wrong) held.add(i);
  }
}

function newton(
  examples: readonly Example[],
  means: readonly number[],
  scales: readonly number[],
  lambda: number,
  held: ReadonlySet<number>,
  iterations = 50,
): number[] {
  const width = means.length;
  // A held feature is read as zero, so its weight stays at zero.
  const rows = examples.map((e) => [
    1,
    ...e.x.map((v, i) => (held.has(i) ? 0 : (v - (means[i] ?? 0)) / (scales[i] ?? 1))),
  ]);
  const total = examples.reduce((s, e) => s + e.weight, 0);
  let beta = new Array<number>(width + 1).fill(0);
  for (let iter = 0; iter < iterations; iter++) {
    const gradient = beta.map((b, j) => (j === 0 ? 0 : lambda * total * b));
    const hessian = beta.map((_, j) => beta.map((__, k) => (j === k && j > 0 ? lambda * total : 0)));
    rows.forEach((row, n) => {
      const e = examples[n] as Example;
      const p = sigmoid(row.reduce((s, v, j) => s + v * (beta[j] ?? 0), 0));
      const w = e.weight * Math.max(p * (1 - p), 1e-9);
      for (let j = 0; j < row.length; j++) {
        gradient[j] = (gradient[j] ?? 0) + e.weight * (p - e.y) * (row[j] ?? 0);
        const hj = hessian[j] as number[];
        for (let k = 0; k < row.length; k++) hj[k] = (hj[k] ?? 0) + w * (row[j] ?? 0) * (row[k] ?? 0);
      }
    });
    const step = solve(hessian, gradient);
    beta = beta.map((b, j) => b - (step[j] ?? 0));
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return beta;
}

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and positive definite). */
export function solve(a: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] ?? 0]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]?.[col] ?? 0) > Math.abs(m[pivot]?.[col] ?? 0)) pivot = r;
    [m[col], m[pivot]] = [m[pivot] as number[], m[col] as number[]];
    const p = m[col] as number[];
    const diag = p[col] ?? 0;
    if (Math.abs(diag) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = m[r] as number[];
      const factor = (row[col] ?? 0) / diag;
      if (factor !== 0) for (let c = col; c <= n; c++) row[c] = (row[c] ?? 0) - factor * (p[c] ?? 0);
    }
  }
  return m.map((row, i) => {
    const diag = row[i] ?? 0;
    return Math.abs(diag) < 1e-12 ? 0 : (row[n] ?? 0) / diag;
  });
}

/** Weighted log loss of predictions (lower is better), for choosing the penalty by cross-validation. */
export function logLoss(predictions: readonly { p: number; y: 0 | 1; weight: number }[]): number {
  const total = predictions.reduce((s, e) => s + e.weight, 0) || 1;
  const eps = 1e-6;
  return (
    -predictions.reduce(
      (s, { p, y, weight }) => s + weight * (y === 1 ? Math.log(Math.max(p, eps)) : Math.log(Math.max(1 - p, eps))),
      0,
    ) / total
  );
}
