import { parameter } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import { Prodigy } from './prodigy.js';

// Behaviours that the mutation run (pnpm test:mutation) would find untested.
describe('Prodigy edges', () => {
  it('refuses a gradient whose length is not its parameter’s, naming the parameter by name or position', () => {
    const a = parameter(new Float64Array(2));
    const opt = new Prodigy([a, { data: new Float64Array(3), grad: new Float64Array(2) }]);
    expect(() => opt.step()).toThrow(/^Prodigy: gradient of parameter #1 has length 2, expected 3$/);
    const named = new Prodigy([{ data: new Float64Array(3), grad: new Float64Array(4), name: 'dense0.bias' }]);
    expect(() => named.step()).toThrow(/^Prodigy: gradient of parameter 'dense0.bias' has length 4, expected 3$/);
  });

  it('calls the closure once, before the update, and returns its loss', () => {
    const w = parameter(Float64Array.from([1]));
    const opt = new Prodigy([w], { estimLr0: 0.1, eps: 0 });
    const seen: number[] = [];
    const loss = opt.step(() => {
      seen.push(w.data[0] as number);
      w.grad[0] = 1;
      return 42;
    });
    expect(loss).toBe(42);
    expect(seen).toEqual([1]);
    expect(w.data[0]).toBeCloseTo(0.9, 15); // the first step moves by d₀·sign(g), with the gradient the closure set
    expect(opt.step()).toBeUndefined();
  });

  it('zero gradients keep d and θ (‖s‖₁ = 0: optax would make d NaN), and a later gradient steps by d₀', () => {
    const w = parameter(Float64Array.from([1, -1]));
    const opt = new Prodigy([w], { estimLr0: 0.01 });
    opt.step(); // gradients 0
    expect([...w.data]).toEqual([1, -1]);
    expect(opt.stateDict().state['#0']?.estimLr).toBe(0.01);
    w.grad.set([2, -2]);
    opt.step();
    // t = 2, θ = θ₀ so d stays d₀: d̂ = d₀·√(1 − β₂²)/(1 − β₁²), m = (1 − β₁)d₀g, v = (1 − β₂)d₀²g², step d̂·m/(√v + d₀ε).
    const d0 = 0.01;
    const dHat = (d0 * Math.sqrt(1 - 0.999 ** 2)) / (1 - 0.9 ** 2);
    const move = (dHat * 0.1 * d0 * 2) / (Math.sqrt(0.001 * (d0 * 2) ** 2) + d0 * 1e-8);
    expect(w.data[0]).toBeCloseTo(1 - move, 12);
    expect(w.data[1]).toBeCloseTo(-1 + move, 12);
  });

  it('steps a group with gradients and leaves alone a group without any, keeping one d per group', () => {
    const a = parameter(Float64Array.from([1]));
    const idle = { data: Float64Array.from([5]), grad: null };
    const opt = new Prodigy([{ params: [a] }, { params: [idle] }], { estimLr0: 0.1, eps: 0 });
    a.grad[0] = 1;
    opt.step();
    expect(a.data[0]).toBeCloseTo(0.9, 15);
    expect(idle.data[0]).toBe(5);
    expect(Object.keys(opt.stateDict().state)).toEqual(['#0']);
  });

  it('refuses β₁, β₂, β₃ = 1 and a coefficient of 0, naming the option, and takes values just inside', () => {
    const w = () => [parameter(Float64Array.from([1]))];
    for (const name of ['beta1', 'beta2', 'beta3']) {
      expect(() => new Prodigy(w(), { [name]: 1 })).toThrow(new RegExp(`Invalid ${name} for Prodigy: 1 .*\\[0, 1\\)`));
      expect(() => new Prodigy(w(), { [name]: 0.999999 })).not.toThrow();
    }
    expect(() => new Prodigy(w(), { estimLrCoef: 0 })).toThrow(/Invalid estimLrCoef for Prodigy: 0 /);
    expect(() => new Prodigy(w(), { estimLrCoef: 1e-9 })).not.toThrow();
  });
});
