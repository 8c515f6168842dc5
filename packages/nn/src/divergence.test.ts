import { sgdPlugin } from '@descent/optimizer-sgd';
import { Rng } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import { Activation } from './activations.js';
import { Dense } from './dense.js';
import { softmaxCrossEntropyLoss } from './losses.js';
import { Network, type LabelledData } from './network.js';

/** 64 rows of 5 random features, 3 classes. */
function problem(): LabelledData {
  const rng = new Rng(11);
  const inputs = new Float32Array(64 * 5);
  for (let i = 0; i < inputs.length; i++) inputs[i] = rng.uniformIn(-1, 1);
  return { inputs, labels: Uint8Array.from({ length: 64 }, (_, i) => i % 3), count: 64 };
}

/** A step so large that the weights overflow float32 within a few updates. */
const LR = 1e20;

/**
 * A small ReLU classifier with softmax cross-entropy. (Without the hidden layer the softmax saturates and the loss
 * grows but stays finite; the product of two exploding layers overflows.)
 */
function classifier(lr: number, simd: boolean): Network {
  return new Network({ seed: 2, maxBatch: 16, loss: softmaxCrossEntropyLoss, simd })
    .add(new Dense(5, 8))
    .add(new Activation(8, 'relu'))
    .add(new Dense(8, 3))
    .compile({ plugin: sgdPlugin, options: { lr } });
}

describe('a training whose loss becomes non-finite', () => {
  for (const simd of [false, true]) {
    it(`stops at that minibatch and says which (${simd ? 'SIMD' : 'JavaScript'} kernels)`, () => {
      // Progress after every step: the loss of each step before the one reported as diverged.
      const losses: number[] = [];
      const r = classifier(LR, simd).fit(problem(), { minibatches: 200, batchSize: 16, progressEvery: 1, onProgress: (p) => losses.push(p.loss) });
      expect(r.diverged?.step).toBeGreaterThan(1);
      expect(r.steps).toBe(r.diverged?.step);
      expect(r.stopped).toBe(false);
      // Steps 1 … N − 1 had finite losses and step N did not: N is the first non-finite one.
      expect(losses).toHaveLength(r.steps - 1);
      expect(losses.every((l) => Number.isFinite(l))).toBe(true);
      expect(Number.isFinite(r.loss)).toBe(false);
    });
  }

  it('fitAsync stops at the same step', async () => {
    const sync = classifier(LR, true).fit(problem(), { minibatches: 200, batchSize: 16 });
    const r = await classifier(LR, true).fitAsync(problem(), { minibatches: 200, batchSize: 16, progressEvery: 5 });
    expect(sync.diverged).toBeDefined();
    expect(r.diverged).toEqual(sync.diverged);
  });

  it('a run at a sensible rate has no diverged field', () => {
    const r = classifier(0.1, true).fit(problem(), { minibatches: 200, batchSize: 16 });
    expect(r.steps).toBe(200);
    expect('diverged' in r).toBe(false);
  });
});
