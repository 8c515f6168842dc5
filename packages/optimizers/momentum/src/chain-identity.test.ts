import { describe, expect, it } from 'vitest';
import { chain, fromTransformation, parameter, scaleByLearningRate, trace } from '@descent/optim';
import { Momentum } from './momentum.js';

describe('SGD with momentum as a chain', () => {
  {
    const nesterov = false;
    it(`Momentum = chain(trace, scaleByLearningRate) to 1e-12 in float64`, () => {
      const a = parameter(Float64Array.from([0.5, -1.5, 2]), { name: 'w' });
      const b = parameter(Float64Array.from([0.5, -1.5, 2]), { name: 'w' });
      const plain = new Momentum([a], { lr: 0.03, momentum: 0.9 });
      const chained = fromTransformation(() => chain(trace({ decay: 0.9, nesterov }), scaleByLearningRate()), [b], { lr: 0.03 });
      let worst = 0;
      for (let t = 0; t < 100; t++) {
        for (const p of [a, b]) for (let i = 0; i < 3; i++) p.grad[i] = Math.cos(0.5 * t + i) + 0.3 * (p.data[i] as number);
        plain.step();
        chained.step();
        for (let i = 0; i < 3; i++) worst = Math.max(worst, Math.abs((a.data[i] as number) - (b.data[i] as number)));
      }
      expect(worst).toBeLessThan(1e-12);
    });
  }
});
