// One LARS step over 1,000,000 float32 parameters (`pnpm bench`): one tensor, so one trust ratio. No WebAssembly
// kernel (issue 14 asks for one only for Lion, AdaBelief, Yogi and ADOPT); the JavaScript loop beside the rule as it reads.
import { benchOptimizerStep } from '../../../../tooling/optimizer-step-bench.mjs';
import { Lars } from '../dist/index.js';

benchOptimizerStep(
  'LARS',
  (params) => new Lars(params, { lr: 1 }),
  (q, grad) => {
    const b = new Float32Array(q.length);
    return () => {
      let pn = 0;
      let gn = 0;
      for (let i = 0; i < q.length; i++) {
        pn += q[i] * q[i];
        gn += grad[i] * grad[i];
      }
      const ratio = pn === 0 || gn === 0 ? 1 : (1e-3 * Math.sqrt(pn)) / Math.sqrt(gn);
      for (let i = 0; i < q.length; i++) {
        b[i] = -ratio * grad[i] + 0.9 * b[i];
        q[i] += b[i];
      }
    };
  },
);
