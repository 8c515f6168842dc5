import { parameter } from '@descent/optim';
import { describeOptimizerConformance, describeTorchReplay, type TorchTrajectoryFixture } from '@descent/optim/testing';
import { describe, expect, it } from 'vitest';
import torchFixture from './__fixtures__/torch-trajectories.json' with { type: 'json' };
import { Lbfgs } from './lbfgs.js';
import { lbfgsPlugin } from './lbfgs-plugin.js';

/** PyTorch's `line_search_fn` is `lineSearchFn` here, by name: the fixture's options are used as they are. */
const fixture = torchFixture as TorchTrajectoryFixture;

/** f(x, y) = (x − 3)² + 10(y + 1)², the closure that writes its gradient and returns it. */
function bowl(w: { data: Float64Array | Float32Array; grad: Float64Array | Float32Array | null }) {
  let calls = 0;
  const closure = () => {
    calls++;
    const x = w.data[0] as number;
    const y = w.data[1] as number;
    if (w.grad === null) throw new Error('no gradient array');
    w.grad[0] = 2 * (x - 3);
    w.grad[1] = 20 * (y + 1);
    return (x - 3) ** 2 + 10 * (y + 1) ** 2;
  };
  return { closure, calls: () => calls };
}

describe('LBFGS by hand', () => {
  it('reaches the minimum of a 2-D quadratic in one step with the strong Wolfe line search', () => {
    const w = parameter(Float64Array.from([0, 0]));
    const opt = new Lbfgs([w], { lineSearchFn: 'strong_wolfe' });
    const { closure, calls } = bowl(w);
    const loss = opt.step(closure);
    expect(loss).toBe(19); // the loss before the step, as PyTorch returns it
    expect(w.data[0]).toBeCloseTo(3, 6);
    expect(w.data[1]).toBeCloseTo(-1, 6);
    expect(calls()).toBeGreaterThan(2); // the closure was evaluated several times within one step
    expect(opt.stepCount).toBe(1);
  });

  it('the first move is along −g with t = min(1, 1/‖g‖₁)·lr; maxIter 1 stops there without re-evaluating', () => {
    const w = parameter(Float64Array.from([0, 0]));
    const opt = new Lbfgs([w], { maxIter: 1, lr: 0.5 });
    const { closure, calls } = bowl(w);
    opt.step(closure);
    // g = (−6, 20), ‖g‖₁ = 26: t = 0.5/26.
    expect(w.data[0]).toBeCloseTo((6 * 0.5) / 26, 15);
    expect(w.data[1]).toBeCloseTo((-20 * 0.5) / 26, 15);
    expect(calls()).toBe(1);
  });

  it('returns at once when the gradient is already below toleranceGrad', () => {
    const w = parameter(Float64Array.from([3, -1]));
    const opt = new Lbfgs([w]);
    const { closure, calls } = bowl(w);
    expect(opt.step(closure)).toBe(0);
    expect([...w.data]).toEqual([3, -1]);
    expect(calls()).toBe(1);
  });

  it('stops after maxEval evaluations (0 means ⌊5·maxIter/4⌋)', () => {
    const count = (options: Partial<ConstructorParameters<typeof Lbfgs>[1]>) => {
      const w = parameter(Float64Array.from([0, 0]));
      const { closure, calls } = bowl(w);
      new Lbfgs([w], { ...options, toleranceGrad: 0, toleranceChange: 0 }).step(closure);
      return calls();
    };
    expect(count({ maxIter: 8, maxEval: 3 })).toBe(3);
    expect(count({ maxIter: 8 })).toBe(8); // budget 10, but maxIter ends it after 8 evaluations
    expect(count({ maxIter: 4, maxEval: 0 })).toBe(4);
  });

  it('maximize climbs −f: the same points as minimizing f', () => {
    const down = parameter(Float64Array.from([0, 0]));
    const up = parameter(Float64Array.from([0, 0]));
    const f = bowl(down).closure;
    const negated = () => {
      const x = up.data[0] as number;
      const y = up.data[1] as number;
      up.grad[0] = -2 * (x - 3);
      up.grad[1] = -20 * (y + 1);
      return -((x - 3) ** 2 + 10 * (y + 1) ** 2);
    };
    const a = new Lbfgs([down], { maxIter: 4 });
    const b = new Lbfgs([up], { maxIter: 4, maximize: true });
    for (let t = 0; t < 3; t++) {
      a.step(f);
      b.step(negated);
    }
    expect([...up.data]).toEqual([...down.data]);
  });

  it('works on several parameters laid end to end, and a null gradient counts as zeros', () => {
    const x = parameter(Float64Array.from([0]));
    const y = parameter(Float64Array.from([0]));
    const frozen = { data: Float64Array.from([5]), grad: null };
    const opt = new Lbfgs([x, y, frozen], { lineSearchFn: 'strong_wolfe' });
    opt.step(() => {
      x.grad[0] = 2 * ((x.data[0] as number) - 3);
      y.grad[0] = 20 * ((y.data[0] as number) + 1);
      return ((x.data[0] as number) - 3) ** 2 + 10 * ((y.data[0] as number) + 1) ** 2;
    });
    expect(x.data[0]).toBeCloseTo(3, 6);
    expect(y.data[0]).toBeCloseTo(-1, 6);
    expect(frozen.data[0]).toBe(5);
  });

  it('needs a closure, one parameter group and one element type, and says so', () => {
    const w = parameter(Float64Array.from([0, 0]));
    expect(() => new Lbfgs([w]).step()).toThrow(/LBFGS.step needs a closure that sets the gradients for the current parameters and returns the loss/);
    expect(() => new Lbfgs([{ params: [w] }, { params: [parameter(new Float64Array(1))] }] as never)).toThrow(
      /LBFGS does not take more than one parameter group/,
    );
    expect(() => new Lbfgs([w, parameter(new Float32Array(1))])).toThrow(/LBFGS: parameter #1 is Float32Array, the first is Float64Array/);
    expect(() => new Lbfgs([w], { maxIter: 2.5 })).toThrow(/Invalid maxIter for LBFGS: 2.5 \(expected a whole number ≥ 1\)/);
    expect(() => new Lbfgs([w], { historySize: 0 })).toThrow(/Invalid historySize for LBFGS: 0/);
  });

  it('saves its memory in the state dict (split by parameter) and a loaded optimizer continues bit for bit', () => {
    // Σ ½(i + 1)wᵢ² + sin(t + i)wᵢ at step t.
    const objective = (w: ReturnType<typeof parameter<Float64Array>>, t: number) => () => {
      let f = 0;
      for (let i = 0; i < 3; i++) {
        const v = w.data[i] as number;
        w.grad[i] = (i + 1) * v + Math.sin(t + i);
        f += 0.5 * (i + 1) * v * v + Math.sin(t + i) * v;
      }
      return f;
    };
    const run = (steps: number) => {
      const w = parameter(Float64Array.from([0.5, -0.25, 1.5]));
      const opt = new Lbfgs([w], { maxIter: 2, historySize: 2 });
      for (let t = 0; t < steps; t++) opt.step(objective(w, t));
      return { opt, w };
    };
    const straight = run(9);
    const first = run(4);
    const saved = JSON.parse(JSON.stringify(first.opt.stateDict())) as ReturnType<Lbfgs['stateDict']>;
    // Version 2 keys an unnamed parameter by its position.
    expect(Object.keys(saved.state['#0'] ?? {})).toEqual(
      expect.arrayContaining(['d', 'prevFlatGrad', 'oldDirs.0', 'oldStps.1', 'ro.1', 'historyLength', 'hDiag', 'nIter', 'funcEvals', 't']),
    );
    const w = parameter(first.w.data.slice());
    const opt = new Lbfgs([w], { lr: 3 });
    opt.loadStateDict(saved);
    for (let t = 4; t < 9; t++) opt.step(objective(w, t));
    expect([...w.data]).toEqual([...straight.w.data]);
  });
});

describeTorchReplay(lbfgsPlugin, fixture);

describeOptimizerConformance(lbfgsPlugin, {
  // Tolerances below the defaults, which end the steps about 1e-6 from the minimum (f within 1e-9 of its least value).
  quadratic: { options: { toleranceGrad: 1e-12, toleranceChange: 1e-15 }, steps: 3, tolerance: 1e-6 },
  rosenbrock: { options: { lineSearchFn: 'strong_wolfe' }, steps: 10, tolerance: 1e-4 },
  oneGroup: true,
  invalidCombinations: [{ options: { maxEval: 2.5 }, message: /Invalid maxEval for LBFGS: 2.5 \(expected a whole number ≥ 0\)/ }],
  // One iteration a step and a short history, so that the history fills (and wraps) within the state and allocation
  // tests. (A step allocates no array, but each scalar a call returns is a number object: about 3 kB an iteration.)
  stateful: { lr: 0.5, maxIter: 1, historySize: 4, lineSearchFn: 'strong_wolfe' },
});
