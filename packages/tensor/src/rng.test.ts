import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';

describe('Rng (xoshiro128**)', () => {
  it('repeats a stream exactly for a seed, and different seeds give different streams', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 100 }, () => a.nextUint32());
    expect(Array.from({ length: 100 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c.nextUint32())).not.toEqual(xs);
    expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32)).toBe(true);
  });

  it('uniform() has the mean and variance of U[0, 1) and fills 10 bins evenly (χ² test)', () => {
    const rng = new Rng(7);
    const n = 200_000;
    const bins = new Array<number>(10).fill(0);
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
      sumSq += u * u;
      bins[Math.floor(u * 10)]! += 1;
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(sumSq / n - (sum / n) ** 2).toBeCloseTo(1 / 12, 3);
    const chi2 = bins.reduce((s, o) => s + (o - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(27.88); // χ²(9) at p = 0.001
  });

  it('integer(n) is unbiased for an n that does not divide 2³²', () => {
    const rng = new Rng(11);
    const counts = new Array<number>(3).fill(0);
    for (let i = 0; i < 90_000; i++) counts[rng.integer(3)]! += 1;
    const chi2 = counts.reduce((s, o) => s + (o - 30_000) ** 2 / 30_000, 0);
    expect(chi2).toBeLessThan(13.82); // χ²(2) at p = 0.001
    expect(() => rng.integer(0)).toThrow(/integer\(n\) needs 1 ≤ n/);
  });

  it('normal() has mean 0 and variance 1', () => {
    const rng = new Rng(5);
    let sum = 0;
    let sumSq = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      sumSq += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.02);
    expect(sumSq / n).toBeCloseTo(1, 1);
  });

  it('permutation() and sampleInto() give permutations and distinct draws', () => {
    const rng = new Rng(3);
    const perm = rng.permutation(new Uint32Array(1000));
    expect([...perm].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    const pool = rng.permutation(new Uint32Array(100));
    const seen = new Array<number>(100).fill(0);
    for (let draw = 0; draw < 2000; draw++) {
      rng.sampleInto(pool, 64);
      expect(new Set(pool.subarray(0, 64)).size).toBe(64);
      for (const i of pool.subarray(0, 64)) seen[i]! += 1;
    }
    // Each index is drawn with probability 0.64: 1280 ± 5 sd (sd ≈ 21).
    expect(Math.min(...seen)).toBeGreaterThan(1280 - 110);
    expect(Math.max(...seen)).toBeLessThan(1280 + 110);
    expect([...pool].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('rejects a seed that is not a 32-bit whole number', () => {
    expect(() => new Rng(-1)).toThrow('Invalid seed: -1 (expected a whole number from 0 to 4294967295)');
    expect(() => new Rng(1.5)).toThrow(/Invalid seed/);
  });
});
