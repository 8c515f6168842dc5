import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { figureLayoutFaults } from '@descent/plot/check';
import { bookExperiments } from '@descent/surfaces';
import { describe, expect, it } from 'vitest';
import { renderFigure } from './figure-files.js';
import type { Io } from './io.js';
import { main } from './program.js';

// The figures as a reader of the book looks at them (issue 11 §7): `figureLayoutFaults` renders every text with resvg
// and reports text outside the figure, a legend over a marker, line or bar, and markers cut by the frame.

async function run(...argv: string[]) {
  const cwd = mkdtempSync(join(tmpdir(), 'descent-figures-'));
  let stdout = '';
  let stderr = '';
  const io: Io = { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) };
  const code = await main(argv, io);
  return { code, stdout, stderr, cwd };
}

const legendLabels = (svg: string) =>
  [...svg.slice(svg.indexOf('<g class="legend">')).matchAll(/<text x="[\d.]+" y="[\d.]+">([^<]+)<\/text>/g)].map((m) => m[1]);

describe('the book figures of `descent reproduce`', () => {
  for (const experiment of bookExperiments.filter((e) => e.sameAs === undefined)) {
    it(`${experiment.id}: every text inside, legend over nothing, no marker cut by the frame`, () => {
      for (const { spec } of experiment.run().figures) {
        const svg = renderFigure(spec);
        expect(figureLayoutFaults(svg)).toEqual([]);
        // A legend tells the runs apart: no two entries read the same.
        const labels = legendLabels(svg);
        expect(new Set(labels).size).toBe(labels.length);
      }
    });
  }

  it('fig-11-3 names each run by its start, not three times "η = 0.02"', () => {
    const figure = bookExperiments.find((e) => e.id === 'fig-11-3')?.run().figures[0];
    expect(figure).toBeDefined();
    expect(legendLabels(renderFigure(figure!.spec))).toEqual(['from (-0.5, 2.9)', 'from (1.5, -0.8)', 'from (2.7, 2.3)']);
  });
});

describe('descent race --plot on Rosenbrock', () => {
  it('draws three optimizers along the valley with the legend clear of every path and the text inside', async () => {
    const r = await run('race', '--surface', 'rosenbrock', '--optimizers', 'sgd:lr=0.001,momentum:lr=0.001,adam:lr=0.05', '--steps', '2000', '--plot', 'race.svg');
    expect(r.code).toBe(0);
    const svg = readFileSync(join(r.cwd, 'race.svg'), 'utf8');
    expect(figureLayoutFaults(svg)).toEqual([]);
    expect(legendLabels(svg)).toEqual(['sgd', 'momentum', 'adam']);
    // Each path has its own line style, so one following another's track still shows.
    const styles = [...svg.matchAll(/<polyline[^>]*stroke-width="([\d.]+)"(?: stroke-dasharray="([^"]+)")?/g)].map((m) => `${m[1] ?? ''}/${m[2] ?? 'solid'}`);
    expect(new Set(styles).size).toBe(3);
  });
});

describe('descent stats compare --plot (the histograms of figures 11-8 and 11-9)', () => {
  it('ticks whole counts, hatches the swatch of the hatched bars, and keeps the legend off them', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'descent-histogram-'));
    writeFileSync(join(cwd, 'a.txt'), '0.851\n0.852\n0.853\n');
    writeFileSync(join(cwd, 'b.txt'), '0.861\n0.862\n0.862\n0.863\n');
    let stdout = '';
    const io: Io = { cwd, stdout: (s) => (stdout += s), stderr: () => undefined };
    expect(await main(['stats', 'compare', 'a.txt', 'b.txt', '--labels', 'without momentum,with momentum', '--plot', 'h.svg'], io)).toBe(0);
    expect(stdout).toContain('h.svg');
    const svg = readFileSync(join(cwd, 'h.svg'), 'utf8');
    expect(figureLayoutFaults(svg)).toEqual([]);
    const counts = [...svg.matchAll(/<text x="[\d.]+" y="[\d.]+" text-anchor="end">([^<]+)<\/text>/g)].map((m) => Number(m[1]));
    expect(counts.length).toBeGreaterThan(1);
    for (const c of counts) expect(Number.isInteger(c)).toBe(true);
    expect((svg.slice(svg.indexOf('<g class="legend">')).match(/fill="url\(#hatch\)"/g) ?? []).length).toBe(1);
  });
});
