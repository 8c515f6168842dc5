// One ASGD step over 1,000,000 float32 parameters (`pnpm bench`), averaging from the first step.
import { benchOptimizerStep } from '../../../../tooling/optimizer-step-bench.mjs';
import { Asgd } from '../dist/index.js';

benchOptimizerStep(
  'ASGD',
  (params) => new Asgd(params, { lr: 1e-2, t0: 0 }),
  (q, grad) => {
    const ax = new Float32Array(q.length);
    let step = 0;
    return () => {
      step++;
      const eta = 1e-2 / Math.pow(1 + 1e-6 * step, 0.75);
      const mu = 1 / Math.max(1, step - 1);
      for (let i = 0; i < q.length; i++) {
        q[i] = q[i] * (1 - 1e-4 * eta) - eta * grad[i];
        ax[i] += (q[i] - ax[i]) * mu;
      }
    };
  },
);
