// One Adagrad step over 1,000,000 float32 parameters (`pnpm bench`).
import { benchOptimizerStep } from '../../../../tooling/optimizer-step-bench.mjs';
import { Adagrad } from '../dist/index.js';

benchOptimizerStep(
  'Adagrad',
  (params) => new Adagrad(params, { lr: 1e-2 }),
  (q, grad) => {
    const s = new Float32Array(q.length);
    return () => {
      // Equation 11.9 with ε added to the root.
      for (let i = 0; i < q.length; i++) {
        s[i] += grad[i] * grad[i];
        q[i] -= (1e-2 * grad[i]) / (Math.sqrt(s[i]) + 1e-10);
      }
    };
  },
);
