import { describe, expect, it } from 'vitest';
import { bookExperiments } from './book-experiments.js';

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
    expect(rows[1]?.final).toEqual([0.932794, -0.933124]);
    expect(rows[1]?.finalSimultaneous).toEqual([0.934347, -0.938517]);
  });

  it('table-11-2 rows carry momentum, the book’s Nesterov, the full Nesterov and the minimum', () => {
    const rows = run('table-11-2').results.rows as Record<string, number[]>[];
    expect(rows[0]?.momentum?.map((v) => Number(v.toFixed(4)))).toEqual([0.8807, -0.9063]);
    expect(rows[1]?.nesterovBook?.map((v) => Number(v.toFixed(4)))).toEqual([-0.9718, 0.9813]);
    expect(rows[0]?.nesterov).toEqual([0.899001, -0.898292]);
    expect(rows[1]?.minimum).toEqual([-1, 1]);
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
