import { cosineDecay, decodeArray, parameter, type EncodedArrayV1, type OptimizerStateDictV1 } from '@descent/optim';
import { describeOptimizerConformance, torchTrajectoryMismatch } from '@descent/optim/testing';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/numpy-adafactor.json' with { type: 'json' };
import { Adafactor } from './adafactor.js';
import { adafactorPlugin } from './adafactor-plugin.js';

describe('Adafactor by hand', () => {
  it('first step on a vector: V̂ = g², so U = sign(g) and θ moves by RMS(θ)·η', () => {
    // t = 1: β̂₂ weight 1, ρ = min(0.01, 1) = 0.01, α = RMS(3, 4)·0.01 = √12.5·0.01; U = (1, 1), RMS(U) = 1 = d.
    const w = parameter(Float64Array.from([3, 4]), { shape: [2] });
    const opt = new Adafactor([w]);
    w.grad.set([1, 2]);
    opt.step();
    const alpha = Math.sqrt(12.5) * 0.01;
    expect(w.data[0]).toBeCloseTo(3 - alpha, 15);
    expect(w.data[1]).toBeCloseTo(4 - alpha, 15);
  });

  it('first step on a matrix: row and column means of g², V̂ = R Cᵀ / mean(R)', () => {
    // g = [[1, 2], [3, 4]]: R = (2.5, 12.5), C = (5, 10), mean(R) = 7.5, V̂ = [[5/3, 10/3], [25/3, 50/3]];
    // U = g/√V̂; with d = 10 no clipping; α = RMS(θ = 1)·0.01 = 0.01.
    const w = parameter(Float64Array.from([1, 1, 1, 1]), { shape: [2, 2] });
    const opt = new Adafactor([w], { d: 10 });
    w.grad.set([1, 2, 3, 4]);
    opt.step();
    const estimate = [5 / 3, 10 / 3, 25 / 3, 50 / 3];
    [1, 2, 3, 4].forEach((g, i) => {
      expect(w.data[i]).toBeCloseTo(1 - (0.01 * g) / Math.sqrt(estimate[i] as number), 15);
    });
    const saved = opt.stateDict().state['#0'] as Record<string, EncodedArrayV1>;
    expect([...decodeArray(saved.rowVar as EncodedArrayV1)]).toEqual([2.5, 12.5]);
    expect([...decodeArray(saved.colVar as EncodedArrayV1)]).toEqual([5, 10]);
  });

  it('needs a shape, and names the parameter without one', () => {
    expect(() => new Adafactor([parameter(new Float64Array(4), 'dense0.weight')])).toThrow(
      "Adafactor needs the shape of parameter 'dense0.weight' (it factors matrices): create it with parameter(data, { shape }), [n] for a vector",
    );
  });

  it('saves and loads factored state (arrays shorter than the parameter), and refuses factors of another length', () => {
    const run = (steps: number, from?: OptimizerStateDictV1, start?: Float64Array) => {
      const w = parameter(start ?? Float64Array.from([0.5, -1, 2, 0.3, -0.7, 1.1]), { shape: [1, 2, 3] });
      const opt = new Adafactor([w], { lr: 0.05, weightDecay: 0.01 });
      if (from !== undefined) opt.loadStateDict(from);
      const first = opt.stepCount;
      for (let t = first; t < first + steps; t++) {
        for (let i = 0; i < 6; i++) w.grad[i] = (w.data[i] as number) + Math.sin(t + i);
        opt.step();
      }
      return { w, opt };
    };
    const straight = run(12);
    const half = run(5);
    const saved = JSON.parse(JSON.stringify(half.opt.stateDict())) as OptimizerStateDictV1;
    const resumed = run(7, saved, half.w.data.slice());
    expect(resumed.w.data).toEqual(straight.w.data);
    const broken = JSON.parse(JSON.stringify(saved)) as { state: Record<string, Record<string, unknown>> };
    (broken.state['#0'] as Record<string, unknown>).rowVar = (broken.state['#0'] as Record<string, unknown>).colVar;
    expect(() => {
      run(0).opt.loadStateDict(broken as unknown as OptimizerStateDictV1);
    }).toThrow(
      "Adafactor.loadStateDict: 1 mismatch: '#0': state 'rowVar' has length 3, expected 2",
    );
  });
});

interface AdafactorFixtureCase {
  readonly shape: readonly number[];
  readonly options: Readonly<Record<string, unknown>>;
  readonly start: readonly number[];
  readonly scales: readonly number[];
  readonly noise: readonly (readonly number[])[];
  readonly float64: readonly (readonly number[])[];
}

/** PyTorch's Adafactor arguments to ours: eps = (eps1, eps2), None as 0. */
function toOptions(torch: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(torch)) {
    if (key === 'eps') [out.eps1, out.eps2] = (value as (number | null)[]).map((v) => v ?? 0);
    else out[key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())] = value;
  }
  return out;
}

describe(`adafactor matches ${fixture.follows} (NumPy ${fixture.numpy})`, () => {
  for (const c of fixture.cases as unknown as AdafactorFixtureCase[]) {
    it(`${JSON.stringify(c.options)} on shape [${c.shape.join(', ')}] in float64`, () => {
      const w = parameter(Float64Array.from(c.start), { shape: c.shape });
      const opt = new Adafactor([w], toOptions(c.options));
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

describeOptimizerConformance(adafactorPlugin, {
  shape: (n) => [n],
  // Adafactor's step is relative to RMS(θ) and about the same size whatever the gradient: a decaying η settles it.
  quadratic: { options: { lr: cosineDecay(0.02, 3000) }, steps: 3000, tolerance: 0.01 },
  rosenbrock: { options: { lr: cosineDecay(0.01, 20_000) }, steps: 20_000, tolerance: 0.05 },
  stateful: { lr: 0.01, weightDecay: 0.01, beta2Decay: -0.6 },
});
