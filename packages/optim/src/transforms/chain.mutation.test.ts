import { describe, expect, it } from 'vitest';
import type { FloatArray } from '../optimizer-types.js';
import { chain, describeTransformation, findTransformState, splitChainTail, type ChainState } from './chain.js';
import { clipByGlobalNorm } from './clipping.js';
import { rememberSumOfSquares } from './norm-kernel.js';
import { scale, trace } from './scale.js';
import { pair, type GradientTransformation, type TransformContext } from './types.js';

const contextFor = (n: number): TransformContext => ({
  step: 0,
  names: Array.from({ length: n }, () => undefined),
  lr: new Float64Array(n),
  options: Array.from({ length: n }, () => ({})),
  skip: false,
});

describe('splitChainTail', () => {
  it('is undefined for a transformation that is no chain, for no members, and for more members than the chain has', () => {
    const c = chain(scale(2), scale(3), scale(5));
    expect(splitChainTail(scale(2), 1)).toBeUndefined();
    expect(splitChainTail(c, 0)).toBeUndefined();
    expect(splitChainTail(c, 4)).toBeUndefined();
  });

  it('splits before the last count members: the head runs the ones before them, tailState is their state', () => {
    const [a, b, last] = [scale(2), trace({ decay: 0.5 }), scale(5)];
    const c = chain(a, b, last);
    const params = [new Float64Array(1)];
    const state = c.init(params, { names: [undefined] });
    const one = splitChainTail(c, 1);
    expect(one?.headLength).toBe(2);
    expect(one?.tail).toEqual([last]);
    expect(one?.tailState(state, 0)).toBe(state.inner[2]);
    // The head: scale(2), then trace (b ← 0.5·0 + 2 = 2); scale(5) does not run.
    const updates = one?.head([Float64Array.from([1])], state, params, contextFor(1)) as FloatArray[];
    expect([...(updates[0] as FloatArray)]).toEqual([2]);
    expect([...((state.inner[1] as ChainState & { trace: FloatArray[] }).trace[0] as FloatArray)]).toEqual([2]);
    const all = splitChainTail(c, 3);
    expect(all?.headLength).toBe(0);
    expect(all?.tail).toEqual([a, b, last]);
    expect(all?.tailState(state, 1)).toBe(state.inner[1]);
    expect([...((all?.head([Float64Array.from([7])], state, params, contextFor(1)) as FloatArray[])[0] as FloatArray)]).toEqual([7]);
  });
});

describe('chain: the squared norm a skipNonFinite found', () => {
  /**
   * A stand-in that remembers a squared norm for its updates, as skipNonFinite does in an arena. The real one's sum is
   * the very sum clipByGlobalNorm would find itself, so only a different one shows which the clip used.
   */
  const remembering = (name: string, sum: number): GradientTransformation => ({
    name,
    init: () => ({}),
    update: (updates, state) => {
      rememberSumOfSquares(updates, sum);
      return pair({}, updates, state);
    },
  });

  function clippedNorm(first: GradientTransformation): number {
    const clip = clipByGlobalNorm(1);
    const c = chain(first, clip);
    const params = [new Float64Array(2)];
    const state = c.init(params, { names: ['w'] });
    c.update([Float64Array.from([3, 4])], state, params, contextFor(1));
    return (state.inner[1] as { norm: number }).norm;
  }

  it('is kept after a member named skipNonFinite (it only read the updates), so the clip next takes it', () => {
    expect(clippedNorm(remembering('skipNonFinite', 100))).toBe(10);
  });

  it('is forgotten after any other member (it may have written them): the clip measures the updates itself', () => {
    expect(clippedNorm(remembering('zeroNans', 100))).toBe(5);
  });
});

describe('describeTransformation and findTransformState', () => {
  it('describe a chain with its members, nested, and a lone transformation by its name', () => {
    expect(describeTransformation(scale(1))).toBe('scale');
    expect(describeTransformation(chain(scale(1), chain(trace({ decay: 0.9 }))))).toBe('chain(scale, chain(trace))');
  });

  it('find the first state of that name, depth first, or undefined', () => {
    const c = chain(scale(1), chain(trace({ decay: 0.9 })), trace({ decay: 0.5 }));
    const state = c.init([new Float64Array(1)], { names: ['w'] });
    expect(findTransformState(c, state, 'trace')).toBe((state.inner[1] as ChainState).inner[0]);
    expect(findTransformState(c, state, 'chain')).toBe(state);
    expect(findTransformState(c, state, 'ema')).toBeUndefined();
    expect(findTransformState(scale(1), {}, 'ema')).toBeUndefined();
  });
});
