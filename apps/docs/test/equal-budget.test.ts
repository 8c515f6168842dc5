import { describe, expect, it } from 'vitest';
import { trialOptions } from '@descent/benchmark';
import { builtinOptimizers } from '@descent/builtin-optimizers';
import { rosenbrock, runTrajectory, twoGaussians } from '@descent/surfaces';
import { defaultRun, finalValue, shownLr, tuneOnSurface } from '../.vitepress/theme/lib/equal-budget';
import { areRacerFlags } from '../.vitepress/theme/lib/url-validators';

// The equal-budget race's tuning: the benchmark's own trials, run on the surface, the lowest end kept.
describe('the equal-budget race', () => {
  const request = { surface: rosenbrock, start: [-1.2, 1], steps: 200, trials: 8, seed: 1 };

  it("tries exactly the benchmark tuner's settings, the same number for every optimizer", () => {
    for (const id of ['sgd', 'adam', 'rmsprop']) {
      const plugin = builtinOptimizers.get(id);
      const tuned = tuneOnSurface({ ...request, plugin });
      expect(tuned.trials.map((t) => t.options)).toEqual(trialOptions(plugin, 8, 1));
      // Another seed draws other learning rates.
      expect(tuneOnSurface({ ...request, plugin, seed: 2 }).trials.map((t) => t.options.lr)).not.toEqual(tuned.trials.map((t) => t.options.lr));
    }
  });

  it('keeps the trial that ends lowest, and races with its run', () => {
    const plugin = builtinOptimizers.get('adam');
    const tuned = tuneOnSurface({ ...request, plugin });
    const finals = tuned.trials.map((t) => t.final);
    expect(tuned.trials[tuned.best]?.final).toBe(Math.min(...finals));
    expect(finals.indexOf(Math.min(...finals))).toBe(tuned.best); // the earlier trial on a tie
    const again = runTrajectory({ surface: rosenbrock, optimizer: plugin, options: tuned.trials[tuned.best]!.options, start: [-1.2, 1], steps: 200 });
    expect(tuned.trajectory.points).toEqual(again.points);
    expect(finalValue(tuned.trajectory)).toBe(tuned.trials[tuned.best]?.final);
  });

  it('a diverged trial costs Infinity; among trials some of which diverge, a finite one is kept', () => {
    const plugin = builtinOptimizers.get('sgd');
    expect(finalValue({ points: [[0, 0]], values: [3], gradientNorms: [1], diverged: { step: 1 } })).toBe(Infinity);
    expect(finalValue(defaultRun({ surface: rosenbrock, plugin, start: [-1.2, 1], steps: 200 }))).toBeLessThan(Infinity);
    // SGD's lr is searched from 1e-4 to 1 around its default 0.01: on Rosenbrock the upper part diverges.
    const tuned = tuneOnSurface({ ...request, plugin });
    expect(tuned.trials.some((t) => t.final === Infinity)).toBe(true);
    expect(Number.isFinite(tuned.trials[tuned.best]?.final)).toBe(true);
  });

  it('tuned is never worse than the trials, on a surface with two minima too', () => {
    const plugin = builtinOptimizers.get('momentum');
    const tuned = tuneOnSurface({ surface: twoGaussians, plugin, start: [-1.5, 1.5], steps: 60, trials: 16, seed: 3 });
    for (const t of tuned.trials) expect(tuned.trials[tuned.best]!.final).toBeLessThanOrEqual(t.final);
  });

  it('shows a learning rate to three significant digits; a link may set only known racers, on or off', () => {
    expect(shownLr(0.0018143)).toBe('0.00181');
    expect(shownLr(undefined)).toBe('—');
    expect(areRacerFlags({ adam: true, sgd: false })).toBe(true);
    expect(areRacerFlags({ foo: true })).toBe(false);
    expect(areRacerFlags({ adam: 'yes' })).toBe(false);
  });
});
