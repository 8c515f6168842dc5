import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { figureLayoutFaults } from './check.js';
import { contourFigure, contourFigureDataAt, logContourLevels } from './contour-figure.js';
import { curveFigure } from './curve-figure.js';
import { errorBarFigure } from './error-bar-figure.js';
import { histogramFigure } from './histogram-figure.js';
import { lineChart } from './line-chart.js';
import { textWidth, wrapText } from './text.js';

// Figures as a reader of the book sees them (issue 11 §7): every text inside the figure, count axes in whole numbers,
// legends that hide nothing, markers not cut by the frame, paths that do not hide one another.

const LONG_TITLE =
  'Figure 11-8: MCC of 22 runs with and without momentum (40000 minibatches, quick); book: 0.86413 +/- 0.00075 vs 0.85778 +/- 0.00056';

const rosenbrock = (x: number, y: number) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
const twoGaussians = (x: number, y: number) => -2 * Math.exp(-((x + 1) ** 2 + (y - 1) ** 2) / 0.5) - Math.exp(-((x - 1) ** 2 + (y + 1) ** 2) / 0.5);

const svgOf = (inner: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" font-family="DejaVu Sans" font-size="12">${inner}</svg>`;

/** An SVG rendered at its own size: the RGBA pixel at (x, y). */
function pixels(svg: string): { at: (x: number, y: number) => number[] } {
  const image = new Resvg(svg, { font: { loadSystemFonts: false } }).render();
  const data = image.pixels; // a copy of the whole image at every access: read once
  return {
    at: (x, y) => {
      const i = (Math.round(y) * image.width + Math.round(x)) * 4;
      return [...data.subarray(i, i + 4)];
    },
  };
}

describe('figureLayoutFaults: the checks themselves', () => {
  it('finds text that leaves the figure, naming it', () => {
    const faults = figureLayoutFaults(svgOf('<text x="150" y="50">far too long for this figure</text><text x="10" y="50">fits</text>'));
    expect(faults).toHaveLength(1);
    expect(faults[0]).toMatch(/'far too long for this figure' .* leaves the 200 × 100 figure/);
  });

  it('finds a rotated label that runs off the top', () => {
    expect(figureLayoutFaults(svgOf('<text x="14" y="20" text-anchor="middle" transform="rotate(-90 14 20)">a long y label</text>'))).toHaveLength(1);
  });

  it('finds a legend over a bar, a marker or a line, and legend text outside its box', () => {
    const legend = '<g class="legend"><rect x="100" y="10" width="60" height="30" stroke="#888888"/><text x="106" y="28">momentum</text></g>';
    const bar = '<rect x="120" y="30" width="10" height="60" class="mark"/>';
    const marker = '<path d="M-5,0A5,5 0 1,0 5,0A5,5 0 1,0 -5,0Z" transform="translate(98 20)" class="mark"/>';
    const line = '<polyline points="90,5 170,45" class="mark"/>';
    const faults = figureLayoutFaults(svgOf(`${bar}${marker}${line}${legend}`));
    expect(faults.filter((f) => f.startsWith('the legend covers'))).toEqual(['the legend covers a bar', 'the legend covers the marker at (98, 20)', 'the legend covers a line']);
    expect(faults.some((f) => /legend text 'momentum' .* leaves the legend's box/.test(f))).toBe(true);
  });

  it('finds a marker cut in half by the frame, but not one of a path that left the window', () => {
    const frame = '<rect x="20" y="10" width="160" height="80" fill="none" class="frame"/>';
    const cut = '<path d="M-5,0A5,5 0 1,0 5,0A5,5 0 1,0 -5,0Z" transform="translate(21 50)" class="mark"/>';
    const outside = '<path d="M-5,0A5,5 0 1,0 5,0A5,5 0 1,0 -5,0Z" transform="translate(5 50)" class="mark"/>';
    expect(figureLayoutFaults(svgOf(frame + cut + outside))).toEqual(['the marker at (21, 50) is cut by the frame']);
  });
});

describe('text width', () => {
  it('is never less than DejaVu Sans draws, regular and bold, for every character the figures use', () => {
    const samples = ['mmmmmmmmmm', 'WWWWWWWWWW', 'iiiiiiiiii', '0123456789', 'η = 0.02, μ = 0.9 ± −0.5’', LONG_TITLE, 'from (-1.5, 1.2)', 'training time (s)'];
    for (const bold of [false, true]) {
      for (const text of samples) {
        const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="40"><text x="10" y="25" font-family="DejaVu Sans" font-size="14"${bold ? ' font-weight="bold"' : ''}>${text}</text></svg>`;
        const box = new Resvg(svg, { font: { loadSystemFonts: true } }).getBBox();
        expect(box, 'DejaVu Sans must be installed (scripts/setup.sh installs it)').toBeDefined();
        expect(textWidth(text, 14, bold)).toBeGreaterThanOrEqual(box?.width ?? Number.POSITIVE_INFINITY);
        // …and not wildly more, or titles would wrap and legends grow for nothing.
        expect(textWidth(text, 14, bold)).toBeLessThan((box?.width ?? 0) * 1.12 + 4);
      }
    }
  });

  it('wraps a long title into lines that fit, keeping every word in order', () => {
    const lines = wrapText(LONG_TITLE, 540, 14, true);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(textWidth(line, 14, true)).toBeLessThanOrEqual(540);
    expect(lines.join(' ')).toBe(LONG_TITLE);
  });
});

describe('every kind of figure keeps its text inside and its legend off the data', () => {
  it('curveFigure: long title, start point at the edge of the domain (figures 11-2 and 11-6)', () => {
    const svg = curveFigure({
      f: (x) => 6 * x * x - 12 * x + 3,
      xDomain: [0.75, 1.25],
      paths: [{ points: [[0.75], [1.2], [0.84], [1.13], [1.0]], marker: 'o', dotted: true, label: 'η = 0.15 from x = 0.75' }],
      marks: [[1]],
      title: LONG_TITLE,
    });
    expect(figureLayoutFaults(svg)).toEqual([]);
  });

  it('contourFigure: long title and labels, paths in three corners (figures 11-3 to 11-10)', () => {
    const svg = contourFigure({
      f: twoGaussians,
      xDomain: [-2, 2],
      yDomain: [-2, 2],
      paths: [
        { points: [[1.5, 1.5], [1.2, 1.3], [0.5, 1], [-0.9, 1]], marker: '*', label: 'from (1.5, 1.5), η = 0.02' },
        { points: [[-1.8, -1.8], [-1.2, -1.5], [-0.5, -1]], marker: 'o', label: 'from (-1.8, -1.8), η = 0.1' },
        { points: [[1.8, -1.8], [1.5, -1.5], [1, -1]], marker: 's', label: 'from (1.8, -1.8), η = 0.1' },
      ],
      marks: [[-1, 1], [1, -1]],
      title: LONG_TITLE,
    });
    expect(figureLayoutFaults(svg)).toEqual([]);
  });

  it('histogramFigure: tall bars under every corner still leave the legend a place', () => {
    const svg = histogramFigure({
      series: [
        { label: 'no momentum', counts: [9, 2, 3, 8], edges: [0, 1, 2, 3, 4], color: '#dddddd' },
        { label: 'momentum', counts: [8, 9], edges: [1.5, 2, 2.5], color: '#555555', hatch: true },
      ],
      title: LONG_TITLE,
      xLabel: 'MCC',
    });
    expect(figureLayoutFaults(svg)).toEqual([]);
  });

  it('lineChart: the legend stays off the lines', () => {
    const falling = Array.from({ length: 50 }, (_, i) => 10 * Math.exp(-i / 10));
    const svg = lineChart({ series: [{ label: 'sgd with a long name', values: falling }, { label: 'adam', values: falling.map((v) => v / 2) }], logY: true, title: LONG_TITLE });
    expect(figureLayoutFaults(svg)).toEqual([]);
  });

  it('errorBarFigure: title, wide tick labels and the x label inside (figure 11-11)', () => {
    const svg = errorBarFigure({
      categories: ['sgd', 'rmsprop', 'adagrad', 'adam'],
      panels: [
        { label: 'test accuracy', means: [0.86123, 0.88311, 0.88557, 0.89021], errors: [0.0012, 0.0031, 0.0008, 0.0011] },
        { label: 'training time (s)', means: [41.2, 44.8, 43.1, 47.9], errors: [0.4, 0.5, 0.3, 0.6] },
      ],
      title: LONG_TITLE,
      xLabel: 'optimizer',
    });
    expect(figureLayoutFaults(svg)).toEqual([]);
    expect(svg).toContain('>optimizer</text>');
  });
});

describe('histogram counts', () => {
  it('ticks whole numbers only, however few the runs', () => {
    for (const tallest of [1, 2, 3, 7, 22]) {
      const svg = histogramFigure({ series: [{ label: 'runs', counts: [tallest, 1], edges: [0, 1, 2] }] });
      const labels = [...svg.matchAll(/<text x="[\d.]+" y="[\d.]+" text-anchor="end">([^<]+)<\/text>/g)].map((m) => Number(m[1]));
      expect(labels.length).toBeGreaterThanOrEqual(2);
      for (const label of labels) expect(Number.isInteger(label), `tick ${String(label)} with at most ${String(tallest)} per bin`).toBe(true);
      expect(Math.max(...labels)).toBeGreaterThanOrEqual(tallest);
    }
  });

  it('draws the legend swatches as the bars are drawn: same fill, hatched where the bars are', () => {
    const svg = histogramFigure({
      series: [
        { label: 'a', counts: [1], edges: [0, 1], color: '#dddddd' },
        { label: 'b', counts: [1], edges: [1, 2], color: '#555555', hatch: true },
      ],
    });
    const legend = svg.slice(svg.indexOf('<g class="legend">'));
    expect(legend).toMatch(/fill="#dddddd"/);
    expect(legend).toMatch(/fill="#555555"/);
    expect((legend.match(/fill="url\(#hatch\)"/g) ?? []).length).toBe(1);
  });
});

describe('races on the Rosenbrock valley', () => {
  it('draws contour lines on their levels: no step pattern where the valley is a few grid cells wide', () => {
    const o = { f: rosenbrock, xDomain: [-2, 2] as const, yDomain: [-1, 3] as const, levelScale: 'log' as const };
    const svg = contourFigure(o);
    const levels = logContourLevels(0, rosenbrock(-2, -1), 10);
    const lines = [...svg.matchAll(/<path d="([^"]*)" fill="none" stroke="#333333"/g)].map((m) => m[1] ?? '');
    expect(lines).toHaveLength(10);
    lines.forEach((d, k) => {
      const level = levels[k] as number;
      const points = d.split(/[MLZ]/).filter((p) => p !== '').map((p) => p.split(',').map(Number));
      const errors = points.map(([px, py]) => contourFigureDataAt(o, px as number, py as number)).flatMap((p) => (p === null ? [] : [Math.abs(rosenbrock(...p) - level) / level]));
      // On the book's 100 × 100 grid the lowest line strays 71 % off its level; on 300 × 300, 11 %.
      expect(Math.max(...errors), `level ${String(k)}`).toBeLessThan(0.15);
    });
  });

  it('shows every path where several run along the same valley, and the minimum over their ends', () => {
    // Three optimizers on one straight line from (-1, 1) to the minimum at (1, 1), each ending on it.
    const line = Array.from({ length: 100 }, (_, i) => [-1 + (2 * i) / 99, 1]);
    const colours = ['#d55e00', '#0072b2', '#009e73'];
    const o = {
      f: rosenbrock,
      xDomain: [-2, 2] as const,
      yDomain: [-1, 3] as const,
      levelScale: 'log' as const,
      paths: colours.map((color, k) => ({ points: line, marker: 'o' as const, dotted: false, color, label: `optimizer ${String(k)}` })),
      marks: [[1, 1]],
    };
    const svg = contourFigure(o);
    const image = pixels(svg);
    // Along a stretch of the shared line, a few pixels either side: every path's colour shows somewhere.
    const [x0, y0] = contourPixel(o, -0.6, 1);
    const [x1] = contourPixel(o, 0.6, 1);
    const seen = new Set<string>();
    for (let px = x0; px < x1; px += 1) {
      for (let dy = -3; dy <= 3; dy++) for (const c of colours) if (sameColour(image.at(px, y0 + dy), c)) seen.add(c);
    }
    expect([...seen].sort()).toEqual([...colours].sort());
    // The minimum's '+' comes after every path's markers, so its black arm shows over the coloured end markers.
    const markerPositions = [...svg.matchAll(/<path d="M-[\d.]+,0A/g)].map((m) => m.index).filter((i) => i < svg.indexOf('<g class="legend">'));
    expect(markerPositions).toHaveLength(6);
    expect(svg.indexOf('M-9,0H9')).toBeGreaterThan(Math.max(...markerPositions));
    const [mx, my] = contourPixel(o, 1, 1);
    expect(sameColour(image.at(mx + 7, my), '#000000')).toBe(true);
    expect(figureLayoutFaults(svg)).toEqual([]);
  });
});

function sameColour(rgba: readonly number[], hex: string): boolean {
  const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return rgb.every((c, i) => Math.abs((rgba[i] ?? 0) - c) < 40);
}

/** The pixel of a data point in a contour figure: contourFigureDataAt is linear, so two of its answers invert it. */
function contourPixel(o: Parameters<typeof contourFigureDataAt>[0], x: number, y: number): [number, number] {
  const a = contourFigureDataAt(o, 100, 100) as [number, number];
  const b = contourFigureDataAt(o, 200, 200) as [number, number];
  return [100 + ((x - a[0]) / (b[0] - a[0])) * 100, 100 + ((y - a[1]) / (b[1] - a[1])) * 100];
}
