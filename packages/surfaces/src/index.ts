export type { Extremum, Point, Surface } from './surface.js';
export { globalMinimum, nearestMinimum } from './surface.js';
export { bowl, canyon, parabola, twoGaussians } from './chapter-surfaces.js';
export { beale, himmelblau, rastrigin, rosenbrock, saddle } from './classic-surfaces.js';
export { getSurface, surfaces, UnknownSurfaceError } from './surface-registry.js';
export { checkStart, runTrajectory, type Trajectory, type TrajectoryRequest } from './trajectory.js';
export { bookGradientDescent, bookMomentum, bookNesterov, type BookUpdateOrder, type NesterovLookAhead } from './book-loops.js';
export {
  bookExperiments,
  type BookExperiment,
  type ExperimentResult,
  type FigurePath,
  type FigureSpec,
  type MarkerName,
} from './book-experiments.js';
