import { describe, expect, it } from 'vitest';
import { profileFigure } from './figures.js';
import type { BenchmarkSummary } from './summary.js';

describe('figures', () => {
  it('the performance profile is drawn as steps: ρ holds until the next τ, then jumps straight up', () => {
    const summary = {
      settings: { workloads: [], optimizers: ['a'], trials: 1, seeds: 1, pruner: 'none', seed: 0 },
      workloads: [],
      profile: [{ optimizer: 'a', tau: [1, 2, 3], rho: [0, 0.5, 1] }],
      score: { a: 0.5 },
    } satisfies BenchmarkSummary;
    const svg = profileFigure(summary);
    expect(svg).toContain('a (score 0.500)');
    const points = (/<polyline points="([^"]+)"/.exec(svg)?.[1] ?? '').split(' ').map((p) => p.split(',').map(Number) as [number, number]);
    // (1, 0) (2, 0) (2, 0.5) (3, 0.5) (3, 1): five points, the jumps vertical.
    expect(points).toHaveLength(5);
    expect(points[1]?.[0]).toBe(points[2]?.[0]);
    expect(points[3]?.[0]).toBe(points[4]?.[0]);
    expect(points[0]?.[1]).toBe(points[1]?.[1]);
    expect(points[2]?.[1]).toBe(points[3]?.[1]);
  });
});
