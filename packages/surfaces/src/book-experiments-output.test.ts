import { describe, expect, it } from 'vitest';
import reference from './__fixtures__/numpy-book-loops.json' with { type: 'json' };
import { bookExperiments, type ExperimentResult, type FigureSpec } from './book-experiments.js';
import { bowl, canyon, parabola, twoGaussians } from './chapter-surfaces.js';

// What `descent reproduce` prints and draws of each experiment: the figures' parameters as the chapter spec's table
// (§3) gives them, the book's numbers beside ours in the lines, and titles that name the figure and its settings.

const experiment = (id: string) => {
  const e = bookExperiments.find((x) => x.id === id);
  if (e === undefined) throw new Error(`no experiment ${id}`);
  return e;
};
const run = (id: string): ExperimentResult => experiment(id).run();
const onlyFigure = (r: ExperimentResult): { name: string; spec: FigureSpec } => {
  expect(r.figures).toHaveLength(1);
  return r.figures[0] as { name: string; spec: FigureSpec };
};
const lastOf = (points: readonly (readonly number[])[]) => points[points.length - 1] as readonly number[];
/** A point as the lines print it: (x, y) with `digits` decimals. */
const printed = (p: readonly number[], digits: number) => `(${p.map((v) => v.toFixed(digits)).join(', ')})`;

describe("the chapter's experiments, as the spec's table lists them", () => {
  it('lists the figures and tables in the chapter’s order; each table is printed with its figure', () => {
    expect(bookExperiments.map((e) => [e.id, e.sameAs])).toEqual([
      ['fig-11-1', undefined],
      ['fig-11-2', undefined],
      ['fig-11-3', undefined],
      ['fig-11-4', undefined],
      ['fig-11-5', undefined],
      ['table-11-1', 'fig-11-5'],
      ['fig-11-6', undefined],
      ['fig-11-7', undefined],
      ['fig-11-10', undefined],
      ['table-11-2', 'fig-11-10'],
    ]);
    for (const e of bookExperiments) {
      // `reproduce --list` prints the summary: words, each its own.
      expect(e.summary, e.id).toMatch(/^[a-zA-Z0-9].{15,}$/);
      // A result carries the id it was asked for, also when a table and its figure share a runner.
      expect(e.run().id).toBe(e.id);
    }
    expect(new Set(bookExperiments.map((e) => e.summary)).size).toBe(bookExperiments.length);
  });

  it('every result names its figure in its title and says what the book shows', () => {
    const figureNumber = (id: string) => id.replace(/^(fig|table)-/, '');
    for (const e of bookExperiments) {
      const r = e.run();
      expect(r.title, e.id).toMatch(new RegExp(`^(Figure|Table) ${figureNumber(e.id)}\\b|/ Table ${figureNumber(e.id)}:`));
      expect(r.book.length, e.id).toBeGreaterThan(10);
      expect(r.lines.length, e.id).toBeGreaterThan(0);
      for (const f of r.figures) {
        expect(f.name, e.id).toMatch(/^fig-11-\d+$/);
        expect(f.spec.title, e.id).toMatch(new RegExp(`^Figure ${f.name.replace('fig-', '')}: `));
        for (const p of f.spec.paths) expect(p.points.length, e.id).toBeGreaterThan(1);
      }
    }
  });

  it('fig-11-1: 15 steps of η = 0.03 from −0.9 on the parabola, plotted undotted over its own window; final 0.997648', () => {
    const r = run('fig-11-1');
    expect(r.title).toContain('η = 0.03');
    expect(r.book).toBe('final x = 0.997648');
    const { name, spec } = onlyFigure(r);
    expect(name).toBe('fig-11-1');
    expect(spec.surface).toBe(parabola);
    expect(spec.domain).toBeUndefined();
    expect(spec.title).toContain('15 steps');
    expect(spec.paths).toHaveLength(1);
    const path = spec.paths[0];
    expect(path?.points).toHaveLength(16);
    expect(path?.points[0]).toEqual([-0.9]);
    expect(path?.marker).toBe('o');
    expect(path?.dotted).toBeUndefined();
    expect(r.results.points).toEqual(path?.points.map((p) => p[0]));
    expect(r.lines).toEqual([`final x: ours ${(lastOf(path?.points ?? [])[0] as number).toFixed(6)}   book 0.997648`]);
  });

  it('fig-11-2: 14 steps of η = 0.15 from 0.75, joined by dotted lines, x ∈ [0.75, 1.25]; it crosses 1 on every step', () => {
    const r = run('fig-11-2');
    expect(r.title).toContain('η = 0.15');
    expect(r.book).toContain('oscillates around the minimum at x = 1');
    const { spec } = onlyFigure(r);
    expect(spec.surface).toBe(parabola);
    expect(spec.domain).toEqual({ x: [0.75, 1.25] });
    expect(spec.paths).toHaveLength(1);
    const path = spec.paths[0];
    expect(path?.points).toHaveLength(15);
    expect(path?.points[0]).toEqual([0.75]);
    expect(path?.marker).toBe('o');
    expect(path?.dotted).toBe(true);
    const xs = path?.points.map((p) => p[0] as number) ?? [];
    expect(r.results.points).toEqual(xs);
    expect(r.results.final).toBe(Number((xs[14] as number).toFixed(6)));
    // After the first step every step lands on the other side of 1: 13 crossings in the 13 steps that follow it.
    expect(r.lines).toEqual([`crosses x = 1 on 13 of 13 steps; final x ${(xs[14] as number).toFixed(6)} (book: oscillates around 1)`]);
  });

  it('fig-11-3: the bowl, η = 0.02, 12 steps from (−0.5, 2.9) circle, (1.5, −0.8) square, (2.7, 2.3) triangle; + at the minimum', () => {
    const r = run('fig-11-3');
    expect(r.title).toContain('η = 0.02');
    expect(r.book).toContain('(1, 0.7778)');
    const { spec } = onlyFigure(r);
    expect(spec.surface).toBe(bowl);
    expect(spec.marks).toEqual([[1, 7 / 9]]);
    const starts = [
      [-0.5, 2.9],
      [1.5, -0.8],
      [2.7, 2.3],
    ];
    expect(spec.paths.map((p) => [p.points[0], p.points.length, p.marker, p.dotted])).toEqual([
      [starts[0], 13, 'o', true],
      [starts[1], 13, 's', true],
      [starts[2], 13, '^', true],
    ]);
    // One step size in the figure: the legend tells the runs apart by their starts alone.
    expect(spec.paths.map((p) => p.label)).toEqual(['from (-0.5, 2.9)', 'from (1.5, -0.8)', 'from (2.7, 2.3)']);
    const runs = r.results.runs as { start: number[]; eta: number; steps: number; marker: string; final: number[] }[];
    expect(runs.map((x) => [x.start, x.eta, x.steps, x.marker])).toEqual([
      [starts[0], 0.02, 12, 'o'],
      [starts[1], 0.02, 12, 's'],
      [starts[2], 0.02, 12, '^'],
    ]);
    spec.paths.forEach((p, i) => {
      expect(runs[i]?.final).toEqual(lastOf(p.points).map((v) => Number(v.toFixed(6))));
      expect(r.lines[i]).toBe(`from ${printed(starts[i] ?? [], 1)} η = 0.02, 12 steps: ends at ${printed(lastOf(p.points), 6)}; minimum (1.0000, 0.7778)`);
    });
  });

  it('fig-11-4: the canyon, 14 steps of η = 0.02 from (−0.5, 2.3) circle and η = 0.01 from (2.3, 2.3) square; the legend names the step sizes', () => {
    const r = run('fig-11-4');
    expect(r.book).toBe('η = 0.02 zig-zags across the canyon; η = 0.01 creeps along its floor');
    const { spec } = onlyFigure(r);
    expect(spec.surface).toBe(canyon);
    expect(spec.marks).toEqual([[1, 0.375]]);
    expect(spec.paths.map((p) => [p.points[0], p.points.length, p.marker, p.label])).toEqual([
      [[-0.5, 2.3], 15, 'o', 'from (-0.5, 2.3), η = 0.02'],
      [[2.3, 2.3], 15, 's', 'from (2.3, 2.3), η = 0.01'],
    ]);
    expect(r.lines[1]).toMatch(/^from \(2\.3, 2\.3\) η = 0\.01, 14 steps: ends at \(1\.\d{6}, 0\.375\d{3}\); minimum \(1\.0000, 0\.3750\)$/);
  });

  it("fig-11-5 / table-11-1: five starts on the two Gaussians with the book's x-then-y loop; basins beside the book's", () => {
    for (const id of ['fig-11-5', 'table-11-1']) {
      const r = run(id);
      expect(r.title).toContain('η = 0.4');
      expect(r.book).toContain('square and triangle are caught by the shallow one');
      const { name, spec } = onlyFigure(r);
      expect(name).toBe('fig-11-5');
      expect(spec.surface).toBe(twoGaussians);
      expect(spec.marks).toEqual(twoGaussians.minima.map((m) => m.point));
      expect(spec.paths.map((p) => [p.points[0], p.points.length, p.marker, p.dotted, p.label])).toEqual([
        [[-1.5, 1.2], 10, 'o', true, 'from (-1.5, 1.2)'],
        [[1.5, -1.8], 10, 's', true, 'from (1.5, -1.8)'],
        [[0, 0], 21, '+', true, 'from (0.0, 0.0)'],
        [[0.7, -0.2], 21, '^', true, 'from (0.7, -0.2)'],
        [[1.5, 1.5], 31, '*', true, 'from (1.5, 1.5)'],
      ]);
      // The figure draws the book's loop (x then y), the NumPy reference's points.
      spec.paths.forEach((p, i) => {
        expect(lastOf(p.points).map((v) => v.toFixed(9))).toEqual(lastOf(reference['table-11-1'][i]?.xThenY ?? []).map((v) => v.toFixed(9)));
      });
      const rows = r.results.rows as { start: number[]; steps: number }[];
      expect(rows.map((x) => [x.start, x.steps])).toEqual([
        [[-1.5, 1.2], 9],
        [[1.5, -1.8], 9],
        [[0, 0], 20],
        [[0.7, -0.2], 20],
        [[1.5, 1.5], 30],
      ]);
      expect(r.lines).toHaveLength(6);
      expect(r.lines[0]).toMatch(/^start +steps marker +book loop \(x then y\) +simultaneous update +basin \(book\)$/);
      const bookBasins = ['deep', 'shallow', 'deep', 'shallow', 'deep'];
      ['circle', 'square', 'plus', 'triangle', 'star'].forEach((marker, i) => {
        const line = r.lines[i + 1] ?? '';
        const numpy = reference['table-11-1'][i];
        expect(line.split(/\s{2,}/)[0], line).toBe(printed(rows[i]?.start ?? [], 1));
        expect(line).toContain(` ${String(rows[i]?.steps)} ${marker} `);
        expect(line).toContain(printed(lastOf(numpy?.xThenY ?? []), 6));
        expect(line).toContain(printed(lastOf(numpy?.simultaneous ?? []), 6));
        // Ours, then the book's basin in brackets: they agree on all five.
        expect(line.endsWith(` ${bookBasins[i] as string} (${bookBasins[i] as string})`), line).toBe(true);
      });
    }
  });

  it('fig-11-6: momentum from 0.75 (η = 0.09, μ = 0.8), ten plotted steps each with its own marker, an X at step 50', () => {
    const r = run('fig-11-6');
    expect(r.title).toContain('η = 0.09, μ = 0.8');
    expect(r.book).toContain('1.000215');
    const { spec } = onlyFigure(r);
    expect(spec.surface).toBe(parabola);
    expect(spec.domain).toEqual({ x: [0.75, 1.25] });
    expect(spec.paths).toHaveLength(1);
    const path = spec.paths[0];
    expect(path?.points).toHaveLength(11);
    expect(path?.points[0]).toEqual([0.75]);
    expect(path?.dotted).toBe(true);
    expect(path?.marker).toEqual(['o', 's', '>', '<', '*', '+', 'p', 'h', 'P', 'D', 'o']);
    const points = r.results.points as number[];
    expect(points).toHaveLength(51);
    expect(path?.points.map((p) => p[0])).toEqual(points.slice(0, 11));
    expect(spec.marks).toEqual([[points[50]]]);
    expect((points[50] as number).toFixed(6)).toBe('1.000215');
    expect(r.lines).toEqual([`final x after 50 steps: ours ${(points[50] as number).toFixed(6)}   book ≈ 1.000215`]);
  });

  it("fig-11-7: momentum (μ = 0.9) from (0.7, −0.2), η = 0.1, 25 steps '>' and from (1.5, 1.5), η = 0.02, 90 steps '*'", () => {
    const r = run('fig-11-7');
    expect(r.book).toBe('finals (0.8807, −0.9063) and (−0.9496, 0.9809)');
    const { spec } = onlyFigure(r);
    expect(spec.surface).toBe(twoGaussians);
    expect(spec.marks).toEqual(twoGaussians.minima.map((m) => m.point));
    expect(spec.paths.map((p) => [p.points[0], p.points.length, p.marker, p.dotted, p.label])).toEqual([
      [[0.7, -0.2], 26, '>', true, 'from (0.7, -0.2), η = 0.1'],
      [[1.5, 1.5], 91, '*', true, 'from (1.5, 1.5), η = 0.02'],
    ]);
    const runs = r.results.runs as { start: number[]; eta: number; mu: number; steps: number; final: number[]; book: number[] }[];
    expect(runs.map((x) => [x.start, x.eta, x.mu, x.steps, x.book])).toEqual([
      [[0.7, -0.2], 0.1, 0.9, 25, [0.8807, -0.9063]],
      [[1.5, 1.5], 0.02, 0.9, 90, [-0.9496, 0.9809]],
    ]);
    expect(runs.map((x) => x.final)).toEqual(reference['table-11-2'].map((x) => lastOf(x.momentum).map((v) => Number(v.toFixed(6)))));
    expect(r.lines).toEqual([
      'from (0.7, -0.2) η = 0.1, μ = 0.9, 25 steps: ours (0.8807, -0.9063)   book (0.8807, -0.9063)',
      'from (1.5, 1.5) η = 0.02, μ = 0.9, 90 steps: ours (-0.9496, 0.9809)   book (-0.9496, 0.9809)',
    ]);
  });

  it("fig-11-10 / table-11-2: the book's per-axis Nesterov drawn; momentum, both Nesterovs and the basin's minimum printed beside the book's", () => {
    for (const id of ['fig-11-10', 'table-11-2']) {
      const r = run(id);
      expect(r.book).toContain('Nesterov (0.9128, −0.9181), (−0.9718, 0.9813)');
      const { name, spec } = onlyFigure(r);
      expect(name).toBe('fig-11-10');
      expect(spec.surface).toBe(twoGaussians);
      expect(spec.marks).toEqual(twoGaussians.minima.map((m) => m.point));
      expect(spec.paths.map((p) => [p.points[0], p.points.length, p.marker, p.dotted, p.label])).toEqual([
        [[0.7, -0.2], 26, '>', true, 'from (0.7, -0.2), η = 0.1'],
        [[1.5, 1.5], 91, '*', true, 'from (1.5, 1.5), η = 0.02'],
      ]);
      spec.paths.forEach((p, i) => {
        expect(lastOf(p.points).map((v) => v.toFixed(9))).toEqual(lastOf(reference['table-11-2'][i]?.nesterovPerAxis ?? []).map((v) => v.toFixed(9)));
      });
      const rows = r.results.rows as { start: number[] }[];
      expect(rows.map((x) => x.start)).toEqual([
        [0.7, -0.2],
        [1.5, 1.5],
      ]);
      // The spec's numbers: the book's Table 11-2 and the full look-ahead's finals (chapter spec §3).
      expect(r.lines).toEqual([
        'from (0.7, -0.2) (η = 0.1, μ = 0.9, 25 steps), minimum (0.8940, -0.8940)',
        '  momentum                   ours (0.8807, -0.9063)   book (0.8807, -0.9063)',
        "  Nesterov, book's per-axis  ours (0.9128, -0.9181)   book (0.9128, -0.9181)",
        '  Nesterov, full look-ahead  ours (0.899001, -0.898292)',
        'from (1.5, 1.5) (η = 0.02, μ = 0.9, 90 steps), minimum (-0.9804, 0.9804)',
        '  momentum                   ours (-0.9496, 0.9809)   book (-0.9496, 0.9809)',
        "  Nesterov, book's per-axis  ours (-0.9718, 0.9813)   book (-0.9718, 0.9813)",
        '  Nesterov, full look-ahead  ours (-0.971728, 0.980436)',
      ]);
    }
  });
});
