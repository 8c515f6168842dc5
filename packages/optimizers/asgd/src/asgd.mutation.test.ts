import { definedByLabel, parameter } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/torch-trajectories.json' with { type: 'json' };
import { Asgd } from './asgd.js';
import { asgdPlugin } from './asgd-plugin.js';

const dtypes = [
  ['float64', (values: number[]) => Float64Array.from(values)],
  ['float32', (values: number[]) => Float32Array.from(values)],
] as const;

// Behaviours that the mutation run (pnpm test:mutation) would find untested.
describe('ASGD as torch.optim.ASGD', () => {
  it('says it follows the PyTorch version its replay fixture was recorded with', () => {
    const [major, minor] = fixture.torch.split('.');
    expect(definedByLabel(asgdPlugin).split(';')[0]).toBe(`PyTorch ${major ?? ''}.${minor ?? ''}`);
  });

  it('averaged(param) reads a parameter of any group, not only of the first', () => {
    const a = parameter(Float64Array.from([1]));
    const b = parameter(Float64Array.from([2]));
    const opt = new Asgd([{ params: [a] }, { params: [b], lr: 0.5 }]);
    a.grad[0] = 1;
    b.grad[0] = 1;
    opt.step();
    expect([...(opt.averaged(b) ?? [])]).toEqual([...b.data]);
  });

  for (const [dtype, make] of dtypes) {
    it(`leaves an infinite parameter infinite without weight decay: PyTorch adds no 0·θ, which would be NaN (${dtype})`, () => {
      const w = parameter(make([Number.POSITIVE_INFINITY, 1]));
      const opt = new Asgd([w], { lr: 0.1 });
      w.grad.set([1, 1]);
      opt.step();
      expect(w.data[0]).toBe(Number.POSITIVE_INFINITY);
      expect(w.data[1]).toBeCloseTo(1 - 0.1 * 1e-4 - 0.1, 6);
    });

    it(`while μ = 1 the average is a copy of the parameter, bit for bit, as PyTorch's ax.copy_(param) (${dtype})`, () => {
      // θ crosses zero on the second step (2 → ≈ −0.11): ax + (θ − ax)·1 would round there, a copy does not.
      const w = parameter(make([1]));
      const opt = new Asgd([w], { lr: 1, lambd: 0.1 });
      for (const g of [0, 1, 2.3]) {
        w.grad[0] = g;
        opt.step();
        expect(opt.averaged(w)?.[0]).toBe(w.data[0]);
      }
    });

    it(`from step t₀ + 2 on the average is the mean of the parameters since (${dtype})`, () => {
      const w = parameter(make([1, -2]));
      const opt = new Asgd([w], { lr: 0.05, t0: 3 });
      const seen: number[][] = [];
      for (let t = 1; t <= 12; t++) {
        w.grad[0] = w.data[0] as number;
        w.grad[1] = Math.cos(t);
        opt.step();
        seen.push([...w.data]);
      }
      const since = seen.slice(4); // steps 5 … 12
      const ax = opt.averaged(w) ?? new Float64Array(2);
      [0, 1].forEach((i) => {
        const mean = since.reduce((sum, row) => sum + (row[i] as number), 0) / since.length;
        expect(ax[i]).toBeCloseTo(mean, 5);
      });
      // The second coordinate oscillates with cos t: its mean is far from its last value.
      expect(ax[1]).not.toBeCloseTo(w.data[1] as number, 3);
    });
  }
});
