// One training step of figure 11-11's small CNN (28×28×1 → conv 16 → pool → conv 32 → pool → dense 10, softmax
// cross-entropy, Adam, batch 128): median milliseconds with the relaxed-SIMD and plain SIMD kernels and with plain
// JavaScript, in the same process (`pnpm bench`). Issue target: ≤ 8 ms per step (PyTorch 1.13 on one thread: 9.6 ms).
// Real Fashion-MNIST images when their files are on this machine (Debian's dataset-fashion-mnist), else uniform noise.
import { loadImageDataset } from '@descent/datasets/node';
import { adamPlugin } from '@descent/optimizer-adam';
import { Rng } from '@descent/tensor';
import { enableRelaxedSimd } from '@descent/tensor/node';
import { compare, report } from '../../../tooling/bench.mjs';
import { buildModel, sampleRows, SMALL_CNN } from '../dist/index.js';

enableRelaxedSimd();
const BATCH = 128;
let train;
try {
  const data = await loadImageDataset('fashion-mnist', { size: 28, download: false });
  train = sampleRows({ inputs: data.train.images, labels: data.train.labels, count: data.train.count }, 16_384, 1); // pixel bytes, as the CLI
  console.log(`data: Fashion-MNIST from ${data.source}`);
} catch {
  const rng = new Rng(2);
  const count = 4096;
  train = { inputs: Float32Array.from({ length: count * 784 }, () => rng.uniform()), labels: Uint8Array.from({ length: count }, (_, i) => i % 10), count };
  console.log('data: uniform noise (no Fashion-MNIST files found)');
}
const pool = new Uint32Array(train.count).map((_, i) => i);
const rng = new Rng(1);

// The path before issue 18's single-core kernels, for the ratio: conv1's ReLU as a layer of its own (so the pooling
// is not fused into it) and conv2 on im2col and one product instead of Winograd F(2×2, 3×3).
const PREVIOUS_PATH = {
  ...SMALL_CNN,
  name: 'small-cnn-previous-path',
  layers: [
    { type: 'conv2d', filters: 16, kernelSize: 3, padding: 'valid' },
    { type: 'relu' },
    SMALL_CNN.layers[1],
    { ...SMALL_CNN.layers[2], winograd: false },
    ...SMALL_CNN.layers.slice(3),
  ],
};

function stepper(simd, relaxedSimd = true, model = 'small-cnn') {
  const net = buildModel(model, { seed: 1, simd, relaxedSimd, maxBatch: BATCH }).compile({ plugin: adamPlugin, options: { lr: 0.001 } });
  return () => {
    rng.sampleInto(pool, BATCH);
    net.trainStep(train, pool, BATCH);
  };
}

const simd = compare(
  [
    { name: 'small-cnn step, relaxed SIMD', run: stepper(true) },
    { name: 'small-cnn step, SIMD kernels', run: stepper(true, false) },
    { name: 'previous path, relaxed SIMD', run: stepper(true, true, PREVIOUS_PATH) },
  ],
  { samples: 41, callsPerSample: 5, warmup: 20 },
);
const js = compare([{ name: 'small-cnn step, plain JavaScript', run: stepper(false) }], { samples: 5, callsPerSample: 1, warmup: 2 });
report('@descent/nn: one minibatch step of the small CNN (batch 128, Adam)', [...simd, ...js], { baseline: 'small-cnn step, plain JavaScript', targetMs: 8 });
// Fused conv1 → ReLU → pool and Winograd conv2 against the previous path, measured interleaved above.
report('@descent/nn: small-cnn step, fused conv1 + Winograd conv2 vs the previous path (im2col conv2, unfused conv1)', simd.filter((r) => r.name !== 'small-cnn step, SIMD kernels'), {
  baseline: 'previous path, relaxed SIMD',
});
