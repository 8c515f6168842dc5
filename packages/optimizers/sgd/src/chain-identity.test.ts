import { describe, expect, it } from 'vitest';
import { chain, fromTransformation, parameter, scaleByLearningRate } from '@descent/optim';
import { Sgd } from './sgd.js';

describe('SGD as a chain', () => {
  it('SGD = chain(scaleByLearningRate), bit for bit in float64 and float32', () => {
    for (const make of [(v: number[]) => Float64Array.from(v), (v: number[]) => Float32Array.from(v)]) {
      const a = parameter(make([0.5, -1.5, 2]), { name: 'w' });
      const b = parameter(make([0.5, -1.5, 2]), { name: 'w' });
      const sgd = new Sgd([a], { lr: 0.03 });
      const chained = fromTransformation(() => chain(scaleByLearningRate()), [b], { lr: 0.03 });
      for (let t = 0; t < 50; t++) {
        for (const p of [a, b]) for (let i = 0; i < 3; i++) p.grad[i] = Math.cos(0.5 * t + i) + 0.3 * (p.data[i] as number);
        sgd.step();
        chained.step();
      }
      expect([...b.data]).toEqual([...a.data]);
    }
  });
});
