/** Labels as any array of small non-negative integers. */
export type Labels = ArrayLike<number>;

function checkPair(truth: Labels, predicted: Labels): void {
  if (truth.length !== predicted.length) {
    throw new RangeError(`true and predicted labels differ in length: ${String(truth.length)} and ${String(predicted.length)}`);
  }
  if (truth.length === 0) throw new RangeError('no labels given');
}

/**
 * The k×k confusion matrix, rows = true class, columns = predicted class (scikit-learn's `confusion_matrix`).
 * `classes` defaults to one more than the largest label seen.
 */
export function confusionMatrix(truth: Labels, predicted: Labels, classes?: number): number[][] {
  checkPair(truth, predicted);
  let k = classes ?? 0;
  if (classes === undefined) for (let i = 0; i < truth.length; i++) k = Math.max(k, (truth[i] as number) + 1, (predicted[i] as number) + 1);
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i] as number;
    const p = predicted[i] as number;
    if (!Number.isInteger(t) || !Number.isInteger(p) || t < 0 || p < 0 || t >= k || p >= k) {
      throw new RangeError(`label pair (${String(t)}, ${String(p)}) at ${String(i)} is outside 0 … ${String(k - 1)}`);
    }
    const row = m[t] as number[];
    row[p] = (row[p] as number) + 1;
  }
  return m;
}

/** The fraction of labels predicted correctly. */
export function accuracy(truth: Labels, predicted: Labels): number {
  checkPair(truth, predicted);
  let right = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) right++;
  return right / truth.length;
}

/**
 * The Matthews correlation coefficient for any number of classes (Gorodkin 2004), as scikit-learn's
 * `matthews_corrcoef` computes it from the confusion matrix C with s samples, c correct, t_k true and p_k predicted
 * counts of class k:  (c·s − Σ p_k t_k) / √((s² − Σ p_k²)(s² − Σ t_k²)), and 0 when a denominator factor is 0.
 */
export function matthewsCorrcoef(truth: Labels, predicted: Labels): number {
  return mccFromConfusion(confusionMatrix(truth, predicted));
}

/** The multiclass Matthews correlation from a confusion matrix (rows = true class), 0 when a factor of the denominator is 0. */
export function mccFromConfusion(c: readonly (readonly number[])[]): number {
  const k = c.length;
  const t = new Array<number>(k).fill(0);
  const p = new Array<number>(k).fill(0);
  let correct = 0;
  let s = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const v = (c[i] as number[])[j] as number;
      t[i] = (t[i] as number) + v;
      p[j] = (p[j] as number) + v;
      s += v;
    }
    correct += (c[i] as number[])[i] as number;
  }
  let pt = 0;
  let pp = 0;
  let tt = 0;
  for (let i = 0; i < k; i++) {
    pt += (p[i] as number) * (t[i] as number);
    pp += (p[i] as number) ** 2;
    tt += (t[i] as number) ** 2;
  }
  const denominator = Math.sqrt((s * s - pp) * (s * s - tt));
  return denominator === 0 ? 0 : (correct * s - pt) / denominator;
}
