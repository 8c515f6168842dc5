import { describe, expect, it } from 'vitest';
import { InvalidParamsError } from '../errors.js';
import { describeRange, validateOption, type OptimizerOptionSpecV1 } from '../option-spec.js';
import { parameter as plainParameter } from '../parameter.js';
import { validatePluginOptions, type OptimizerPluginV1 } from '../plugin.js';
import { encodeArray, type OptimizerStateDictV1 } from '../state-dict.js';
import type { BaseOptimizerOptions, FloatArray, Parameter } from '../optimizer-types.js';
import { allocatesNothing } from './gc-counter.js';
import { distance, quadraticProblem, rosenbrockProblem, type TestProblem } from './problems.js';

/** One convergence check of the conformance suite: options, steps, and how close to the minimum it must end. */
export interface ConvergenceCase<O> {
  readonly options: Partial<O>;
  readonly steps: number;
  /** Largest allowed Euclidean distance from the minimum after `steps`. */
  readonly tolerance: number;
}

/**
 * What `describeOptimizerConformance` needs to know about an optimizer beyond its plugin: settings that converge on
 * the two test problems, option combinations it must refuse, and the few ways optimizers legitimately differ.
 */
export interface ConformanceConfig<O extends BaseOptimizerOptions> {
  /** A configuration that reaches the quadratic's minimum. */
  readonly quadratic: ConvergenceCase<O>;
  /** A configuration that reaches Rosenbrock's minimum (1, 1) from (−1.2, 1). */
  readonly rosenbrock: ConvergenceCase<O>;
  /** Options that are valid one by one but not together, with the words the error must contain. */
  readonly invalidCombinations?: readonly { readonly options: Partial<O>; readonly message: RegExp }[];
  /** Options for the state, determinism and allocation checks; they should exercise every state buffer. */
  readonly stateful?: Partial<O>;
  /**
   * For an optimizer that needs shaped parameters (Muon: matrices only): the shape every test gives a parameter of
   * `length` values, e.g. `(n) => [1, n]`. Without it the tests' parameters have no shape.
   */
  readonly shape?: (length: number) => number[];
  /**
   * When the optimizer reads its learning rate, as PyTorch's does: every step (the default); one step late (ASGD
   * computes the next step's η at the end of a step); or on a parameter's first step only (Rprop fills its step sizes
   * with it). The schedule test checks the one given.
   */
  readonly learningRateRead?: 'every step' | 'one step late' | 'first step';
  /** The optimizer takes one parameter group only (LBFGS, as PyTorch's): the tests put every parameter in one. */
  readonly oneGroup?: boolean;
  /**
   * Whether, with the `stateful` options, each parameter's state holds an array (default true): the state-dict
   * checks then also break one. Plain SGD keeps none. Declared rather than found by stepping the optimizer while the
   * tests are collected, so that every line the checks run belongs to a test (mutation testing measures it per test).
   */
  readonly stateArrays?: boolean;
}

/** How the tests make a parameter: `parameter()`, with the shape the config asks for. */
type MakeParameter = <A extends FloatArray>(data: A) => Parameter<A> & { grad: A };

type Dtype = 'float32' | 'float64';

function makeArray(dtype: Dtype, values: readonly number[]): FloatArray {
  return dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values);
}

/** Runs `steps` optimizer steps on a problem from its start and returns the final parameters. */
function descend<O extends BaseOptimizerOptions>(
  plugin: OptimizerPluginV1<O>,
  problem: TestProblem,
  options: Partial<O>,
  steps: number,
  dtype: Dtype,
  parameter: MakeParameter,
): FloatArray {
  const p = parameter(makeArray(dtype, problem.start));
  const opt = plugin.create([p], options);
  for (let i = 0; i < steps; i++) {
    stepWith(plugin, opt, () => {
      problem.gradient(p.data, p.grad);
      return problem.value(p.data);
    });
  }
  return p.data;
}

/**
 * One step where `objective` writes the gradients and returns the loss: called before `step()`, or, for an optimizer
 * whose descriptor says `needsClosure` (LBFGS), handed to `step(closure)`, which may call it several times.
 */
function stepWith(plugin: { readonly needsClosure?: boolean }, optimizer: { step(closure?: () => number): unknown }, objective: () => number): void {
  if (plugin.needsClosure === true) {
    optimizer.step(objective);
  } else {
    objective();
    optimizer.step();
  }
}

/**
 * A gradient that depends on the parameters and on the step, so that state matters; returns the loss it is the
 * gradient of, Σ ¼xᵢ² + 0.3 sin(0.7 step + i)·xᵢ, for optimizers that evaluate it in a closure.
 */
function noisyGradient(data: FloatArray, grad: FloatArray, step: number): number {
  let loss = 0;
  for (let i = 0; i < data.length; i++) {
    const x = data[i] as number;
    grad[i] = 0.5 * x + Math.sin(0.7 * step + i) * 0.3;
    loss += 0.25 * x * x + Math.sin(0.7 * step + i) * 0.3 * x;
  }
  return loss;
}

/** A state dict as `JSON.parse` gives it back: every field writable, so that a test can break one. */
interface LooseStateDict {
  specificationVersion: unknown;
  optimizer: string;
  stepCount: number;
  paramGroups: { options: Record<string, unknown>; params: (string | number)[] }[];
  state: Record<string, Record<string, unknown>>;
  shared?: Record<string, unknown>;
}

/**
 * A state dict that `loadStateDict` must reject, and the words of the error. `field` is the name of an array in the
 * last parameter's state (the cases that break an array need one).
 */
interface BadStateDict {
  readonly what: string;
  readonly error: 'StateDictMismatchError' | 'InvalidOptionError';
  readonly message: (field: string) => string;
  readonly breakIt: (saved: LooseStateDict, field: string) => void;
}

/**
 * Three parameters in two groups (0 and 1 in the first, 2 in the second, with half the learning rate), the shape the
 * state-dict checks load into: a bad state that is noticed only at the second group or the last parameter shows
 * whether anything was changed before it was noticed.
 */
function twoGroupRun<O extends BaseOptimizerOptions>(
  plugin: OptimizerPluginV1<O>,
  options: Partial<O>,
  lr: number,
  parameter: MakeParameter,
  oneGroup = false,
) {
  const params = [[0.5, -0.25, 1.5], [-2, 0.75], [0.3, -1.2, 2.5]].map((v) => parameter(Float64Array.from(v)));
  // An optimizer that takes one group only gets all three parameters in it.
  const groups = oneGroup ? [{ params }] : [{ params: [params[0], params[1]] }, { params: [params[2]], lr: lr / 2 }];
  const optimizer = plugin.create(groups as never, { ...options, lr } as Partial<O>);
  const advance = (from: number, to: number) => {
    for (let t = from; t < to; t++) {
      stepWith(plugin, optimizer, () => params.reduce((loss, p) => loss + noisyGradient(p.data, p.grad, t), 0));
    }
  };
  return { params, optimizer, advance };
}

/** Values outside each option's allowed range (or of the wrong type), to be rejected at construction. */
export function invalidValuesFor(spec: OptimizerOptionSpecV1): unknown[] {
  if (spec.type === 'boolean') return [1, 'true', null];
  // A string off the list, a listed one in other case, PyTorch's None as null (spelled 'none' here), a number.
  if (spec.type === 'choice') return ['bogus', (spec.choices?.[0] ?? '').toUpperCase(), null, 1];
  const bad: unknown[] = [Number.NaN, Number.POSITIVE_INFINITY, '0.1', true];
  if (spec.min !== undefined) bad.push(spec.minInclusive ?? true ? spec.min - 1e-3 : spec.min, spec.min - 1);
  if (spec.max !== undefined) bad.push(spec.maxInclusive ?? true ? spec.max + 1e-3 : spec.max, spec.max + 1);
  return bad;
}

/**
 * Checks the error by its name, not its class: a CommonJS consumer may hold a second copy of the error classes.
 */
function expectError(run: () => unknown, name: string, ...fragments: string[]): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${name}`).toBeInstanceOf(Error);
  expect((caught as Error).name).toBe(name);
  for (const fragment of fragments) expect((caught as Error).message).toContain(fragment);
}

/**
 * The tests every optimizer plugin must pass, run from the plugin package's own test file:
 *
 * ```ts
 * import { describeOptimizerConformance } from '@descent/optim/testing';
 * describeOptimizerConformance(adamPlugin, { quadratic: {...}, rosenbrock: {...} });
 * ```
 */
export function describeOptimizerConformance<O extends BaseOptimizerOptions>(
  plugin: OptimizerPluginV1<O>,
  config: ConformanceConfig<O>,
): void {
  const stateful = config.stateful ?? {};
  const shapeOf = config.shape;
  const parameter: MakeParameter = (data) => plainParameter(data, shapeOf === undefined ? undefined : { shape: shapeOf(data.length) });

  describe(`${plugin.id}: optimizer conformance`, () => {
    it('has a complete V1 descriptor whose defaults pass its own validation', () => {
      expect(plugin.specificationVersion).toBe('v1');
      expect(plugin.id).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(plugin.summary.length).toBeGreaterThan(10);
      expect(plugin.updateRule.length).toBeGreaterThan(5);
      expect(plugin.bookMapping.length).toBeGreaterThan(10);
      expect(plugin.references.length).toBeGreaterThan(0);
      expect(plugin.options.map((o) => o.name)).toContain('lr');
      for (const spec of plugin.options) {
        expect(spec.description.length, spec.name).toBeGreaterThan(5);
        expect(() => {
          validateOption(plugin.name, spec, spec.default);
        }).not.toThrow();
      }
      expect(() => plugin.create([parameter(new Float64Array(2))])).not.toThrow();
    });

    it('validates options as its constructor does, with the same message naming the optimizer', () => {
      // The CLI and the docs check options through validatePluginOptions (the descriptor's validate(), or its specs
      // alone when it has none) before any optimizer exists; its refusal must read as the constructor's.
      const message = (run: () => unknown): string => {
        try {
          run();
        } catch (error) {
          return (error as Error).message;
        }
        return 'no error';
      };
      const fromConstructor = message(() => plugin.create([parameter(Float64Array.from([0]))], { lr: -1 } as unknown as Partial<O>));
      expect(fromConstructor.startsWith(`Invalid lr for ${plugin.name}`), fromConstructor).toBe(true);
      expect(message(() => validatePluginOptions(plugin, { lr: -1 } as unknown as Partial<O>))).toBe(fromConstructor);
    });

    for (const dtype of ['float64', 'float32'] as const) {
      it(`converges on a quadratic in ${dtype}`, () => {
        const x = descend(plugin, quadraticProblem, config.quadratic.options, config.quadratic.steps, dtype, parameter);
        expect(distance(x, quadraticProblem.minimum)).toBeLessThan(config.quadratic.tolerance);
      });
      it(`converges on Rosenbrock in ${dtype}`, () => {
        const { options, steps, tolerance } = config.rosenbrock;
        const x = descend(plugin, rosenbrockProblem, options, steps, dtype, parameter);
        // float32 rounding in the last steps costs a little accuracy on Rosenbrock's flat valley floor.
        expect(distance(x, rosenbrockProblem.minimum)).toBeLessThan(dtype === 'float64' ? tolerance : tolerance * 2);
      });
    }

    describe('rejects each invalid option with a message naming the option, the value and the range', () => {
      for (const spec of plugin.options) {
        for (const value of invalidValuesFor(spec)) {
          it(`${spec.name} = ${typeof value === 'string' ? `'${value}'` : String(value)}`, () => {
            const create = () => plugin.create([parameter(new Float64Array(2))], { [spec.name]: value } as Partial<O>);
            expectError(create, 'InvalidOptionError', `Invalid ${spec.name} for ${plugin.name}`, describeRange(spec));
          });
        }
      }
      it('an unknown option', () => {
        expect(() => plugin.create([parameter(new Float64Array(2))], { notAnOption: 1 } as unknown as Partial<O>)).toThrow(
          /Invalid notAnOption .*expected one of the options lr/,
        );
      });
      for (const { options, message } of config.invalidCombinations ?? []) {
        it(`the combination ${JSON.stringify(options)}`, () => {
          expect(() => plugin.create([parameter(new Float64Array(2))], options)).toThrow(message);
        });
      }
      it('an invalid option in a parameter group', () => {
        const lr = plugin.options.find((o) => o.name === 'lr');
        expect(lr).toBeDefined();
        const create = () =>
          plugin.create([{ params: [parameter(new Float64Array(2))], lr: -1 }] as never);
        expect(create).toThrow(/Invalid lr .*-1/);
      });
    });

    it('rejects a parameter that sits in two groups and an empty parameter list', () => {
      const p = parameter(new Float64Array(3));
      expectError(() => plugin.create([{ params: [p] }, { params: [p] }] as never), 'InvalidParamsError', 'more than one parameter group');
      expectError(() => plugin.create([]), 'InvalidParamsError', 'empty parameter list');
    });

    it('is deterministic, does not touch gradients, skips a parameter with no gradient', () => {
      const run = () => {
        const p = parameter(Float64Array.from([0.3, -1.2, 2.5, 0.1]));
        const idle: Parameter = { data: Float64Array.from([7, 8]), grad: null, ...(shapeOf === undefined ? {} : { shape: shapeOf(2) }) };
        const opt = plugin.create([p, idle], stateful);
        for (let t = 0; t < 25; t++) {
          let written = p.grad.slice();
          stepWith(plugin, opt, () => {
            const loss = noisyGradient(p.data, p.grad, t);
            written = p.grad.slice();
            return loss;
          });
          expect(p.grad).toEqual(written);
        }
        expect(idle.data).toEqual(Float64Array.from([7, 8]));
        return p.data;
      };
      const a = run();
      const b = run();
      expect(a).toEqual(b);
      expect([...a]).not.toEqual([0.3, -1.2, 2.5, 0.1]);
    });

    it('lists maximize among its options (maximizeSpec() from @descent/optim), so the CLI and the docs offer it', () => {
      expect(plugin.options.find((o) => o.name === 'maximize')).toMatchObject({ type: 'boolean', default: false, pytorchName: 'maximize' });
    });

    for (const dtype of ['float64', 'float32'] as const) {
      it(`maximize: climbing −f is minimizing f, bit for bit, and the gradient is left as the caller wrote it (${dtype})`, () => {
        const start = [0.5, -0.25, 1.5, -2, 0.75];
        const down = parameter(makeArray(dtype, start));
        const up = parameter(makeArray(dtype, start));
        const descending = plugin.create([down], stateful);
        const ascending = plugin.create([up], { ...stateful, maximize: true } as Partial<O>);
        for (let t = 0; t < 20; t++) {
          let written = up.grad.slice();
          stepWith(plugin, descending, () => noisyGradient(down.data, down.grad, t));
          stepWith(plugin, ascending, () => {
            const loss = noisyGradient(up.data, up.grad, t);
            // The gradient of −f is −g.
            for (let i = 0; i < up.grad.length; i++) up.grad[i] = -(up.grad[i] as number);
            written = up.grad.slice();
            return -loss;
          });
          expect(up.grad).toEqual(written);
        }
        expect(encodeArray(up.data).base64).toBe(encodeArray(down.data).base64);
        expect([...down.data]).not.toEqual(start);
      });
    }

    it(config.oneGroup === true ? 'refuses a second param group (one group only)' : 'uses per-group options', () => {
      const frozen = parameter(Float64Array.from([1, 2]));
      const moving = parameter(Float64Array.from([1, 2]));
      if (config.oneGroup === true) {
        // An optimizer that takes one group (torch.optim.LBFGS) says so rather than ignore the second group's options.
        let refusal: unknown;
        try {
          plugin.create([{ params: [frozen], lr: 0 }, { params: [moving] }] as never, stateful);
        } catch (error) {
          refusal = error;
        }
        expect(InvalidParamsError.isInstance(refusal), String(refusal)).toBe(true);
        return;
      }
      const opt = plugin.create([{ params: [frozen], lr: 0 }, { params: [moving] }] as never, stateful);
      frozen.grad.set([1, -1]);
      moving.grad.set([1, -1]);
      // Two steps: some optimizers (ADOPT) only record the gradient's second moment at the first.
      opt.step();
      opt.step();
      expect([...frozen.data]).toEqual([1, 2]);
      expect([...moving.data]).not.toEqual([1, 2]);
    });

    it(`reads a learning-rate schedule once per step (${config.learningRateRead ?? 'every step'})`, () => {
      const scheduled = parameter(Float64Array.from([1, 2]));
      const seen: number[] = [];
      // 0 for the first steps, then 0.01; an optimizer that reads the rate on its first step only gets the reverse.
      const read = config.learningRateRead ?? 'every step';
      const still = read === 'one step late' ? 3 : 2;
      const schedule = read === 'first step' ? (t: number) => (seen.push(t), t === 0 ? 0.01 : 0) : (t: number) => (seen.push(t), t < 2 ? 0 : 0.01);
      const sched = plugin.create([scheduled], { ...stateful, lr: schedule } as Partial<O>);
      for (let t = 0; t <= still; t++) {
        // f = x − y, whose gradient is (1, −1).
        stepWith(plugin, sched, () => {
          scheduled.grad.set([1, -1]);
          return (scheduled.data[0] as number) - (scheduled.data[1] as number);
        });
        if (read !== 'first step' && t < still) expect([...scheduled.data]).toEqual([1, 2]);
      }
      expect([...scheduled.data]).not.toEqual([1, 2]);
      expect(seen).toEqual([...Array(still + 1).keys()]);
    });

    it('zeroGrad() zeros every gradient', () => {
      const p = parameter(Float32Array.from([1, 2, 3]));
      p.grad.set([4, 5, 6]);
      plugin.create([p]).zeroGrad();
      expect([...p.grad]).toEqual([0, 0, 0]);
    });

    for (const dtype of ['float64', 'float32'] as const) {
      it(`save → JSON → load → continue is bit-identical to an uninterrupted run (${dtype})`, () => {
        const start = [0.5, -0.25, 1.5, -2, 0.75];
        const straight = parameter(makeArray(dtype, start));
        const ref = plugin.create([straight], stateful);
        for (let t = 0; t < 20; t++) stepWith(plugin, ref, () => noisyGradient(straight.data, straight.grad, t));
        const first = parameter(makeArray(dtype, start));
        const a = plugin.create([first], stateful);
        for (let t = 0; t < 8; t++) stepWith(plugin, a, () => noisyGradient(first.data, first.grad, t));
        const saved = JSON.parse(JSON.stringify(a.stateDict())) as OptimizerStateDictV1;
        const resumed = parameter(first.data.slice());
        const b = plugin.create([resumed], { lr: 123 } as Partial<O>);
        b.loadStateDict(saved);
        expect(b.stepCount).toBe(8);
        expect(b.paramGroups[0]?.options).toEqual(a.paramGroups[0]?.options);
        for (let t = 8; t < 20; t++) stepWith(plugin, b, () => noisyGradient(resumed.data, resumed.grad, t));
        expect(resumed.data).toEqual(straight.data);
      });
    }

    it('state dicts version 2 match parameters by name: a reordered list loads and continues (to 1e-12)', () => {
      const names = ['layer.weight', 'layer.bias', 'out.weight'];
      const starts = [[0.5, -0.25, 1.5], [-2, 0.75], [0.3, -1.2, 2.5]];
      const make = () => names.map((name, i) => plainParameter(Float64Array.from(starts[i] ?? []), { name, ...(shapeOf === undefined ? {} : { shape: shapeOf(starts[i]?.length ?? 0) }) }));
      const run = (opt: { step(closure?: () => number): unknown }, params: readonly (Parameter & { grad: FloatArray })[], from: number, to: number) => {
        // Each parameter's gradient depends on its name, not its place in the list.
        for (let t = from; t < to; t++) stepWith(plugin, opt, () => params.reduce((loss, p) => loss + noisyGradient(p.data, p.grad, t + names.indexOf(p.name ?? '')), 0));
      };
      const straight = make();
      const ref = plugin.create(straight, stateful);
      run(ref, straight, 0, 16);
      const first = make();
      const a = plugin.create(first, stateful);
      run(a, first, 0, 6);
      const saved = JSON.parse(JSON.stringify(a.stateDict())) as LooseStateDict;
      expect(saved.specificationVersion).toBe('v2');
      expect(saved.paramGroups[0]?.params).toEqual(names);
      // The same parameters (by name and value) listed in another order.
      const reordered = [2, 0, 1].map((i) => plainParameter((first[i] as Parameter).data.slice(), { name: names[i] as string, ...(shapeOf === undefined ? {} : { shape: shapeOf(starts[i]?.length ?? 0) }) }));
      const b = plugin.create(reordered, stateful);
      b.loadStateDict(saved as unknown as OptimizerStateDictV1);
      run(b, reordered, 6, 16);
      // To the last bits only: an optimizer that treats all parameters as one vector (L-BFGS, a global norm) sums over
      // them in list order, and the order changed.
      for (const p of reordered) {
        const expected = (straight[names.indexOf(p.name ?? '')] as Parameter).data;
        p.data.forEach((x, i) => { expect(Math.abs(x - (expected[i] as number)), p.name).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected[i] as number))); });
      }
    });

    it('still loads a version-1 state dict (parameters by position) and continues bit for bit', () => {
      const straight = twoGroupRun(plugin, stateful, 0.01, parameter, config.oneGroup);
      straight.advance(0, 12);
      const donor = twoGroupRun(plugin, stateful, 0.01, parameter, config.oneGroup);
      donor.advance(0, 5);
      const v2 = JSON.parse(JSON.stringify(donor.optimizer.stateDict())) as LooseStateDict;
      // A transformation chain (state shared between parameters) never saved version 1: nothing to load.
      if (v2.shared !== undefined) return;
      // The same state written as version 1 wrote it: keys are positions, groups list numbers.
      const v1: LooseStateDict = {
        ...v2,
        specificationVersion: 'v1',
        paramGroups: v2.paramGroups.map((g) => ({ ...g, params: g.params.map((k) => Number(String(k).slice(1))) })),
        state: Object.fromEntries(Object.entries(v2.state).map(([k, v]) => [k.slice(1), v])),
      };
      const resumed = twoGroupRun(plugin, stateful, 0.01, parameter, config.oneGroup);
      resumed.params.forEach((p, i) => { p.data.set((donor.params[i] as Parameter).data); });
      resumed.optimizer.loadStateDict(v1 as unknown as OptimizerStateDictV1);
      resumed.advance(5, 12);
      expect(resumed.params.map((p) => encodeArray(p.data).base64)).toEqual(straight.params.map((p) => encodeArray(p.data).base64));
    });

    describe('rejects a state dict that does not fit, naming what is wrong, and is left as it was', () => {
      const lrSpec = plugin.options.find((o) => o.name === 'lr');
      const statefulLr = (stateful as Partial<BaseOptimizerOptions>).lr;
      const lr = typeof statefulLr === 'number' ? statefulLr : Number(lrSpec?.default);
      // The state to break: saved after 7 steps with a quarter of the learning rate, so that loading any part of it
      // (options, step count, a parameter's state) would change what the next steps do. Each test makes it afresh
      // (7 steps of 3 small parameters), inside the test.
      const savedState = (): { good: string; field: string | undefined } => {
        const donor = twoGroupRun(plugin, stateful, lr / 4, parameter, config.oneGroup);
        donor.advance(0, 7);
        const good = JSON.stringify(donor.optimizer.stateDict());
        // An array in the state of the last parameter, for the checks of arrays.
        // Version 2 keys the unnamed test parameters by position: '#2' is the last.
        const lastState = (JSON.parse(good) as LooseStateDict).state['#2'] ?? {};
        return { good, field: Object.keys(lastState).find((key) => typeof lastState[key] === 'object') };
      };
      const stateArrays = config.stateArrays ?? true;
      const prefix = `${plugin.name}.loadStateDict: `;
      // The last group: the second, or the only one of an optimizer that takes one (it then holds all three parameters).
      const groups = config.oneGroup === true ? 1 : 2;
      const last = groups - 1;
      // The broken arrays are encoded inside the test too (`encodeArray` is code under test).
      const setField = (value: () => unknown) => (s: LooseStateDict, field: string) => {
        (s.state['#2'] as Record<string, unknown>)[field] = value();
      };
      const cases: BadStateDict[] = [
        { what: 'another specificationVersion', error: 'StateDictMismatchError', message: () => "unsupported specificationVersion 'v3'", breakIt: (s) => { s.specificationVersion = 'v3'; } },
        { what: 'another optimizer', error: 'StateDictMismatchError', message: () => `state was saved by 'not-${plugin.id}', this optimizer is '${plugin.id}'`, breakIt: (s) => { s.optimizer = `not-${plugin.id}`; } },
        { what: 'a negative step count', error: 'StateDictMismatchError', message: () => 'stepCount -1 is not a count', breakIt: (s) => { s.stepCount = -1; } },
        { what: 'a step count that is not whole', error: 'StateDictMismatchError', message: () => 'stepCount 2.5 is not a count', breakIt: (s) => { s.stepCount = 2.5; } },
        {
          what: 'another number of groups',
          error: 'StateDictMismatchError',
          message: () => `state has ${String(groups + 1)} parameter groups, this optimizer has ${String(groups)}`,
          breakIt: (s) => { s.paramGroups.push({ options: { ...s.paramGroups[last]?.options }, params: [3] }); },
        },
        {
          what: 'the state of an unnamed parameter at a position not here',
          error: 'StateDictMismatchError',
          message: () => "1 mismatch: '#7': saved for an unnamed parameter at position 7, there are 3 here",
          breakIt: (s) => { s.state['#7'] = s.state['#0'] ?? {}; },
        },
        {
          what: 'the state of a name that no parameter here has, with every such name listed',
          error: 'StateDictMismatchError',
          message: () => "2 mismatches: 'dense9.weight': saved, but no parameter here has that name; 'dense9.bias': saved, but no parameter here has that name",
          breakIt: (s) => { s.state['dense9.weight'] = {}; s.state['dense9.bias'] = {}; },
        },
        {
          what: 'an invalid option in the last group',
          error: 'InvalidOptionError',
          message: () => `Invalid lr for ${plugin.name}: -1`,
          breakIt: (s) => { (s.paramGroups[last] as { options: Record<string, unknown> }).options.lr = -1; },
        },
      ];
      if (stateArrays) {
        cases.push(
          { what: 'a malformed array', error: 'StateDictMismatchError', message: (field) => `1 mismatch: '#2': state '${field}' is malformed`, breakIt: setField(() => [0, 0, 0]) },
          { what: 'an array of another length', error: 'StateDictMismatchError', message: (field) => `1 mismatch: '#2': state '${field}' has length 2, the parameter has 3`, breakIt: setField(() => encodeArray(new Float64Array(2))) },
          { what: 'a float32 array for a float64 parameter', error: 'StateDictMismatchError', message: (field) => `1 mismatch: '#2': state '${field}' is float32, the parameter is float64`, breakIt: setField(() => encodeArray(new Float32Array(3))) },
          {
            what: 'bytes that are fewer than the length says',
            error: 'StateDictMismatchError',
            message: (field) => `1 mismatch: '#2': state '${field}' cannot be decoded: Encoded float64 array says length 3 but holds 16 bytes`,
            breakIt: setField(() => ({ ...encodeArray(new Float64Array(2)), length: 3 })),
          },
          {
            what: 'text that is not base64',
            error: 'StateDictMismatchError',
            message: (field) => `1 mismatch: '#2': state '${field}' cannot be decoded: Invalid base64 character at 0`,
            breakIt: setField(() => {
              const encoded = encodeArray(new Float64Array(3));
              return { ...encoded, base64: `!${encoded.base64.slice(1)}` };
            }),
          },
        );
      } else {
        it('keeps no array in a parameter\'s state (config.stateArrays: false), so there is none to break', () => {
          expect(savedState().field).toBeUndefined();
        });
      }

      for (const bad of cases) {
        it(bad.what, () => {
          const { good, field } = savedState();
          if (stateArrays) expect(field, 'an array in the last parameter\'s state (or set config.stateArrays: false)').toBeDefined();
          const arrayName = field ?? '';
          const saved = JSON.parse(good) as LooseStateDict;
          bad.breakIt(saved, arrayName);
          // Two identical optimizers with state: one is handed the bad state, the other never sees it.
          const loaded = twoGroupRun(plugin, stateful, lr, parameter, config.oneGroup);
          const untouched = twoGroupRun(plugin, stateful, lr, parameter, config.oneGroup);
          loaded.advance(0, 5);
          untouched.advance(0, 5);
          expectError(() => {
            loaded.optimizer.loadStateDict(saved as unknown as OptimizerStateDictV1);
          }, bad.error, (bad.error === 'StateDictMismatchError' ? prefix : '') + bad.message(arrayName));
          expect(JSON.stringify(loaded.optimizer.stateDict())).toBe(JSON.stringify(untouched.optimizer.stateDict()));
          // … and it goes on exactly as the other, bit for bit.
          loaded.advance(5, 15);
          untouched.advance(5, 15);
          expect(loaded.optimizer.stepCount).toBe(15);
          expect(loaded.params.map((p) => encodeArray(p.data).base64)).toEqual(untouched.params.map((p) => encodeArray(p.data).base64));
          expect(JSON.stringify(loaded.optimizer.stateDict())).toBe(JSON.stringify(untouched.optimizer.stateDict()));
        });
      }

      it('the unbroken state loads (so that each case above fails for its own reason)', () => {
        const { good } = savedState();
        const run = twoGroupRun(plugin, stateful, lr, parameter, config.oneGroup);
        run.advance(0, 5);
        run.optimizer.loadStateDict(JSON.parse(good) as OptimizerStateDictV1);
        expect(JSON.stringify(run.optimizer.stateDict())).toBe(good);
      });
    });

    // Under mutation testing (pnpm test:mutation) every expression carries Stryker's coverage call, which allocates,
    // so no step is allocation-free there; Stryker's test processes carry STRYKER_MUTATOR_WORKER.
    it.skipIf(process.env.STRYKER_MUTATOR_WORKER !== undefined)('allocates nothing inside step() once warmed up', async () => {
      const n = 200_000;
      const p = parameter(new Float64Array(n).fill(0.5));
      for (let i = 0; i < n; i++) p.grad[i] = Math.sin(i);
      const opt = plugin.create([p], stateful);
      // For an optimizer that evaluates a closure (it must allocate nothing itself): the bowl Σ ½(xᵢ − cᵢ)², whose centre
      // moves with every step so that the optimizer keeps working; otherwise the fixed gradient above.
      let phase = 0;
      const bowl = () => {
        let loss = 0;
        for (let i = 0; i < n; i++) {
          const r = (p.data[i] as number) - 0.1 * ((i + phase) % 5);
          p.grad[i] = r;
          loss += 0.5 * r * r;
        }
        return loss;
      };
      const objective = plugin.needsClosure === true ? bowl : () => 0;
      for (let t = 0; t < 5; t++, phase++) stepWith(plugin, opt, objective);
      // A temporary copy of the parameter per step would be 240 MB over this loop and force many collections.
      expect(
        await allocatesNothing(() => {
          for (let t = 0; t < 150; t++, phase++) stepWith(plugin, opt, objective);
        }),
      ).toBe(true);
    });
  });
}
