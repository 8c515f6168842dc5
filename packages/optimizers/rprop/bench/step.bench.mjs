// One Rprop step over 1,000,000 float32 parameters (`pnpm bench`).
import { benchOptimizerStep } from '../../../../tooling/optimizer-step-bench.mjs';
import { Rprop } from '../dist/index.js';

benchOptimizerStep(
  'Rprop',
  (params) => new Rprop(params, { lr: 1e-2 }),
  (q, grad) => {
    const prev = new Float32Array(q.length);
    const size = new Float32Array(q.length).fill(1e-2);
    return () => {
      for (let i = 0; i < q.length; i++) {
        const agreement = grad[i] * prev[i];
        size[i] = Math.min(Math.max(size[i] * (agreement > 0 ? 1.2 : agreement < 0 ? 0.5 : 1), 1e-6), 50);
        const used = agreement < 0 ? 0 : grad[i];
        q[i] -= Math.sign(used) * size[i];
        prev[i] = used;
      }
    };
  },
);
