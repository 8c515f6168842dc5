import { sgdPlugin } from '@descent/optimizer-sgd';
import { momentumPlugin } from '@descent/optimizer-momentum';
import { describe, expect, it } from 'vitest';
import { haltonPoints, radicalInverse } from './quasi-random.js';
import { defaultLearningRateSpace, searchDimensions, trialOptions, valueAt } from './search-space.js';

describe('quasi-random trials', () => {
  it('radicalInverse mirrors the digits behind the point', () => {
    expect([1, 2, 3, 4, 5].map((i) => radicalInverse(i, 2))).toEqual([0.5, 0.25, 0.75, 0.125, 0.625]);
    expect([1, 2, 3, 4].map((i) => radicalInverse(i, 3))).toEqual([1 / 3, 2 / 3, 1 / 9, 4 / 9]);
  });

  it('the same seed gives the same points, another seed other points, all in [0, 1)', () => {
    const a = haltonPoints(16, 3, 7);
    expect(haltonPoints(16, 3, 7)).toEqual(a);
    expect(haltonPoints(16, 3, 8)).not.toEqual(a);
    for (const p of a) for (const v of p) expect(v >= 0 && v < 1).toBe(true);
  });

  it('a shifted Halton sequence keeps its evenness: 16 points put 4 in every quarter of the first axis', () => {
    for (const seed of [0, 1, 2]) {
      const quarters = [0, 0, 0, 0];
      for (const p of haltonPoints(16, 2, seed)) quarters[Math.floor((p[0] as number) * 4)] = (quarters[Math.floor((p[0] as number) * 4)] ?? 0) + 1;
      // Indices 1…16 of base 2 are 15 of the 16 sixteenths plus 1/32: within one of 4 per quarter, whatever the shift.
      for (const q of quarters) expect(Math.abs(q - 4)).toBeLessThanOrEqual(1);
    }
  });

  it('lr without a declared space is searched log-uniformly over four decades around its default', () => {
    const lr = sgdPlugin.options.find((o) => o.name === 'lr');
    expect(lr?.default).toBe(1e-3);
    expect(defaultLearningRateSpace(lr as NonNullable<typeof lr>)).toEqual({ kind: 'log-uniform', min: 1e-5, max: 1e-1 });
    expect(searchDimensions(sgdPlugin).map((d) => d.name)).toEqual(['lr']);
    const trials = trialOptions(sgdPlugin, 16, 0);
    const decades = [0, 0, 0, 0];
    for (const t of trials) {
      const v = t.lr as number;
      expect(v).toBeGreaterThanOrEqual(1e-5);
      expect(v).toBeLessThan(1e-1);
      const decade = Math.floor(Math.log10(v) + 5);
      decades[decade] = (decades[decade] ?? 0) + 1;
      // Every other option keeps the descriptor's default.
      expect(t.weightDecay).toBe(0);
      expect(t.maximize).toBe(false);
    }
    for (const d of decades) expect(Math.abs(d - 4)).toBeLessThanOrEqual(1);
  });

  it('a declared searchSpace is searched too, and choice spaces pick from their values', () => {
    const plugin = {
      options: [...momentumPlugin.options.map((o) => (o.name === 'momentum' ? { ...o, searchSpace: { kind: 'uniform' as const, min: 0.5, max: 0.99 } } : o))],
    };
    expect(searchDimensions(plugin).map((d) => [d.name, d.declared])).toEqual([
      ['lr', false],
      ['momentum', true],
    ]);
    for (const t of trialOptions(plugin, 8, 3)) {
      expect(t.momentum as number).toBeGreaterThanOrEqual(0.5);
      expect(t.momentum as number).toBeLessThan(0.99);
    }
    expect(valueAt({ kind: 'choice', values: ['a', 'b', 'c'] }, 0.5)).toBe('b');
    expect(valueAt({ kind: 'log-uniform', min: 1e-4, max: 1 }, 0.5)).toBeCloseTo(1e-2, 12);
  });
});
