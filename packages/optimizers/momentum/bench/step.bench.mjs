// One momentum step over 1,000,000 float32 parameters (`pnpm bench`).
import { benchOptimizerStep } from '../../../../tooling/optimizer-step-bench.mjs';
import { Momentum } from '../dist/index.js';

benchOptimizerStep(
  'Momentum',
  (params) => new Momentum(params, { lr: 1e-3, momentum: 0.9 }),
  (q, grad) => {
    const v = new Float32Array(q.length);
    return () => {
      // Equation 11.5: v ← μv − ηg; x ← x + v.
      for (let i = 0; i < q.length; i++) {
        v[i] = 0.9 * v[i] - 1e-3 * grad[i];
        q[i] += v[i];
      }
    };
  },
);
