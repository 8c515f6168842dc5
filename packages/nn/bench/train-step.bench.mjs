// One training step of the book's network (196 → 100 → 50 → 10, sigmoid, batch 64, SGD): median milliseconds with
// the relaxed-SIMD (fused multiply-add) kernels, the plain SIMD kernels and plain JavaScript, measured in the same
// process (`pnpm bench`). Issue target: ≤ 0.12 ms per step on the 2-core machine.
// Data: the full Fashion-MNIST training set at 14×14 when Debian's dataset-fashion-mnist is installed (random rows of
// 60,000 images miss the cache, as in `descent train`), else the embedded sample; pixel bytes as the CLI passes them,
// and floats (toFloat32) for comparison.
import { toFloat32 } from '@descent/datasets';
import { loadImageDataset } from '@descent/datasets/node';
import { loadFashionMnistSample } from '@descent/datasets/sample';
import { sgdPlugin } from '@descent/optimizer-sgd';
import { Rng } from '@descent/tensor';
import { enableRelaxedSimd } from '@descent/tensor/node';
import { compare, report } from '../../../tooling/bench.mjs';
import { bookMlp } from '../dist/index.js';

enableRelaxedSimd();
let data;
try {
  data = await loadImageDataset('fashion-mnist', { size: 14, download: false });
  console.log(`data: Fashion-MNIST from ${data.source}, 60,000 training images`);
} catch {
  data = await loadFashionMnistSample();
  console.log('data: the embedded 10,000-image sample (no Fashion-MNIST files found)');
}
const bytes = { inputs: data.train.images, labels: data.train.labels, count: data.train.count };
const floats = { ...bytes, inputs: toFloat32(data.train.images) };
const pool = new Uint32Array(bytes.count).map((_, i) => i);
const rng = new Rng(1);

function stepper(train, simd, relaxedSimd = true) {
  const net = bookMlp({ seed: 1, simd, relaxedSimd }).compile({ plugin: sgdPlugin, options: { lr: 1 } });
  return () => {
    rng.sampleInto(pool, 64);
    net.trainStep(train, pool, 64);
  };
}

const results = compare(
  [
    { name: 'relaxed SIMD, pixel bytes', run: stepper(bytes, true) },
    { name: 'relaxed SIMD, floats', run: stepper(floats, true) },
    { name: 'SIMD, pixel bytes', run: stepper(bytes, true, false) },
    { name: 'plain JavaScript, floats', run: stepper(floats, false) },
  ],
  { samples: 61, callsPerSample: 50, warmup: 200 },
);
report("@descent/nn: one minibatch step of the book's network (batch 64)", results, { baseline: 'plain JavaScript, floats', targetMs: 0.12 });
