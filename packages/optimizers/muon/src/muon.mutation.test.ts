import { parameter } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import { Muon } from './muon.js';

// Behaviours that the mutation run (pnpm test:mutation) would find untested.
describe('Muon edges', () => {
  it('a zero gradient only decays the weights: the norm is clamped to ε, so 0/ε = 0 and not 0/0', () => {
    const w = parameter(Float64Array.from([1, -2, 3, 4]), { shape: [2, 2] });
    const opt = new Muon([w], { lr: 0.1, weightDecay: 0.5 });
    opt.step();
    expect([...w.data]).toEqual([1, -2, 3, 4].map((x) => x * (1 - 0.1 * 0.5)));
  });

  it('refuses 100 Newton–Schulz iterations (PyTorch: ns_steps < 100), naming the option, and takes 99', () => {
    const w = () => [parameter(new Float64Array(4), { shape: [2, 2] })];
    expect(() => new Muon(w(), { nsSteps: 100 })).toThrow(/^Invalid nsSteps for Muon: 100 /);
    expect(() => new Muon(w(), { nsSteps: 99 })).not.toThrow();
  });
});
