import { cosineDecay, parameter } from '@descent/optim';
import { describeOptimizerConformance, torchTrajectoryMismatch } from '@descent/optim/testing';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/numpy-muon.json' with { type: 'json' };
import { Muon } from './muon.js';
import { muonPlugin } from './muon-plugin.js';
import { splitForMuon } from './split.js';

describe('Muon by hand', () => {
  it('a row vector steps along its normalized gradient: the cubic Newton–Schulz keeps a unit singular value', () => {
    // g = (3, 4), μ = 0: U = g, X₀ = g/5 = (0.6, 0.8); one step of 1.5X − 0.5(XXᵀ)X with XXᵀ = 1 leaves X;
    // A/B = 1/2, so η′ = η: θ ← θ − 0.1·(0.6, 0.8).
    const w = parameter(Float64Array.from([1, 1]), { shape: [1, 2] });
    const opt = new Muon([w], { lr: 0.1, momentum: 0, weightDecay: 0, nsA: 1.5, nsB: -0.5, nsC: 0, nsSteps: 1 });
    w.grad.set([3, 4]);
    opt.step();
    expect(w.data[0]).toBeCloseTo(0.94, 15);
    expect(w.data[1]).toBeCloseTo(0.92, 15);
  });

  it('decays the weights by ηλ with the unadjusted η, and scales the step by √(A/B) for a tall matrix', () => {
    // A 2 × 1 column: A/B = 2, η′ = η√2; θ ← θ(1 − ηλ) − η√2·g/|g| (cubic NS, unit singular value).
    const w = parameter(Float64Array.from([1, 2]), { shape: [2, 1] });
    const opt = new Muon([w], { lr: 0.1, momentum: 0, weightDecay: 0.5, nsA: 1.5, nsB: -0.5, nsC: 0, nsSteps: 1 });
    w.grad.set([0, 2]);
    opt.step();
    expect(w.data[0]).toBeCloseTo(0.95, 15);
    expect(w.data[1]).toBeCloseTo(1.9 - 0.1 * Math.SQRT2, 15);
  });

  it('refuses a parameter that is not a matrix, or has no shape, naming it', () => {
    const bias = parameter(new Float64Array(3), { shape: [3], name: 'dense0.bias' });
    expect(() => new Muon([bias])).toThrow(
      "Muon only supports 2-D parameters; parameter 'dense0.bias' has shape [3]: give it to another optimizer (AdamW), e.g. with splitForMuon",
    );
    expect(() => new Muon([parameter(new Float64Array(4))])).toThrow(
      'Muon needs the shape of parameter #0: create it with parameter(data, { shape: [rows, columns] })',
    );
    expect(() => new Muon([parameter(new Float64Array(4), { shape: [2, 2] })], { nsSteps: 2.5 })).toThrow('Invalid nsSteps for Muon: 2.5');
  });

  it('splitForMuon sends matrices to Muon and everything else to the other optimizer', () => {
    const w = parameter(new Float32Array(6), { shape: [2, 3], name: 'dense0.weight' });
    const b = parameter(new Float32Array(3), { shape: [3], name: 'dense0.bias' });
    const k = parameter(new Float32Array(18), { shape: [3, 3, 1, 2], name: 'conv0.weight' });
    const bare = parameter(new Float32Array(2));
    expect(splitForMuon([w, b, k, bare])).toEqual({ muon: [w], other: [b, k, bare] });
  });
});

interface MuonFixtureCase {
  readonly shape: readonly [number, number];
  readonly options: Readonly<Record<string, unknown>>;
  readonly start: readonly number[];
  readonly scales: readonly number[];
  readonly noise: readonly (readonly number[])[];
  readonly float64: readonly (readonly number[])[];
}

/** PyTorch's Muon arguments to ours. */
function toOptions(torch: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(torch)) {
    if (key === 'ns_coefficients') [out.nsA, out.nsB, out.nsC] = value as number[];
    // PyTorch's None is 'original' (what PyTorch does with None).
    else if (key === 'adjust_lr_fn') out.adjustLrFn = value ?? 'original';
    else out[key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = value;
  }
  return out;
}

describe(`muon matches ${fixture.follows} (NumPy ${fixture.numpy})`, () => {
  for (const c of fixture.cases as unknown as MuonFixtureCase[]) {
    it(`${JSON.stringify(c.options)} on a ${c.shape.join(' × ')} matrix in float64`, () => {
      const w = parameter(Float64Array.from(c.start), { shape: c.shape });
      const opt = new Muon([w], toOptions(c.options));
      const rows = c.noise.map((noise) => {
        for (let i = 0; i < w.data.length; i++) w.grad[i] = (c.scales[i] as number) * (w.data[i] as number) + (noise[i] as number);
        opt.step();
        return [...w.data];
      });
      const mismatch = torchTrajectoryMismatch(rows, { float64: c.float64, float32: [] }, 'float64');
      if (mismatch !== undefined) expect.fail(mismatch);
    });
  }
});

describeOptimizerConformance(muonPlugin, {
  // A 1 × n matrix: Muon's step is then its normalized momentum, of length η whatever the gradient, so a decaying η
  // is what lets it settle.
  shape: (n) => [1, n],
  quadratic: { options: { lr: cosineDecay(0.05, 2000), weightDecay: 0 }, steps: 2000, tolerance: 0.01 },
  rosenbrock: { options: { lr: cosineDecay(0.01, 20_000), weightDecay: 0 }, steps: 20_000, tolerance: 0.05 },
  stateful: { lr: 0.01, momentum: 0.9, weightDecay: 0.01 },
});
