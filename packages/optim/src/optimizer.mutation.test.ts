// The base class's contract, case by case, where optimizer.test.ts and the conformance suite leave it unchecked:
// parameter checks, scaled-gradient steps, learning-rate checks and loading saved states (version 1 by position,
// version 2 by name). Expected values come from the documented contract and hand-computed heavy-ball steps
// (b ← μb + g; θ ← θ − ηb), never from a captured run.
import { describe, expect, it } from 'vitest';
import { HeavyBall, type HeavyBallOptions } from './__fixtures__/heavy-ball.js';
import { createArena } from './arena.js';
import { InvalidParamsError, StateDictMismatchError } from './errors.js';
import { Optimizer } from './optimizer.js';
import { learningRateSpec, maximizeSpec } from './option-spec.js';
import { parameter } from './parameter.js';
import { encodeArray, type EncodedArrayV1, type OptimizerStateDictV1 } from './state-dict.js';
import type { FloatArray, LearningRate, Parameter, ParamsInput } from './optimizer-types.js';

/** HeavyBall whose per-parameter state a test can read, to see what `loadStateDict` put there. */
class InspectableHeavyBall extends HeavyBall {
  stateOf(p: Parameter): { buffer: FloatArray; calls: number } | undefined {
    return this.state.get(p);
  }
}

interface PlainOptions {
  lr: LearningRate;
  maximize: boolean;
}

/** Plain gradient descent, θ ← θ − ηg, whose own option list names `maximize` (HeavyBall's leaves it out). */
class ListsMaximize extends Optimizer<PlainOptions, Record<string, never>> {
  constructor(params: ParamsInput<PlainOptions>, options?: Partial<PlainOptions>) {
    super({ id: 'lists-maximize', name: 'ListsMaximize', optionSpecs: [learningRateSpec(0.1), maximizeSpec()] }, params, options);
  }
  protected initState(): Record<string, never> {
    return {};
  }
  protected updateParameter(param: FloatArray, grad: FloatArray, _state: Record<string, never>, _options: PlainOptions, lr: number): void {
    for (let i = 0; i < param.length; i++) param[i] = (param[i] as number) - lr * (grad[i] as number);
  }
}

/** The number of rows of a matrix parameter (its whole length for a vector). */
function rowsOf(p: Parameter): number {
  return p.shape?.[0] ?? p.data.length;
}

/**
 * Keeps one number per row of a matrix (as Adafactor keeps row factors): its `rowSums` state is shorter than the
 * parameter, which `stateArrayLength` declares. Update: s_r ← s_r + Σ_c g_rc; θ_rc ← θ_rc − η·s_r.
 */
class RowSums extends Optimizer<{ lr: LearningRate }, { rowSums: FloatArray }> {
  constructor(params: ParamsInput<{ lr: LearningRate }>, options?: Partial<{ lr: LearningRate }>) {
    super({ id: 'row-sums', name: 'RowSums', optionSpecs: [learningRateSpec(0.1)] }, params, options);
  }
  protected initState(param: FloatArray, _options: { lr: LearningRate }, p: Parameter): { rowSums: FloatArray } {
    return { rowSums: param instanceof Float32Array ? new Float32Array(rowsOf(p)) : new Float64Array(rowsOf(p)) };
  }
  protected updateParameter(param: FloatArray, grad: FloatArray, state: { rowSums: FloatArray }, _o: { lr: LearningRate }, lr: number, p: Parameter): void {
    const columns = param.length / rowsOf(p);
    for (let r = 0; r < state.rowSums.length; r++) {
      let sum = 0;
      for (let c = 0; c < columns; c++) sum += grad[r * columns + c] as number;
      state.rowSums[r] = (state.rowSums[r] as number) + sum;
      for (let c = 0; c < columns; c++) param[r * columns + c] = (param[r * columns + c] as number) - lr * (state.rowSums[r] as number);
    }
  }
  protected override stateArrayLength(field: string, p: Parameter): number | undefined {
    return field === 'rowSums' ? rowsOf(p) : undefined;
  }
}

/**
 * HeavyBall as an optimizer that takes the gradient scale (`takesGradientScale`): it records the scale and the
 * gradient it is handed, then multiplies the gradient in place (`applyGradientScale`) before the usual update.
 */
class TakesScale extends HeavyBall {
  protected override readonly takesGradientScale = true;
  readonly seen: { scale: number; grad: number[] }[] = [];
  protected override updateParameter(param: FloatArray, grad: FloatArray, state: { buffer: FloatArray; calls: number }, o: HeavyBallOptions, lr: number): void {
    this.seen.push({ scale: this.gradientScale, grad: [...grad] });
    this.applyGradientScale(grad);
    super.updateParameter(param, grad, state, o, lr);
  }
}

/** A version-1 state of a one-parameter HeavyBall (length 2), as PyTorch's `state_dict` keys it: by position. */
function heavyBallV1(overrides: Partial<OptimizerStateDictV1> = {}): OptimizerStateDictV1 {
  return {
    specificationVersion: 'v1',
    optimizer: 'heavy-ball',
    stepCount: 3,
    paramGroups: [{ options: { lr: 0.25, momentum: 0.5, maximize: false }, params: [0] }],
    state: { '0': { buffer: encodeArray(Float64Array.from([1, 2])), calls: 3 } },
    ...overrides,
  };
}

/** `heavyBallV1` with parameter 0's `buffer` replaced. */
function withBuffer(buffer: unknown): OptimizerStateDictV1 {
  return heavyBallV1({ state: { '0': { buffer: buffer as EncodedArrayV1 } } });
}

function freshHeavyBall(): InspectableHeavyBall {
  return new InspectableHeavyBall([parameter(Float64Array.from([1, 1]))], { lr: 0.1, momentum: 0.9 });
}

/** The error `load` throws (failing the test if it throws none). */
function errorOf(load: () => void): Error {
  try {
    load();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('Optimizer: the parameters it takes', () => {
  it('adds maximize once: an optimizer that lists it has it once among its options', () => {
    const p = parameter(Float64Array.from([1]));
    expect(() => new ListsMaximize([p], { momentum: 0.9 } as never)).toThrow(
      'Invalid momentum for ListsMaximize: 0.9 (expected one of the options lr, maximize)',
    );
    // HeavyBall leaves it out and gets it appended.
    expect(() => new HeavyBall([p], { nesterov: true } as never)).toThrow('(expected one of the options lr, momentum, maximize)');
    const opt = new ListsMaximize([p], { lr: 0.5, maximize: true });
    p.grad[0] = 2;
    opt.step(); // θ ← θ + ηg = 1 + 0.5·2
    expect(p.data[0]).toBe(2);
  });

  it('refuses a selector function handed straight to a group, pointing at groupsByName', () => {
    const p = parameter(new Float64Array(1), 'w');
    const selector = (name: string): boolean => name === 'w';
    expect(() => new HeavyBall([{ params: selector as never }])).toThrow(
      'HeavyBall: a group that chooses parameters by name needs the whole list: pass groupsByName(params, groups)',
    );
    expect(() => new HeavyBall([{ params: selector as never }])).toThrow(InvalidParamsError);
    expect(new HeavyBall([p]).paramGroups[0]?.params).toEqual([p]);
  });

  it('refuses an empty group, from the constructor and from addParamGroup', () => {
    expect(() => new HeavyBall([{ params: [] }])).toThrow('HeavyBall: a parameter group has no parameters');
    const opt = new HeavyBall([parameter(new Float64Array(1))]);
    expect(() => {
      opt.addParamGroup({ params: [] });
    }).toThrow('HeavyBall: a parameter group has no parameters');
    expect(opt.paramGroups).toHaveLength(1);
  });

  it('refuses a parameter listed twice in one group, or already in any earlier group', () => {
    const p = parameter(new Float64Array(1));
    expect(() => new HeavyBall([p, p])).toThrow('HeavyBall: parameter #1 appears in more than one parameter group');
    const a = parameter(new Float64Array(1), 'a');
    const b = parameter(new Float64Array(1), 'b');
    const opt = new HeavyBall([a, b]);
    // b is the second of its group's two parameters: found though not every parameter there is b.
    expect(() => {
      opt.addParamGroup({ params: [b] });
    }).toThrow("HeavyBall: parameter 'b' appears in more than one parameter group");
  });

  it('knows the same parameter object again even when its data is a new view on every read', () => {
    const memory = new Float64Array(2);
    const viewed: Parameter = {
      get data() {
        return memory.subarray(0);
      },
      grad: null,
    };
    expect(viewed.data).not.toBe(viewed.data);
    expect(() => new HeavyBall([{ params: [viewed] }, { params: [viewed] }])).toThrow(
      'HeavyBall: parameter #0 appears in more than one parameter group',
    );
  });

  it('says "not a mix" for a list of groups with a null or a number among them, never a TypeError', () => {
    const p = parameter(new Float64Array(1));
    for (const stray of [null, 1]) {
      const error = errorOf(() => new HeavyBall([{ params: [p] }, stray] as never));
      expect(error).toBeInstanceOf(InvalidParamsError);
      expect(error.message).toBe('HeavyBall: give either parameters or parameter groups, not a mix');
    }
    const error = errorOf(() => new HeavyBall([1] as never));
    expect(error).toBeInstanceOf(InvalidParamsError);
    expect(error.message).toBe("HeavyBall: parameter #0 must have a Float32Array or Float64Array 'data', got undefined");
  });
});

describe('Optimizer: gradients and learning rates', () => {
  it('stepWithScaledGradients scales every gradient it has and skips a parameter with none (not taking the scale)', () => {
    const a = parameter(Float64Array.from([1, 1]));
    const b: Parameter = { data: Float64Array.from([1]), grad: null };
    const opt = new HeavyBall([a, b], { lr: 0.5, momentum: 0.5 });
    a.grad.set([2, -4]);
    opt.stepWithScaledGradients(0.25); // g = (0.5, −1); b = g; θ = (1 − 0.25, 1 + 0.5)
    expect([...a.grad]).toEqual([0.5, -1]);
    expect([...a.data]).toEqual([0.75, 1.5]);
    expect([...b.data]).toEqual([1]);
    expect(opt.stepCount).toBe(1);
  });

  it('an optimizer that takes the scale gets it as gradientScale during the step, the gradient unscaled, and 1 after', () => {
    const p = parameter(Float64Array.from([1, 1]));
    const opt = new TakesScale([p], { lr: 0.5, momentum: 0.5 });
    p.grad.set([2, -4]);
    opt.stepWithScaledGradients(0.25);
    expect(opt.seen).toEqual([{ scale: 0.25, grad: [2, -4] }]);
    // The optimizer's own multiply (applyGradientScale) leaves the gradients scaled, as clip-then-step does.
    expect([...p.grad]).toEqual([0.5, -1]);
    expect([...p.data]).toEqual([0.75, 1.5]);
    opt.step();
    expect(opt.seen[1]?.scale).toBe(1);
    expect(opt.stepCount).toBe(2);
  });

  it('puts gradientScale back to 1 when the scaled step throws', () => {
    class Throws extends TakesScale {
      protected override updateParameter(): void {
        this.seen.push({ scale: this.gradientScale, grad: [] });
        throw new Error('update failed');
      }
    }
    const opt = new Throws([parameter(Float64Array.from([1]))]);
    expect(() => {
      opt.stepWithScaledGradients(3);
    }).toThrow('update failed');
    expect(() => opt.step()).toThrow('update failed');
    expect(opt.seen.map((s) => s.scale)).toEqual([3, 1]);
  });

  it('zeroGrad zeroes every gradient and passes over a parameter without one', () => {
    const a: Parameter = { data: Float64Array.from([1]), grad: null };
    const b = parameter(Float32Array.from([1, 2]));
    b.grad.set([3, 4]);
    new HeavyBall([a, b]).zeroGrad();
    expect(a.grad).toBeNull();
    expect([...b.grad]).toEqual([0, 0]);
  });

  it('currentLr names a group that does not exist', () => {
    const opt = new HeavyBall([parameter(new Float64Array(1))], { lr: 0.3 });
    expect(opt.currentLr(0)).toBe(0.3);
    expect(() => opt.currentLr(1)).toThrow(new RangeError('No parameter group 1'));
  });

  it('refuses a negative learning rate from a schedule, and takes 0', () => {
    const p = parameter(new Float64Array(1));
    const negative = new HeavyBall([p], { lr: () => -0.5 });
    expect(() => negative.currentLr()).toThrow('HeavyBall: learning-rate schedule returned -0.5 at step 0 (expected a finite number ≥ 0)');
    expect(new HeavyBall([parameter(new Float64Array(1))], { lr: () => 0 }).currentLr()).toBe(0);
  });
});

describe('Optimizer.loadStateDict, version 1 (by position)', () => {
  it('loads step count, options and state, so the next step continues from them', () => {
    const opt = freshHeavyBall();
    const p = opt.paramGroups[0]?.params[0] as Parameter & { grad: Float64Array };
    opt.loadStateDict(heavyBallV1());
    expect(opt.stepCount).toBe(3);
    expect(opt.paramGroups[0]?.options).toEqual({ lr: 0.25, momentum: 0.5, maximize: false });
    expect(opt.currentLr()).toBe(0.25);
    p.grad.set([2, 4]);
    opt.step(); // b = 0.5·(1, 2) + (2, 4) = (2.5, 5); θ = (1, 1) − 0.25·b = (0.375, −0.25)
    expect([...p.data]).toEqual([0.375, -0.25]);
  });

  it('loads a state saved before any step (stepCount 0)', () => {
    const opt = freshHeavyBall();
    opt.loadStateDict(heavyBallV1({ stepCount: 0, state: {} }));
    expect(opt.stepCount).toBe(0);
    expect(opt.currentLr()).toBe(0.25);
  });

  it('puts a restored array in the arena its parameter lives in, so a kernel can reach it', () => {
    const arena = createArena({ bytes: 1024 });
    const p = arena.parameter(2, 'float64');
    const opt = new InspectableHeavyBall([p]);
    opt.loadStateDict(heavyBallV1());
    const buffer = opt.stateOf(p)?.buffer;
    expect(buffer && arena.owns(buffer)).toBe(true);
    expect(buffer && [...buffer]).toEqual([1, 2]);
  });

  it('restores a state array of its own length (a row factor), not the parameter\'s', () => {
    const p = parameter(Float64Array.from([1, 1, 1, 1, 1, 1]), { shape: [2, 3] });
    const opt = new RowSums([p], { lr: 0.5 });
    opt.loadStateDict({
      specificationVersion: 'v1',
      optimizer: 'row-sums',
      stepCount: 1,
      paramGroups: [{ options: { lr: 0.5, maximize: false }, params: [0] }],
      state: { '0': { rowSums: encodeArray(Float64Array.from([1, -1])) } },
    });
    expect(opt.stateDict().state['#0']).toEqual({ rowSums: encodeArray(Float64Array.from([1, -1])) });
    p.grad.fill(1);
    opt.step(); // s = (1 + 3, −1 + 3) = (4, 2); row 0: 1 − 0.5·4 = −1, row 1: 1 − 0.5·2 = 0
    expect([...p.data]).toEqual([-1, -1, -1, 0, 0, 0]);
    expect(() => {
      opt.loadStateDict({
        specificationVersion: 'v1',
        optimizer: 'row-sums',
        stepCount: 1,
        paramGroups: [{ options: { lr: 0.5 }, params: [0] }],
        state: { '0': { rowSums: encodeArray(new Float64Array(3)) } },
      });
    }).toThrow("RowSums.loadStateDict: state 'rowSums' of parameter 0 has length 3, expected 2");
  });

  it('keeps the schedule the optimizer has when the state says "schedule"', () => {
    const schedule = (t: number): number => 1 / (t + 1);
    const opt = new HeavyBall([parameter(new Float64Array(2))], { lr: schedule, momentum: 0.9 });
    opt.loadStateDict(heavyBallV1({ paramGroups: [{ options: { lr: 'schedule', momentum: 0.5, maximize: false }, params: [0] }] }));
    expect(opt.paramGroups[0]?.options.lr).toBe(schedule);
    expect(opt.paramGroups[0]?.options.momentum).toBe(0.5);
    expect(opt.currentLr()).toBe(0.25); // 1 / (3 + 1)
  });

  const rejections: [string, OptimizerStateDictV1, string][] = [
    ['another optimizer', heavyBallV1({ optimizer: 'adam' }), "state was saved by 'adam', this optimizer is 'heavy-ball'"],
    ['a negative step count', heavyBallV1({ stepCount: -1 }), 'stepCount -1 is not a count'],
    ['a fractional step count', heavyBallV1({ stepCount: 1.5 }), 'stepCount 1.5 is not a count'],
    [
      'another number of groups',
      heavyBallV1({ paramGroups: [{ options: {}, params: [0] }, { options: {}, params: [1] }] }),
      'state has 2 parameter groups, this optimizer has 1',
    ],
    ['a group that is missing', heavyBallV1({ paramGroups: [undefined] as never }), 'parameter group 0 is missing'],
    ['a group that is null', heavyBallV1({ paramGroups: [null] as never }), 'parameter group 0 is missing'],
    [
      'another number of parameters in a group',
      heavyBallV1({ paramGroups: [{ options: {}, params: [0, 1] }] }),
      'parameter group 0 has 2 parameters in the state, 1 here',
    ],
    [
      'a schedule where the optimizer has a constant learning rate',
      heavyBallV1({ paramGroups: [{ options: { lr: 'schedule' }, params: [0] }] }),
      'group 0 was saved with a learning-rate schedule; create the optimizer with that schedule before loading',
    ],
    ['state of a parameter no group holds', heavyBallV1({ state: { '5': { calls: 1 } } }), 'state names parameter 5, which no group holds'],
    ['a malformed array', withBuffer({ dtype: 'float16', length: 2, base64: '' }), "state of parameter 0 has a malformed 'buffer'"],
    ['an array of another length', withBuffer(encodeArray(new Float64Array(3))), "state 'buffer' of parameter 0 has length 3, the parameter has 2"],
    ['an array of another dtype', withBuffer(encodeArray(new Float32Array(2))), "state 'buffer' of parameter 0 is float32, the parameter is float64"],
    [
      'bytes that do not decode',
      withBuffer({ dtype: 'float64', length: 2, base64: 'AAAA' }),
      "state 'buffer' of parameter 0: Encoded float64 array says length 2 but holds 3 bytes",
    ],
  ];
  for (const [what, state, why] of rejections) {
    it(`refuses ${what}, naming it, and changes nothing`, () => {
      const opt = freshHeavyBall();
      const p = opt.paramGroups[0]?.params[0] as Parameter & { grad: Float64Array };
      p.grad.set([1, 1]);
      opt.step();
      const before = opt.stateDict();
      const error = errorOf(() => {
        opt.loadStateDict(state);
      });
      expect(error).toBeInstanceOf(StateDictMismatchError);
      expect(error.message).toBe(`HeavyBall.loadStateDict: ${why}`);
      expect(opt.stateDict()).toEqual(before);
    });
  }
});

describe('Optimizer.loadStateDict, version 2 (by name)', () => {
  it('loads a state saved before any step (stepCount 0)', () => {
    const saved = new HeavyBall([parameter(new Float64Array(1), 'w')], { lr: 0.2 }).stateDict();
    expect(saved.stepCount).toBe(0);
    const opt = new HeavyBall([parameter(new Float64Array(1), 'w')], { lr: 0.7 });
    opt.loadStateDict(saved);
    expect(opt.stepCount).toBe(0);
    expect(opt.currentLr()).toBe(0.2);
  });

  it('keeps the schedule the optimizer has when the state says "schedule"', () => {
    const schedule = (t: number): number => 1 / (t + 1);
    const first = new HeavyBall([parameter(new Float64Array(1), 'w')], { lr: schedule });
    first.step();
    const opt = new HeavyBall([parameter(new Float64Array(1), 'w')], { lr: schedule });
    opt.loadStateDict(first.stateDict());
    expect(opt.stepCount).toBe(1);
    expect(opt.currentLr()).toBe(0.5); // 1 / (1 + 1)
  });

  for (const entry of [null, undefined, 'group']) {
    it(`refuses a group entry ${String(entry)}, as version 1 does, and keeps its options`, () => {
      const opt = new HeavyBall([parameter(new Float64Array(1), 'w')], { lr: 0.7 });
      const saved = { ...new HeavyBall([parameter(new Float64Array(1), 'w')], { lr: 0.2 }).stateDict(), paramGroups: [entry] as never };
      expect(() => {
        opt.loadStateDict(saved);
      }).toThrow(new StateDictMismatchError('HeavyBall.loadStateDict: parameter group 0 is missing'));
      expect(opt.currentLr()).toBe(0.7);
    });
  }

  it('puts a restored array in the arena its parameter lives in, so a kernel can reach it', () => {
    const source = parameter(Float32Array.from([1, 2]), 'w');
    const first = new HeavyBall([source], { lr: 0.1 });
    source.grad.set([3, 4]);
    first.step();
    const arena = createArena({ bytes: 1024 });
    const p = { ...arena.parameter(2), name: 'w' };
    const opt = new InspectableHeavyBall([p]);
    opt.loadStateDict(first.stateDict());
    const buffer = opt.stateOf(p)?.buffer;
    expect(buffer && arena.owns(buffer)).toBe(true);
    expect(buffer && [...buffer]).toEqual([3, 4]);
  });

  it('restores a state array of its own length (a row factor), not the parameter\'s', () => {
    const source = parameter(new Float64Array(6), { shape: [2, 3], name: 'W' });
    const first = new RowSums([source], { lr: 0.5 });
    source.grad.set([1, 1, 1, -1, 0, 0]);
    first.step(); // s = (3, −1)
    const p = parameter(new Float64Array(6), { shape: [2, 3], name: 'W' });
    const opt = new RowSums([p], { lr: 0.5 });
    opt.loadStateDict(first.stateDict());
    expect(opt.stateDict().state.W).toEqual({ rowSums: encodeArray(Float64Array.from([3, -1])) });
    p.grad.fill(0);
    opt.step(); // s unchanged; row 0: 0 − 0.5·3, row 1: 0 + 0.5·1
    expect([...p.data]).toEqual([-1.5, -1.5, -1.5, 0.5, 0.5, 0.5]);
  });
});
