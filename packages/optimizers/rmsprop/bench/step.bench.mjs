// One RMSprop step over 1,000,000 float32 parameters (`pnpm bench`).
import { benchOptimizerStep } from '../../../../tooling/optimizer-step-bench.mjs';
import { Rmsprop } from '../dist/index.js';

benchOptimizerStep(
  'RMSprop',
  (params) => new Rmsprop(params, { lr: 1e-3, alpha: 0.9 }),
  (q, grad) => {
    const m = new Float32Array(q.length);
    return () => {
      // Equation 11.7 with ε outside the root.
      for (let i = 0; i < q.length; i++) {
        m[i] = 0.9 * m[i] + 0.1 * grad[i] * grad[i];
        q[i] -= (1e-3 * grad[i]) / (Math.sqrt(m[i]) + 1e-8);
      }
    };
  },
);
