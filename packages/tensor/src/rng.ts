/**
 * A seeded random generator: xoshiro128** (Blackman & Vigna 2018), 32-bit state words so that it is fast in
 * JavaScript, seeded through SplitMix32 so that nearby seeds give unrelated streams. Every random choice of a run
 * (initial weights, minibatch draws, shuffles) comes from one of these, so a run is repeated exactly by its seed.
 */
export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`Invalid seed: ${String(seed)} (expected a whole number from 0 to 4294967295)`);
    }
    let x = seed >>> 0;
    const splitmix = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = splitmix();
    this.s1 = splitmix();
    this.s2 = splitmix();
    this.s3 = splitmix();
  }

  /** A uniformly distributed 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform in [lo, hi). */
  uniformIn(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Standard normal (Box–Muller; one value per call, so the stream does not depend on pairs). */
  normal(): number {
    let u = this.uniform();
    while (u === 0) u = this.uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.uniform());
  }

  /** A uniform integer in [0, n), without modulo bias: draws in the last incomplete block of n are redrawn. */
  integer(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 0x100000000) throw new RangeError(`integer(n) needs 1 ≤ n ≤ 2³², got ${String(n)}`);
    const limit = 0x100000000 - (0x100000000 % n);
    for (;;) {
      const r = this.nextUint32();
      if (r < limit) return r % n;
    }
  }

  /** Fills `out` with a uniformly random permutation of 0 … out.length − 1 (Fisher–Yates). */
  permutation(out: Uint32Array): Uint32Array {
    for (let i = 0; i < out.length; i++) out[i] = i;
    return this.shuffle(out);
  }

  /** Shuffles in place (Fisher–Yates). */
  shuffle<T extends { length: number; [i: number]: number }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.integer(i + 1);
      const t = a[i] as number;
      a[i] = a[j] as number;
      a[j] = t;
    }
    return a;
  }

  /**
   * Draws `k` distinct indices into the first k slots of `pool`, which must hold a permutation of 0 … n − 1 (it
   * stays one). A partial Fisher–Yates: the same distribution as "a fresh random permutation, first k", with no
   * allocation and O(k) work.
   */
  sampleInto(pool: Uint32Array, k: number): void {
    const n = pool.length;
    if (k > n) throw new RangeError(`cannot draw ${String(k)} distinct samples from ${String(n)}`);
    for (let i = 0; i < k; i++) {
      const j = i + this.integer(n - i);
      const t = pool[i] as number;
      pool[i] = pool[j] as number;
      pool[j] = t;
    }
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
