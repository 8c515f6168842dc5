import { momentumPlugin } from '@descent/optimizer-momentum';
import { sgdPlugin } from '@descent/optimizer-sgd';
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
