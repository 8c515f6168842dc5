import { describe, expect, it } from 'vitest';
import { builtinOptimizers } from '@descent/builtin-optimizers';
import { rosenbrock, runTrajectory } from '@descent/surfaces';
import { recipeAround, recipeFlags, runRecipe } from '../.vitepress/theme/lib/transform-recipe';

// The transformations recipe demo: the CLI's pieces in the CLI's order, the path with them, and the EMA's points.
describe('the transformations recipe demo', () => {
  const adam = builtinOptimizers.get('adam');
  const base = { surface: rosenbrock, plugin: adam, options: { lr: 0.05 }, start: [-1.2, 1], steps: 100 };

  it('an empty recipe is the optimizer alone', () => {
    expect(recipeAround({})).toBeUndefined();
    expect(runRecipe({ ...base, recipe: {} }).trajectory.points).toEqual(runTrajectory({ surface: rosenbrock, optimizer: adam, options: { lr: 0.05 }, start: [-1.2, 1], steps: 100 }).points);
    expect(recipeFlags({})).toBe('');
  });

  it('each piece changes the path', () => {
    const plain = runRecipe({ ...base, recipe: {} }).trajectory.points;
    for (const recipe of [{ clipGradNorm: 1 }, { clipGradValue: 0.5 }, { accumulate: 3 }, { lookahead: { k: 5, alpha: 0.5 } }]) {
      expect(runRecipe({ ...base, recipe }).trajectory.points, JSON.stringify(recipe)).not.toEqual(plain);
    }
  });

  it('accumulate 3 steps every third gradient: the point stays put twice, then moves', () => {
    const points = runRecipe({ ...base, recipe: { accumulate: 3 } }).trajectory.points;
    expect(points[1]).toEqual(points[0]);
    expect(points[2]).toEqual(points[0]);
    expect(points[3]).not.toEqual(points[0]);
  });

  it('the EMA leaves the path alone and records the averaged point after each step: avg ← d·avg + (1 − d)·θ', () => {
    const run = runRecipe({ ...base, recipe: { ema: 0.9 } });
    expect(run.trajectory.points).toEqual(runRecipe({ ...base, recipe: {} }).trajectory.points);
    expect(run.averaged).toHaveLength(100);
    // PyTorch's AveragedModel: the first step copies the weights, then the average moves a tenth of the way.
    expect(run.averaged[0]).toEqual(run.trajectory.points[1]);
    const [a1, p2] = [run.averaged[0]!, run.trajectory.points[2]!];
    run.averaged[1]!.forEach((v, i) => {
      expect(v).toBeCloseTo(0.9 * a1[i]! + 0.1 * p2[i]!, 12);
    });
  });

  it("prints the CLI's flags; a value a transformation refuses throws its own message", () => {
    expect(recipeFlags({ clipGradNorm: 1, lookahead: { k: 5, alpha: 0.5 }, ema: 0.9 })).toBe('--clip-grad-norm 1 --lookahead 5,0.5 --ema 0.9');
    expect(() => runRecipe({ ...base, recipe: { accumulate: 0 } })).toThrow(/accumulate/);
  });
});
