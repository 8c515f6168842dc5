// One Adadelta step over 1,000,000 float32 parameters (`pnpm bench`).
import { benchOptimizerStep } from '../../../../tooling/optimizer-step-bench.mjs';
import { Adadelta } from '../dist/index.js';

benchOptimizerStep(
  'Adadelta',
  (params) => new Adadelta(params),
  (q, grad) => {
    const sq = new Float32Array(q.length);
    const acc = new Float32Array(q.length);
    return () => {
      for (let i = 0; i < q.length; i++) {
        sq[i] = 0.9 * sq[i] + 0.1 * grad[i] * grad[i];
        const d = (Math.sqrt(acc[i] + 1e-6) / Math.sqrt(sq[i] + 1e-6)) * grad[i];
        acc[i] = 0.9 * acc[i] + 0.1 * d * d;
        q[i] -= d;
      }
    };
  },
);
