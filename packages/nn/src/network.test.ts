import { toFloat32 } from '@descent/datasets';
import { loadFashionMnistSample } from '@descent/datasets/sample';
import { adamPlugin } from '@descent/optimizer-adam';
import { sgdPlugin } from '@descent/optimizer-sgd';
import type { FloatArray, OptimizerPluginV1, OptimizerV1, Parameter } from '@descent/optim';
import { allocatesNothing } from '@descent/optim/testing';
import { Rng } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import { Activation } from './activations.js';
import { ActivationLayer, FullyConnectedLayer } from './book-aliases.js';
import { Dense } from './dense.js';
import { softmaxCrossEntropyLoss } from './losses.js';
import { bookMlp } from './models.js';
import { splitRows } from './sample-rows.js';
import { Network, type LabelledData } from './network.js';

const sample = await loadFashionMnistSample();
const train: LabelledData = { inputs: toFloat32(sample.train.images), labels: sample.train.labels, count: sample.train.count };
const test: LabelledData = { inputs: toFloat32(sample.test.images), labels: sample.test.labels, count: sample.test.count };

/** A small random problem: 8 rows of 5 features, 3 classes. */
function tiny(seed: number): LabelledData {
  const rng = new Rng(seed);
  const inputs = new Float32Array(8 * 5);
  for (let i = 0; i < inputs.length; i++) inputs[i] = rng.uniformIn(-1, 1);
  return { inputs, labels: Uint8Array.from({ length: 8 }, (_, i) => i % 3), count: 8 };
}

describe('backpropagation', () => {
  for (const simd of [false, true]) {
    it(`gives the book's per-sample gradients, summed and averaged (${simd ? 'SIMD' : 'JavaScript'} kernels)`, () => {
      // Train one SGD step at lr 1 and read the gradient off the weight change: θ_after = θ − g.
      const data = tiny(3);
      const net = new Network({ seed: 5, maxBatch: 8, simd })
        .add(new Dense(5, 4))
        .add(new Activation(4, 'sigmoid'))
        .add(new Dense(4, 3))
        .add(new Activation(3, 'sigmoid'))
        .compile({ plugin: sgdPlugin, options: { lr: 1 } });
      const [w1, b1, w2, b2] = net.getWeights() as [number[], number[], number[], number[]];
      // The book's mathematics, one sample at a time, in float64.
      const gW1 = new Array<number>(20).fill(0);
      const gB1 = new Array<number>(4).fill(0);
      const gW2 = new Array<number>(12).fill(0);
      const gB2 = new Array<number>(3).fill(0);
      const sig = (z: number) => 1 / (1 + Math.exp(-z));
      for (let s = 0; s < 8; s++) {
        const x = Array.from(data.inputs.subarray(s * 5, s * 5 + 5));
        const h = [0, 1, 2, 3].map((j) => sig(x.reduce((t, xi, i) => t + xi * (w1[i * 4 + j] as number), b1[j] as number)));
        const y = [0, 1, 2].map((j) => sig(h.reduce((t, hi, i) => t + hi * (w2[i * 3 + j] as number), b2[j] as number)));
        const target = [0, 1, 2].map((j) => (j === data.labels[s] ? 1 : 0));
        const d2 = y.map((v, j) => (v - (target[j] as number)) * v * (1 - v)); // (ŷ − y)·σ′
        const d1 = h.map((v, i) => [0, 1, 2].reduce((t, j) => t + (d2[j] as number) * (w2[i * 3 + j] as number), 0) * v * (1 - v));
        d2.forEach((d, j) => {
          gB2[j]! += d;
          h.forEach((hi, i) => (gW2[i * 3 + j]! += hi * d));
        });
        d1.forEach((d, j) => {
          gB1[j]! += d;
          x.forEach((xi, i) => (gW1[i * 4 + j]! += xi * d));
        });
      }
      net.trainStep(data, Uint32Array.from([0, 1, 2, 3, 4, 5, 6, 7]), 8);
      const after = net.getWeights();
      const expected = [gW1, gB1, gW2, gB2].map((g) => g.map((v) => v / 8));
      [w1, b1, w2, b2].forEach((before, k) => {
        before.forEach((v, i) => {
          expect(v - (after[k]?.[i] as number)).toBeCloseTo(expected[k]?.[i] as number, 5);
        });
      });
    });
  }

  it('softmax cross-entropy: gradients match central differences of the loss', () => {
    const data = tiny(4);
    const make = () => new Network({ seed: 2, maxBatch: 8, simd: false, loss: softmaxCrossEntropyLoss }).add(new Dense(5, 3, 'glorot-uniform')).compile({ plugin: sgdPlugin, options: { lr: 1 } });
    const net = make();
    const before = net.getWeights();
    net.trainStep(data, Uint32Array.from([0, 1, 2, 3, 4, 5, 6, 7]), 8);
    const grad = (net.getWeights()[0] as number[]).map((v, i) => (before[0]?.[i] as number) - v);
    const lossAt = (weights: number[][]) => {
      const probe = make();
      probe.setWeights(weights);
      const logits = probe.predictLogits(data.inputs, 8);
      const target = new Float32Array(24);
      for (let s = 0; s < 8; s++) target[s * 3 + (data.labels[s] as number)] = 1;
      return softmaxCrossEntropyLoss.value(logits, target, 8, 3);
    };
    for (const i of [0, 4, 7, 11, 14]) {
      const h = 1e-2;
      const up = before.map((a) => [...a]);
      const down = before.map((a) => [...a]);
      up[0]![i]! += h;
      down[0]![i]! -= h;
      expect(grad[i]).toBeCloseTo((lossAt(up) - lossAt(down)) / (2 * h), 3);
    }
  });
});

describe('training on the embedded sample', () => {
  it('is repeated exactly by its seed, and another seed gives another run', () => {
    const run = (seed: number) => {
      const net = bookMlp({ seed }).compile({ plugin: sgdPlugin, options: { lr: 1 } });
      net.fit(train, { minibatches: 50 });
      return net.getWeights()[4] as number[];
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('the NN.py names train the book network by minibatch count with per-layer momentum', () => {
    const net = new Network({ seed: 3 });
    net.add(new FullyConnectedLayer(196, 100, { momentum: 0.9 }));
    net.add(new ActivationLayer());
    net.add(new FullyConnectedLayer(100, 50, { momentum: 0.9 }));
    net.add(new ActivationLayer());
    net.add(new FullyConnectedLayer(50, 10, { momentum: 0.9 }));
    net.add(new ActivationLayer());
    const progress: number[] = [];
    const result = net.fit(train, { minibatches: 3000, lr: 0.2, progressEvery: 1000, onProgress: (p) => progress.push(p.step) });
    expect(result.steps).toBe(3000);
    expect(progress).toEqual([1000, 2000, 3000]);
    const e = net.evaluate(test);
    expect(e.mcc).toBeGreaterThan(0.7);
    expect(e.confusion.flat().reduce((a, b) => a + b, 0)).toBe(2000);
    expect(e.accuracy).toBeCloseTo(e.confusion.reduce((s, row, i) => s + (row[i] as number), 0) / 2000, 12);
  });

  it('relaxed-SIMD, SIMD and JavaScript kernels train to the same place (float32 rounding aside)', () => {
    const run = (kernels: string, options: { simd?: boolean; relaxedSimd?: boolean }) => {
      const net = bookMlp({ seed: 4, ...options }).compile({ plugin: sgdPlugin, options: { lr: 1 } });
      expect(net.kernelName).toBe(kernels);
      const losses: number[] = [];
      net.fit(train, { minibatches: 300, progressEvery: 1, onProgress: (p) => losses.push(p.loss) });
      return { weights: net.getWeights().flat(), losses };
    };
    // The kernels sum the same products in other orders (SIMD lanes, fused multiply-adds), so results differ by
    // float32 rounding only. Measured over these 300 steps: at most 4 units of ε (2⁻²³) times the largest weight in
    // the weights, 2 ε relative in every step's loss. The bounds allow four times that; a kernel that computed
    // something else (a lost tail element, a wrong index) moves weights by 1e-3 or more within a few steps.
    const epsilon = 2 ** -23;
    const js = run('js', { simd: false });
    const largest = Math.max(...js.weights.map(Math.abs));
    expect(js.losses).toHaveLength(300);
    for (const [kernels, options] of [['wasm-simd', { relaxedSimd: false }], ['wasm-relaxed-simd', {}]] as const) {
      const { weights, losses } = run(kernels, options);
      expect(weights).toHaveLength(js.weights.length);
      const weightGap = Math.max(...weights.map((w, i) => Math.abs(w - (js.weights[i] as number))));
      expect(weightGap, `${kernels}: largest weight difference`).toBeLessThanOrEqual(16 * epsilon * largest);
      const lossGap = Math.max(...losses.map((l, i) => Math.abs(l - (js.losses[i] as number)) / (js.losses[i] as number)));
      expect(lossGap, `${kernels}: largest relative loss difference`).toBeLessThanOrEqual(8 * epsilon);
    }
  });

  it('trains by epochs with any optimizer, and stops when asked', () => {
    const net = bookMlp({ seed: 1, maxBatch: 128 }).compile({ plugin: adamPlugin, options: { lr: 0.01 } });
    const epochs: number[] = [];
    const r = net.fit(train, { epochs: 2, batchSize: 128, progressEvery: 79, onProgress: (p) => epochs.push(p.epoch ?? -1) });
    expect(r.steps).toBe(2 * 79);
    expect(epochs).toEqual([1, 2]);
    expect(net.evaluate(test).accuracy).toBeGreaterThan(0.7);
    let calls = 0;
    const stopped = net.fit(train, { minibatches: 10_000, progressEvery: 10, shouldStop: () => ++calls === 3 });
    expect(stopped).toMatchObject({ steps: 30, stopped: true });
  });
});

describe('pixel-byte inputs', () => {
  const pixels: LabelledData = { inputs: sample.train.images, labels: sample.train.labels, count: sample.train.count };
  const pixelTest: LabelledData = { inputs: sample.test.images, labels: sample.test.labels, count: sample.test.count };
  for (const simd of [true, false]) {
    it(`train, predict and evaluate exactly as the same images as floats (${simd ? 'SIMD' : 'JavaScript'} kernels)`, () => {
      const run = (data: LabelledData, heldOut: LabelledData) => {
        const net = bookMlp({ seed: 3, simd }).compile({ plugin: sgdPlugin, options: { lr: 1 } });
        net.fit(data, { minibatches: 200 });
        return { weights: net.getWeights(), logits: net.predictLogits(heldOut.inputs, 64), evaluation: net.evaluate(heldOut) };
      };
      const fromBytes = run(pixels, pixelTest);
      const fromFloats = run(train, test);
      expect(fromBytes.weights).toEqual(fromFloats.weights);
      expect(fromBytes.logits).toEqual(fromFloats.logits);
      expect(fromBytes.evaluation).toEqual(fromFloats.evaluation);
    });
  }

  it('sampleRows and splitRows keep bytes as bytes', () => {
    const { train: rows, heldOut } = splitRows(pixels, 100, 10, 4);
    expect(rows.inputs).toBeInstanceOf(Uint8Array);
    expect(heldOut?.inputs).toBeInstanceOf(Uint8Array);
    expect(rows.inputs.length).toBe(100 * 196);
  });
});

describe('the hot path', () => {
  for (const [simd, data, kind] of [[true, train, 'floats'], [false, train, 'floats'], [true, { ...train, inputs: sample.train.images }, 'pixel bytes']] as const) {
    it(`a warmed-up training step allocates nothing (${simd ? 'SIMD' : 'JavaScript'}, ${kind})`, async () => {
      const net = bookMlp({ seed: 1, simd }).compile({ plugin: sgdPlugin, options: { lr: 1 } });
      const pool = new Uint32Array(data.count).map((_, i) => i);
      const rng = new Rng(2);
      const step = () => {
        rng.sampleInto(pool, 64);
        net.trainStep(data, pool, 64);
      };
      for (let i = 0; i < 300; i++) step();
      // A temporary buffer per step (a batch of activations is 25–50 KB) would force collections within these steps.
      expect(
        await allocatesNothing(() => {
          for (let i = 0; i < (simd ? 3000 : 300); i++) step();
        }),
      ).toBe(true);
    });
  }
});

describe('mistakes are named', () => {
  it('sizes that do not chain, a batch too large, fit before compile', () => {
    expect(() => new Network().add(new Dense(4, 3)).add(new Dense(5, 2))).toThrow('a dense layer of 5 inputs cannot follow one of 3 outputs');
    const net = bookMlp();
    expect(() => net.fit(train, {})).toThrow(/compile\(\) the network with an optimizer, or give fit\(\) an lr/);
    net.compile({ plugin: sgdPlugin });
    expect(() => net.fit(train, { batchSize: 65 })).toThrow('Invalid batch size: 65 (expected a whole number from 1 to 64)');
    expect(() => net.fit({ inputs: new Float32Array(10), labels: [], count: 3 }, { batchSize: 2 })).toThrow(/inputs hold 10 values; 3 rows of 196 need 588/);
    expect(() => { net.setWeights([[1]]); }).toThrow('1 arrays given for 6 parameters');
  });
});

describe('optimizers with an evaluation point (the optional eval()/train() switch, as Schedule-Free has)', () => {
  /** SGD plus a switch whose eval() zeroes every weight (its "evaluation point") and whose train() restores them. */
  function switchingSgd(calls: string[]): OptimizerPluginV1 {
    return {
      ...sgdPlugin,
      create: (params, options) => {
        const list = [...(params as Iterable<Parameter>)];
        const inner = sgdPlugin.create(list, options as never);
        let saved: FloatArray[] = [];
        const opt: OptimizerV1 & { mode: 'train' | 'eval' } = Object.assign(Object.create(inner) as OptimizerV1, {
          mode: 'train' as 'train' | 'eval',
          eval() {
            calls.push('eval');
            saved = list.map((p) => p.data.slice());
            for (const p of list) p.data.fill(0);
            opt.mode = 'eval';
          },
          train() {
            calls.push('train');
            list.forEach((p, i) => {
              p.data.set(saved[i] as FloatArray);
            });
            opt.mode = 'train';
          },
        });
        return opt;
      },
    };
  }

  it('evaluate, predict and predictLogits run at the evaluation point and return to the training point', () => {
    const calls: string[] = [];
    const data = tiny(1);
    const net = new Network({ seed: 2 }).add(new Dense(5, 3)).compile({ plugin: switchingSgd(calls), options: { lr: 0.1 } });
    net.fit(data, { minibatches: 5, batchSize: 4 });
    const weights = net.getWeights();
    // All weights 0: every logit is 0, so every prediction is class 0.
    expect([...net.predictLogits(data.inputs, 2)]).toEqual([0, 0, 0, 0, 0, 0]);
    expect([...net.predict(data.inputs, 8)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(net.evaluate(data).accuracy).toBe(3 / 8);
    expect(calls).toEqual(['eval', 'train', 'eval', 'train', 'eval', 'train']);
    expect(net.getWeights()).toEqual(weights);
  });

  it('leaves an optimizer the caller already put in eval mode as it is', () => {
    const calls: string[] = [];
    const plugin = switchingSgd(calls);
    let made: OptimizerV1 | undefined;
    const net = new Network({ seed: 2 })
      .add(new Dense(5, 3))
      .compile({ plugin: { ...plugin, create: (p, o) => (made = plugin.create(p, o)) }, options: { lr: 0.1 } });
    net.fit(tiny(1), { minibatches: 2, batchSize: 4 });
    made?.eval?.();
    net.predict(tiny(1).inputs, 8);
    expect(calls).toEqual(['eval']);
    expect(made?.mode).toBe('eval');
  });
});
