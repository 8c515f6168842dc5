import type { FloatArray } from '@descent/optim';

/** Arrays of the flat parameter size that the line search reuses from step to step. */
export interface LineSearchBuffers {
  /** The parameters where the search starts. */
  readonly xInit: FloatArray;
  /** The gradient at the latest trial point. */
  readonly gNew: FloatArray;
  /** The gradient at the previous trial point. */
  readonly gPrev: FloatArray;
  /** The gradients at the two ends of the bracket. */
  readonly bracketG: readonly [FloatArray, FloatArray];
  /** The two ends of the bracket: step lengths, losses and directional derivatives. */
  readonly bracket: Float64Array;
  readonly bracketF: Float64Array;
  readonly bracketGtd: Float64Array;
  /** What the search found (written in place, so that a search allocates nothing). */
  readonly result: { loss: number; t: number; evaluations: number };
}

/** Empty buffers for `strongWolfe` over `n` values of the parameters' type. */
export function lineSearchBuffers(make: () => FloatArray): LineSearchBuffers {
  return {
    xInit: make(),
    gNew: make(),
    gPrev: make(),
    bracketG: [make(), make()],
    bracket: new Float64Array(2),
    bracketF: new Float64Array(2),
    bracketGtd: new Float64Array(2),
    result: { loss: 0, t: 0, evaluations: 0 },
  };
}

/** Evaluates the loss at x + t·d, writes the gradient there into `gradOut`, and leaves the parameters at x. */
export type DirectionalEvaluation = (x: FloatArray, t: number, d: FloatArray, gradOut: FloatArray) => number;

/**
 * aᵀb the way PyTorch's dot computes it through BLAS (OpenBLAS sdot/ddot): each product in the arrays' type, the sum
 * in float64, rounded once at the end to the arrays' type.
 */
export function dot(a: FloatArray, b: FloatArray): number {
  let sum = 0;
  // Two loops rather than a rounding function passed in: a call per element through a variable would box every
  // number it returns, and a step would allocate megabytes.
  if (a instanceof Float32Array) {
    for (let i = 0; i < a.length; i++) sum += Math.fround((a[i] as number) * (b[i] as number));
    return Math.fround(sum);
  }
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

const C1 = 1e-4;

/** The sufficient-decrease bound f + c₁·t·gᵀd, as PyTorch computes it: a tensor of the parameters' type (gᵀd is one). */
function armijo(f: number, t: number, gtd: number, round: (value: number) => number): number {
  return round(f + round(round(C1 * t) * gtd));
}
const C2 = 0.9;
const MAX_LS = 25;

/**
 * The minimiser of the cubic through (x1, f1) and (x2, f2) with slopes g1 and g2, clamped to `bounds` (by default the
 * interval between the points); the bounds' midpoint when the cubic has no minimum. PyTorch's `_cubic_interpolate`, from
 * torch/optim's polyinterp.lua.
 */
export function cubicInterpolate(
  x1: number,
  f1: number,
  g1: number,
  x2: number,
  f2: number,
  g2: number,
  xminBound = Math.min(x1, x2),
  xmaxBound = Math.max(x1, x2),
): number {
  const d1 = g1 + g2 - (3 * (f1 - f2)) / (x1 - x2);
  const d2Square = d1 ** 2 - g1 * g2;
  if (d2Square >= 0) {
    const d2 = Math.sqrt(d2Square);
    const minPos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2)) : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    return Math.min(Math.max(minPos, xminBound), xmaxBound);
  }
  return (xminBound + xmaxBound) / 2;
}

/**
 * A step length t along d that satisfies the strong Wolfe conditions, f(x + td) ≤ f + c₁t·gᵀd and
 * |∇f(x + td)ᵀd| ≤ −c₂·gᵀd (c₁ = 1e-4, c₂ = 0.9), found by bracketing and then zooming with cubic interpolation, in at
 * most 25 trials: PyTorch 1.13's `_strong_wolfe` (from torch/optim's lswolfe.lua), statement for statement. Writes the
 * gradient at the chosen point into `g` and returns the loss there, t and the number of evaluations.
 */
export function strongWolfe(
  evaluate: DirectionalEvaluation,
  x: FloatArray,
  tStart: number,
  d: FloatArray,
  f: number,
  g: FloatArray,
  gtd: number,
  toleranceChange: number,
  buffers: LineSearchBuffers,
  round: (value: number) => number,
): { loss: number; t: number; evaluations: number } {
  const { gNew, gPrev, bracketG, bracket, bracketF, bracketGtd } = buffers;
  let dNorm = 0;
  for (let i = 0; i < d.length; i++) dNorm = Math.max(dNorm, Math.abs(d[i] as number));

  let t = tStart;
  let fNew = evaluate(x, t, d, gNew);
  let evaluations = 1;
  let gtdNew = dot(gNew, d);

  // Bracket an interval that contains a point satisfying the Wolfe conditions.
  let tPrev = 0;
  let fPrev = f;
  let gtdPrev = gtd;
  gPrev.set(g);
  let done = false;
  let lsIter = 0;
  bracket.fill(0);
  bracketF.fill(0);
  bracketGtd.fill(0);
  let single = false; // the bracket is one point (PyTorch's [t]), found on the first pass
  while (lsIter < MAX_LS) {
    if (fNew > armijo(f, t, gtd, round) || (lsIter > 1 && fNew >= fPrev)) {
      setBracket(tPrev, fPrev, gPrev, gtdPrev, t, fNew, gNew, gtdNew);
      break;
    }
    if (Math.abs(gtdNew) <= -C2 * gtd) {
      bracket[0] = t;
      bracketF[0] = fNew;
      bracketG[0].set(gNew);
      single = true;
      done = true;
      break;
    }
    if (gtdNew >= 0) {
      setBracket(tPrev, fPrev, gPrev, gtdPrev, t, fNew, gNew, gtdNew);
      break;
    }
    // Extrapolate: the cubic's minimum, at least 1% beyond t and at most 10 t.
    const minStep = t + 0.01 * (t - tPrev);
    const maxStep = t * 10;
    const tmp = t;
    t = round(cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep));
    tPrev = tmp;
    fPrev = fNew;
    gPrev.set(gNew);
    gtdPrev = gtdNew;
    fNew = evaluate(x, t, d, gNew);
    evaluations++;
    gtdNew = dot(gNew, d);
    lsIter++;
  }
  if (lsIter === MAX_LS) {
    bracket[0] = 0;
    bracket[1] = t;
    bracketF[0] = f;
    bracketF[1] = fNew;
    bracketG[0].set(g);
    bracketG[1].set(gNew);
  }

  // Zoom: shrink the bracket until a point satisfies the conditions.
  let insufProgress = false;
  // The end with the lower loss (the first on ties) and the other one.
  let lowPos = single || (bracketF[0] as number) <= (bracketF[1] as number) ? 0 : 1;
  let highPos = 1 - lowPos;
  while (!done && lsIter < MAX_LS) {
    if (Math.abs((bracket[1] as number) - (bracket[0] as number)) * dNorm < toleranceChange) break;
    t = round(cubicInterpolate(bracket[0] as number, bracketF[0] as number, bracketGtd[0] as number, bracket[1] as number, bracketF[1] as number, bracketGtd[1] as number));
    // Too close to an end (or outside): move to 10% of the bracket's width from the nearer end, unless the last
    // trial made progress.
    const hi = Math.max(bracket[0] as number, bracket[1] as number);
    const lo = Math.min(bracket[0] as number, bracket[1] as number);
    const eps = 0.1 * (hi - lo);
    if (Math.min(hi - t, t - lo) < eps) {
      if (insufProgress || t >= hi || t <= lo) {
        t = Math.abs(t - hi) < Math.abs(t - lo) ? hi - eps : lo + eps;
        insufProgress = false;
      } else {
        insufProgress = true;
      }
    } else {
      insufProgress = false;
    }
    fNew = evaluate(x, t, d, gNew);
    evaluations++;
    gtdNew = dot(gNew, d);
    lsIter++;
    if (fNew > armijo(f, t, gtd, round) || fNew >= (bracketF[lowPos] as number)) {
      // Not enough decrease, or not below the low end: the trial becomes the high end.
      bracket[highPos] = t;
      bracketF[highPos] = fNew;
      (bracketG[highPos] as FloatArray).set(gNew);
      bracketGtd[highPos] = gtdNew;
      lowPos = (bracketF[0] as number) <= (bracketF[1] as number) ? 0 : 1;
      highPos = 1 - lowPos;
    } else {
      if (Math.abs(gtdNew) <= -C2 * gtd) {
        done = true;
      } else if (gtdNew * ((bracket[highPos] as number) - (bracket[lowPos] as number)) >= 0) {
        // The old high end becomes the new low one.
        bracket[highPos] = bracket[lowPos] as number;
        bracketF[highPos] = bracketF[lowPos] as number;
        (bracketG[highPos] as FloatArray).set(bracketG[lowPos] as FloatArray);
        bracketGtd[highPos] = bracketGtd[lowPos] as number;
      }
      bracket[lowPos] = t;
      bracketF[lowPos] = fNew;
      (bracketG[lowPos] as FloatArray).set(gNew);
      bracketGtd[lowPos] = gtdNew;
    }
  }
  g.set(bracketG[lowPos] as FloatArray);
  const { result } = buffers;
  result.loss = bracketF[lowPos] as number;
  result.t = bracket[lowPos] as number;
  result.evaluations = evaluations;
  return result;

  function setBracket(t0: number, f0: number, g0: FloatArray, gtd0: number, t1: number, f1: number, g1: FloatArray, gtd1: number): void {
    bracket[0] = t0;
    bracket[1] = t1;
    bracketF[0] = f0;
    bracketF[1] = f1;
    bracketG[0].set(g0);
    bracketG[1].set(g1);
    bracketGtd[0] = gtd0;
    bracketGtd[1] = gtd1;
  }
}
