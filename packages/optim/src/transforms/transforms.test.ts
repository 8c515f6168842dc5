import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parameter } from '../parameter.js';
import { encodeArray } from '../state-dict.js';
import { StateDictMismatchError } from '../errors.js';
import { describeOptimizerConformance } from '../testing/conformance.js';
import type { FloatArray } from '../optimizer-types.js';
import {
  accumulate,
  addDecayedWeights,
  chain,
  chainPlugin,
  clipByGlobalNorm,
  clipByNormPerParameter,
  clipByValue,
  ema,
  fromTransformation,
  lookahead,
  NonFiniteGradientError,
  scale,
  scaleByAdam,
  scaleByLearningRate,
  skipNonFinite,
  swa,
  trace,
  zeroNans,
  type GradientTransformation,
  type TransformContext,
} from './index.js';

type Dtype = 'float32' | 'float64';
const arrayOf = (dtype: Dtype, values: readonly number[]): FloatArray => (dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values));

interface Fixture {
  readonly cases: readonly (
    | { kind: 'clip_grad_norm'; dtype: Dtype; maxNorm: number; grads: number[][]; norm: number; clipped: number[][] }
    | { kind: 'clip_grad_value'; dtype: Dtype; clip: number; grads: number[][]; clipped: number[][] }
    | { kind: 'averaged_model'; dtype: Dtype; decay: number | null; values: number[][]; averages: number[][] }
  )[];
}
const fixture = JSON.parse(readFileSync(new URL('../__fixtures__/torch-transforms.json', import.meta.url), 'utf8')) as Fixture;

/** A context for calling `update` by hand. */
function contextFor(n: number, lr = 0.1): TransformContext {
  return { step: 0, names: Array.from({ length: n }, (_, i) => `p${String(i)}`), lr: new Float64Array(n).fill(lr), options: Array.from({ length: n }, () => ({})), skip: false };
}

/** Runs one transformation once on copies of `grads` with `params` and returns the outgoing updates. */
function applyOnce(t: GradientTransformation, grads: FloatArray[], params: FloatArray[] = grads.map((g) => g.slice().fill(0))) {
  const state = t.init(params, { names: params.map((_, i) => `p${String(i)}`) });
  const updates = grads.map((g) => g.slice());
  const context = contextFor(params.length);
  const [out, next] = t.update(updates, state, params, context);
  return { out, state: next, context };
}

/** Largest |a − b| / max(|b|, tiny) over the entries. */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)) / Math.max(Math.abs(b[i] as number), 1e-30));
  return worst;
}

describe('PyTorch replays (scripts/torch-transform-fixtures.py)', () => {
  // float32: PyTorch sums in float32, descent in float64, so the norm and the factor may differ in the last bits.
  const tolerance = (dtype: Dtype) => (dtype === 'float32' ? 4e-7 : 1e-14);
  for (const [n, c] of fixture.cases.entries()) {
    it(`${c.kind} #${String(n)} (${c.dtype})`, () => {
      if (c.kind === 'averaged_model') {
        const t = c.decay === null ? swa() : ema(c.decay);
        const start = arrayOf(c.dtype, c.values[0] ?? []);
        const params = [start.slice()];
        const state = t.init(params, { names: ['w'] });
        for (const [step, value] of c.values.entries()) {
          // The optimizer's step: the update that takes the parameter to the value PyTorch's model had.
          const target = arrayOf(c.dtype, value);
          const p = params[0] as FloatArray;
          const u = target.slice();
          for (let i = 0; i < u.length; i++) u[i] = (target[i] as number) - (p[i] as number);
          // Let θ + u land exactly on the target: pass θ = 0 and u = target.
          p.fill(0);
          u.set(target);
          t.update([u], state, params, contextFor(1));
          p.set(target);
          expect(relativeError(state.average[0] as FloatArray, c.averages[step] ?? []), `step ${String(step)}`).toBeLessThanOrEqual(tolerance(c.dtype));
        }
        expect(state.count).toBe(c.values.length);
        return;
      }
      const grads = c.grads.map((g) => arrayOf(c.dtype, g));
      const t = c.kind === 'clip_grad_norm' ? clipByGlobalNorm(c.maxNorm) : clipByValue(c.clip);
      const { out, state } = applyOnce(t, grads);
      if (c.kind === 'clip_grad_norm') expect(Math.abs((state.norm as number) - c.norm) / c.norm).toBeLessThanOrEqual(tolerance(c.dtype));
      for (const [k, clipped] of c.clipped.entries()) expect(relativeError(out[k] as FloatArray, clipped), `parameter ${String(k)}`).toBeLessThanOrEqual(tolerance(c.dtype));
    });
  }
  it('covers clipping above and below the limit and all three averages', () => {
    const kinds = fixture.cases.map((c) => `${c.kind}:${c.kind === 'averaged_model' ? String(c.decay) : ''}`);
    expect(new Set(kinds).size).toBeGreaterThanOrEqual(5);
  });
});

describe('clipping by hand', () => {
  it('clipByGlobalNorm scales by max / (norm + 1e-6) only above the limit', () => {
    const { out } = applyOnce(clipByGlobalNorm(1), [Float64Array.from([3]), Float64Array.from([4])]);
    expect(out[0]?.[0]).toBeCloseTo((3 * 1) / (5 + 1e-6), 15);
    expect(out[1]?.[0]).toBeCloseTo((4 * 1) / (5 + 1e-6), 15);
    const below = applyOnce(clipByGlobalNorm(10), [Float64Array.from([3]), Float64Array.from([4])]);
    expect([...(below.out[0] ?? []), ...(below.out[1] ?? [])]).toEqual([3, 4]);
  });
  it('clipByNormPerParameter clips each parameter by its own norm', () => {
    const { out } = applyOnce(clipByNormPerParameter(1), [Float64Array.from([3, 4]), Float64Array.from([0.3, 0.4])]);
    expect(out[0]?.[0]).toBeCloseTo(3 / (5 + 1e-6), 15);
    expect([...(out[1] ?? [])]).toEqual([0.3, 0.4]);
  });
  it('clipByValue clamps to [−c, c] and keeps NaN', () => {
    const { out } = applyOnce(clipByValue(0.5), [Float64Array.from([-2, 0.25, 3, Number.NaN])]);
    expect([...(out[0] ?? [])]).toEqual([-0.5, 0.25, 0.5, Number.NaN]);
  });
  it('rejects a limit that is not a positive number', () => {
    expect(() => clipByGlobalNorm(0)).toThrow('Invalid maxNorm for clipByGlobalNorm: 0 (expected a finite number > 0)');
    expect(() => clipByValue(Number.NaN)).toThrow('Invalid clip for clipByValue: NaN');
  });
  it('zeroNans replaces NaN only', () => {
    const { out } = applyOnce(zeroNans(), [Float64Array.from([Number.NaN, 1, Number.POSITIVE_INFINITY])]);
    expect([...(out[0] ?? [])]).toEqual([0, 1, Number.POSITIVE_INFINITY]);
  });
});

/** A chain optimizer over two named float64 parameters, and a gradient function of the step. */
function twoParams(values: [number[], number[]] = [[1, -2, 0.5], [0.25, 3]]) {
  return [parameter(Float64Array.from(values[0]), { name: 'layer.weight' }), parameter(Float64Array.from(values[1]), { name: 'layer.bias' })];
}
function fillGrads(params: ReturnType<typeof twoParams>, t: number) {
  for (const [k, p] of params.entries()) for (let i = 0; i < p.grad.length; i++) p.grad[i] = Math.sin(0.3 * t + i + 2 * k) + 0.5 * (p.data[i] as number);
}
const bits = (params: ReturnType<typeof twoParams>) => params.map((p) => encodeArray(p.data).base64);

describe('skipNonFinite (NaN injection)', () => {
  it('skips a step with NaN or ∞: no parameter moves, every state array stays bit for bit, counters count', () => {
    const params = twoParams();
    const opt = fromTransformation(() => chain(skipNonFinite({ maxConsecutive: 2 }), clipByGlobalNorm(1), scaleByAdam(), scaleByLearningRate()), params, { lr: 0.01 });
    for (let t = 0; t < 3; t++) {
      fillGrads(params, t);
      opt.step();
    }
    const before = JSON.stringify(opt.stateDict());
    const data = bits(params);
    fillGrads(params, 3);
    (params[1] as (typeof params)[number]).grad[1] = Number.NaN;
    opt.step();
    (params[0] as (typeof params)[number]).grad[0] = Number.POSITIVE_INFINITY;
    opt.step();
    expect(bits(params)).toEqual(data);
    const after = JSON.parse(JSON.stringify(opt.stateDict())) as { state: unknown; stepCount: number; shared: Record<string, number> };
    const saved = JSON.parse(before) as typeof after;
    expect(after.state).toEqual(saved.state);
    expect(after.stepCount).toBe(3);
    expect(opt.transformState('skipNonFinite')).toEqual({ skipped: 2, consecutive: 2 });
    // A third non-finite step in a row is one too many: the error names the parameters that were non-finite.
    expect(() => opt.step()).toThrow(NonFiniteGradientError);
    expect(() => opt.step()).toThrow("non-finite now in 'layer.weight', 'layer.bias'");
    // A finite gradient steps again and resets the run of skips.
    fillGrads(params, 4);
    opt.step();
    expect(opt.stepCount).toBe(4);
    expect(opt.transformState('skipNonFinite')).toEqual({ skipped: 2, consecutive: 0 });
    expect(bits(params)).not.toEqual(data);
  });
});

describe('NonFiniteGradientError', () => {
  it('is recognised by isInstance across copies of the module (a Symbol.for marker), and look-alikes are not', async () => {
    // A query string makes the module loader evaluate the file again: a second copy with its own class.
    const specifier = './guards.js?second-copy';
    const other = (await import(/* @vite-ignore */ specifier)) as { NonFiniteGradientError: typeof NonFiniteGradientError };
    expect(other.NonFiniteGradientError).not.toBe(NonFiniteGradientError);
    const theirs = new other.NonFiniteGradientError('non-finite', ['w']);
    expect(theirs).not.toBeInstanceOf(NonFiniteGradientError);
    expect(NonFiniteGradientError.isInstance(theirs)).toBe(true);
    expect(other.NonFiniteGradientError.isInstance(new NonFiniteGradientError('non-finite', ['w']))).toBe(true);
    const fake = Object.assign(new Error('non-finite'), { name: 'NonFiniteGradientError', parameters: ['w'] });
    for (const value of [fake, null, undefined, 'NonFiniteGradientError', {}]) expect(NonFiniteGradientError.isInstance(value)).toBe(false);
  });
});

describe('accumulate (optax MultiSteps)', () => {
  it('k micro-steps make one real step on the mean gradient', () => {
    const k = 3;
    const accumulated = twoParams();
    const plain = twoParams();
    const a = fromTransformation(() => chain(accumulate(k), scaleByAdam(), scaleByLearningRate()), accumulated, { lr: 0.05 });
    const b = fromTransformation(() => chain(scaleByAdam(), scaleByLearningRate()), plain, { lr: 0.05 });
    for (let round = 0; round < 4; round++) {
      const sums = plain.map((p) => new Float64Array(p.data.length));
      for (let m = 0; m < k; m++) {
        // Gradients of the micro-batches, taken at the unchanged parameters.
        fillGrads(accumulated, round * k + m);
        accumulated.forEach((p, j) => { (sums[j] as Float64Array).forEach((_, i, s) => (s[i] = (s[i] as number) + (p.grad[i] as number))); });
        const moved = bits(accumulated);
        a.step();
        if (m < k - 1) expect(bits(accumulated)).toEqual(moved);
      }
      plain.forEach((p, j) => { p.grad.set((sums[j] as Float64Array).map((s) => s / k)); });
      b.step();
      for (const [j, p] of accumulated.entries()) expect(relativeError(p.data, (plain[j] as (typeof plain)[number]).data)).toBeLessThan(1e-12);
    }
    expect(a.stepCount).toBe(4);
  });
});

describe('lookahead (Zhang et al. 2019)', () => {
  it('every k fast steps, φ ← φ + α(θ − φ) and θ ← φ (by hand, with plain SGD as the fast optimizer)', () => {
    const [w] = twoParams([[1, -1], [0]]);
    const p = w as NonNullable<typeof w>;
    const opt = fromTransformation(() => chain(scaleByLearningRate(), lookahead(2, 0.5)), [p], { lr: 0.1 });
    p.grad.set([1, 2]);
    opt.step(); // fast: θ = (0.9, −1.2); slow φ = (1, −1)
    expect(p.data[0]).toBeCloseTo(0.9, 15);
    expect(p.data[1]).toBeCloseTo(-1.2, 15);
    opt.step(); // fast θ would be (0.8, −1.4); sync: φ = (1, −1) + 0.5·((0.8, −1.4) − (1, −1)) = (0.9, −1.2), θ = φ
    expect(p.data[0]).toBeCloseTo(0.9, 15);
    expect(p.data[1]).toBeCloseTo(-1.2, 15);
    opt.step();
    opt.step(); // from (0.9, −1.2): fast to (0.7, −1.6), sync φ = (0.8, −1.4)
    expect(p.data[0]).toBeCloseTo(0.8, 14);
    expect(p.data[1]).toBeCloseTo(-1.4, 14);
    expect(() => lookahead(0, 0.5)).toThrow('Invalid k for lookahead: 0');
    expect(() => lookahead(5, 1.5)).toThrow('Invalid alpha for lookahead: 1.5');
  });
});

describe('ema and swa in a chain', () => {
  it('average the parameters each step produces; the first step copies', () => {
    const [w] = twoParams([[1, 2], [0]]);
    const p = w as NonNullable<typeof w>;
    const opt = fromTransformation(() => chain(scaleByLearningRate(), ema(0.5), swa()), [p], { lr: 1 });
    p.grad.set([1, 1]);
    opt.step(); // θ = (0, 1): both averages copy
    expect([...((opt.transformState('ema')?.average as FloatArray[])[0] ?? [])]).toEqual([0, 1]);
    opt.step(); // θ = (−1, 0): ema = 0.5·(0, 1) + 0.5·(−1, 0); swa = mean of the two
    expect([...((opt.transformState('ema')?.average as FloatArray[])[0] ?? [])]).toEqual([-0.5, 0.5]);
    expect([...((opt.transformState('swa')?.average as FloatArray[])[0] ?? [])]).toEqual([-0.5, 0.5]);
    opt.step(); // θ = (−2, −1): ema = 0.5·(−0.5, 0.5) + 0.5·(−2, −1); swa = mean of three
    expect([...((opt.transformState('ema')?.average as FloatArray[])[0] ?? [])]).toEqual([-1.25, -0.25]);
    expect([...((opt.transformState('swa')?.average as FloatArray[])[0] ?? [])]).toEqual([-1, 0]);
    expect(() => ema(1)).toThrow('Invalid decay for ema: 1');
  });
});

describe('chains as optimizers', () => {
  it('SGD with momentum and Nesterov as chain(trace, scaleByLearningRate), by hand', () => {
    const [w] = twoParams([[1], [0]]);
    const p = w as NonNullable<typeof w>;
    const opt = fromTransformation(() => chain(trace({ decay: 0.5, nesterov: true }), scaleByLearningRate()), [p], { lr: 0.1 });
    p.grad.set([2]);
    opt.step(); // b = 2; u = 2 + 0.5·2 = 3; θ = 1 − 0.3
    expect(p.data[0]).toBeCloseTo(0.7, 15);
    opt.step(); // b = 1 + 2 = 3; u = 2 + 1.5 = 3.5; θ = 0.7 − 0.35
    expect(p.data[0]).toBeCloseTo(0.35, 15);
  });

  it('addDecayedWeights masks parameters by name and reads each group weightDecay', () => {
    const params = twoParams([[2], [2]]);
    const opt = fromTransformation(() => chain(addDecayedWeights({ mask: (name) => !/bias/.test(name ?? '') }), scaleByLearningRate()), params, { lr: 0.5, weightDecay: 0.1 });
    for (const p of params) p.grad.fill(0);
    opt.step();
    expect(params.map((p) => p.data[0])).toEqual([2 - 0.5 * 0.1 * 2, 2]);
    expect(scale(2).name).toBe('scale');
  });

  it('never writes the caller gradient, and refuses a new group after the first step', () => {
    const params = twoParams();
    const opt = fromTransformation(() => chain(clipByValue(0.1), scaleByLearningRate()), params, { lr: 0.1 });
    fillGrads(params, 0);
    const grads = params.map((p) => p.grad.slice());
    opt.step();
    expect(params.map((p) => p.grad)).toEqual(grads);
    expect(() => {
      opt.addParamGroup({ params: [parameter(new Float64Array(1))] });
    }).toThrow('a transformation chain takes no new parameter group after its first step');
  });

  it('state dicts: transformation state by name, reordered lists load, every mismatch is listed before anything changes', () => {
    const make = () => fromTransformation(() => chain(skipNonFinite(), clipByGlobalNorm(1), scaleByAdam(), addDecayedWeights(), scaleByLearningRate(), lookahead(3, 0.5), ema(0.9)), params, { lr: 0.01, weightDecay: 0.01 });
    const params = twoParams();
    const opt = make();
    for (let t = 0; t < 5; t++) {
      fillGrads(params, t);
      opt.step();
    }
    const saved = JSON.parse(JSON.stringify(opt.stateDict())) as { state: Record<string, Record<string, unknown>>; shared: Record<string, number> };
    expect(Object.keys(saved.state)).toEqual(['layer.weight', 'layer.bias']);
    expect(Object.keys(saved.state['layer.bias'] ?? {})).toEqual(['inner.2.mu', 'inner.2.nu', 'inner.5.slow', 'inner.6.average']);
    expect(saved.shared).toMatchObject({ 'inner.0.skipped': 0, 'inner.2.count': 5, 'inner.5.fastSteps': 2, 'inner.6.count': 5 });
    // Reordered: the bias listed first.
    const reordered = [params[1], params[0]].map((p) => parameter((p as (typeof params)[number]).data.slice(), { name: (p as (typeof params)[number]).name as string }));
    const other = fromTransformation(() => chain(skipNonFinite(), clipByGlobalNorm(1), scaleByAdam(), addDecayedWeights(), scaleByLearningRate(), lookahead(3, 0.5), ema(0.9)), reordered, { lr: 0.01, weightDecay: 0.01 });
    other.loadStateDict(saved as never);
    for (let t = 5; t < 12; t++) {
      fillGrads(params, t);
      opt.step();
      reordered.forEach((p, j) => { p.grad.set((params[1 - j] as (typeof params)[number]).grad); });
      other.step();
    }
    expect(reordered.map((p) => encodeArray(p.data).base64)).toEqual([params[1], params[0]].map((p) => encodeArray((p as (typeof params)[number]).data).base64));
    // Two broken entries: both named in one error, and nothing changed.
    const broken = JSON.parse(JSON.stringify(opt.stateDict())) as typeof saved;
    (broken.state['layer.bias'] as Record<string, unknown>)['inner.2.mu'] = encodeArray(new Float64Array(5));
    broken.state['gone.weight'] = {};
    const before = JSON.stringify(other.stateDict());
    expect(() => {
      other.loadStateDict(broken as never);
    }).toThrow("2 mismatches: 'gone.weight': saved, but no parameter here has that name; 'layer.bias': state 'inner.2.mu' has length 5, the parameter has 2");
    expect(JSON.stringify(other.stateDict())).toBe(before);
  });

  it('rejects a version-1 state (a chain saves version 2)', () => {
    const opt = fromTransformation(() => chain(scaleByLearningRate()), twoParams(), { lr: 0.1 });
    expect(() => {
      opt.loadStateDict({ specificationVersion: 'v1', optimizer: 'chain', stepCount: 0, paramGroups: [], state: {} });
    }).toThrow("Chain.loadStateDict: unsupported specificationVersion 'v1'");
  });

  it('rejects a group entry that is not an object and keeps its options (JSON may hold null there)', () => {
    const opt = fromTransformation(() => chain(scaleByLearningRate()), twoParams(), { lr: 0.1 });
    const saved = { ...opt.stateDict(), paramGroups: [null] };
    expect(() => {
      opt.loadStateDict(saved as never);
    }).toThrow(new StateDictMismatchError('Chain.loadStateDict: parameter group 0 is missing'));
    expect(opt.paramGroups[0]?.options.lr).toBe(0.1);
  });
});

const recipe = chainPlugin({
  id: 'adamw-recipe',
  name: 'AdamWRecipe',
  packageName: '@descent/optim',
  summary: 'AdamW with global-norm clipping, a NaN guard and an EMA of the weights, as a chain.',
  updateRule: 'u = \\mathrm{clip}(g); \\theta \\leftarrow \\theta - \\eta(\\mathrm{adam}(u) + \\lambda\\theta)',
  bookMapping: 'Equation 11.10 with decoupled weight decay, after clipping the gradient.',
  references: [{ authors: 'Loshchilov & Hutter', title: 'Decoupled Weight Decay Regularization', year: 2019 }],
  transformation: () => chain(skipNonFinite(), clipByGlobalNorm(10), scaleByAdam(), addDecayedWeights(), scaleByLearningRate(), ema(0.9)),
});

describeOptimizerConformance(recipe, {
  quadratic: { options: { lr: 0.1 }, steps: 400, tolerance: 1e-3 },
  rosenbrock: { options: { lr: 0.02 }, steps: 6000, tolerance: 2e-2 },
  stateful: { lr: 0.01, weightDecay: 0.01 },
});

// Adam as a chain runs its one-pass plan (scaleByAdam, scaleByLearningRate and the apply fused): the conformance
// suite checks it too (gradients untouched, nothing allocated per step, state round trip, determinism).
describeOptimizerConformance(
  chainPlugin({
    id: 'adam-chain',
    name: 'AdamChain',
    packageName: '@descent/optim',
    summary: 'Adam as chain(scaleByAdam, scaleByLearningRate).',
    updateRule: '\\theta \\leftarrow \\theta - \\eta\\,\\mathrm{adam}(g)',
    bookMapping: 'Equation 11.10.',
    references: [{ authors: 'Kingma & Ba', title: 'Adam: A Method for Stochastic Optimization', year: 2015 }],
    transformation: () => chain(scaleByAdam(), scaleByLearningRate()),
  }),
  {
    quadratic: { options: { lr: 0.1 }, steps: 400, tolerance: 1e-3 },
    rosenbrock: { options: { lr: 0.02 }, steps: 6000, tolerance: 2e-2 },
    stateful: { lr: 0.01 },
  },
);

describe('a final scaleByLearningRate folded into the apply pass', () => {
  it('moves the parameters bit for bit as the unfused chain (float32 and float64, groups, a schedule)', () => {
    const make = (fused: boolean) => {
      // Many float32 entries, so that a product not rounded to float32 first would show in some last bit.
      const w = parameter(Float32Array.from({ length: 2000 }, (_, i) => Math.sin(i) * 3), { name: 'w' });
      const b = parameter(Float64Array.from([0.1, -0.2]), { name: 'b' });
      // scale(1) after the rate keeps the rate from being last: the unfused path, multiplying by 1 exactly.
      const t = () => (fused ? chain(scaleByAdam(), scaleByLearningRate()) : chain(scaleByAdam(), scaleByLearningRate(), scale(1)));
      const opt = fromTransformation(t, [
        { params: [w], lr: (step: number) => 0.01 / (1 + step) },
        { params: [b], lr: 0.003 },
      ]);
      return { w, b, opt };
    };
    const fused = make(true);
    const plain = make(false);
    for (let t = 0; t < 5; t++) {
      for (const run of [fused, plain]) {
        for (let i = 0; i < run.w.grad.length; i++) run.w.grad[i] = Math.cos(i * 0.37 + t) * 10 ** ((i % 5) - 2);
        run.b.grad.set([t * 1e-3, -Math.sin(2 * t)]);
        run.opt.step();
      }
    }
    expect(encodeArray(fused.w.data)).toEqual(encodeArray(plain.w.data));
    expect(encodeArray(fused.b.data)).toEqual(encodeArray(plain.b.data));
    expect(fused.w.data[0]).not.toBe(0);
  });
});

describe('scaleByAdam, scaleByLearningRate and the apply in one pass', () => {
  /** The same chain run three ways: fused (one pass), with only the rate folded, and unfused (scale(1) keeps each plan off). */
  const plans = {
    adam: (head: GradientTransformation[]) => chain(...head, scaleByAdam({ amsgrad: head.length > 0 }), scaleByLearningRate()),
    rate: (head: GradientTransformation[]) => chain(...head, scaleByAdam({ amsgrad: head.length > 0 }), scale(1), scaleByLearningRate()),
    chain: (head: GradientTransformation[]) => chain(...head, scaleByAdam({ amsgrad: head.length > 0 }), scaleByLearningRate(), scale(1)),
  };

  function run(plan: keyof typeof plans, head: () => GradientTransformation[]) {
    // Many float32 entries, so that a direction or product not rounded to float32 first would show in some last bit.
    const w = parameter(Float32Array.from({ length: 2003 }, (_, i) => Math.sin(i) * 3), { name: 'w' });
    const b = parameter(Float64Array.from([0.1, -0.2, 0.7]), { name: 'b' });
    const frozen = parameter(Float32Array.from([1, 2]), { name: 'frozen' });
    const opt = fromTransformation(() => plans[plan](head()), [
      { params: [w, frozen], lr: (step: number) => 0.01 / (1 + step) },
      { params: [b], lr: 0.003, maximize: true },
    ]);
    const grads: string[] = [];
    for (let t = 0; t < 6; t++) {
      for (let i = 0; i < w.grad.length; i++) w.grad[i] = Math.cos(i * 0.37 + t) * 10 ** ((i % 5) - 2);
      b.grad.set([t * 1e-3, -Math.sin(2 * t), t === 5 ? Number.NaN : 0.5]);
      // A parameter without a gradient is not moved (its moments still age, as in the unfused chain).
      (frozen as { grad: FloatArray | null }).grad = null;
      opt.step();
      grads.push(encodeArray(w.grad).base64, encodeArray(b.grad).base64);
    }
    return { data: [w, b, frozen].map((p) => encodeArray(p.data).base64), state: JSON.stringify(opt.stateDict()), grads, w };
  }

  it('moves the parameters and the state bit for bit as the unfused chain (float32, float64, maximize, no gradient, groups, a schedule)', () => {
    const fused = run('adam', () => []);
    expect(fused).toEqual(run('rate', () => []));
    expect(fused).toEqual(run('chain', () => []));
    expect(fused.w.data[0]).not.toBe(0);
    expect(fused.data[2]).toBe(encodeArray(Float32Array.from([1, 2])).base64);
  });

  it('after other members too (AMSGrad, a skipped non-finite step, clipping)', () => {
    const head = () => [skipNonFinite(), clipByGlobalNorm(0.5)];
    const fused = run('adam', head);
    expect(fused).toEqual(run('rate', head));
    expect(fused).toEqual(run('chain', head));
  });

  it('reads the caller gradient without writing it, float32 or float64', () => {
    const w = parameter(Float32Array.from([1, -2, 3]), { name: 'w' });
    const b = parameter(Float64Array.from([0.5]), { name: 'b' });
    const opt = fromTransformation(() => chain(scaleByAdam(), scaleByLearningRate()), [w, b], { lr: 0.1 });
    w.grad.set([0.25, -4, 1e-3]);
    b.grad.set([2]);
    opt.step();
    expect([...w.grad]).toEqual([0.25, -4, Math.fround(1e-3)]);
    expect([...b.grad]).toEqual([2]);
    // The first Adam step moves each entry by lr·sign(g) (to ε).
    expect(w.data[0]).toBeCloseTo(0.9, 6);
    expect(w.data[1]).toBeCloseTo(-1.9, 6);
    expect(w.data[2]).toBeCloseTo(2.9, 5);
    expect(b.data[0]).toBeCloseTo(0.5 - 0.1 * (2 / (2 + 1e-8)), 12);
  });
});
