import { describe, expect, it } from 'vitest';
import { addDecayedWeights, chain, fromTransformation, parameter, scaleByAdam, scaleByLearningRate, type OptimizerV1 } from '@descent/optim';
import { AdamW } from './adamw.js';

/** Runs two optimizers over the same named float64 parameters and the same gradients; returns the worst relative gap. */
function worstGap(make: (params: ReturnType<typeof makeParams>) => [OptimizerV1, OptimizerV1], steps: number): number {
  const a = makeParams();
  const b = makeParams();
  const [optA, optB] = make([...a, ...b]);
  let worst = 0;
  for (let t = 0; t < steps; t++) {
    for (const set of [a, b]) {
      for (const [k, p] of set.entries()) for (let i = 0; i < p.grad.length; i++) p.grad[i] = Math.sin(0.37 * t + 1.3 * i + k) + 0.2 * (p.data[i] as number);
    }
    optA.step();
    optB.step();
    for (const [k, p] of a.entries()) {
      const q = b[k] as (typeof b)[number];
      for (let i = 0; i < p.data.length; i++) worst = Math.max(worst, Math.abs((p.data[i] as number) - (q.data[i] as number)) / Math.max(1, Math.abs(q.data[i] as number)));
    }
  }
  return worst;
}
const makeParams = () => [
  parameter(Float64Array.from([0.5, -1.5, 2, 0.1]), { name: 'dense0.weight' }),
  parameter(Float64Array.from([0.3, -0.2]), { name: 'dense0.bias' }),
];

describe('AdamW as a chain', () => {
  it('AdamW = chain(scaleByAdam, addDecayedWeights, scaleByLearningRate) to 1e-12 in float64', () => {
    const gap = worstGap(([a0, a1, b0, b1]) => [
      new AdamW([a0 as never, a1 as never], { lr: 0.01, weightDecay: 0.05, beta1: 0.8, beta2: 0.99, eps: 1e-6 }),
      fromTransformation(() => chain(scaleByAdam({ beta1: 0.8, beta2: 0.99, eps: 1e-6 }), addDecayedWeights(), scaleByLearningRate()), [b0 as never, b1 as never], { lr: 0.01, weightDecay: 0.05 }),
    ], 200);
    expect(gap).toBeLessThan(1e-12);
    // The comparison can fail: without the decay the chain is Adam, not AdamW.
    const withoutDecay = worstGap(([a0, a1, b0, b1]) => [
      new AdamW([a0 as never, a1 as never], { lr: 0.01, weightDecay: 0.05 }),
      fromTransformation(() => chain(scaleByAdam(), scaleByLearningRate()), [b0 as never, b1 as never], { lr: 0.01 }),
    ], 50);
    expect(withoutDecay).toBeGreaterThan(1e-6);
  });

  it('with amsgrad, and with weight decay masked off the biases (param groups by name)', () => {
    const gap = worstGap(([a0, a1, b0, b1]) => [
      new AdamW([{ params: [a0 as never] }, { params: [a1 as never], weightDecay: 0 }], { lr: 0.02, weightDecay: 0.1, amsgrad: true }),
      fromTransformation(
        () => chain(scaleByAdam({ amsgrad: true }), addDecayedWeights({ weightDecay: 0.1, mask: (name) => !(name ?? '').endsWith('bias') }), scaleByLearningRate()),
        [b0 as never, b1 as never],
        { lr: 0.02 },
      ),
    ], 150);
    expect(gap).toBeLessThan(1e-12);
  });
});
