import { describe, expect, it } from 'vitest';
import { HeavyBall, heavyBallPlugin } from './__fixtures__/heavy-ball.js';
import { parameter } from './parameter.js';
import { allocatesNothing, BACKGROUND_COLLECTIONS, countGarbageCollections } from './testing/gc-counter.js';
import { describeOptimizerConformance } from './testing/conformance.js';

describe('Optimizer base class', () => {
  it('takes two hand-computed steps (b ← μb + g; θ ← θ − ηb)', () => {
    const p = parameter(Float64Array.from([1, -2]));
    const opt = new HeavyBall([p], { lr: 0.1, momentum: 0.5 });
    p.grad.set([2, 4]);
    opt.step(); // b = (2, 4); θ = (1 − 0.2, −2 − 0.4) = (0.8, −2.4)
    expect([...p.data]).toEqual([0.8, -2.4]);
    p.grad.set([2, 4]);
    opt.step(); // b = (1 + 2, 2 + 4) = (3, 6); θ = (0.8 − 0.3, −2.4 − 0.6) = (0.5, −3.0)
    expect(p.data[0]).toBeCloseTo(0.5, 15);
    expect(p.data[1]).toBeCloseTo(-3.0, 15);
    expect(opt.stepCount).toBe(2);
  });

  it('fills group options from the defaults given to the constructor, and checks added groups', () => {
    const a = parameter(new Float64Array(1));
    const b = parameter(new Float64Array(1));
    const opt = new HeavyBall([{ params: [a] }, { params: [b], momentum: 0.9 }], { lr: 0.5 });
    expect(opt.paramGroups.map((g) => g.options)).toEqual([
      { lr: 0.5, momentum: 0.5, maximize: false },
      { lr: 0.5, momentum: 0.9, maximize: false },
    ]);
    const c = parameter(new Float64Array(1));
    opt.addParamGroup({ params: [c], lr: 0.25 });
    expect(opt.paramGroups[2]?.options).toEqual({ lr: 0.25, momentum: 0.5, maximize: false });
    expect(() => {
      opt.addParamGroup({ params: [a] });
    }).toThrow(/appears in more than one parameter group/);
    expect(() => {
      opt.addParamGroup({ params: [{ data: a.data, grad: null, name: 'alias' }] });
    }).toThrow(/'alias' appears in more than one/);
    expect(() => {
      opt.addParamGroup({ params: [parameter(new Float64Array(1))], momentum: 1 });
    }).toThrow('Invalid momentum for HeavyBall: 1 (expected a number in [0, 1))');
  });

  it('rejects parameters it cannot use', () => {
    expect(() => new HeavyBall(new Float64Array(3) as never)).toThrow(/not a bare typed array/);
    expect(() => new HeavyBall([{ data: [1, 2], grad: null }] as never)).toThrow(/must have a Float32Array or Float64Array/);
    const p = parameter(new Float64Array(3));
    p.grad = new Float64Array(2);
    expect(() => new HeavyBall([p]).step()).toThrow(/gradient of parameter #0 has length 2, expected 3/);
    expect(() => new HeavyBall([p, { params: [parameter(new Float64Array(1))] }] as never)).toThrow(/not a mix/);
  });

  it('takes maximize though the class does not list it, per group: that group steps along +g', () => {
    const down = parameter(Float64Array.from([1]));
    const up = parameter(Float64Array.from([1]));
    const opt = new HeavyBall([{ params: [down] }, { params: [up], maximize: true }], { lr: 0.1 });
    down.grad[0] = 2;
    up.grad[0] = 2;
    opt.step();
    expect([down.data[0], up.data[0]]).toEqual([0.8, 1.2]);
    expect(up.grad[0]).toBe(2);
    expect(() => new HeavyBall([parameter(new Float64Array(1))], { maximize: 1 } as never)).toThrow(
      'Invalid maximize for HeavyBall: 1 (expected true or false)',
    );
  });

  it('gives the caller their gradient back when the update throws under maximize', () => {
    class Failing extends HeavyBall {
      protected override updateParameter(): void {
        throw new Error('update failed');
      }
    }
    const p = parameter(Float64Array.from([1, -2]));
    p.grad.set([0.5, -0.25]);
    expect(() => new Failing([p], { maximize: true }).step()).toThrow('update failed');
    expect([...p.grad]).toEqual([0.5, -0.25]);
  });

  it('parameter() records a shape and a name, and refuses a shape that does not fit the data', () => {
    const w = parameter(new Float32Array(6), { shape: [2, 3], name: 'dense0.weight' });
    expect(w).toMatchObject({ shape: [2, 3], name: 'dense0.weight' });
    expect(w.grad).toBeInstanceOf(Float32Array);
    expect(parameter(new Float64Array(2), 'b')).toEqual({ data: new Float64Array(2), grad: new Float64Array(2), name: 'b' });
    expect(() => parameter(new Float32Array(6), { shape: [2, 2], name: 'w' })).toThrow("parameter 'w': shape [2, 2] holds 4 values, the data has 6");
    expect(() => parameter(new Float32Array(6), { shape: [2.5, 2] })).toThrow('parameter: shape [2.5,2] is not a list of whole numbers ≥ 0');
  });

  it('refuses a hand-written parameter whose shape does not fit, naming it', () => {
    const p = { data: new Float64Array(3), grad: new Float64Array(3), shape: [2, 2], name: 'conv1.bias' };
    expect(() => new HeavyBall([p])).toThrow("HeavyBall: parameter 'conv1.bias': shape [2, 2] holds 4 values, the data has 3");
  });

  it('returns the closure loss from step()', () => {
    const p = parameter(Float64Array.from([3]));
    const opt = new HeavyBall([p], { lr: 0.1 });
    const loss = opt.step(() => {
      p.grad[0] = 2 * (p.data[0] as number);
      return (p.data[0] as number) ** 2;
    });
    expect(loss).toBe(9);
    expect(p.data[0]).toBeCloseTo(2.4, 15);
  });

  it('reports a schedule that returns a bad learning rate', () => {
    const p = parameter(Float64Array.from([3]));
    const opt = new HeavyBall([p], { lr: (t) => (t === 0 ? 0.1 : Number.NaN) });
    opt.step();
    expect(() => opt.step()).toThrow(/schedule returned NaN at step 1/);
  });

  it('saves a schedule as "schedule" and refuses to load it into a constant learning rate', () => {
    const p = parameter(Float64Array.from([3]));
    const opt = new HeavyBall([p], { lr: () => 0.1 });
    p.grad[0] = 1;
    opt.step();
    const saved = opt.stateDict();
    expect(saved.paramGroups[0]?.options.lr).toBe('schedule');
    expect(() => {
      new HeavyBall([parameter(Float64Array.from([3]))], { lr: 0.1 }).loadStateDict(saved);
    }).toThrow(/saved with a learning-rate schedule/);
  });
});

// These check the counter (src/testing, which mutation testing does not measure) and take seconds each: Stryker's test
// processes (STRYKER_MUTATOR_WORKER) skip them, as they skip the allocation checks the counter serves.
describe.skipIf(process.env.STRYKER_MUTATOR_WORKER !== undefined)('countGarbageCollections', () => {
  it('sees a step that allocates a temporary per call, so the conformance check can fail', async () => {
    const p = parameter(new Float64Array(200_000).fill(1));
    const opt = new HeavyBall([p], { lr: 1e-9 }, true);
    opt.step();
    const collections = await countGarbageCollections(() => {
      for (let t = 0; t < 150; t++) opt.step();
    });
    expect(collections).toBeGreaterThan(2 * BACKGROUND_COLLECTIONS);
  });

  it('allocatesNothing retries a noisy window, but an allocating step fails every attempt', async () => {
    // 150 steps a window, over up to 3 windows: whether the check passed, and how many windows it ran.
    const windows = async (optimizer: HeavyBall) => {
      let runs = 0;
      const passed = await allocatesNothing(() => {
        runs++;
        for (let t = 0; t < 150; t++) optimizer.step();
      }, 3);
      return { passed, runs };
    };
    const allocating = new HeavyBall([parameter(new Float64Array(200_000).fill(1))], { lr: 1e-9 }, true);
    expect(await windows(allocating)).toEqual({ passed: false, runs: 3 });
    const clean = new HeavyBall([parameter(new Float64Array(200_000).fill(1))], { lr: 1e-9 });
    clean.step();
    const result = await windows(clean);
    expect(result.passed).toBe(true);
    expect(result.runs).toBeGreaterThanOrEqual(1);
  });
});

describeOptimizerConformance(heavyBallPlugin, {
  quadratic: { options: { lr: 0.05, momentum: 0.5 }, steps: 300, tolerance: 1e-4 },
  rosenbrock: { options: { lr: 0.0005, momentum: 0.9 }, steps: 20_000, tolerance: 0.01 },
  stateful: { lr: 0.05, momentum: 0.7 },
});
