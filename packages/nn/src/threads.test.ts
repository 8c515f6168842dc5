import { toFloat32 } from '@descent/datasets';
import { loadFashionMnistSample } from '@descent/datasets/sample';
import { allocatesNothing } from '@descent/optim/testing';
import { adamPlugin } from '@descent/optimizer-adam';
import { momentumPlugin } from '@descent/optimizer-momentum';
import { Rng } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import { Activation, type ActivationName } from './activations.js';
import { Dense } from './dense.js';
import { Flatten } from './flatten.js';
import { softmaxCrossEntropyLoss } from './losses.js';
import { buildModel, parseModelSpec, SMALL_CNN } from './models.js';
import { Network, type LabelledData } from './network.js';

// One training on 1, 2 and 3 threads (real worker threads over one shared memory): the same losses and weights, bit
// for bit, since every kernel splits its outputs and never a sum.

const sample = await loadFashionMnistSample();
const train: LabelledData = { inputs: toFloat32(sample.train.images), labels: sample.train.labels, count: sample.train.count };

/** `steps` training steps of `net` on seeded minibatches of `train`: the losses, then the weights; the threads closed. */
function run(net: Network, data: LabelledData, steps: number, batch: number): { threads: number; losses: number[]; weights: number[][] } {
  try {
    const rng = new Rng(5);
    const indices = new Uint32Array(batch);
    const losses: number[] = [];
    for (let s = 0; s < steps; s++) {
      for (let i = 0; i < batch; i++) indices[i] = rng.integer(data.count);
      losses.push(net.trainStep(data, indices, batch));
    }
    return { threads: net.threads, losses, weights: net.getWeights() };
  } finally {
    net.close();
  }
}

/** 28×28 images made by upsampling the 14×14 sample (each pixel twice in each direction): small-cnn's own geometry. */
function upsampled(data: LabelledData, count: number): LabelledData {
  const inputs = new Float32Array(count * 784);
  for (let n = 0; n < count; n++) for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) inputs[n * 784 + y * 28 + x] = data.inputs[n * 196 + (y >> 1) * 14 + (x >> 1)] as number;
  return { inputs, labels: Array.from({ length: count }, (_, i) => data.labels[i] as number), count };
}

describe('threads: the same training, bit for bit, on 1, 2 and 3 threads', () => {
  it('small-cnn on 28×28 images with Adam (the fused first layer, Winograd for the second, dense)', () => {
    const data = upsampled(train, 256);
    const runs = [1, 2, 3].map((threads) =>
      run(buildModel('small-cnn', { seed: 2, maxBatch: 64, threads }).compile({ plugin: adamPlugin, options: { lr: 0.002 } }), data, 4, 64),
    );
    expect(runs.map((r) => r.threads)).toEqual([1, 2, 3]);
    expect(runs[0]!.losses[3]).toBeLessThan(runs[0]!.losses[0]!);
    for (const r of runs.slice(1)) {
      expect(r.losses).toEqual(runs[0]!.losses);
      expect(r.weights).toEqual(runs[0]!.weights);
    }
  });

  it('small-cnn with its second convolution on im2col and one product (winograd: false)', () => {
    const data = upsampled(train, 128);
    const spec = parseModelSpec({ ...SMALL_CNN, layers: SMALL_CNN.layers.map((l) => (l.type === 'conv2d' && l.filters === 32 ? { ...l, winograd: false } : l)) });
    const runs = [1, 2].map((threads) => run(buildModel(spec, { seed: 4, maxBatch: 64, threads }).compile({ plugin: adamPlugin }), data, 3, 64));
    expect(runs[1]!.threads).toBe(2);
    expect(runs[1]!.losses).toEqual(runs[0]!.losses);
    expect(runs[1]!.weights).toEqual(runs[0]!.weights);
  });

  it("the book's MLP (listing 11-7, batch 64) with momentum", () => {
    const runs = [1, 2, 3].map((threads) => run(buildModel('book-mlp', { seed: 3, maxBatch: 64, threads }).compile({ plugin: momentumPlugin, options: { lr: 1, momentum: 0.9 } }), train, 30, 64));
    expect(runs.map((r) => r.threads)).toEqual([1, 2, 3]);
    for (const r of runs.slice(1)) {
      expect(r.losses).toEqual(runs[0]!.losses);
      expect(r.weights).toEqual(runs[0]!.weights);
    }
  });

  it('a dense layer computes the activation after it in its own pass (sigmoid, relu, tanh): the bits of the layers apart, on 1 and 2 threads', () => {
    // Apart: a flatten between each dense layer and its activation (it passes rows on) keeps them from fusing.
    const layers = (fused: boolean, threads: number) => {
      const net = new Network({ seed: 6, maxBatch: 64, threads, loss: softmaxCrossEntropyLoss });
      const sizes: [number, number, ActivationName][] = [[196, 100, 'sigmoid'], [100, 52, 'relu'], [52, 10, 'tanh']];
      for (const [inputs, outputs, activation] of sizes) {
        net.add(new Dense(inputs, outputs, 'glorot-uniform'));
        if (!fused) net.add(new Flatten({ height: 1, width: outputs, channels: 1 }));
        net.add(new Activation(outputs, activation));
      }
      return net.compile({ plugin: momentumPlugin, options: { lr: 0.5, momentum: 0.9 } });
    };
    const apart = run(layers(false, 1), train, 20, 64);
    expect(apart.losses.every(Number.isFinite)).toBe(true);
    for (const threads of [1, 2]) {
      const fused = run(layers(true, threads), train, 20, 64);
      expect(fused.threads).toBe(threads);
      expect(fused.losses).toEqual(apart.losses);
      expect(fused.weights).toEqual(apart.weights);
    }
  });

  it('a warmed-up step on 2 threads allocates nothing', async () => {
    const net = buildModel('small-cnn', { seed: 1, maxBatch: 32, inputShape: { height: 14, width: 14, channels: 1 }, threads: 2 }).compile({ plugin: adamPlugin });
    try {
      const indices = Uint32Array.from({ length: 32 }, (_, i) => i);
      const step = () => net.trainStep(train, indices, 32);
      for (let i = 0; i < 30; i++) step();
      expect(net.threads).toBe(2);
      expect(
        await allocatesNothing(() => {
          for (let i = 0; i < 200; i++) step();
        }),
      ).toBe(true);
    } finally {
      net.close();
    }
  });

  it('refuses a thread count that is not a whole number ≥ 1; runs 1 thread without SIMD; close() before a build does nothing', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => new Network({ threads: bad })).toThrow(`Invalid threads: ${String(bad)} (expected a whole number ≥ 1)`);
    const js = buildModel('book-mlp', { threads: 3, simd: false }).compile({ plugin: momentumPlugin, options: { lr: 1 } });
    js.trainStep(train, [0, 1], 2);
    expect(js.threads).toBe(1);
    const unbuilt = new Network({ threads: 2 });
    unbuilt.close();
    expect(unbuilt.threads).toBe(1);
  });
});
