// One training step of the book's network (196 → 100 → 50 → 10, sigmoid, batch 64, SGD) on the embedded sample:
// median milliseconds with the relaxed-SIMD (fused multiply-add) kernels, the plain SIMD kernels and plain
// JavaScript, measured in the same process (`pnpm bench`). Issue target: ≤ 0.12 ms per step on the 2-core machine.
import { loadFashionMnistSample, toFloat32 } from '@descent/datasets';
import { sgdPlugin } from '@descent/optimizer-sgd';
import { Rng } from '@descent/tensor';
import { enableRelaxedSimd } from '@descent/tensor/node';
import { compare, report } from '../../../tooling/bench.mjs';
import { bookMlp } from '../dist/index.js';

enableRelaxedSimd();
const sample = loadFashionMnistSample();
const train = { inputs: toFloat32(sample.train.images), labels: sample.train.labels, count: sample.train.count };
const pool = new Uint32Array(train.count).map((_, i) => i);
const rng = new Rng(1);

function stepper(simd, relaxedSimd = true) {
  const net = bookMlp({ seed: 1, simd, relaxedSimd }).compile({ plugin: sgdPlugin, options: { lr: 1 } });
  return () => {
    rng.sampleInto(pool, 64);
    net.trainStep(train, pool, 64);
  };
}

const results = compare(
  [
    { name: 'train step, relaxed-SIMD kernels', run: stepper(true) },
    { name: 'train step, SIMD kernels', run: stepper(true, false) },
    { name: 'train step, plain JavaScript', run: stepper(false) },
  ],
  { samples: 61, callsPerSample: 50, warmup: 200 },
);
report("@descent/nn: one minibatch step of the book's network (batch 64)", results, { baseline: 'train step, plain JavaScript', targetMs: 0.12 });
