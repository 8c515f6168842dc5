import { describe, expect, it } from 'vitest';
import { parameter } from './parameter.js';
import { averagingWeight, roundingFor, ScheduleFreeOptimizer, warmupIndexingSpec, warmupLearningRates, type ScheduleFreeOptions, type ScheduleFreeState } from './schedule-free.js';
import { learningRateSpec } from './option-spec.js';
import type { FloatArray, ParamsInput } from './optimizer-types.js';

// The wrapper's own parts, tested here in @descent/optim: the Schedule-Free packages (SGD, AdamW) replay optax and the
// authors' code end to end, these tests pin each piece against hand-computed values of the same definitions.

describe('warmupLearningRates', () => {
  it("optax's indexing: the z step at k/W (0 for the first step), the average's weight at (k + 1)/W", () => {
    expect(warmupLearningRates(0.2, 4, 0)).toEqual({ zLr: 0, weightLr: 0.05 });
    expect(warmupLearningRates(0.2, 4, 1, 'optax')).toEqual({ zLr: 0.05, weightLr: 0.1 });
    expect(warmupLearningRates(0.2, 4, 2, 'optax')).toEqual({ zLr: 0.1, weightLr: 0.15000000000000002 });
  });

  it("the authors' indexing: both at (k + 1)/W", () => {
    expect(warmupLearningRates(0.2, 4, 0, 'authors')).toEqual({ zLr: 0.05, weightLr: 0.05 });
    expect(warmupLearningRates(0.2, 4, 2, 'authors')).toEqual({ zLr: 0.15000000000000002, weightLr: 0.15000000000000002 });
  });

  it('is exactly lr from step W on (0.1·3/3 would be 0.10000000000000002), and lr throughout without warmup', () => {
    expect(warmupLearningRates(0.1, 3, 2)).toEqual({ zLr: (0.1 * 2) / 3, weightLr: 0.1 });
    expect(warmupLearningRates(0.1, 3, 3)).toEqual({ zLr: 0.1, weightLr: 0.1 });
    expect(warmupLearningRates(0.1, 3, 2, 'authors')).toEqual({ zLr: 0.1, weightLr: 0.1 });
    expect(warmupLearningRates(0.1, 0, 0)).toEqual({ zLr: 0.1, weightLr: 0.1 });
  });
});

describe('averagingWeight', () => {
  it('c = w / (Σw + w) with w = maxLr^power, and the new Σw', () => {
    expect(averagingWeight(0.5, 2, 0.25)).toEqual({ c: 0.5, weightSum: 0.5 });
    expect(averagingWeight(0.5, 1, 1.5)).toEqual({ c: 0.25, weightSum: 2 });
    expect(averagingWeight(0.5, 2, 0)).toEqual({ c: 1, weightSum: 0.25 });
  });

  it('is 0 where a learning rate of 0 so far makes it 0/0 (optax nan_to_num), NaN for a NaN rate', () => {
    expect(averagingWeight(0, 2, 0)).toEqual({ c: 0, weightSum: 0 });
    const nan = averagingWeight(Number.NaN, 2, 0.25);
    expect(nan.c).toBeNaN();
    expect(nan.weightSum).toBeNaN();
    expect(averagingWeight(0.5, 2, Number.NaN).c).toBeNaN();
  });

  it('rounds every operation with the given rounding (float32: Math.fround)', () => {
    const w = Math.fround(0.1 ** 2);
    const total = Math.fround(0.3 + w);
    expect(averagingWeight(0.1, 2, 0.3, Math.fround)).toEqual({ c: Math.fround(w / total), weightSum: total });
    expect(averagingWeight(0.1, 2, 0.3)).toEqual({ c: 0.1 ** 2 / (0.3 + 0.1 ** 2), weightSum: 0.3 + 0.1 ** 2 });
  });
});

describe('roundingFor', () => {
  it('is Math.fround for float32 and the identity for float64', () => {
    expect(roundingFor(new Float32Array(1))).toBe(Math.fround);
    expect(roundingFor(new Float64Array(1))(0.1)).toBe(0.1);
  });
});

describe('warmupIndexingSpec', () => {
  it("is a choice of 'optax' (the default) and 'authors'", () => {
    expect(warmupIndexingSpec()).toMatchObject({ name: 'warmupIndexing', type: 'choice', choices: ['optax', 'authors'], default: 'optax' });
    // The CLI's help and the docs show the description: it explains both choices.
    expect(warmupIndexingSpec().description).toMatch(/^Warmup of step k.*'optax' takes the z step at η·k\/W.*'authors' \(facebookresearch\/schedule_free\) takes both at η·\(k \+ 1\)\/W\.$/);
  });
});

interface TestOptions extends ScheduleFreeOptions {
  beta: number;
}

/**
 * A minimal Schedule-Free SGD for testing the wrapper: z ← z − zLr·g, then y ← (1 − β)z + βx with the average
 * x ← (1 − c)x + cz, where x is recovered from y and z as (y − (1 − β)z)/β. It records each step's (zLr, c).
 */
class TestScheduleFree extends ScheduleFreeOptimizer<TestOptions, ScheduleFreeState> {
  readonly seen: { zLr: number; c: number }[] = [];

  constructor(params: ParamsInput<TestOptions>, options?: Partial<TestOptions>) {
    const specs = [
      learningRateSpec(0.1),
      { name: 'beta', type: 'number', default: 0.9, min: 0, max: 1, minInclusive: false, description: 'β.' },
      { name: 'warmupSteps', type: 'number', default: 0, min: 0, description: 'W.' },
      { name: 'weightLrPower', type: 'number', default: 2, min: 0, description: 'power.' },
      warmupIndexingSpec(),
    ] as const;
    super({ id: 'test-schedule-free', name: 'TestScheduleFree', optionSpecs: specs }, params, options);
  }

  protected interpolation(options: TestOptions): number {
    return options.beta;
  }

  protected initState(param: FloatArray): ScheduleFreeState {
    return this.scheduleFreeState(param);
  }

  protected updateParameter(param: FloatArray, grad: FloatArray, state: ScheduleFreeState, o: TestOptions, lr: number): void {
    const step = this.beginStep(state, o, lr, roundingFor(param));
    this.seen.push(step);
    const b = o.beta;
    for (let i = 0; i < param.length; i++) {
      const z = (state.z[i] as number) - step.zLr * (grad[i] as number);
      const x = ((param[i] as number) - (1 - b) * (state.z[i] as number)) / b;
      state.z[i] = z;
      param[i] = (1 - b) * z + b * ((1 - step.c) * x + step.c * z);
    }
  }
}

describe('ScheduleFreeOptimizer', () => {
  it('starts z at the parameter, counts steps and keeps Σw and the largest rate, as optax (warmup 2, power 2)', () => {
    const p = parameter(new Float64Array([1, -2]));
    const opt = new TestScheduleFree([p], { lr: 0.4, warmupSteps: 2 });
    p.grad.set([1, 1]);
    opt.step();
    const state = (opt as unknown as { state: Map<unknown, ScheduleFreeState> }).state.get(p) as ScheduleFreeState;
    // Step 0: z step at 0·η/W = 0, so z is still the parameter; weight lr 0.2, w = 0.04, c = 1.
    expect(opt.seen[0]).toEqual({ zLr: 0, c: 1 });
    expect([...state.z]).toEqual([1, -2]);
    expect(state).toMatchObject({ step: 1, maxLr: 0.2, weightSum: 0.04000000000000001 });
    opt.step();
    // Step 1: z step at 0.2, weight lr 0.4 (the end of the warmup): w = 0.16, Σw = 0.2, c = 0.8.
    expect(opt.seen[1]?.zLr).toBe(0.2);
    expect(opt.seen[1]?.c).toBeCloseTo(0.8, 15);
    expect([...state.z]).toEqual([0.8, -2.2]);
    expect(state).toMatchObject({ step: 2, maxLr: 0.4 });
    expect(state.weightSum).toBeCloseTo(0.2, 15);
  });

  it('keeps the largest learning rate when a schedule lowers it, so the weights do not fall', () => {
    const p = parameter(new Float64Array([1]));
    const opt = new TestScheduleFree([p], { lr: (t: number) => (t === 0 ? 0.5 : 0.25) });
    p.grad.set([1]);
    opt.step();
    opt.step();
    // Both steps weigh maxLr² = 0.25: c = 0.25 / 0.5 on the second.
    expect(opt.seen.map((s) => s.c)).toEqual([1, 0.5]);
  });

  it('rounds the weights as float32 for a float32 parameter', () => {
    const p = parameter(new Float32Array([1]));
    const opt = new TestScheduleFree([p], { lr: 0.1 });
    p.grad.set([1]);
    opt.step();
    opt.step();
    const w = Math.fround(Math.fround(0.1) ** 2);
    expect(opt.seen[1]?.c).toBe(Math.fround(w / Math.fround(w + w)));
    const state = (opt as unknown as { state: Map<unknown, ScheduleFreeState> }).state.get(p) as ScheduleFreeState;
    expect(state.maxLr).toBe(Math.fround(0.1));
  });

  it('eval() puts x = (y − (1 − β)z)/β into the parameters, train() puts y back bit for bit, step() refuses in eval', () => {
    const a = parameter(new Float64Array([0.3, -1.7, 2.5]));
    const untouched = { data: new Float64Array([4, 5]), grad: null };
    const opt = new TestScheduleFree([a, untouched], { lr: 0.3, beta: 0.75 });
    for (let t = 0; t < 3; t++) {
      a.grad.set([Math.sin(t), Math.cos(t), 0.5 - t]);
      opt.step();
    }
    const y = [...a.data];
    const state = (opt as unknown as { state: Map<unknown, ScheduleFreeState> }).state.get(a) as ScheduleFreeState;
    const z = [...state.z];
    expect(opt.mode).toBe('train');
    opt.eval();
    expect(opt.mode).toBe('eval');
    expect([...a.data]).toEqual(y.map((yi, i) => (yi - 0.25 * (z[i] as number)) / 0.75));
    expect([...untouched.data]).toEqual([4, 5]); // no step yet: x = y = z
    opt.eval(); // a second eval() changes nothing, and train() still restores y
    expect([...a.data]).toEqual(y.map((yi, i) => (yi - 0.25 * (z[i] as number)) / 0.75));
    expect(() => opt.step()).toThrow('TestScheduleFree.step() in eval mode: call train() first');
    opt.train();
    expect(opt.mode).toBe('train');
    expect([...a.data]).toEqual(y);
    a.data.fill(9);
    opt.train(); // already training: leaves the parameters alone
    expect([...a.data]).toEqual([9, 9, 9]);
    a.grad.set([1, 1, 1]);
    expect(opt.step(() => 3)).toBe(3);
    expect(opt.stepCount).toBe(4);
  });

  it('eval() after a second round of steps saves the new y, not the first one', () => {
    const a = parameter(new Float32Array([1, 2]));
    const opt = new TestScheduleFree([a], { lr: 0.5 });
    a.grad.set([1, -1]);
    opt.step();
    opt.eval();
    opt.train();
    opt.step();
    const y = [...a.data];
    opt.eval();
    opt.train();
    expect([...a.data]).toEqual(y);
  });
});
