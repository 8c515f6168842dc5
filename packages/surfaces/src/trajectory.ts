import { parameter, type OptimizerPluginV1 } from '@descent/optim';
import type { Point, Surface } from './surface.js';

/** The path of a run on a surface: its points, values and gradient norms, and where it diverged if it did. */
export interface Trajectory {
  /** The start first, then one point per step: steps + 1 points, or `diverged.step` points when the run diverged. */
  readonly points: number[][];
  /** f at each point. */
  readonly values: number[];
  /** |∇f| at each point. */
  readonly gradientNorms: number[];
  /**
   * Present when the run diverged: the first step whose point, f or ∇f was not finite (an overflow to ±Infinity, then
   * NaN). The run stops there and that step is left out, so every recorded number is finite.
   */
  readonly diverged?: { readonly step: number };
  /**
   * For optimizers that take gradients at one point and evaluate at another (an `eval()` switch: Schedule-Free), the
   * point to evaluate after the last step (its average x); `points` are then where the gradients were taken (y).
   */
  readonly evalPoint?: number[];
}

/** A run to make with `runTrajectory`: which optimizer, with which options, from where, for how many steps, on which surface. */
export interface TrajectoryRequest {
  readonly surface: Surface;
  readonly optimizer: OptimizerPluginV1;
  readonly options?: Record<string, unknown>;
  readonly start: Point;
  readonly steps: number;
}

/**
 * Checks a start point against a surface: its dimension, finite coordinates, and a finite f and ∇f there (a start
 * such as (1e200, 0) on Rosenbrock overflows before the first step). The message names what was expected.
 */
export function checkStart(surface: Surface, start: Point): void {
  if (start.length !== surface.dimension || start.some((v) => !Number.isFinite(v))) {
    throw new RangeError(
      `Start ${JSON.stringify(start)} does not fit ${surface.id}: expected ${String(surface.dimension)} finite number${surface.dimension === 1 ? '' : 's'}`,
    );
  }
  const gradient = new Float64Array(surface.dimension);
  surface.gradient(start, gradient);
  const value = surface.value(start);
  if (!Number.isFinite(value) || !gradient.every(Number.isFinite)) {
    throw new RangeError(`Start ${JSON.stringify(start)} does not fit ${surface.id}: f or its gradient is not finite there (f = ${String(value)})`);
  }
}

/**
 * Runs any optimizer plugin on a surface in float64 and records every point, value and gradient norm. A run whose
 * numbers stop being finite ends at that step and says so in `diverged`, so callers (the CLI, the docs' demos) get
 * the finite part of the path to draw instead of NaN.
 */
export function runTrajectory({ surface, optimizer, options, start, steps }: TrajectoryRequest): Trajectory {
  checkStart(surface, start);
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`steps must be a whole number ≥ 0, got ${String(steps)}`);
  // A point is a vector: its shape says so to optimizers that need one (Adafactor; Muon refuses it, matrices only).
  const p = parameter(Float64Array.from(start), { shape: [start.length] });
  const opt = optimizer.create([p], options as never);
  const points: number[][] = [];
  const values: number[] = [];
  const gradientNorms: number[] = [];
  /** Records the current point and leaves ∇f there in p.grad; false (nothing recorded) when anything is not finite. */
  const record = (): boolean => {
    surface.gradient(p.data, p.grad);
    const value = surface.value(p.data);
    // hypot is Infinity or NaN when any component is; it overflows only when |∇f| itself exceeds the largest double.
    const norm = Math.hypot(...p.grad);
    if (!Number.isFinite(value) || !Number.isFinite(norm) || !p.data.every(Number.isFinite)) return false;
    points.push([...p.data]);
    values.push(value);
    gradientNorms.push(norm);
    return true;
  };
  record(); // checkStart made sure the start is finite.
  // An optimizer that evaluates the objective itself (descriptor `needsClosure`: L-BFGS) gets a closure that sets ∇f
  // at the point it is called at and returns f. However often one step() calls it, the step is one point of the path.
  const closure = (): number => {
    surface.gradient(p.data, p.grad);
    return surface.value(p.data);
  };
  const withClosure = optimizer.needsClosure === true;
  for (let step = 1; step <= steps; step++) {
    if (withClosure) opt.step(closure);
    else opt.step();
    if (!record()) return { points, values, gradientNorms, diverged: { step } };
  }
  if (opt.eval === undefined) return { points, values, gradientNorms };
  opt.eval();
  const evalPoint = [...p.data];
  opt.train?.();
  return { points, values, gradientNorms, evalPoint };
}
