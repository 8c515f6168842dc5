import { describe, expect, it } from 'vitest';
import reference from './__fixtures__/numpy-book-loops.json' with { type: 'json' };
import { bookExperiments } from './book-experiments.js';
import { twoGaussians } from './chapter-surfaces.js';

// `reference` is scripts/numpy-book-loops-fixtures.py's output: the chapter's loops written again in NumPy.
const lastOf = (points: number[][]) => (points[points.length - 1] as number[]).map((v) => Number(v.toFixed(6)));
const minimumOfKind = (kind: 'global' | 'local') => twoGaussians.minima.find((m) => m.kind === kind)?.point;

const run = (id: string) => {
  const e = bookExperiments.find((x) => x.id === id);
  if (e === undefined) throw new Error(id);
  return e.run();
};

describe('book experiments', () => {
  it('fig-11-1 and fig-11-6 report the final x', () => {
    expect(run('fig-11-1').results.final).toBe(0.997648);
    expect(run('fig-11-6').results.final).toBe(1.000215);
  });

  it('fig-11-2 oscillates: it crosses the minimum on every step', () => {
    const r = run('fig-11-2').results as { crossings: number };
    expect(r.crossings).toBe(13);
  });

  it('table-11-1: circle, plus and star end in the deep basin, square and triangle in the shallow one', () => {
    const rows = run('table-11-1').results.rows as { marker: string; basin: string; final: number[]; finalSimultaneous: number[] }[];
    expect(rows.map((r) => [r.marker, r.basin])).toEqual([
      ['circle', 'deep'],
      ['square', 'shallow'],
      ['plus', 'deep'],
      ['triangle', 'shallow'],
      ['star', 'deep'],
    ]);
    // The book printed the x-then-y final of the square; every final of both orders comes from the NumPy reference.
    expect(rows[1]?.final).toEqual([0.932794, -0.933124]);
    expect(rows.map((r) => r.final)).toEqual(reference['table-11-1'].map((r) => lastOf(r.xThenY)));
    expect(rows.map((r) => r.finalSimultaneous)).toEqual(reference['table-11-1'].map((r) => lastOf(r.simultaneous)));
  });

  it('table-11-2 rows carry momentum, the book’s Nesterov, the full Nesterov and the minimum', () => {
    const rows = run('table-11-2').results.rows as Record<string, number[]>[];
    expect(rows[0]?.momentum?.map((v) => Number(v.toFixed(4)))).toEqual([0.8807, -0.9063]);
    expect(rows[1]?.nesterovBook?.map((v) => Number(v.toFixed(4)))).toEqual([-0.9718, 0.9813]);
    const numpy = reference['table-11-2'];
    expect(rows.map((r) => r.momentum)).toEqual(numpy.map((r) => lastOf(r.momentum)));
    expect(rows.map((r) => r.nesterovBook)).toEqual(numpy.map((r) => lastOf(r.nesterovPerAxis)));
    expect(rows.map((r) => r.nesterov)).toEqual(numpy.map((r) => lastOf(r.nesterovFull)));
    // (0.7, −0.2) is caught by the shallow minimum, (1.5, 1.5) reaches the deep one: the surface's own minima, not
    // the book's rounded (±1, ∓1).
    expect(rows.map((r) => r.minimum)).toEqual([minimumOfKind('local'), minimumOfKind('global')]);
    const shallow = reference['two-gaussians-minima'].find((m) => m.kind === 'local')?.point ?? [];
    expect(run('table-11-2').lines[0]).toContain(`minimum (${shallow.map((v) => v.toFixed(4)).join(', ')})`);
  });

  it('fig-11-3 and fig-11-4 converge toward their minima', () => {
    const bowlRuns = run('fig-11-3').results.runs as { final: number[] }[];
    for (const r of bowlRuns) expect(Math.hypot((r.final[0] as number) - 1, (r.final[1] as number) - 7 / 9)).toBeLessThan(0.6);
    const canyonRuns = run('fig-11-4').results.runs as { final: number[] }[];
    // η = 0.01 drops to the floor (y ≈ 0.375) at once, then creeps along it: x is still far from 1.
    const [x, y] = canyonRuns[1]?.final as [number, number];
    expect(Math.abs(y - 0.375)).toBeLessThan(1e-3);
    expect(Math.abs(x - 1)).toBeGreaterThan(100 * Math.abs(y - 0.375));
  });

  it('every experiment describes at least one figure', () => {
    for (const e of bookExperiments) expect(e.run().figures.length, e.id).toBeGreaterThan(0);
  });
});
