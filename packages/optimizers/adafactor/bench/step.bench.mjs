// One Adafactor step over 1,000,000 float32 parameters as a 1000 × 1000 matrix (factored second moments; `pnpm bench`).
import { benchOptimizerStep } from '../../../../tooling/optimizer-step-bench.mjs';
import { Adafactor } from '../dist/index.js';

const shaped = (params) => params.map((p) => Object.assign(p, { shape: [1000, 1000] }));

benchOptimizerStep(
  'Adafactor',
  (params) => new Adafactor(shaped(params), { lr: 1e-2 }),
  // The unfactored rule (V ← V + w(g² − V), U = g/√V, θ ← θ − αU) as the plain loop to compare with.
  (q, grad) => {
    const v = new Float32Array(q.length);
    return () => {
      for (let i = 0; i < q.length; i++) {
        v[i] += 0.5 * (grad[i] * grad[i] - v[i]);
        q[i] -= (1e-2 * grad[i]) / Math.sqrt(Math.max(v[i], 1e-30));
      }
    };
  },
);
