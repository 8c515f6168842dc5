// One SGD step over 1,000,000 float32 parameters (`pnpm bench`).
import { benchOptimizerStep } from '../../../../tooling/optimizer-step-bench.mjs';
import { Sgd } from '../dist/index.js';

benchOptimizerStep(
  'SGD',
  (params) => new Sgd(params, { lr: 1e-3 }),
  (q, grad) => () => {
    for (let i = 0; i < q.length; i++) q[i] -= 1e-3 * grad[i];
  },
);
