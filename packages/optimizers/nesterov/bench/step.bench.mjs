// One Nesterov step over 1,000,000 float32 parameters (`pnpm bench`).
import { benchOptimizerStep } from '../../../../tooling/optimizer-step-bench.mjs';
import { Nesterov } from '../dist/index.js';

benchOptimizerStep(
  'Nesterov',
  (params) => new Nesterov(params, { lr: 1e-3, momentum: 0.9 }),
  (q, grad) => {
    const b = new Float32Array(q.length);
    return () => {
      for (let i = 0; i < q.length; i++) {
        b[i] = 0.9 * b[i] + grad[i];
        q[i] -= 1e-3 * (grad[i] + 0.9 * b[i]);
      }
    };
  },
);
