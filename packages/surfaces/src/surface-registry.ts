import { beale, himmelblau, rastrigin, rosenbrock, saddle } from './classic-surfaces.js';
import { bowl, canyon, parabola, twoGaussians } from './chapter-surfaces.js';
import type { Surface } from './surface.js';

/** Every surface, the chapter's first. */
export const surfaces: readonly Surface[] = [parabola, bowl, canyon, twoGaussians, rosenbrock, beale, himmelblau, rastrigin, saddle];

/** Thrown by `getSurface` for an id no surface has; its message lists the known ids. */
export class UnknownSurfaceError extends Error {
  override readonly name = 'UnknownSurfaceError';
  constructor(readonly id: string) {
    super(`Unknown surface '${id}'; known surfaces: ${surfaces.map((s) => s.id).join(', ')}`);
  }
}

/** The surface with this id; throws `UnknownSurfaceError` for an unknown one. */
export function getSurface(id: string): Surface {
  const surface = surfaces.find((s) => s.id === id);
  if (surface === undefined) throw new UnknownSurfaceError(id);
  return surface;
}
