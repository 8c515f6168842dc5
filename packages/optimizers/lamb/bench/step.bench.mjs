// One LAMB step over 1,000,000 float32 parameters (`pnpm bench`): one tensor, so one trust ratio. No WebAssembly
// kernel (issue 14 asks for one only for Lion, AdaBelief, Yogi and ADOPT); the JavaScript loop beside the rule as it reads.
import { benchOptimizerStep } from '../../../../tooling/optimizer-step-bench.mjs';
import { Lamb } from '../dist/index.js';

benchOptimizerStep(
  'LAMB',
  (params) => new Lamb(params, { lr: 1e-3 }),
  (q, grad) => {
    const m = new Float32Array(q.length);
    const v = new Float32Array(q.length);
    const r = new Float32Array(q.length);
    let t = 0;
    return () => {
      t++;
      const c1 = 1 - 0.9 ** t;
      const c2 = 1 - 0.999 ** t;
      let pn = 0;
      let rn = 0;
      for (let i = 0; i < q.length; i++) {
        const g = grad[i];
        m[i] = 0.9 * m[i] + 0.1 * g;
        v[i] = 0.999 * v[i] + 0.001 * g * g;
        r[i] = m[i] / c1 / (Math.sqrt(v[i] / c2) + 1e-6);
        pn += q[i] * q[i];
        rn += r[i] * r[i];
      }
      const ratio = pn === 0 || rn === 0 ? 1 : Math.sqrt(pn / rn);
      for (let i = 0; i < q.length; i++) q[i] -= 1e-3 * ratio * r[i];
    };
  },
);
