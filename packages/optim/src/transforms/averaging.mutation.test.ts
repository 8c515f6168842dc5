import { describe, expect, it } from 'vitest';
import type { FloatArray } from '../optimizer-types.js';
import { accumulate, ema, lookahead, type GradientTransformation, type TransformContext, type TransformState } from './index.js';

const context = (n: number): TransformContext => ({ step: 0, names: Array.from({ length: n }, () => undefined), lr: new Float64Array(n), options: Array.from({ length: n }, () => ({})), skip: false });

/** Runs `t` from `params` on each gradient list in turn (params move by the outgoing updates); returns each step's updates and skip. */
function steps<S extends TransformState>(t: GradientTransformation<S>, params: FloatArray[], gradients: readonly (readonly number[])[][]) {
  const state = t.init(params, { names: params.map(() => undefined) });
  return {
    state,
    out: gradients.map((grads) => {
      const c = context(params.length);
      const [updates] = t.update(grads.map((g) => Float64Array.from(g)), state, params, c);
      if (!c.skip) params.forEach((p, j) => { p.forEach((x, i) => (p[i] = x + ((updates[j] as FloatArray)[i] as number))); });
      return { updates: updates.map((u) => [...u]), skip: c.skip };
    }),
  };
}

describe('accumulate (optax MultiSteps): its k', () => {
  it('refuses k below 1 or not whole, with the value and what was expected', () => {
    expect(() => accumulate(0)).toThrow(new RangeError('Invalid k for accumulate: 0 (expected a whole number ≥ 1)'));
    expect(() => accumulate(2.5)).toThrow(new RangeError('Invalid k for accumulate: 2.5 (expected a whole number ≥ 1)'));
  });

  it('with k = 1 passes every gradient on unchanged, a real step each time (the mean of one gradient)', () => {
    const t = accumulate(1);
    expect(t.name).toBe('accumulate');
    const { out } = steps(t, [new Float64Array(2)], [[[1, -2]], [[3, 4]]]);
    expect(out).toEqual([{ updates: [[1, -2]], skip: false }, { updates: [[3, 4]], skip: false }]);
  });
});

describe('lookahead: its k and α', () => {
  it('refuses α outside (0, 1], with the value and what was expected', () => {
    expect(() => lookahead(2, 0)).toThrow(new RangeError('Invalid alpha for lookahead: 0 (expected a number in (0, 1])'));
    expect(() => lookahead(2, -0.5)).toThrow(new RangeError('Invalid alpha for lookahead: -0.5 (expected a number in (0, 1])'));
  });

  it('with k = 1 and α = 1 the slow weights follow the fast ones at every step: the updates pass unchanged', () => {
    const t = lookahead(1, 1);
    expect(t.name).toBe('lookahead');
    const params = [Float64Array.from([1, 2])];
    const { out, state } = steps(t, params, [[[0.5, -0.25]], [[-1, 4]]]);
    expect(out.map((o) => o.updates)).toEqual([[[0.5, -0.25]], [[-1, 4]]]);
    expect([...(state.slow[0] as FloatArray)]).toEqual([0.5, 5.75]);
  });

  it('with k = 1 and α = 0.5 moves halfway to the fast weights every step: φ ← φ + ½(θ + u − φ)', () => {
    const params = [Float64Array.from([2])];
    // φ = 2; step 1: fast 2 + 4 = 6, φ = 4, u = 4 − 2 = 2; step 2: θ = 4, fast 4 + 2 = 6, φ = 5, u = 1.
    const { out } = steps(lookahead(1, 0.5), params, [[[4]], [[2]]]);
    expect(out.map((o) => o.updates)).toEqual([[[2]], [[1]]]);
  });
});

describe('ema: its decay', () => {
  it('refuses a negative decay, with the value and what was expected', () => {
    expect(() => ema(-0.25)).toThrow(new RangeError('Invalid decay for ema: -0.25 (expected a number in [0, 1))'));
  });

  it('accepts decay 0: the average is the parameters after each step', () => {
    const params = [Float64Array.from([1, 1])];
    const { state } = steps(ema(0), params, [[[1, 2]], [[3, -4]]]);
    expect([...(state.average[0] as FloatArray)]).toEqual([5, -1]);
    expect(state.count).toBe(2);
  });
});
