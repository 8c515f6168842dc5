import { parameter, type OptimizerPluginV1 } from '@descent/optim';
import type { Point, Surface } from './surface.js';

export interface Trajectory {
  /** steps + 1 points, the start first. */
  readonly points: number[][];
  /** f at each point. */
  readonly values: number[];
  /** |∇f| at each point. */
  readonly gradientNorms: number[];
}

export interface TrajectoryRequest {
  readonly surface: Surface;
  readonly optimizer: OptimizerPluginV1;
  readonly options?: Record<string, unknown>;
  readonly start: Point;
  readonly steps: number;
}

/** Checks a start point against a surface's dimension; the message names what was expected. */
export function checkStart(surface: Surface, start: Point): void {
  if (start.length !== surface.dimension || start.some((v) => !Number.isFinite(v))) {
    throw new RangeError(
      `Start ${JSON.stringify(start)} does not fit ${surface.id}: expected ${String(surface.dimension)} finite number${surface.dimension === 1 ? '' : 's'}`,
    );
  }
}

/** Runs any optimizer plugin on a surface in float64 and records every point, value and gradient norm. */
export function runTrajectory({ surface, optimizer, options, start, steps }: TrajectoryRequest): Trajectory {
  checkStart(surface, start);
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`steps must be a whole number ≥ 0, got ${String(steps)}`);
  const p = parameter(Float64Array.from(start));
  const opt = optimizer.create([p], options as never);
  const points: number[][] = [];
  const values: number[] = [];
  const gradientNorms: number[] = [];
  const record = () => {
    surface.gradient(p.data, p.grad);
    points.push([...p.data]);
    values.push(surface.value(p.data));
    gradientNorms.push(Math.hypot(...p.grad));
  };
  record();
  for (let i = 0; i < steps; i++) {
    // record() left ∇f at the current point in p.grad.
    opt.step();
    record();
  }
  return { points, values, gradientNorms };
}
