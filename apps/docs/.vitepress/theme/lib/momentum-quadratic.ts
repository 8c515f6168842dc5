import { parameter } from '@descent/optim';
import { momentumPlugin } from '@descent/optimizer-momentum';

// Momentum on a quadratic, as Goh ("Why Momentum Really Works", Distill 2017) shows it. f(w) = ½ Σ λᵢ wᵢ² in its
// eigenbasis, so each coordinate is one eigen-component of the error. The runs are the momentum optimizer package
// itself (PyTorch's b ← μb + g, w ← w − ηb, which is Goh's z ← βz + ∇f, w ← w − αz); the closed-form rate beside them
// is the check that the picture and the theory agree.

/** `count` eigenvalues spaced geometrically from 1/κ to 1: condition number κ. */
export function eigenvalues(kappa: number, count = 3): number[] {
  if (count === 1) return [1];
  return Array.from({ length: count }, (_, i) => kappa ** (i / (count - 1) - 1));
}

/**
 * `steps` steps of the momentum optimizer from w = (1, …, 1): for each eigen-component, its share of the loss
 * ½λᵢwᵢ² at every step (index 0 is the start). A run that overflows stops where its numbers stop being finite.
 */
export function componentLosses(lambdas: readonly number[], lr: number, momentum: number, steps: number): number[][] {
  const w = parameter(new Float64Array(lambdas.length).fill(1));
  const optimizer = momentumPlugin.create([w], { lr, momentum });
  const out = lambdas.map((l, i) => [0.5 * l * (w.data[i] ?? 0) ** 2]);
  for (let step = 0; step < steps; step++) {
    lambdas.forEach((l, i) => {
      w.grad[i] = l * (w.data[i] ?? 0);
    });
    optimizer.step();
    if (!w.data.every(Number.isFinite)) break;
    lambdas.forEach((l, i) => out[i]?.push(0.5 * l * (w.data[i] ?? 0) ** 2));
  }
  return out;
}

/**
 * The convergence rate the optimizer shows: the factor by which ‖w‖ shrinks per step, measured over the second half
 * of `steps` steps (the first half lets the transient pass). Above 1 it diverges; capped at `cap` for the map.
 */
export function measuredRate(lambdas: readonly number[], lr: number, momentum: number, steps = 60, cap = 1.2): number {
  const w = parameter(new Float64Array(lambdas.length).fill(1));
  const optimizer = momentumPlugin.create([w], { lr, momentum });
  const norm = () => Math.hypot(...w.data);
  let middle = 1;
  for (let step = 1; step <= steps; step++) {
    lambdas.forEach((l, i) => {
      w.grad[i] = l * (w.data[i] ?? 0);
    });
    optimizer.step();
    if (step === Math.floor(steps / 2)) middle = norm();
    if (!(norm() < 1e100)) return cap;
  }
  const rate = (norm() / middle) ** (1 / (steps - Math.floor(steps / 2)));
  return Number.isFinite(rate) ? Math.min(rate, cap) : cap;
}

/** Goh's closed form: the largest spectral radius over the eigenvalues of the 2×2 step [[μ, λ], [−ημ, 1 − ηλ]]. */
export function theoryRate(lambdas: readonly number[], lr: number, momentum: number): number {
  return Math.max(
    ...lambdas.map((l) => {
      const trace = momentum + 1 - lr * l;
      const det = momentum; // μ(1 − ηλ) + ημλ
      const disc = trace * trace - 4 * det;
      return disc >= 0 ? (Math.abs(trace) + Math.sqrt(disc)) / 2 : Math.sqrt(det);
    }),
  );
}

/** The best (η, μ) for eigenvalues in [λmin, λmax] and its rate (√κ − 1)/(√κ + 1) (Goh, "The optimal parameters"). */
export function optimum(lambdas: readonly number[]): { lr: number; momentum: number; rate: number } {
  const lo = Math.min(...lambdas);
  const hi = Math.max(...lambdas);
  const root = Math.sqrt(hi / lo);
  return { lr: (2 / (Math.sqrt(lo) + Math.sqrt(hi))) ** 2, momentum: ((root - 1) / (root + 1)) ** 2, rate: (root - 1) / (root + 1) };
}
