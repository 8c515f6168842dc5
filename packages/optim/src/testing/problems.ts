import type { FloatArray } from '../optimizer-types.js';

/** A test objective over a flat parameter vector: its value and its exact gradient written into `out`. */
export interface TestProblem {
  readonly name: string;
  readonly dimension: number;
  readonly start: readonly number[];
  readonly minimum: readonly number[];
  /** f(x). */
  value(x: FloatArray): number;
  /** Writes ∇f(x) into `out` (same length as x). */
  gradient(x: FloatArray, out: FloatArray): void;
}

/** ½ Σ aᵢ (xᵢ − cᵢ)², an ill-conditioned bowl (a from 1 to 10) with its minimum at c. */
export const quadraticProblem: TestProblem = {
  name: 'quadratic',
  dimension: 4,
  start: [2, -1.5, 0.5, 3],
  minimum: [1, -0.5, 0.25, 2],
  value(x) {
    let f = 0;
    for (let i = 0; i < 4; i++) {
      const d = (x[i] as number) - (this.minimum[i] as number);
      f += 0.5 * (QUADRATIC_SCALES[i] as number) * d * d;
    }
    return f;
  },
  gradient(x, out) {
    for (let i = 0; i < 4; i++) out[i] = (QUADRATIC_SCALES[i] as number) * ((x[i] as number) - (this.minimum[i] as number));
  },
};
const QUADRATIC_SCALES = [1, 3, 6, 10] as const;

/** (1 − x)² + 100 (y − x²)², the curved valley with its minimum at (1, 1), from the classic start (−1.2, 1). */
export const rosenbrockProblem: TestProblem = {
  name: 'rosenbrock',
  dimension: 2,
  start: [-1.2, 1],
  minimum: [1, 1],
  value(p) {
    const x = p[0] as number;
    const y = p[1] as number;
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
  },
  gradient(p, out) {
    const x = p[0] as number;
    const y = p[1] as number;
    out[0] = -2 * (1 - x) - 400 * x * (y - x * x);
    out[1] = 200 * (y - x * x);
  },
};

/** The Euclidean distance ‖a − b‖₂ over b's length: how far an optimizer ended from a problem's minimum. */
export function distance(a: ArrayLike<number>, b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < b.length; i++) s += ((a[i] as number) - (b[i] as number)) ** 2;
  return Math.sqrt(s);
}
