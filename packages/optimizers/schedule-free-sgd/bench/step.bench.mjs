// One Schedule-Free SGD step over 1,000,000 float32 parameters (`pnpm bench`); a JavaScript loop (no kernel).
import { benchOptimizerStep } from '../../../../tooling/optimizer-step-bench.mjs';
import { ScheduleFreeSgd } from '../dist/index.js';

benchOptimizerStep(
  'ScheduleFreeSgd',
  (params) => new ScheduleFreeSgd(params, { lr: 0.01 }),
  (q, grad) => {
    // The rule as it reads, after the first step (c = 1/t).
    const z = q.slice();
    let t = 0;
    return () => {
      t++;
      const c = 1 / t;
      for (let i = 0; i < q.length; i++) {
        const zOld = z[i];
        z[i] -= 0.01 * grad[i];
        const x = (q[i] - 0.1 * zOld) / 0.9;
        q[i] = 0.9 * ((1 - c) * x + c * z[i]) + 0.1 * z[i];
      }
    };
  },
);
