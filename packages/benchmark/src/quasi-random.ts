// Trials are drawn by a quasi-random sequence, as AlgoPerf draws them: a Halton sequence covers the search space
// more evenly than independent uniform draws, so 16 trials leave no large unexplored corner. A seeded random shift
// per dimension (a Cranley–Patterson rotation) makes a different seed give a different, equally even, point set.

const PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97] as const;

/** The radical inverse of `index` in `base`: its digits mirrored behind the point (base 2: 1 → 0.5, 2 → 0.25, 3 → 0.75). */
export function radicalInverse(index: number, base: number): number {
  let result = 0;
  let scale = 1 / base;
  for (let i = index; i > 0; i = Math.floor(i / base)) {
    result += (i % base) * scale;
    scale /= base;
  }
  return result;
}

/** mulberry32: a small seeded generator of uniform numbers in [0, 1), enough for shifts and noise streams. */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * `count` points of the `dimensions`-dimensional Halton sequence in [0, 1)^dimensions, starting at index 1 (index 0
 * is the origin in every base), each coordinate shifted by a seeded offset modulo 1. The same seed gives the same points.
 */
export function haltonPoints(count: number, dimensions: number, seed: number): number[][] {
  if (dimensions > PRIMES.length) throw new RangeError(`a Halton sequence here has at most ${String(PRIMES.length)} dimensions, got ${String(dimensions)}`);
  const uniform = seededUniform(seed ^ 0x9e3779b9);
  const shifts = Array.from({ length: dimensions }, () => uniform());
  return Array.from({ length: count }, (_, i) =>
    shifts.map((shift, d) => {
      const v = radicalInverse(i + 1, PRIMES[d] as number) + shift;
      return v >= 1 ? v - 1 : v;
    }),
  );
}

/** A standard normal draw from two uniforms (Box–Muller), for the noisy quadratic's gradient noise. */
export function gaussian(uniform: () => number): number {
  const u = 1 - uniform();
  const v = uniform();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
