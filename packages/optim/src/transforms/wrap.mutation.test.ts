// TransformedOptimizer's contract, case by case: which `before` transformations are folded into the optimizer's step,
// what each transformation is told (names, learning rates, group options), the caller's gradients read afresh each
// step, the calls passed through to the wrapped optimizer, and the state dict split between the optimizer and the
// transformations (every mismatch named).
import { describe, expect, it, vi } from 'vitest';
import { HeavyBall } from '../__fixtures__/heavy-ball.js';
import type { FloatArray, Parameter } from '../optimizer-types.js';
import { parameter } from '../parameter.js';
import type { OptimizerStateDict, OptimizerStateDictV2 } from '../state-dict.js';
import {
  chain,
  clipByGlobalNorm,
  clipByValue,
  ema,
  lookahead,
  scale,
  zeroNans,
  type AroundOptimizer,
  type GradientTransformation,
  type TransformContext,
  TransformedOptimizer,
} from './index.js';

/** clipByGlobalNorm(1)'s factor for a gradient of norm 5 (optax: maxNorm / (norm + 1e-6) above maxNorm). */
const FACTOR_AT_NORM_5 = 1 / (5 + 1e-6);

function heavyBall(...data: number[][]): { inner: HeavyBall; params: Parameter[] } {
  const params = data.map((d, j) => parameter(Float64Array.from(d), { name: `p${String(j)}` }));
  return { inner: new HeavyBall(params, { lr: 0.1, momentum: 0 }), params };
}

/** What a transformation was told: `init`'s names, and each update's names, learning rates and group options. */
interface Seen {
  initNames: (readonly (string | undefined)[])[];
  names: (readonly (string | undefined)[])[];
  lr: number[][];
  options: (readonly Readonly<Record<string, unknown>>[])[];
}

/** A transformation that leaves the updates alone and records what it is told. */
function recorder(name: string, seen: Seen): GradientTransformation {
  return {
    name,
    init: (_params, info) => {
      seen.initNames.push([...info.names]);
      return {};
    },
    update: (updates: FloatArray[], state, _params, context: TransformContext) => {
      seen.names.push([...context.names]);
      seen.lr.push([...context.lr]);
      seen.options.push([...context.options]);
      return [updates, state];
    },
  };
}

function emptySeen(): Seen {
  return { initNames: [], names: [], lr: [], options: [] };
}

describe('which before-transformations are folded into the step (stepWithScaledGradients)', () => {
  const cases: [what: string, before: () => GradientTransformation | undefined, folded: boolean, grad: number[]][] = [
    ['a clipByGlobalNorm alone', () => clipByGlobalNorm(1), true, [3 * FACTOR_AT_NORM_5, 4 * FACTOR_AT_NORM_5]],
    ['a chain ending in clipByGlobalNorm', () => chain(zeroNans(), clipByGlobalNorm(1)), true, [3 * FACTOR_AT_NORM_5, 4 * FACTOR_AT_NORM_5]],
    ['a chain whose clipByGlobalNorm is not last', () => chain(clipByGlobalNorm(1), scale(1)), false, [3 * FACTOR_AT_NORM_5, 4 * FACTOR_AT_NORM_5]],
    ['another transformation alone', () => clipByValue(1), false, [1, 1]],
    ['no before-transformation', () => undefined, false, [3, 4]],
  ];
  for (const [what, before, folded, grad] of cases) {
    it(`${what}: ${folded ? 'the optimizer is handed the factor' : 'the optimizer steps on the transformed gradients'}`, () => {
      const { inner, params } = heavyBall([1, 2]);
      const scaled = vi.spyOn(inner, 'stepWithScaledGradients');
      const transformation = before();
      const around: AroundOptimizer = transformation === undefined ? { after: ema(0.5) } : { before: transformation };
      const opt = new TransformedOptimizer(inner, around);
      const p = params[0] as Parameter;
      p.grad?.set([3, 4]);
      opt.step();
      expect(scaled.mock.calls).toEqual(folded ? [[FACTOR_AT_NORM_5]] : []);
      // PyTorch's clip_grad_norm_ then step(): the caller's gradient is clipped in place either way.
      expect([...(p.grad ?? [])]).toEqual(grad);
      expect(opt.stepCount).toBe(1);
    });
  }
});

describe('what the transformations are told', () => {
  it('init and every update get the parameter names; each update gets each parameter\'s group learning rate and options', () => {
    const a = parameter(Float64Array.from([1, 2]), { name: 'a' });
    const b = parameter(Float64Array.from([3]), { name: 'b' });
    const c = parameter(Float64Array.from([4, 5, 6]), { name: 'c' });
    const inner = new HeavyBall([{ params: [a, b], lr: 0.1 }, { params: [c], lr: 0.25 }], { momentum: 0 });
    const before = emptySeen();
    const after = emptySeen();
    const opt = new TransformedOptimizer(inner, { before: recorder('seeBefore', before), after: recorder('seeAfter', after) });
    opt.step();
    opt.step();
    const groups = inner.paramGroups;
    for (const seen of [before, after]) {
      expect(seen.initNames).toEqual([['a', 'b', 'c']]);
      expect(seen.names).toEqual([['a', 'b', 'c'], ['a', 'b', 'c']]);
      expect(seen.lr).toEqual([[0.1, 0.1, 0.25], [0.1, 0.1, 0.25]]);
      for (const options of seen.options) {
        expect(options).toHaveLength(3);
        expect(options[0]).toBe(groups[0]?.options);
        expect(options[1]).toBe(groups[0]?.options);
        expect(options[2]).toBe(groups[1]?.options);
      }
    }
  });

  it('transformState finds a transformation on either side, and answers undefined for a name nowhere', () => {
    const onlyAfter = new TransformedOptimizer(heavyBall([1]).inner, { after: ema(0.5) });
    expect(onlyAfter.transformState('ema')).toEqual({ count: 0, average: [Float64Array.from([0])] });
    expect(onlyAfter.transformState('lookahead')).toBeUndefined();
    const onlyBefore = new TransformedOptimizer(heavyBall([1]).inner, { before: clipByGlobalNorm(2) });
    expect(onlyBefore.transformState('clipByGlobalNorm')).toBeDefined();
    expect(onlyBefore.transformState('ema')).toBeUndefined();
  });
});

describe('the caller\'s gradients, read at every step', () => {
  it('a gradient array replaced after construction is the one transformed and stepped on', () => {
    const { inner, params } = heavyBall([1, 2]);
    const p = params[0] as Parameter;
    const opt = new TransformedOptimizer(inner, { before: clipByValue(1) });
    const fresh = Float64Array.from([3, -0.5]);
    p.grad = fresh;
    opt.step();
    // clipByValue(1) in place, then θ ← θ − 0.1·g.
    expect([...fresh]).toEqual([1, -0.5]);
    expect([...p.data]).toEqual([1 - 0.1 * 1, 2 - 0.1 * -0.5]);
  });

  it('a parameter without a gradient is seen as zero by the transformations and left alone by the optimizer', () => {
    const { inner, params } = heavyBall([1, 2], [7]);
    (params[1] as Parameter).grad = null;
    (params[0] as Parameter).grad?.set([3, 4]);
    const opt = new TransformedOptimizer(inner, { before: chain(clipByGlobalNorm(1), scale(1)) });
    opt.step();
    expect(opt.transformState('clipByGlobalNorm')?.norm).toBe(5);
    expect([...(params[1] as Parameter).data]).toEqual([7]);
    expect([...(params[0] as Parameter).data]).toEqual([1 - 0.1 * 3 * FACTOR_AT_NORM_5, 2 - 0.1 * 4 * FACTOR_AT_NORM_5]);
  });

  it('a gradient of the wrong length is refused before anything changes', () => {
    const { inner, params } = heavyBall([1, 2], [5, 6, 7]);
    (params[1] as Parameter).grad = new Float64Array(2);
    const opt = new TransformedOptimizer(inner, { before: clipByGlobalNorm(1) });
    expect(() => opt.step()).toThrow('heavy-ball: gradient 1 has length 2, expected 3');
    expect(opt.stepCount).toBe(0);
  });

  it('step returns the closure\'s loss, calling it once', () => {
    const opt = new TransformedOptimizer(heavyBall([1]).inner, { before: clipByGlobalNorm(1) });
    const closure = vi.fn(() => 2.5);
    expect(opt.step(closure)).toBe(2.5);
    expect(closure).toHaveBeenCalledTimes(1);
    expect(opt.step()).toBeUndefined();
  });
});

describe('calls passed through to the wrapped optimizer', () => {
  it('eval(), train() and mode are the wrapped optimizer\'s when it has them, and absent when it has not', () => {
    const plain = new TransformedOptimizer(heavyBall([1]).inner, { after: ema(0.5) });
    expect(plain.eval).toBeUndefined();
    expect(plain.train).toBeUndefined();
    expect(plain.mode).toBeUndefined();

    const { inner } = heavyBall([1]);
    let mode: 'train' | 'eval' = 'train';
    const calls: string[] = [];
    Object.defineProperties(inner, {
      mode: { get: () => mode },
      eval: { value: function (this: unknown) { calls.push(this === inner ? 'eval on inner' : 'eval elsewhere'); mode = 'eval'; } },
      train: { value: function (this: unknown) { calls.push(this === inner ? 'train on inner' : 'train elsewhere'); mode = 'train'; } },
    });
    const opt = new TransformedOptimizer(inner, { after: ema(0.5) });
    expect(opt.mode).toBe('train');
    opt.eval?.();
    expect(opt.mode).toBe('eval');
    opt.train?.();
    expect(opt.mode).toBe('train');
    expect(calls).toEqual(['eval on inner', 'train on inner']);
  });

  it('paramGroups, currentLr and zeroGrad are the wrapped optimizer\'s; a new parameter group is refused', () => {
    const a = parameter(Float64Array.from([1]), { name: 'a' });
    const b = parameter(Float64Array.from([2]), { name: 'b' });
    const inner = new HeavyBall([{ params: [a], lr: 0.1 }, { params: [b], lr: 0.3 }], { momentum: 0 });
    const opt = new TransformedOptimizer(inner, { before: clipByGlobalNorm(1) });
    expect(opt.paramGroups).toBe(inner.paramGroups);
    expect(opt.currentLr(0)).toBe(0.1);
    expect(opt.currentLr(1)).toBe(0.3);
    a.grad.set([4]);
    b.grad.set([-2]);
    opt.zeroGrad();
    expect([...a.grad, ...b.grad]).toEqual([0, 0]);
    const c = parameter(Float64Array.from([3]), { name: 'c' });
    expect(() => {
      opt.addParamGroup();
    }).toThrow('heavy-ball: an optimizer with gradient transformations takes no new parameter group');
    expect(inner.paramGroups).toHaveLength(2);
    expect(c.data[0]).toBe(3);
  });
});

/** HeavyBall with a number of its own in `shared`, recording every dict it is asked to load. */
class HeavyBallWithShared extends HeavyBall {
  restarts = 0;
  readonly loaded: OptimizerStateDict[] = [];
  override stateDict(): OptimizerStateDictV2 {
    return { ...super.stateDict(), shared: { restarts: this.restarts } };
  }
  override loadStateDict(saved: OptimizerStateDict): void {
    this.loaded.push(saved);
    super.loadStateDict(saved);
    if (saved.specificationVersion === 'v2') this.restarts = saved.shared?.restarts ?? -1;
  }
}

function namedParams(): Parameter[] {
  return [parameter(Float64Array.from([0.5, -1]), { name: 'w' }), parameter(Float64Array.from([2]), { name: 'b' })];
}

function stepped(opt: TransformedOptimizer, params: readonly Parameter[], steps: number): void {
  for (let t = 0; t < steps; t++) {
    params.forEach((p, j) => p.grad?.fill(0.5 * (t + 1) - j));
    opt.step();
  }
}

function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

describe('the state dict split between the optimizer and its transformations', () => {
  it('the optimizer\'s own shared numbers are saved beside the transformations\' and given back to it alone', () => {
    const params = namedParams();
    const inner = new HeavyBallWithShared(params, { lr: 0.1, momentum: 0.5 });
    inner.restarts = 3;
    const opt = new TransformedOptimizer(inner, { after: ema(0.5) });
    stepped(opt, params, 2);
    const saved = jsonCopy(opt.stateDict());
    expect(saved.shared).toEqual({ restarts: 3, 'after.count': 2 });

    const into = new HeavyBallWithShared(namedParams(), { lr: 0.1, momentum: 0.5 });
    const resumed = new TransformedOptimizer(into, { after: ema(0.5) });
    resumed.loadStateDict(saved);
    expect(into.restarts).toBe(3);
    expect(into.loaded[0]).toEqual(jsonCopy(inner.stateDict()));
    expect(resumed.transformState('ema')?.count).toBe(2);
  });

  it('an optimizer without shared numbers is given back exactly its own dict, with no shared field', () => {
    const params = namedParams();
    const inner = new HeavyBall(params, { lr: 0.1, momentum: 0.5 });
    const opt = new TransformedOptimizer(inner, { before: clipByGlobalNorm(1), after: ema(0.5) });
    stepped(opt, params, 2);
    const saved = jsonCopy(opt.stateDict());
    const innerSaved = jsonCopy(inner.stateDict());

    const into = new HeavyBall(namedParams(), { lr: 0.1, momentum: 0.5 });
    const load = vi.spyOn(into, 'loadStateDict');
    new TransformedOptimizer(into, { before: clipByGlobalNorm(1), after: ema(0.5) }).loadStateDict(saved);
    expect(load.mock.calls).toEqual([[innerSaved]]);
    expect(load.mock.calls[0]?.[0]).not.toHaveProperty('shared');
  });

  it('a dict saved before the first step (transformation state only) gives the optimizer no state, and the run continues as fresh', () => {
    const straightParams = namedParams();
    const straight = new TransformedOptimizer(new HeavyBall(straightParams, { lr: 0.1, momentum: 0.5 }), { after: ema(0.5) });
    const saved = jsonCopy(new TransformedOptimizer(new HeavyBall(namedParams(), { lr: 0.1, momentum: 0.5 }), { after: ema(0.5) }).stateDict());
    expect(Object.keys(saved.state.w ?? {})).toEqual(['after.average']);

    const resumedParams = namedParams();
    const inner = new HeavyBall(resumedParams, { lr: 0.1, momentum: 0.5 });
    const resumed = new TransformedOptimizer(inner, { after: ema(0.5) });
    resumed.loadStateDict(saved);
    expect(inner.stateDict().state).toEqual({});
    stepped(straight, straightParams, 3);
    stepped(resumed, resumedParams, 3);
    expect(resumedParams.map((p) => [...p.data])).toEqual(straightParams.map((p) => [...p.data]));
  });

  it('a version-1 dict loads into an optimizer with no transformations', () => {
    const inner = new HeavyBall(namedParams(), { lr: 0.1, momentum: 0.5 });
    const opt = new TransformedOptimizer(inner, {});
    opt.loadStateDict({ specificationVersion: 'v1', optimizer: 'heavy-ball', stepCount: 4, paramGroups: [{ options: {}, params: [0, 1] }], state: {} });
    expect(opt.stepCount).toBe(4);
  });

  it('an optimizer whose own state dict is version 1 cannot save transformation state', () => {
    const { inner } = heavyBall([1]);
    Object.defineProperty(inner, 'stateDict', {
      value: () => ({ specificationVersion: 'v1', optimizer: 'heavy-ball', stepCount: 0, paramGroups: [{ options: {}, params: [0] }], state: {} }),
    });
    const opt = new TransformedOptimizer(inner, { after: ema(0.5) });
    expect(() => opt.stateDict()).toThrow(
      "heavy-ball: its state dict is version 'v1'; transformation state needs version 'v2' (keyed by parameter name)",
    );
  });

  it('a dict saved without a before-transformation: one mismatch, saying none was saved', () => {
    const params = namedParams();
    const opt = new TransformedOptimizer(new HeavyBall(params, { lr: 0.1, momentum: 0.5 }), { after: ema(0.5) });
    stepped(opt, params, 1);
    const saved = jsonCopy(opt.stateDict());
    const other = new TransformedOptimizer(new HeavyBall(namedParams(), { lr: 0.1, momentum: 0.5 }), { before: clipByGlobalNorm(1), after: ema(0.5) });
    expect(() => {
      other.loadStateDict(saved);
    }).toThrow("heavy-ball.loadStateDict: 1 mismatch: before the step: saved no transformation, this optimizer has 'clipByGlobalNorm'");
  });

  it('other transformations: only their shapes are reported, not every value they lack', () => {
    const params = namedParams();
    const opt = new TransformedOptimizer(new HeavyBall(params, { lr: 0.1, momentum: 0.5 }), { after: ema(0.5) });
    stepped(opt, params, 1);
    const saved = jsonCopy(opt.stateDict());
    const other = new TransformedOptimizer(new HeavyBall(namedParams(), { lr: 0.1, momentum: 0.5 }), { after: lookahead(2, 0.5) });
    expect(() => {
      other.loadStateDict(saved);
    }).toThrow(/^heavy-ball\.loadStateDict: 1 mismatch: after the step: saved 'ema', this optimizer has 'lookahead'$/);
  });

  const unknownPaths: [where: string, add: (saved: { shared: Record<string, number>; state: Record<string, Record<string, unknown>> }) => void, problem: string][] = [
    ['shared', (saved) => (saved.shared['before.bogus'] = 1), "shared 'before.bogus' belongs to no transformation here"],
    ['a parameter\'s state', (saved) => ((saved.state.w as Record<string, unknown>)['after.bogus'] = 2), "'w': state 'after.bogus' belongs to no transformation here"],
  ];
  for (const [where, add, problem] of unknownPaths) {
    it(`a value in ${where} under before./after. that no transformation here owns is named, and nothing changes`, () => {
      const params = namedParams();
      const opt = new TransformedOptimizer(new HeavyBall(params, { lr: 0.1, momentum: 0.5 }), { after: ema(0.5) });
      stepped(opt, params, 1);
      const saved = jsonCopy(opt.stateDict()) as { shared: Record<string, number>; state: Record<string, Record<string, unknown>> };
      add(saved);
      const into = new TransformedOptimizer(new HeavyBall(namedParams(), { lr: 0.1, momentum: 0.5 }), { after: ema(0.5) });
      const before = JSON.stringify(into.stateDict());
      expect(() => {
        into.loadStateDict(saved as unknown as OptimizerStateDictV2);
      }).toThrow(`heavy-ball.loadStateDict: 1 mismatch: ${problem}`);
      expect(JSON.stringify(into.stateDict())).toBe(before);
    });
  }

  it('a dict with no shared numbers at all loads', () => {
    const params = namedParams();
    const inner = new HeavyBall(params, { lr: 0.1, momentum: 0.5 });
    const opt = new TransformedOptimizer(inner, {});
    stepped(opt, params, 2);
    const saved = jsonCopy(opt.stateDict());
    const { shared, ...withoutShared } = saved;
    expect(shared).toEqual({});
    const into = new TransformedOptimizer(new HeavyBall(namedParams(), { lr: 0.1, momentum: 0.5 }), {});
    into.loadStateDict(withoutShared);
    expect(into.stepCount).toBe(2);
    expect(JSON.stringify(into.stateDict())).toBe(JSON.stringify(saved));
  });
});
