// One Prodigy step over 1,000,000 float32 parameters (`pnpm bench`); a JavaScript loop (no kernel), two passes a step
// (the moments and the estimate's sums over all parameters, then the update with the new d).
import { benchOptimizerStep } from '../../../../tooling/optimizer-step-bench.mjs';
import { Prodigy } from '../dist/index.js';

benchOptimizerStep(
  'Prodigy',
  (params) => new Prodigy(params),
  (q, grad) => {
    // The rule as it reads, bias correction and the decay of the numerator left out.
    const m = new Float32Array(q.length);
    const v = new Float32Array(q.length);
    const s = new Float32Array(q.length);
    const q0 = q.slice();
    let d = 1e-6;
    return () => {
      let numerator = 0;
      let denominator = 0;
      for (let i = 0; i < q.length; i++) {
        const g = grad[i];
        numerator += g * (q0[i] - q[i]);
        const dg = d * g;
        m[i] = 0.9 * m[i] + 0.1 * dg;
        v[i] = 0.999 * v[i] + 0.001 * dg * dg;
        s[i] = 0.9995 * s[i] + (d * dg) / 1e-6;
        denominator += Math.abs(s[i]);
      }
      const dOld = d;
      d = Math.max(d, (numerator * dOld) / denominator);
      for (let i = 0; i < q.length; i++) q[i] -= (dOld * m[i]) / (Math.sqrt(v[i]) + d * 1e-8);
    };
  },
);
