import { describe, expect, it } from 'vitest';
import type { FloatArray } from '../optimizer-types.js';
import { addDecayedWeights, scale, scaleByAdam, scaleByLearningRate, trace, type TransformContext } from './index.js';
import { adamThenApplyOf, learningRateOf } from './scale.js';

/** A context for `update` by hand: each parameter's group lr, group options and the step. */
function context(lr: readonly number[], { step = 0, options = lr.map(() => ({})) }: { step?: number; options?: Record<string, unknown>[] } = {}): TransformContext {
  return { step, names: lr.map(() => undefined), lr: Float64Array.from(lr), options, skip: false };
}

const values = (arrays: readonly FloatArray[]) => arrays.map((a) => [...a]);

describe('scaleByLearningRate', () => {
  it('with a fixed rate multiplies by −η, whatever the group rates', () => {
    const t = scaleByLearningRate(0.5);
    expect(t.name).toBe('scaleByLearningRate');
    const updates = [Float64Array.from([1, -4])];
    t.update(updates, {}, updates, context([0.1]));
    expect(values(updates)).toEqual([[-0.5, 2]]);
  });

  it("with a schedule multiplies by −η(step), the step being the context's", () => {
    const t = scaleByLearningRate((step) => 0.25 * (step + 1));
    const updates = [Float64Array.from([2]), Float64Array.from([-1])];
    t.update(updates, {}, updates, context([0.1, 0.1], { step: 3 }));
    expect(values(updates)).toEqual([[-2], [1]]);
  });

  it("without a rate uses each parameter's group rate", () => {
    const t = scaleByLearningRate();
    const updates = [Float64Array.from([2]), Float64Array.from([2])];
    t.update(updates, {}, updates, context([0.5, 0.25]));
    expect(values(updates)).toEqual([[-1], [-0.5]]);
  });

  it('learningRateOf gives the rate of parameter k (positive: the update is multiplied by its negation), and undefined for another transformation', () => {
    expect(learningRateOf(scaleByLearningRate(0.5))?.(0, context([0.1]))).toBe(0.5);
    expect(learningRateOf(scaleByLearningRate((step) => step / 8))?.(0, context([0.1], { step: 2 }))).toBe(0.25);
    expect(learningRateOf(scaleByLearningRate())?.(1, context([0.1, 0.75]))).toBe(0.75);
    expect(learningRateOf(scale(2))).toBeUndefined();
  });
});

describe('scale', () => {
  it('multiplies every update by c', () => {
    const t = scale(2);
    const updates = [Float64Array.from([1, -3]), Float32Array.from([0.5])];
    t.update(updates, {}, updates, context([0, 0]));
    expect(values(updates)).toEqual([[2, -6], [1]]);
  });
});

describe('scaleByAdam', () => {
  it('is named scaleByAdam; its fused pass exists for it alone', () => {
    expect(scaleByAdam().name).toBe('scaleByAdam');
    expect(adamThenApplyOf(scaleByAdam())).toBeDefined();
    expect(adamThenApplyOf(scale(1))).toBeUndefined();
  });

  it('in the fused pass, a parameter with no target entry does not move but ages its moments, as a null target', () => {
    const t = scaleByAdam();
    const params = [Float64Array.from([1]), Float64Array.from([1])];
    const state = t.init(params, { names: [undefined, undefined] });
    const gradients = [Float64Array.from([2]), Float64Array.from([2])];
    // Only parameter 0 has a target: the list stops before parameter 1.
    const target = Float64Array.from([1]);
    (adamThenApplyOf(t) as NonNullable<ReturnType<typeof adamThenApplyOf>>)(gradients, state, [target], Float64Array.from([-0.1, -0.1]));
    expect(state.count).toBe(1);
    // m ← (1 − β₁)g, v ← (1 − β₂)g² for both; the moving parameter's gradient is read, never written.
    expect(values(state.mu)).toEqual([[(1 - 0.9) * 2], [(1 - 0.9) * 2]]);
    expect(values(state.nu)).toEqual([[(1 - 0.999) * 4], [(1 - 0.999) * 4]]);
    expect(gradients[0]?.[0]).toBe(2);
    // The first step's direction is m̂ / (√v̂ + ε) = g / (|g| + ε): the target moves by −0.1 times that.
    expect(target[0]).toBeCloseTo(1 - 0.1 * (2 / (2 + 1e-8)), 12);
  });
});

describe('trace', () => {
  it('is named trace and without nesterov passes the buffer b ← μb + u on', () => {
    const t = trace({ decay: 0.5 });
    expect(t.name).toBe('trace');
    const params = [new Float64Array(1)];
    const state = t.init(params, { names: [undefined] });
    const out = [[1], [2]].map((g) => {
      const updates = [Float64Array.from(g)];
      t.update(updates, state, params, context([0]));
      return updates[0]?.[0];
    });
    // b = 1, then 0.5 · 1 + 2 = 2.5 (Nesterov would give 2 + 0.5 · 2.5 = 3.25).
    expect(out).toEqual([1, 2.5]);
  });
});

describe('addDecayedWeights', () => {
  const run = (options: Parameters<typeof addDecayedWeights>[0], groupOptions: Record<string, unknown>[], params: FloatArray[]) => {
    const t = addDecayedWeights(options);
    const updates = params.map(() => Float64Array.from([1]));
    t.update(updates, {}, params, context(params.map(() => 0), { options: groupOptions }));
    return { name: t.name, updates: values(updates) };
  };

  it('is named addDecayedWeights and adds λθ with an explicit λ', () => {
    expect(run({ weightDecay: 0.5 }, [{}, {}], [Float64Array.from([2]), Float64Array.from([-4])])).toEqual({ name: 'addDecayedWeights', updates: [[2], [-1]] });
  });

  it('with an explicit λ needs no group options (a context without them)', () => {
    expect(run({ weightDecay: 0.5 }, [], [Float64Array.from([2])]).updates).toEqual([[2]]);
  });

  it("without λ takes the group's numeric weightDecay, and 0 when the group has none or a non-number", () => {
    const params = [Float64Array.from([2]), Float64Array.from([2]), Float64Array.from([2])];
    expect(run({}, [{ weightDecay: 0.25 }, {}, { weightDecay: '0.5' }], params).updates).toEqual([[1.5], [1], [1]]);
  });

  it("with λ = 0 leaves the update alone even where the parameter is NaN or ±∞ (PyTorch's `if weight_decay != 0`)", () => {
    const params = [Float64Array.from([Number.NaN]), Float64Array.from([Number.POSITIVE_INFINITY])];
    expect(run({}, [{ weightDecay: 0 }, { weightDecay: 0 }], params).updates).toEqual([[1], [1]]);
    expect(run({ weightDecay: 0 }, [{}, {}], params).updates).toEqual([[1], [1]]);
  });

  it('asks the mask about each parameter once, with its name and index, and decays only those it accepts', () => {
    const asked: [string | undefined, number][] = [];
    const mask = (name: string | undefined, index: number) => {
      asked.push([name, index]);
      return index === 1;
    };
    expect(run({ weightDecay: 1, mask }, [{}, {}], [Float64Array.from([2]), Float64Array.from([2])]).updates).toEqual([[1], [3]]);
    expect(asked).toEqual([[undefined, 0], [undefined, 1]]);
  });
});
