import { describe, expect, it, vi } from 'vitest';
import { parameter } from '../parameter.js';
import { encodeArray } from '../state-dict.js';
import { InvalidParamsError, StateDictMismatchError } from '../errors.js';
import type { FloatArray, Parameter } from '../optimizer-types.js';
import { ChainOptimizer, chainPlugin, fromTransformation } from './chain-optimizer.js';
import { chain } from './chain.js';
import { addDecayedWeights, scale, scaleByAdam, scaleByLearningRate } from './scale.js';
import { clipByValue } from './clipping.js';
import type { GradientTransformation, TransformInit } from './types.js';

/** A parameter whose gradient may be set to null (no gradient this step) or to an array of another type or length. */
type Loose = Parameter & { grad: FloatArray | null };
const loose = (values: number[], name?: string): Loose => parameter(Float64Array.from(values), name) as Loose;

/** The first Adam step moves θ by −η·g/(|g| + ε): the bias-corrected m̂ is g and √v̂ is |g|. */
const firstAdamStep = (theta: number, lr: number, g: number) => theta - (lr * g) / (Math.abs(g) + 1e-8);

describe('ChainOptimizer: which pass a step takes (the plan)', () => {
  it('a chain ending in scaleByLearningRate folds the rate into the apply pass: the rate member itself never runs', () => {
    const clip = clipByValue(10);
    const rate = scaleByLearningRate();
    const clipUpdate = vi.spyOn(clip, 'update');
    const rateUpdate = vi.spyOn(rate, 'update');
    const w = parameter(Float64Array.from([1, -1]), 'w');
    const opt = fromTransformation(() => chain(clip, rate), [w], { lr: 0.1 });
    w.grad.set([2, -20]);
    opt.step();
    // θ ← θ − η·clip(g): (1 − 0.1·2, −1 + 0.1·10)
    expect([...w.data]).toEqual([1 - 0.1 * 2, -1 + 0.1 * 10]);
    expect(clipUpdate).toHaveBeenCalledTimes(1);
    expect(rateUpdate).not.toHaveBeenCalled();
  });

  it('a chain ending in scaleByAdam, scaleByLearningRate runs Adam fused with the apply: neither member update runs', () => {
    const adam = scaleByAdam();
    const rate = scaleByLearningRate();
    const adamUpdate = vi.spyOn(adam, 'update');
    const rateUpdate = vi.spyOn(rate, 'update');
    const w = parameter(Float64Array.from([1, 1]), 'w');
    const opt = fromTransformation(() => chain(adam, rate), [w], { lr: 0.1 });
    w.grad.set([2, -0.5]);
    opt.step();
    expect(w.data[0]).toBeCloseTo(firstAdamStep(1, 0.1, 2), 12);
    expect(w.data[1]).toBeCloseTo(firstAdamStep(1, 0.1, -0.5), 12);
    expect(adamUpdate).not.toHaveBeenCalled();
    expect(rateUpdate).not.toHaveBeenCalled();
  });

  it('members before the fused Adam pass still run, once per step', () => {
    const clip = clipByValue(1);
    const adam = scaleByAdam();
    const rate = scaleByLearningRate();
    const clipUpdate = vi.spyOn(clip, 'update');
    const adamUpdate = vi.spyOn(adam, 'update');
    const rateUpdate = vi.spyOn(rate, 'update');
    const w = parameter(Float64Array.from([1]), 'w');
    const opt = fromTransformation(() => chain(clip, adam, rate), [w], { lr: 0.1 });
    w.grad.set([5]);
    opt.step();
    expect(w.data[0]).toBeCloseTo(firstAdamStep(1, 0.1, 1), 12);
    expect(clipUpdate).toHaveBeenCalledTimes(1);
    expect(adamUpdate).not.toHaveBeenCalled();
    expect(rateUpdate).not.toHaveBeenCalled();
  });

  it('scaleByAdam followed by anything but scaleByLearningRate runs as a plain chain', () => {
    const adam = scaleByAdam();
    const last = scale(-0.1);
    const adamUpdate = vi.spyOn(adam, 'update');
    const lastUpdate = vi.spyOn(last, 'update');
    const w = parameter(Float64Array.from([1]), 'w');
    const opt = fromTransformation(chain(adam, last), [w], { lr: 0.5 });
    w.grad.set([3]);
    opt.step();
    // scale(−0.1), not the group lr 0.5: θ = 1 − 0.1·3/(3 + ε).
    expect(w.data[0]).toBeCloseTo(firstAdamStep(1, 0.1, 3), 12);
    expect(adamUpdate).toHaveBeenCalledTimes(1);
    expect(lastUpdate).toHaveBeenCalledTimes(1);
  });

  it('a transformation that is no chain (a bare scaleByLearningRate or scale) is an optimizer too', () => {
    const rate = scaleByLearningRate();
    const rateUpdate = vi.spyOn(rate, 'update');
    const w = parameter(Float64Array.from([1]), 'w');
    const opt = fromTransformation(rate, [w], { lr: 0.25 });
    w.grad.set([2]);
    opt.step();
    expect(w.data[0]).toBe(0.5);
    expect(rateUpdate).toHaveBeenCalledTimes(1);
    const v = parameter(Float64Array.from([1]), 'v');
    const plain = fromTransformation(scale(-2), [v]);
    v.grad.set([0.25]);
    plain.step();
    expect(v.data[0]).toBe(0.5);
  });
});

describe('ChainOptimizer: the fused Adam pass reads the caller gradient when nothing runs before it', () => {
  /**
   * A rate schedule is asked for −η after the gradients were taken and before Adam's pass reads them: if it zeroes
   * the caller's gradient, the pass that reads it directly (no copy) sees 0 and leaves θ where it was (Adam's first
   * step is 0/(0 + ε) = 0), and one that reads a copy steps by −η·sign(g).
   */
  function run(head: GradientTransformation[], maximize = false) {
    const w = parameter(Float64Array.from([1]), 'w');
    const opt = fromTransformation(
      () =>
        chain(
          ...head,
          scaleByAdam(),
          scaleByLearningRate(() => {
            w.grad[0] = 0;
            return 0.1;
          }),
        ),
      [w],
      { maximize },
    );
    w.grad.set([2]);
    opt.step();
    return w.data[0] as number;
  }

  it('with scaleByAdam first: no copy, the gradient as the schedule left it (0) is read', () => {
    expect(run([])).toBe(1);
  });

  it('after another member, or with maximize, the step works on its own copy (2, or 2 negated)', () => {
    expect(run([scale(1)])).toBeCloseTo(firstAdamStep(1, 0.1, 2), 12);
    expect(run([], true)).toBeCloseTo(firstAdamStep(1, 0.1, -2), 12);
  });

  it('a float64 gradient of a float32 parameter is copied (rounded to float32) as in the unfused chain, bit for bit', () => {
    const make = (fused: boolean) => {
      const w = { data: Float32Array.from({ length: 500 }, (_, i) => Math.sin(i)), grad: new Float64Array(500), name: 'w' };
      const t = fused ? chain(scaleByAdam(), scaleByLearningRate()) : chain(scaleByAdam(), scaleByLearningRate(), scale(1));
      return { w, opt: fromTransformation(t, [w], { lr: 0.01 }) };
    };
    const runs = [make(true), make(false)];
    for (let t = 0; t < 3; t++) {
      for (const { w, opt } of runs) {
        // Values float32 cannot hold: a float64 direction would differ from the float32 one in some last bit.
        for (let i = 0; i < w.grad.length; i++) w.grad[i] = Math.cos(0.37 * i + t) * 10 ** ((i % 7) - 5) * (1 + 1e-9 * i);
        opt.step();
      }
    }
    const [fused, plain] = runs as [(typeof runs)[number], (typeof runs)[number]];
    expect(encodeArray(fused.w.data)).toEqual(encodeArray(plain.w.data));
    expect(JSON.stringify(fused.opt.stateDict().state)).toBe(JSON.stringify(plain.opt.stateDict().state));
  });
});

describe('ChainOptimizer: parameters without a gradient', () => {
  it('are not moved, with the rate folded or not, even when the chain makes an update from a zero gradient', () => {
    for (const last of [[], [scale(1)]]) {
      const w = loose([2], 'w');
      const frozen = loose([2], 'frozen');
      const opt = fromTransformation(() => chain(addDecayedWeights(), scaleByLearningRate(), ...last), [w, frozen], { lr: 0.5, weightDecay: 0.1 });
      (w.grad as FloatArray).fill(0);
      frozen.grad = null;
      opt.step();
      // u = g + λθ = 0.2 for both; only w, which has a gradient, moves by −η·u.
      expect(w.data[0]).toBeCloseTo(1.9, 15);
      expect(frozen.data[0]).toBe(2);
    }
  });
});

describe('ChainOptimizer: gradients that do not fit', () => {
  it('refuses a gradient of another length, naming the parameter (by name, or #index when unnamed)', () => {
    const w = loose([1, 2, 3], 'layer.weight');
    const unnamed = loose([1, 2]);
    const opt = fromTransformation(() => chain(scaleByLearningRate()), [w, unnamed], { lr: 0.1 });
    w.grad = new Float64Array(2);
    expect(() => opt.step()).toThrow(new InvalidParamsError("Chain: gradient of parameter 'layer.weight' has length 2, expected 3"));
    expect(() => opt.step()).toThrow(InvalidParamsError);
    w.grad = new Float64Array(3);
    unnamed.grad = new Float64Array(5);
    const named = fromTransformation(() => chain(scaleByLearningRate()), [w, unnamed], { lr: 0.1 }, { name: 'Mine' });
    expect(() => named.step()).toThrow(new InvalidParamsError('Mine: gradient of parameter #1 has length 5, expected 2'));
    expect([...w.data]).toEqual([1, 2, 3]);
    expect(opt.stepCount).toBe(0);
  });
});

describe('ChainOptimizer: construction, groups and closures', () => {
  it('takes a transformation object as well as a function of the resolved default options', () => {
    const w = parameter(Float64Array.from([1]), 'w');
    const opt = fromTransformation(chain(scaleByLearningRate()), [w], { lr: 0.5 });
    w.grad.set([1]);
    opt.step();
    expect(w.data[0]).toBe(0.5);
    const seen: number[] = [];
    fromTransformation(
      (options) => {
        seen.push(options.lr as number, options.weightDecay);
        return chain(scaleByLearningRate());
      },
      [parameter(new Float64Array(1))],
      { weightDecay: 0.25 },
    );
    // lr's default is 1e-3.
    expect(seen).toEqual([1e-3, 0.25]);
  });

  it("gives init every parameter's name (undefined when it has none)", () => {
    const infos: TransformInit[] = [];
    const probe: GradientTransformation = {
      name: 'probe',
      init: (_params, info) => {
        infos.push(info);
        return {};
      },
      update: (updates, state) => [updates, state],
    };
    fromTransformation(probe, [parameter(new Float64Array(1), 'a'), parameter(new Float64Array(2))]);
    expect(infos.map((info) => info.names)).toEqual([['a', undefined]]);
  });

  it('takes a new group before its first step (stepped like the others), none after', () => {
    const w = parameter(Float64Array.from([1]), 'w');
    const opt = fromTransformation(() => chain(scaleByLearningRate()), [w], { lr: 0.1 });
    const q = parameter(Float64Array.from([4]), 'q');
    opt.addParamGroup({ params: [q], lr: 0.5 });
    w.grad.set([1]);
    q.grad.set([2]);
    opt.step();
    expect(w.data[0]).toBe(0.9);
    expect(q.data[0]).toBe(3);
    expect(() => {
      opt.addParamGroup({ params: [parameter(new Float64Array(1))] });
    }).toThrow(new InvalidParamsError('Chain: a transformation chain takes no new parameter group after its first step'));
  });

  it('step(closure) calls the closure once and returns its loss; step() returns undefined', () => {
    const w = parameter(Float64Array.from([1]), 'w');
    const opt = fromTransformation(() => chain(scaleByLearningRate()), [w], { lr: 0.1 });
    let calls = 0;
    const loss = opt.step(() => {
      calls++;
      w.grad.set([1]);
      return 2.5;
    });
    expect(loss).toBe(2.5);
    expect(calls).toBe(1);
    // The closure ran before the step: its gradient was used.
    expect(w.data[0]).toBe(0.9);
    expect(opt.step()).toBeUndefined();
  });

  it('has the per-parameter hooks of Optimizer only as stubs: no state, and no one-parameter update', () => {
    class Probe extends ChainOptimizer {
      hooks() {
        return { state: this.initState(), update: () => { this.updateParameter(); } };
      }
    }
    const probe = new Probe({ id: 'probe', name: 'Probe', transformation: chain(scaleByLearningRate()) }, [parameter(new Float64Array(1))]);
    const { state, update } = probe.hooks();
    expect(state).toEqual({});
    expect(update).toThrow(new Error('ChainOptimizer steps every parameter at once'));
  });

  it("fromTransformation's id and name default to 'chain' and 'Chain'", () => {
    const opt = fromTransformation(() => chain(scaleByLearningRate()), [parameter(new Float64Array(1))]);
    expect(opt.id).toBe('chain');
    expect(opt.stateDict().optimizer).toBe('chain');
    const named = fromTransformation(() => chain(scaleByLearningRate()), [parameter(new Float64Array(1))], {}, { id: 'mine' });
    expect(named.id).toBe('mine');
  });
});

describe('ChainOptimizer.loadStateDict: strays', () => {
  const make = () => {
    const w = parameter(Float64Array.from([1, 2]), 'w');
    const opt = fromTransformation(() => chain(scaleByAdam(), scaleByLearningRate()), [w], { lr: 0.1 });
    w.grad.set([1, -1]);
    opt.step();
    return opt;
  };

  it('refuses a shared number that belongs to no transformation of the chain, and changes nothing', () => {
    const opt = make();
    const saved = opt.stateDict();
    const before = JSON.stringify(saved);
    expect(() => {
      opt.loadStateDict({ ...saved, stepCount: 7, shared: { ...saved.shared, 'inner.5.count': 3 } });
    }).toThrow(new StateDictMismatchError("Chain.loadStateDict: 1 mismatch: shared 'inner.5.count' belongs to no transformation of this chain"));
    expect(JSON.stringify(opt.stateDict())).toBe(before);
  });

  it('refuses a state array that belongs to no transformation of the chain', () => {
    const opt = make();
    const saved = opt.stateDict();
    const state = { w: { ...saved.state.w, 'inner.1.trace': encodeArray(new Float64Array(2)) } };
    expect(() => {
      opt.loadStateDict({ ...saved, state });
    }).toThrow(new StateDictMismatchError("Chain.loadStateDict: 1 mismatch: 'w': state 'inner.1.trace' belongs to no transformation of this chain"));
  });

  it('loads a dict without shared numbers into a chain that has none', () => {
    const w = parameter(Float64Array.from([1]), 'w');
    const opt = fromTransformation(() => chain(scale(1), scaleByLearningRate()), [w], { lr: 0.1 });
    const { shared, ...saved } = opt.stateDict();
    expect(shared).toEqual({});
    opt.loadStateDict({ ...saved, stepCount: 4 });
    expect(opt.stepCount).toBe(4);
  });
});

describe('chainPlugin', () => {
  const definition = {
    id: 'sgd-chain',
    name: 'SgdChain',
    packageName: '@descent/optim',
    summary: 'SGD as a chain.',
    updateRule: '\\theta \\leftarrow \\theta - \\eta g',
    bookMapping: 'Equation 11.1.',
    references: [],
    transformation: () => chain(scaleByLearningRate()),
  };

  it('says it is defined by optax chain, and names a PyTorch equivalent only when given one', () => {
    const plain = chainPlugin(definition);
    expect(plain.definedBy).toEqual({ source: 'optax', version: 'chain' });
    expect('pytorch' in plain).toBe(false);
    const withTorch = chainPlugin({ ...definition, pytorch: 'torch.optim.SGD' });
    expect(withTorch.pytorch).toBe('torch.optim.SGD');
  });
});
