// One RAdam step over 1,000,000 float32 parameters (`pnpm bench`), in the rectified phase (from step 6 on with the
// default β₂; the warm-up steps run outside the timing). Target from issue 13: within 1.2× of Adam's step
// (packages/optimizers/adam/bench). Parameters in an arena take the WebAssembly SIMD kernel; plain typed arrays the
// JavaScript loop.
import { benchOptimizerStep } from '../../../../tooling/optimizer-step-bench.mjs';
import { createArena } from '@descent/optim';
import { RAdam } from '../dist/index.js';

benchOptimizerStep(
  'RAdam',
  (params) => {
    const optimizer = new RAdam(params, { lr: 1e-3 });
    for (let t = 0; t < 5; t++) optimizer.step();
    return optimizer;
  },
  (q, grad) => {
    // The rule as it reads, with the corrections and the rectification hoisted out of the loop.
    const m = new Float32Array(q.length);
    const v = new Float32Array(q.length);
    const rhoInf = 2 / (1 - 0.999) - 1;
    let t = 0;
    return () => {
      t++;
      const c1 = 1 - 0.9 ** t;
      const c2 = 1 - 0.999 ** t;
      const rhoT = rhoInf - (2 * t * 0.999 ** t) / c2;
      const rect = rhoT > 5 ? Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
      for (let i = 0; i < q.length; i++) {
        const g = grad[i];
        m[i] = 0.9 * m[i] + 0.1 * g;
        v[i] = 0.999 * v[i] + 0.001 * g * g;
        const mHat = m[i] / c1;
        q[i] -= rect > 0 ? 1e-3 * mHat * rect * (Math.sqrt(c2) / (Math.sqrt(v[i]) + 1e-8)) : 1e-3 * mHat;
      }
    };
  },
  undefined,
  createArena({ bytes: 16 << 20 }),
);
