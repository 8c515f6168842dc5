import { decodeArray, parameter, type EncodedArrayV1, type FloatArray } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import paths from './__fixtures__/torch-lbfgs-paths.json' with { type: 'json' };
import { Lbfgs } from './lbfgs.js';
import type { LbfgsOptions } from './lbfgs-options.js';
import { cubicInterpolate, lineSearchBuffers, strongWolfe, type DirectionalEvaluation } from './strong-wolfe.js';

// PyTorch 1.13's own results (scripts/torch-lbfgs-fixtures.py): its cubic interpolation, its strong Wolfe line search
// on objectives where the search extrapolates, brackets and zooms, and whole L-BFGS runs on Rosenbrock's function that
// end their steps on each of the stopping tests. The replay of torch-trajectories.json covers only a quadratic, on
// which the first trial of a search is nearly always taken.

type Objective = (x: FloatArray, grad: FloatArray) => number;

/** The fixture's objectives, in the order of operations of the script's torch code. */
const objectives: Record<string, Objective> = {
  rosenbrock: (x, grad) => {
    let f = 0;
    grad.fill(0);
    for (let i = 0; i < x.length - 1; i++) {
      const xi = x[i] as number;
      const a = (x[i + 1] as number) - xi * xi;
      const b = 1 - xi;
      f += 100 * a * a + b * b;
      grad[i] = (grad[i] as number) + (-400 * a * xi - 2 * b);
      grad[i + 1] = (grad[i + 1] as number) + 200 * a;
    }
    return f;
  },
  wavy: (x, grad) => {
    let f = 0;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i] as number;
      f += Math.sin(3 * xi) + 0.1 * xi * xi;
      grad[i] = 3 * Math.cos(3 * xi) + 0.2 * xi;
    }
    return f;
  },
  ripple: (x, grad) => {
    let f = 0;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i] as number;
      f += Math.sin(10 * xi) + xi * xi;
      grad[i] = 10 * Math.cos(10 * xi) + 2 * xi;
    }
    return f;
  },
  linear: (x, grad) => {
    let f = 0;
    for (let i = 0; i < x.length; i++) {
      const c = paths.linearC[i] as number;
      f += c * (x[i] as number);
      grad[i] = c;
    }
    return f;
  },
};

function objective(name: string): Objective {
  const found = objectives[name];
  if (found === undefined) throw new Error(`the fixture names an unknown objective '${name}'`);
  return found;
}

/** |actual − expected| within `relative` of |expected| (or of 1 near zero), with the index in the failure message. */
function expectClose(actual: ArrayLike<number>, expected: readonly number[], relative: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  expected.forEach((e, i) => {
    const a = actual[i] as number;
    expect(Math.abs(a - e), `${what}[${String(i)}]: ${String(a)} vs torch ${String(e)}`).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(e)));
  });
}

/** PyTorch's option names to ours. */
function lbfgsOptions(torchOptions: Record<string, unknown>): Partial<LbfgsOptions> {
  const names: Record<string, keyof LbfgsOptions> = {
    lr: 'lr',
    max_iter: 'maxIter',
    max_eval: 'maxEval',
    history_size: 'historySize',
    line_search_fn: 'lineSearchFn',
    tolerance_grad: 'toleranceGrad',
    tolerance_change: 'toleranceChange',
  };
  return Object.fromEntries(
    Object.entries(torchOptions).map(([key, value]) => {
      const name = names[key];
      if (name === undefined) throw new Error(`no LBFGS option for torch's '${key}'`);
      return [name, value];
    }),
  ) as Partial<LbfgsOptions>;
}

describe('cubicInterpolate is torch.optim.lbfgs._cubic_interpolate', () => {
  for (const c of paths.cubic) {
    it(`(${String(c.x1)}, ${String(c.f1)}, ${String(c.g1)}), (${String(c.x2)}, ${String(c.f2)}, ${String(c.g2)}) within ${JSON.stringify(c.bounds)}`, () => {
      const value = c.bounds === null ? cubicInterpolate(c.x1, c.f1, c.g1, c.x2, c.f2, c.g2) : cubicInterpolate(c.x1, c.f1, c.g1, c.x2, c.f2, c.g2, c.bounds[0], c.bounds[1]);
      expectClose([value], [c.result], 1e-14, 'the interpolated point');
    });
  }
});

describe("strongWolfe is torch.optim.lbfgs._strong_wolfe (float64)", () => {
  it(`finds torch's step, loss, gradient and number of evaluations in ${String(paths.lineSearches.length)} searches`, () => {
    for (const c of paths.lineSearches) {
      const what = `${c.objective} from ${JSON.stringify(c.start)}, t ${String(c.t)}, toleranceChange ${String(c.toleranceChange)}`;
      const f = objective(c.objective);
      const n = c.start.length;
      const x = Float64Array.from(c.start);
      const g = new Float64Array(n);
      const loss = f(x, g);
      const d = g.map((v) => -v);
      const gtd = g.reduce((sum, v, i) => sum + v * (d[i] as number), 0);
      const point = new Float64Array(n);
      const evaluate: DirectionalEvaluation = (x0, t, direction, gradOut) => {
        for (let i = 0; i < n; i++) point[i] = (x0[i] as number) + t * (direction[i] as number);
        return f(point, gradOut);
      };
      const found = strongWolfe(
        evaluate,
        x,
        c.t,
        d,
        loss,
        g,
        gtd,
        c.toleranceChange,
        lineSearchBuffers(() => new Float64Array(n)),
        (v) => v,
      );
      expect(found.evaluations, what).toBe(c.evaluations);
      expectClose([found.t, found.loss], [c.step, c.loss], 1e-9, `${what}: t and loss`);
      // The gradient at the chosen point is written back into g.
      expectClose(g, c.grad, 1e-9, `${what}: gradient`);
    }
  });
});

/**
 * Rosenbrock's function in float32 as the script's torch code computes it on float32 tensors: every operation rounded
 * to float32.
 */
function rosenbrockFloat32(x: FloatArray, grad: FloatArray): number {
  const r = Math.fround;
  let f = 0;
  grad.fill(0);
  for (let i = 0; i < x.length - 1; i++) {
    const xi = x[i] as number;
    const a = r((x[i + 1] as number) - r(xi * xi));
    const b = r(1 - xi);
    f = r(f + r(r(r(100 * a) * a) + r(b * b)));
    grad[i] = (grad[i] as number) + r(r(r(-400 * a) * xi) - r(2 * b));
    grad[i + 1] = (grad[i + 1] as number) + r(200 * a);
  }
  return f;
}

/** torch.optim.LBFGS's state after a step, under our names, its pairs oldest first. */
interface TorchState {
  d: number[];
  t: number;
  hDiag: number;
  prevFlatGrad: number[];
  prevLoss: number;
  oldDirs: number[][];
  oldStps: number[][];
  ro: number[];
}

/** The saved memory of a one-parameter L-BFGS against torch's state. */
function expectState(saved: Record<string, unknown>, torch: TorchState, what: string): void {
  const array = (key: string) => decodeArray(saved[key] as EncodedArrayV1);
  const bound = 1e-8;
  expect(saved.historyLength, `${what}: historyLength`).toBe(torch.ro.length);
  expectClose([saved.t as number, saved.hDiag as number, saved.prevLoss as number], [torch.t, torch.hDiag, torch.prevLoss], bound, `${what}: t, hDiag, prevLoss`);
  expectClose(array('d'), torch.d, bound, `${what}: d`);
  expectClose(array('prevFlatGrad'), torch.prevFlatGrad, bound, `${what}: prevFlatGrad`);
  torch.ro.forEach((ro, i) => {
    const k = String(i);
    expectClose([saved[`ro.${k}`] as number], [ro], bound, `${what}: ro.${k}`);
    expectClose(array(`oldDirs.${k}`), torch.oldDirs[i] ?? [], bound, `${what}: oldDirs.${k}`);
    expectClose(array(`oldStps.${k}`), torch.oldStps[i] ?? [], bound, `${what}: oldStps.${k}`);
  });
}

describe('LBFGS follows torch.optim.LBFGS on Rosenbrock', () => {
  for (const run of paths.runs) {
    const lineSearch = 'line_search_fn' in run.options;
    for (const dtype of ['float64', 'float32'] as const) {
      const steps = run[dtype];
      if (steps === undefined) continue;
      it(`${JSON.stringify(run.options)} in ${dtype}, ${String(steps.length)} steps`, () => {
        const w = parameter(dtype === 'float64' ? Float64Array.from(paths.runStart) : Float32Array.from(paths.runStart));
        const opt = new Lbfgs([w], lbfgsOptions(run.options));
        const f = dtype === 'float64' ? objective('rosenbrock') : rosenbrockFloat32;
        // float64 agrees to rounding. float32 without the line search rounds every scalar as torch's float32 tensors
        // do and agrees bit for bit; with it, to a few float32 ulps (the script says why only over short steps).
        const bound = dtype === 'float64' ? 1e-9 : lineSearch ? 1e-5 : 0;
        steps.forEach((expected, k) => {
          let calls = 0;
          const loss = opt.step(() => {
            calls++;
            return f(w.data, w.grad);
          });
          const what = `step ${String(k + 1)}`;
          expect(calls, `${what}: closure calls`).toBe(expected.evaluations);
          const state = opt.stateDict().state['#0'];
          expect([state?.funcEvals, state?.nIter], `${what}: funcEvals and nIter`).toEqual([expected.funcEvals, expected.nIter]);
          expectClose([loss], [expected.loss], bound, `${what}: returned loss`);
          expectClose(w.data, expected.params, bound, `${what}: parameters`);
          if ('state' in expected) expectState(state ?? {}, expected.state as TorchState, what);
        });
      });
    }
  }
});
