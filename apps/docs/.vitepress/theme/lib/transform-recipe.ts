import { accumulate, chain, clipByGlobalNorm, clipByValue, ema, lookahead, transformedPlugin, type GradientTransformation, type OptimizerPluginV1, type TransformedOptimizer } from '@descent/optim';
import { runTrajectory, type Point, type Surface, type Trajectory } from '@descent/surfaces';

// The transformations recipe demo: the reader composes gradient transformations around an optimizer, as the CLI's
// flags do, and sees the path with them beside the path without. The pieces and their order are the CLI's
// (apps/cli's withTransformFlags): before the step accumulate → clip by value → clip by norm, after it lookahead →
// EMA, so the command the demo prints draws the same path.

/** The pieces a reader can switch on, each with its flag's values. */
export interface Recipe {
  readonly clipGradNorm?: number;
  readonly clipGradValue?: number;
  readonly accumulate?: number;
  readonly lookahead?: { readonly k: number; readonly alpha: number };
  readonly ema?: number;
}

/** The transformations around an optimizer for a recipe, in the CLI's order; undefined for an empty recipe. */
export function recipeAround(r: Recipe): { before?: GradientTransformation; after?: GradientTransformation } | undefined {
  const before: GradientTransformation[] = [];
  if (r.accumulate !== undefined) before.push(accumulate(r.accumulate));
  if (r.clipGradValue !== undefined) before.push(clipByValue(r.clipGradValue));
  if (r.clipGradNorm !== undefined) before.push(clipByGlobalNorm(r.clipGradNorm));
  const after: GradientTransformation[] = [];
  if (r.lookahead !== undefined) after.push(lookahead(r.lookahead.k, r.lookahead.alpha));
  if (r.ema !== undefined) after.push(ema(r.ema));
  if (before.length === 0 && after.length === 0) return undefined;
  return { ...(before.length === 0 ? {} : { before: chain(...before) }), ...(after.length === 0 ? {} : { after: chain(...after) }) };
}

/** The recipe as the CLI's flags, in the order `descent path --help` lists them. */
export function recipeFlags(r: Recipe): string {
  const flags: string[] = [];
  if (r.clipGradNorm !== undefined) flags.push(`--clip-grad-norm ${String(r.clipGradNorm)}`);
  if (r.clipGradValue !== undefined) flags.push(`--clip-grad-value ${String(r.clipGradValue)}`);
  if (r.accumulate !== undefined) flags.push(`--accumulate ${String(r.accumulate)}`);
  if (r.lookahead !== undefined) flags.push(`--lookahead ${String(r.lookahead.k)},${String(r.lookahead.alpha)}`);
  if (r.ema !== undefined) flags.push(`--ema ${String(r.ema)}`);
  return flags.join(' ');
}

/** A run with a recipe: its path, and with an EMA the averaged point after each step (as `path --json --ema`). */
interface RecipeRun {
  readonly trajectory: Trajectory;
  readonly averaged: number[][];
}

export function runRecipe(o: { surface: Surface; plugin: OptimizerPluginV1; options: Record<string, unknown>; start: Point; steps: number; recipe: Recipe }): RecipeRun {
  const around = recipeAround(o.recipe);
  const averaged: number[][] = [];
  const optimizer =
    around === undefined
      ? o.plugin
      : transformedPlugin(o.plugin, () => around, (made: TransformedOptimizer) => {
          if (o.recipe.ema === undefined) return;
          const step = made.step.bind(made);
          made.step = (closure?: () => number) => {
            const loss = step(closure);
            const average = made.transformState('ema')?.average as Float64Array[] | undefined;
            if (average !== undefined) averaged.push(average.flatMap((a) => [...a]));
            return loss;
          };
        });
  return { trajectory: runTrajectory({ surface: o.surface, optimizer, options: o.options, start: o.start, steps: o.steps }), averaged };
}
