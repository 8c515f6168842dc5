import { adamPlugin } from '@descent/optimizer-adam';
import { sgdPlugin } from '@descent/optimizer-sgd';
import { jsKernels } from '@descent/tensor';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LabelledData } from './input-gathering.js';
import { buildModel, parseModelSpec, SMALL_CNN, type ModelSpec } from './models.js';

// Which path each convolution of small-cnn takes (conv2d.ts): the first layer computes its ReLU and the max pooling
// after it in one pass; the second, a 3×3 window, goes through Winograd's F(2×2, 3×3).

const BATCH = 6;
const rows = 12;
const data: LabelledData = {
  inputs: Float32Array.from({ length: rows * 784 }, (_, i) => ((i * 7919) % 251) / 251 - (i % 97 === 0 ? 0.5 : 0)),
  labels: Uint8Array.from({ length: rows }, (_, i) => i % 10),
  count: rows,
};

/** small-cnn with the first ReLU as a layer of its own: the convolution then cannot compute the pooling after it. */
const UNFUSED: ModelSpec = {
  ...SMALL_CNN,
  name: 'small-cnn-unfused',
  layers: [{ type: 'conv2d', filters: 16, kernelSize: 3, padding: 'valid' }, { type: 'relu' }, ...SMALL_CNN.layers.slice(1)],
};

function train(model: ModelSpec, simd: boolean, relaxedSimd: boolean) {
  const net = buildModel(model, { seed: 3, maxBatch: BATCH, simd, relaxedSimd }).compile({ plugin: adamPlugin, options: { lr: 0.01 } });
  const losses = [0, 1, 2].map((step) => net.trainStep(data, Array.from({ length: BATCH }, (_, i) => (i + step * 5) % rows), BATCH));
  return { losses, weights: net.getWeights(), logits: net.predictLogits(data.inputs, BATCH) };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the convolution paths of small-cnn', () => {
  it('conv1 → ReLU → pool run as one fused pass and conv2 as Winograd (JavaScript kernels, spied)', () => {
    const names = ['conv2dDirectReluPool', 'conv2dDirectPoolBackward', 'conv2dDirectBackward', 'conv2dDirectForward', 'maxPool2d', 'maxPool2dBackward', 'winogradFilters', 'conv2dWinogradForward', 'conv2dWinogradBackward', 'conv2dForward', 'conv2dBackward'] as const;
    const spies = Object.fromEntries(names.map((name) => [name, vi.spyOn(jsKernels, name)]));
    const net = buildModel('small-cnn', { seed: 1, maxBatch: BATCH, simd: false }).compile({ plugin: adamPlugin });
    net.trainStep(data, [0, 1, 2, 3, 4, 5], BATCH);
    const calls = Object.fromEntries(names.map((name) => [name, spies[name]!.mock.calls.length]));
    expect(calls).toEqual({
      conv2dDirectReluPool: 1,
      conv2dDirectPoolBackward: 1, // ΔW from the pooled δ, a chunk at a time
      conv2dDirectBackward: 0,
      conv2dDirectForward: 0,
      maxPool2d: 1, // the second pooling, after the Winograd convolution
      maxPool2dBackward: 1,
      winogradFilters: 1,
      conv2dWinogradForward: 1,
      conv2dWinogradBackward: 1,
      conv2dForward: 0,
      conv2dBackward: 0,
    });
  });

  for (const [simd, relaxedSimd, name] of [[true, true, 'relaxed SIMD'], [true, false, 'SIMD'], [false, false, 'JavaScript']] as const) {
    it(`the fused first layer trains bit for bit as the unfused one (a ReLU layer between), ${name} kernels`, () => {
      const fused = train(SMALL_CNN, simd, relaxedSimd);
      const unfused = train(UNFUSED, simd, relaxedSimd);
      expect(fused.losses).toEqual(unfused.losses);
      expect(fused.weights).toEqual(unfused.weights);
      expect(fused.logits).toEqual(unfused.logits);
    });
  }

  /** small-cnn with its second convolution on im2col and one product (`winograd: false`). */
  const IM2COL: ModelSpec = { ...SMALL_CNN, name: 'small-cnn-im2col', layers: SMALL_CNN.layers.map((l, i) => (i === 2 ? { ...l, winograd: false } : l)) };

  it('winograd: false keeps a 3×3 window on im2col and one product', () => {
    const winograd = vi.spyOn(jsKernels, 'conv2dWinogradForward');
    const im2col = vi.spyOn(jsKernels, 'conv2dForward');
    buildModel(IM2COL, { seed: 1, maxBatch: BATCH, simd: false }).compile({ plugin: sgdPlugin, options: { lr: 0.1 } }).trainStep(data, [0, 1, 2, 3, 4, 5], BATCH);
    expect([winograd.mock.calls.length, im2col.mock.calls.length]).toEqual([0, 1]);
    expect(() => parseModelSpec({ layers: [{ type: 'conv2d', filters: 4, winograd: 'no' }] })).toThrow('layers[0].winograd is "no" (expected true or false)');
    expect(parseModelSpec({ layers: [{ type: 'conv2d', filters: 4, winograd: false }] }).layers[0]).toMatchObject({ winograd: false });
  });

  for (const [simd, relaxedSimd, name] of [[true, true, 'relaxed SIMD'], [true, false, 'SIMD'], [false, false, 'JavaScript']] as const) {
    it(`Winograd and im2col train small-cnn alike: three SGD steps to float32 accuracy (${name} kernels)`, () => {
      const run = (model: ModelSpec) => {
        const net = buildModel(model, { seed: 5, maxBatch: BATCH, simd, relaxedSimd }).compile({ plugin: sgdPlugin, options: { lr: 0.1 } });
        const losses = [0, 1, 2].map(() => net.trainStep(data, [0, 1, 2, 3, 4, 5], BATCH));
        return { losses, weights: net.getWeights() };
      };
      const winograd = run(SMALL_CNN);
      const im2col = run(IM2COL);
      winograd.losses.forEach((loss, i) => {
        expect(Math.abs(loss - (im2col.losses[i] as number))).toBeLessThan(1e-5);
      });
      let worst = 0;
      winograd.weights.forEach((w, k) => {
        w.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (im2col.weights[k]![i] as number)))));
      });
      expect(worst).toBeLessThan(1e-5);
      expect(winograd.weights).not.toEqual(im2col.weights); // a different rounding: the two paths did run
    });
  }
});
