// One Schedule-Free AdamW step over 1,000,000 float32 parameters (`pnpm bench`); a JavaScript loop (no kernel).
import { benchOptimizerStep } from '../../../../tooling/optimizer-step-bench.mjs';
import { ScheduleFreeAdamW } from '../dist/index.js';

benchOptimizerStep(
  'ScheduleFreeAdamW',
  (params) => new ScheduleFreeAdamW(params, { lr: 0.0025 }),
  (q, grad) => {
    // The rule as it reads, after the first step (c = 1/t, bias correction left out).
    const z = q.slice();
    const v = new Float32Array(q.length);
    let t = 0;
    return () => {
      t++;
      const c = 1 / t;
      for (let i = 0; i < q.length; i++) {
        const g = grad[i];
        v[i] = 0.001 * g * g + 0.999 * v[i];
        const zOld = z[i];
        z[i] -= 0.0025 * (g / (Math.sqrt(v[i]) + 1e-8));
        const x = (q[i] - 0.1 * zOld) / 0.9;
        q[i] = 0.9 * ((1 - c) * x + c * z[i]) + 0.1 * z[i];
      }
    };
  },
);
