import type { Surface } from '@descent/surfaces';
import { Rng } from '@descent/tensor';

/**
 * The surface with a stochastic gradient: every gradient the optimizer reads is the exact one plus Gaussian noise
 * of standard deviation `sigma` on each component, as a minibatch's gradient is the full one plus noise. The noise
 * comes from a seeded generator made afresh for each run, so the same seed draws the same path. σ = 0 is the surface
 * itself. The values (the f the figure and the status report) stay exact.
 */
export function noisySurface(surface: Surface, sigma: number, seed: number): Surface {
  if (sigma === 0) return surface;
  const rng = new Rng(seed);
  return {
    ...surface,
    value: (p) => surface.value(p),
    gradient(p, out) {
      surface.gradient(p, out);
      for (let i = 0; i < surface.dimension; i++) out[i] = (out[i] ?? 0) + sigma * rng.normal();
    },
  };
}
