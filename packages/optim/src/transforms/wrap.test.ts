import { describe, expect, it } from 'vitest';
import { HeavyBall, heavyBallPlugin } from '../__fixtures__/heavy-ball.js';
import { parameter } from '../parameter.js';
import type { OptimizerStateDictV2 } from '../state-dict.js';
import type { Parameter } from '../optimizer-types.js';
import {
  accumulate,
  chain,
  clipByGlobalNorm,
  clipByNormPerParameter,
  clipByValue,
  ema,
  lookahead,
  scale,
  skipNonFinite,
  swa,
  transformedPlugin,
  zeroNans,
  type AroundOptimizer,
  TransformedOptimizer,
} from './index.js';

describe('transformations around an existing optimizer', () => {
  it('clips the caller gradient in place before the step (clip_grad_norm_ then step), and averages after it', () => {
    const a = parameter(Float64Array.from([1, 2]), { name: 'w' });
    const b = parameter(Float64Array.from([1, 2]), { name: 'w' });
    let made: TransformedOptimizer | undefined;
    const plugin = transformedPlugin(heavyBallPlugin, () => ({ before: clipByGlobalNorm(1), after: ema(0.5) }), (o) => (made = o as never));
    const wrapped = plugin.create([a], { lr: 0.1, momentum: 0.5 });
    const plain = new HeavyBall([b], { lr: 0.1, momentum: 0.5 });
    const seen: number[][] = [];
    for (let t = 0; t < 3; t++) {
      a.grad.set([3, 4]);
      wrapped.step();
      expect([...a.grad]).toEqual([3 / (5 + 1e-6), 4 / (5 + 1e-6)]);
      b.grad.set([3 / (5 + 1e-6), 4 / (5 + 1e-6)]);
      plain.step();
      seen.push([...b.data]);
    }
    expect([...a.data]).toEqual([...b.data]);
    expect(wrapped.stepCount).toBe(3);
    const expected = seen.reduce<number[]>((avg, p, i) => (i === 0 ? p : avg.map((x, j) => 0.5 * x + 0.5 * (p[j] as number))), []);
    expect([...((made?.transformState('ema')?.average as Float64Array[])[0] ?? [])]).toEqual(expected);
  });

  it('a skipped step leaves the optimizer alone; lookahead pulls the parameters back every k steps', () => {
    const p = parameter(Float64Array.from([1]), { name: 'w' });
    const opt = transformedPlugin(heavyBallPlugin, () => ({ before: chain(skipNonFinite()), after: lookahead(2, 0.5) })).create([p], { lr: 0.1, momentum: 0 });
    p.grad[0] = Number.NaN;
    opt.step();
    expect(opt.stepCount).toBe(0);
    expect(p.data[0]).toBe(1);
    p.grad[0] = 1;
    opt.step(); // 0.9
    opt.step(); // fast 0.8, sync: 1 + 0.5·(0.8 − 1) = 0.9
    expect(p.data[0]).toBeCloseTo(0.9, 15);
    expect(opt.stepCount).toBe(2);
  });

  it('a final clipByGlobalNorm is handed to the step as a factor: bit for bit as clipping then step(), with or without stepWithScaledGradients', () => {
    const run = (fold: 'base class' | 'absent' | 'unfolded') => {
      const p = parameter(Float64Array.from([1, 2, -0.5]), { name: 'w' });
      const q = parameter(Float32Array.from([0.25, 3]), { name: 'b' });
      // scale(1) after the clip keeps it from being last: the unfolded path, multiplying by 1 exactly.
      const before = fold === 'unfolded' ? chain(skipNonFinite(), clipByGlobalNorm(1), scale(1)) : chain(skipNonFinite(), clipByGlobalNorm(1));
      const inner = heavyBallPlugin.create([p, q], { lr: 0.1, momentum: 0.5 });
      // An optimizer of another implementation may lack the method: the gradients are scaled, then it steps.
      if (fold === 'absent') Object.defineProperty(inner, 'stepWithScaledGradients', { value: undefined });
      const opt = new TransformedOptimizer(inner, { before });
      const seen: number[] = [];
      for (let t = 0; t < 4; t++) {
        p.grad.set([3 * Math.sin(t), 4, t === 2 ? Number.NaN : 1]);
        q.grad.set([t, -2]);
        opt.step();
        seen.push(...p.data, ...q.data, ...p.grad, ...q.grad);
      }
      return { seen, norm: opt.transformState('clipByGlobalNorm'), steps: opt.stepCount };
    };
    const folded = run('base class');
    expect(folded).toEqual(run('unfolded'));
    expect(folded).toEqual(run('absent'));
    expect(folded.steps).toBe(3);
    expect(folded.norm?.norm).toBeGreaterThan(1);
  });

  it('refuses an optimizer that evaluates its own gradient', () => {
    expect(() => transformedPlugin({ ...heavyBallPlugin, needsClosure: true }, () => ({}))).toThrow('heavy-ball evaluates the gradient itself');
  });
});

/** Two named parameters, one float32 and one float64, at fixed starting values. */
function freshParams(): Parameter[] {
  return [parameter(Float32Array.from([0.5, -1.25, 2]), { name: 'w' }), parameter(Float64Array.from([0.3, -0.7]), { name: 'b' })];
}

/** A deterministic gradient for step t, depending on the parameters; NaN at the steps in `nanAt`. */
function setGradients(params: readonly Parameter[], t: number, nanAt: ReadonlySet<number>): void {
  params.forEach((p, j) => {
    const grad = p.grad as Float64Array;
    for (let i = 0; i < p.data.length; i++) grad[i] = nanAt.has(t) && i === 0 ? Number.NaN : 3 * Math.sin(1.7 * (p.data[i] as number) + t + j) + 0.1 * t;
  });
}

function bytes(params: readonly Parameter[]): string[] {
  return params.map((p) => Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength).toString('hex'));
}

/** Runs `steps` steps uninterrupted, and again saving (through JSON) after `saveAt` into a fresh optimizer, then continuing. */
function saveLoadContinue(around: () => AroundOptimizer, steps: number, saveAt: number, nanAt: ReadonlySet<number> = new Set()) {
  const plugin = transformedPlugin(heavyBallPlugin, around);
  const straightParams = freshParams();
  const straight = plugin.create(straightParams, { lr: 0.05, momentum: 0.9 });
  for (let t = 0; t < steps; t++) {
    setGradients(straightParams, t, nanAt);
    straight.step();
  }
  const firstParams = freshParams();
  const first = plugin.create(firstParams, { lr: 0.05, momentum: 0.9 });
  for (let t = 0; t < saveAt; t++) {
    setGradients(firstParams, t, nanAt);
    first.step();
  }
  const saved = JSON.parse(JSON.stringify(first.stateDict())) as OptimizerStateDictV2;
  // The fresh optimizer's parameters carry the first run's values (as a checkpoint of the model would).
  const resumedParams = freshParams();
  resumedParams.forEach((p, j) => {
    p.data.set((firstParams[j] as Parameter).data);
  });
  const resumed = plugin.create(resumedParams, { lr: 0.05, momentum: 0.9 });
  resumed.loadStateDict(saved);
  for (let t = saveAt; t < steps; t++) {
    setGradients(resumedParams, t, nanAt);
    resumed.step();
  }
  return { saved, straight, straightParams, resumed, resumedParams };
}

describe('state dicts of transformations around an optimizer', () => {
  const kinds: [kind: string, around: () => AroundOptimizer, paths: string[], nanAt?: number[]][] = [
    ['clipping (global norm, per parameter, by value)', () => ({ before: chain(clipByGlobalNorm(1), clipByNormPerParameter(2), clipByValue(0.8)) }), ['before.inner.0.norm']],
    ['skipNonFinite counters and zeroNans', () => ({ before: chain(skipNonFinite({ maxConsecutive: 3 }), zeroNans()) }), ['before.inner.0.skipped', 'before.inner.0.consecutive'], [2, 3, 6]],
    ['accumulation buffers (saved mid-round)', () => ({ before: accumulate(3) }), ['before.miniStep', 'before.accumulated']],
    ['lookahead slow weights (saved between syncs)', () => ({ after: lookahead(3, 0.5) }), ['after.fastSteps', 'after.slow']],
    ['EMA average', () => ({ after: ema(0.9) }), ['after.count', 'after.average']],
    ['SWA average', () => ({ before: clipByGlobalNorm(2), after: swa() }), ['before.norm', 'after.count', 'after.average']],
  ];
  for (const [kind, around, paths, nanAt = []] of kinds) {
    it(`save → load → continue is bit-identical: ${kind}`, () => {
      const { saved, straight, straightParams, resumed, resumedParams } = saveLoadContinue(around, 10, 4, new Set(nanAt));
      const savedPaths = [...Object.keys(saved.shared ?? {}), ...Object.keys(saved.state.w ?? {})];
      for (const path of paths) expect(savedPaths).toContain(path);
      expect(bytes(resumedParams)).toEqual(bytes(straightParams));
      expect(JSON.stringify(resumed.stateDict())).toBe(JSON.stringify(straight.stateDict()));
      expect(resumed.stepCount).toBe(straight.stepCount);
    });
  }

  it('saves the skip counters, the transformations\' shape and each array under the parameter\'s name', () => {
    const { saved } = saveLoadContinue(() => ({ before: chain(clipByGlobalNorm(1), skipNonFinite()), after: ema(0.5) }), 4, 4, new Set([1, 2]));
    expect(saved.specificationVersion).toBe('v2');
    expect(saved.transformations).toEqual({ before: 'chain(clipByGlobalNorm, skipNonFinite)', after: 'ema' });
    expect(saved.shared).toMatchObject({ 'before.inner.1.skipped': 2, 'before.inner.1.consecutive': 0, 'after.count': 2 });
    expect(Object.keys(saved.state.w ?? {}).sort()).toEqual(['after.average', 'buffer', 'calls']);
    expect((saved.state.b?.['after.average'] as { dtype: string }).dtype).toBe('float64');
  });

  it('rejects a dict saved with other transformations, and one with a misfit value, changing nothing', () => {
    const { saved } = saveLoadContinue(() => ({ before: chain(clipByGlobalNorm(1), skipNonFinite()), after: ema(0.5) }), 3, 3);
    const other = transformedPlugin(heavyBallPlugin, () => ({ before: chain(clipByValue(1), skipNonFinite()) })).create(freshParams(), { lr: 0.05, momentum: 0.9 });
    const before = JSON.stringify(other.stateDict());
    expect(() => {
      other.loadStateDict(saved);
    }).toThrow(
      "heavy-ball.loadStateDict: 2 mismatches: before the step: saved 'chain(clipByGlobalNorm, skipNonFinite)', this optimizer has 'chain(clipByValue, skipNonFinite)'; after the step: saved 'ema', this optimizer has none",
    );
    expect(JSON.stringify(other.stateDict())).toBe(before);

    const same = transformedPlugin(heavyBallPlugin, () => ({ before: chain(clipByGlobalNorm(1), skipNonFinite()), after: ema(0.5) })).create(freshParams(), { lr: 0.05, momentum: 0.9 });
    const sameBefore = JSON.stringify(same.stateDict());
    const broken = JSON.parse(JSON.stringify(saved)) as { state: Record<string, Record<string, unknown>>; shared: Record<string, number> };
    (broken.state.w as Record<string, unknown>)['after.average'] = (saved.state.b as Record<string, unknown>)['after.average'];
    delete broken.shared['before.inner.1.consecutive'];
    expect(() => {
      same.loadStateDict(broken as never);
    }).toThrow("2 mismatches: shared 'before.inner.1.consecutive' is missing; 'w': state 'after.average' has length 2, the parameter has 3");
    expect(JSON.stringify(same.stateDict())).toBe(sameBefore);
  });

  it('rejects a version-1 dict when there are transformations to restore', () => {
    const opt = transformedPlugin(heavyBallPlugin, () => ({ after: ema(0.5) })).create(freshParams(), { lr: 0.05, momentum: 0.9 });
    expect(() => {
      opt.loadStateDict({ specificationVersion: 'v1', optimizer: 'heavy-ball', stepCount: 0, paramGroups: [{ options: {}, params: [0, 1] }], state: {} });
    }).toThrow("heavy-ball.loadStateDict: version 'v1' holds no transformation state");
  });
});
