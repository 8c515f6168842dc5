import { decodeArray, definedByLabel, parameter, type EncodedArrayV1 } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/torch-trajectories.json' with { type: 'json' };
import { Lbfgs } from './lbfgs.js';
import { lbfgsPlugin } from './lbfgs-plugin.js';

// Behaviours that the mutation run (pnpm test:mutation) found untested: each test here failed on a surviving mutant.

/** f(w) = Σ ½(i + 1)wᵢ² + sin(i)wᵢ, which writes its gradient. */
function curved(w: { data: Float64Array; grad: Float64Array }) {
  return () => {
    let f = 0;
    for (let i = 0; i < w.data.length; i++) {
      const v = w.data[i] as number;
      w.grad[i] = (i + 1) * v + Math.sin(i);
      f += 0.5 * (i + 1) * v * v + Math.sin(i) * v;
    }
    return f;
  };
}

describe('LBFGS at its edges, as torch.optim.LBFGS', () => {
  it('keeps no (s, y) pair whose yᵀs is not above 1e-10: on a linear loss every direction stays −g', () => {
    // f = cᵀw, g = c = (1, −2, 0.5), ‖g‖₁ = 3.5. The first move is t = lr/3.5 = 0.2 along −c, each later one lr = 0.7
    // along −c (y = 0, so no pair is kept and H stays I; a kept pair would have ρ = 1/0 and H₀ = 0/0). maxEval 10: the
    // default budget ⌊5·3/4⌋ = 3 would end the step after the second move.
    const c = [1, -2, 0.5];
    const w = parameter(Float64Array.from([0.5, 0.25, -1]));
    const start = [...w.data];
    const opt = new Lbfgs([w], { lr: 0.7, maxIter: 3, maxEval: 10 });
    let calls = 0;
    opt.step(() => {
      calls++;
      w.grad.set(c);
      return c.reduce((f, ci, i) => f + ci * (w.data[i] as number), 0);
    });
    start.forEach((s, i) => {
      expect(w.data[i]).toBeCloseTo(s - 1.6 * (c[i] as number), 14);
    });
    expect(calls).toBe(3); // at the start and after the first two moves, not after the last
    expect(opt.stateDict().state['#0']?.historyLength).toBe(0);
  });

  it('refuses a gradient whose length is not its parameter’s, naming the parameter', () => {
    const a = parameter(new Float64Array(2));
    const b = { data: new Float64Array(3), grad: new Float64Array(2) };
    const opt = new Lbfgs([a, b]);
    expect(() => opt.step(() => 0)).toThrow(/^LBFGS: gradient of parameter #1 has length 2, expected 3$/);
  });

  it('names a parameter of another element type by its name when it has one', () => {
    const w = parameter(new Float64Array(2));
    const named = { ...parameter(new Float32Array(1)), name: 'bias' };
    expect(() => new Lbfgs([w, named])).toThrow(/^LBFGS: parameter 'bias' is Float32Array, the first is Float64Array: all parameters must share one type$/);
  });

  it('refuses a historySize that is not whole, as maxIter and maxEval', () => {
    expect(() => new Lbfgs([parameter(new Float64Array(1))], { historySize: 2.5 })).toThrow(/^Invalid historySize for LBFGS: 2.5 \(expected a whole number ≥ 1\)/);
  });

  it('says it follows the PyTorch version its replay fixture was recorded with', () => {
    const [major, minor] = fixture.torch.split('.');
    expect(definedByLabel(lbfgsPlugin)).toBe(`PyTorch ${major ?? ''}.${minor ?? ''}`);
  });

  it('counts a step that returns at once (the gradient already below toleranceGrad) as a step', () => {
    const w = parameter(Float64Array.from([0, 0]));
    const opt = new Lbfgs([w]);
    opt.step(() => 0);
    opt.step(() => 0);
    expect(opt.stepCount).toBe(2);
  });

  it('maximize with the line search climbs −f through the same points as minimizing f', () => {
    const down = parameter(Float64Array.from([0.5, -0.25, 1.5]));
    const up = parameter(Float64Array.from([0.5, -0.25, 1.5]));
    const f = curved(down);
    const g = curved(up);
    const negated = () => {
      const loss = g();
      for (let i = 0; i < up.grad.length; i++) up.grad[i] = -(up.grad[i] as number);
      return -loss;
    };
    const a = new Lbfgs([down], { maxIter: 3, lineSearchFn: 'strong_wolfe' });
    const b = new Lbfgs([up], { maxIter: 3, lineSearchFn: 'strong_wolfe', maximize: true });
    expect(b.step(negated)).toBe(-a.step(f));
    expect([...up.data]).toEqual([...down.data]);
  });

  it('saves the memory of several parameters as each one’s slice, with the scalars on the first only', () => {
    // The same problem as one parameter of 3 values and as parameters of 1 and 2 values: laid end to end, the slices
    // are the one parameter's vectors.
    const one = parameter(Float64Array.from([0.5, -0.25, 1.5]));
    const a = parameter(Float64Array.from([0.5]));
    const b = parameter(Float64Array.from([-0.25, 1.5]));
    const split = {
      get data() {
        return Float64Array.from([...a.data, ...b.data]);
      },
    };
    const options = { maxIter: 3, historySize: 2 };
    const whole = new Lbfgs([one], options);
    const parts = new Lbfgs([a, b], options);
    const f = curved(one);
    for (let t = 0; t < 2; t++) {
      whole.step(f);
      parts.step(() => {
        const w = { data: split.data, grad: new Float64Array(3) };
        const loss = curved(w)();
        a.grad.set(w.grad.subarray(0, 1));
        b.grad.set(w.grad.subarray(1));
        return loss;
      });
    }
    const wholeState = whole.stateDict().state['#0'] ?? {};
    const [first, second] = [parts.stateDict().state['#0'] ?? {}, parts.stateDict().state['#1'] ?? {}];
    const vectors = ['d', 'prevFlatGrad', 'oldDirs.0', 'oldDirs.1', 'oldStps.0', 'oldStps.1'];
    expect(Object.keys(second).sort()).toEqual([...vectors].sort());
    expect(Object.keys(first).sort()).toEqual(Object.keys(wholeState).sort());
    for (const key of vectors) {
      const joined = [...decodeArray(first[key] as EncodedArrayV1), ...decodeArray(second[key] as EncodedArrayV1)];
      expect(joined, key).toEqual([...decodeArray(wholeState[key] as EncodedArrayV1)]);
    }
    for (const key of ['t', 'hDiag', 'prevLoss', 'nIter', 'funcEvals', 'historyLength', 'ro.0', 'ro.1']) expect(first[key], key).toBe(wholeState[key]);
  });

  describe('refuses a saved state whose L-BFGS fields do not fit, and is left as it was', () => {
    type Saved = ReturnType<Lbfgs['stateDict']>;
    type Entry = Record<string, unknown>;
    const run = () => {
      const w = parameter(Float64Array.from([0.5, -0.25, 1.5]));
      const opt = new Lbfgs([w], { maxIter: 2, historySize: 2 });
      for (let t = 0; t < 3; t++) opt.step(curved(w));
      return { w, opt };
    };
    const cases: { what: string; message: string; breakIt: (s: Saved) => void }[] = [
      { what: 'no historyLength', message: "state of parameter 0 has no number 'historyLength'", breakIt: (s) => { delete (s.state['#0'] as Entry).historyLength; } },
      { what: 'a historyLength that is not a number', message: "state of parameter 0 has no number 'historyLength'", breakIt: (s) => { (s.state['#0'] as Entry).historyLength = '2'; } },
      { what: 'no t', message: "state of parameter 0 has no number 't'", breakIt: (s) => { delete (s.state['#0'] as Entry).t; } },
      { what: 'a ρ missing', message: "state of parameter 0 has no number 'ro.1'", breakIt: (s) => { delete (s.state['#0'] as Entry)['ro.1']; } },
      { what: 'a negative historyLength', message: 'historyLength -1 is not a count up to historySize 2', breakIt: (s) => { (s.state['#0'] as Entry).historyLength = -1; } },
      { what: 'a historyLength that is not whole', message: 'historyLength 1.5 is not a count up to historySize 2', breakIt: (s) => { (s.state['#0'] as Entry).historyLength = 1.5; } },
      { what: 'a historyLength above historySize', message: 'historyLength 3 is not a count up to historySize 2', breakIt: (s) => { (s.state['#0'] as Entry).historyLength = 3; } },
      { what: 'a stored pair missing', message: "state of parameter 0 has no array 'oldStps.1'", breakIt: (s) => { delete (s.state['#0'] as Entry)['oldStps.1']; } },
      { what: 'no direction', message: "state of parameter 0 has no array 'd'", breakIt: (s) => { delete (s.state['#0'] as Entry).d; } },
    ];
    it.each(cases)('$what', ({ message, breakIt }) => {
      const straight = run();
      const broken = JSON.parse(JSON.stringify(run().opt.stateDict())) as Saved;
      breakIt(broken);
      const other = run();
      expect(() => {
        other.opt.loadStateDict(broken);
      }).toThrow(`LBFGS.loadStateDict: ${message}`);
      // The rejected load changed nothing: the next steps are those of an optimizer that never saw it.
      for (let t = 3; t < 6; t++) {
        straight.opt.step(curved(straight.w));
        other.opt.step(curved(other.w));
      }
      expect([...other.w.data]).toEqual([...straight.w.data]);
    });
  });
});
