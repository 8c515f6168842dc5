import { momentumPlugin } from '@descent/optimizer-momentum';
import { sgdPlugin } from '@descent/optimizer-sgd';
import { parameter } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import { bowl, parabola } from './chapter-surfaces.js';
import { rosenbrock } from './classic-surfaces.js';
import { checkStart, runTrajectory } from './trajectory.js';

const allFinite = (xs: readonly number[]) => xs.every((v) => Number.isFinite(v));

describe('runTrajectory stops a diverging run', () => {
  it('at the first step whose f is not finite, keeping only the finite steps before it', () => {
    // η = 100 on Rosenbrock from (−1.2, 1): f overflows to Infinity at step 4, the point becomes NaN at step 6.
    const t = runTrajectory({ surface: rosenbrock, optimizer: sgdPlugin, options: { lr: 100 }, start: [-1.2, 1], steps: 50 });
    expect(t.diverged).toEqual({ step: 4 });
    expect(t.points).toHaveLength(4);
    expect(t.values).toHaveLength(4);
    expect(t.gradientNorms).toHaveLength(4);
    expect(allFinite(t.points.flat())).toBe(true);
    expect(allFinite(t.values)).toBe(true);
    expect(allFinite(t.gradientNorms)).toBe(true);
    // The finite part is the same run, step for step, as one asked to stop before the overflow.
    const short = runTrajectory({ surface: rosenbrock, optimizer: sgdPlugin, options: { lr: 100 }, start: [-1.2, 1], steps: 3 });
    expect(short.diverged).toBeUndefined();
    expect(t.points).toEqual(short.points);
  });

  it('also with momentum, where the overflow comes later', () => {
    const t = runTrajectory({ surface: rosenbrock, optimizer: momentumPlugin, options: { lr: 0.01, momentum: 0.9 }, start: [-1.2, 1], steps: 50 });
    expect(t.diverged).toEqual({ step: 6 });
    expect(t.points).toHaveLength(6);
  });

  it('a run that stays finite has every step and no diverged field', () => {
    const t = runTrajectory({ surface: bowl, optimizer: sgdPlugin, options: { lr: 0.02 }, start: [-0.5, 2.9], steps: 30 });
    expect(t.points).toHaveLength(31);
    expect('diverged' in t).toBe(false);
  });

  it('a run that diverges on its last step reports it', () => {
    const t = runTrajectory({ surface: rosenbrock, optimizer: sgdPlugin, options: { lr: 100 }, start: [-1.2, 1], steps: 4 });
    expect(t.diverged).toEqual({ step: 4 });
    expect(t.points).toHaveLength(4);
  });
});

describe('runTrajectory with an optimizer that needs a closure (needsClosure, as L-BFGS)', () => {
  it('passes step() a closure that sets ∇f at the current point and returns f; each step is one point', () => {
    const calls: { at: number[]; value: number; grad: number[] }[] = [];
    // A stand-in that calls the closure twice a step and then moves by −0.1·∇f from where it started.
    const twice = {
      ...sgdPlugin,
      id: 'twice',
      needsClosure: true,
      create: (params: Iterable<{ data: Float64Array | Float32Array; grad: Float64Array | Float32Array | null }>) => {
        const [p] = [...params];
        return {
          ...sgdPlugin.create([parameter(new Float64Array(2))]),
          step(closure?: () => number) {
            if (p === undefined || p.grad === null || closure === undefined) throw new Error('no closure');
            for (let k = 0; k < 2; k++) calls.push({ at: [...p.data], value: closure(), grad: [...p.grad] });
            const g = [...p.grad];
            g.forEach((gi, i) => (p.data[i] = (p.data[i] as number) - 0.1 * gi));
            return calls[calls.length - 1]?.value;
          },
        };
      },
    } as unknown as typeof sgdPlugin;
    const t = runTrajectory({ surface: bowl, optimizer: twice, options: {}, start: [-0.5, 2.9], steps: 3 });
    expect(t.points).toHaveLength(4);
    expect(calls).toHaveLength(6);
    for (const c of calls) {
      const grad = new Float64Array(2);
      bowl.gradient(Float64Array.from(c.at), grad);
      expect(c.value).toBe(bowl.value(Float64Array.from(c.at)));
      expect(c.grad).toEqual([...grad]);
    }
    // The closure was evaluated at each recorded point before the step from it.
    expect(calls.filter((_, k) => k % 2 === 0).map((c) => c.at)).toEqual(t.points.slice(0, 3));
  });
});

describe('runTrajectory with an optimizer that evaluates elsewhere (an eval() switch, as Schedule-Free)', () => {
  it('records the gradient points as points and the point eval() gives after the last step as evalPoint, then train()s', () => {
    const modes: string[] = [];
    // SGD whose "evaluation point" is the current point halved.
    const halving = {
      ...sgdPlugin,
      create: (params: Iterable<{ data: Float64Array }>, options: Record<string, unknown>) => {
        const [p] = [...params];
        const inner = sgdPlugin.create([p as never], options);
        let y: number[] = [];
        return Object.assign(Object.create(inner) as object, {
          eval() {
            modes.push('eval');
            y = [...(p?.data ?? [])];
            p?.data.forEach((v, i) => (p.data[i] = v / 2));
          },
          train() {
            modes.push('train');
            p?.data.set(y);
          },
        });
      },
    } as unknown as typeof sgdPlugin;
    const plain = runTrajectory({ surface: bowl, optimizer: sgdPlugin, options: { lr: 0.05 }, start: [-0.5, 2.9], steps: 4 });
    const t = runTrajectory({ surface: bowl, optimizer: halving, options: { lr: 0.05 }, start: [-0.5, 2.9], steps: 4 });
    expect(t.points).toEqual(plain.points);
    expect(t.evalPoint).toEqual(plain.points[4]?.map((v) => v / 2));
    expect(modes).toEqual(['eval', 'train']);
    expect(plain.evalPoint).toBeUndefined();
  });
});

describe('checkStart', () => {
  it('rejects a start where f overflows, before any step', () => {
    expect(() => {
      checkStart(rosenbrock, [1e200, 0]);
    }).toThrow('Start [1e+200,0] does not fit rosenbrock: f or its gradient is not finite there (f = Infinity)');
    expect(() => runTrajectory({ surface: rosenbrock, optimizer: sgdPlugin, start: [1e200, 0], steps: 3 })).toThrow(/not finite there/);
  });

  it('accepts finite starts, also far out', () => {
    expect(() => {
      checkStart(parabola, [1e100]);
    }).not.toThrow();
  });
});
