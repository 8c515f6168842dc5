import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { contourFigure, contourFigureDataAt, contourLevels, logContourLevels } from './contour-figure.js';
import { curveFigure } from './curve-figure.js';
import { errorBarFigure } from './error-bar-figure.js';
import { histogramFigure } from './histogram-figure.js';
import { lineChart } from './line-chart.js';
import { MARKER_NAMES, markerPath } from './markers.js';
import { svgToPng } from './png.js';

const bowl = (x: number, y: number) => (x - 1) ** 2 + 2 * (y - 0.5) ** 2;

/** The RGBA pixel of a rendered SVG at SVG coordinates (x, y), rendered at its own size. */
function pixelAt(svg: string, x: number, y: number): number[] {
  const image = new Resvg(svg, { font: { loadSystemFonts: false } }).render();
  const i = (Math.round(y) * image.width + Math.round(x)) * 4;
  return [...image.pixels.subarray(i, i + 4)];
}

const count = (svg: string, pattern: RegExp) => (svg.match(pattern) ?? []).length;

describe('contourFigure', () => {
  it('picks levels strictly inside the range, as matplotlib does', () => {
    expect(contourLevels(0, 11, 10)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('shades low values light and high values dark, marks the minimum and draws every point', () => {
    const svg = contourFigure({
      f: bowl,
      xDomain: [-1, 3],
      yDomain: [-1, 3],
      paths: [{ points: [[-0.5, 2.5], [0, 2], [0.5, 1]], marker: 's', label: 'run' }],
      marks: [[1, 0.5]],
      width: 400,
      height: 400,
    });
    // 10 filled bands + 10 line sets; 3 square markers + the legend's one + the minimum's '+' (on its white halo).
    expect(count(svg, /fill="rgb\(/g)).toBe(11);
    expect(count(svg, /stroke="#333333"/g)).toBe(10);
    expect(count(svg, /translate\(/g)).toBe(3 + 1 + 2);
    // Frame: left 58, right 382, top 16, bottom 356 for a 400×400 figure without a title.
    const px = (x: number) => 58 + ((x + 1) / 4) * (382 - 58);
    const py = (y: number) => 356 - ((y + 1) / 4) * (356 - 16);
    const nearMinimum = pixelAt(svg, px(1.3), py(0.7));
    const farCorner = pixelAt(svg, px(-0.9), py(2.9)); // f ≈ 15.1 of at most 16.5
    expect(nearMinimum[0]).toBeGreaterThan(220);
    expect(farCorner[0]).toBeLessThan(130);
  });
});

describe('contourFigure layers', () => {
  const options = {
    f: bowl,
    xDomain: [-1, 3] as const,
    yDomain: [-1, 3] as const,
    paths: [{ points: [[-0.5, 2.5], [0, 2], [0.5, 1]], marker: 's' as const, label: 'run' }],
    marks: [[1, 0.5]],
    note: 'diverged at step 3',
    title: 'bowl',
    width: 400,
    height: 400,
  };
  const lines = (svg: string) => svg.split('\n');

  it('splits the figure in two: the contours (f, axes, title) and the paths (markers, marks, note, legend)', () => {
    const all = contourFigure(options);
    const contours = contourFigure({ ...options, layer: 'contours' });
    const paths = contourFigure({ ...options, layer: 'paths' });
    // Every element of the whole figure is in one of the layers, and each layer holds nothing else.
    for (const line of lines(all)) expect(lines(contours).includes(line) || lines(paths).includes(line), line.slice(0, 60)).toBe(true);
    for (const line of [...lines(contours), ...lines(paths)]) expect(lines(all), line.slice(0, 60)).toContain(line);
    expect(count(contours, /fill="rgb\(/g)).toBe(11);
    expect(count(contours, /translate\(/g)).toBe(0);
    expect(contours).toContain('font-weight="bold">bowl</text>');
    expect(count(paths, /fill="rgb\(/g)).toBe(0);
    expect(count(paths, /translate\(/g)).toBe(3 + 1 + 2);
    expect(paths).toContain('diverged at step 3');
    expect(paths).not.toContain('class="frame"');
  });

  it('draws the paths on a transparent layer without evaluating f, and stacked they look like the whole figure', () => {
    const paths = contourFigure({ ...options, f: () => { throw new Error('f evaluated'); }, layer: 'paths' });
    const render = (svg: string) => new Resvg(svg, { font: { loadSystemFonts: false } }).render().pixels;
    const over = render(paths);
    const under = render(contourFigure({ ...options, layer: 'contours' }));
    const whole = render(contourFigure(options));
    expect(over[3]).toBe(0); // the corner of the paths layer: transparent
    let differing = 0;
    for (let i = 0; i < whole.length; i += 4) {
      const a = (over[i + 3] as number) / 255;
      for (let c = 0; c < 3; c++) {
        const stacked = (over[i + c] as number) + (under[i + c] as number) * (1 - a); // premultiplied over
        if (Math.abs(stacked - (whole[i + c] as number)) > 3) {
          differing++;
          break;
        }
      }
    }
    // Only antialiased edges where a path meets the plot frame (drawn after the paths in the whole figure) may differ.
    expect(differing / (whole.length / 4)).toBeLessThan(0.002);
  });
});

describe('curveFigure', () => {
  it('draws the curve and a marker per point, with per-point markers and an X mark', () => {
    const svg = curveFigure({
      f: (x) => 6 * x * x - 12 * x + 3,
      xDomain: [-1, 3],
      paths: [{ points: [[-0.9], [0.2], [0.8]], marker: ['o', 's', '>'], dotted: true }],
      marks: [[1]],
      title: 'eq. 11.2',
    });
    expect(svg).toContain('<title>eq. 11.2</title>');
    expect(count(svg, /stroke-dasharray/g)).toBe(1);
    expect(count(svg, /translate\(/g)).toBe(4);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });
});

describe('markers and charts', () => {
  it('every matplotlib marker the book uses has a path', () => {
    for (const name of MARKER_NAMES) expect(markerPath(name, 5)).toMatch(/^M/);
  });

  it('lineChart draws one polyline per series and skips non-positive values on a log axis', () => {
    const svg = lineChart({ series: [{ label: 'a', values: [1, 0.1, 0.01] }, { label: 'b', values: [2, 0, 0.5] }], logY: true });
    expect(count(svg, /<polyline/g)).toBe(2);
    expect(svg).toContain('>a</text>');
    // The y axis spans 0.01 … 2, made nice to 0.01 … 10: ticks at every 1–9 × 10ᵏ, labels only at the powers of ten.
    const yLabels = [...svg.matchAll(/<text x="[\d.]+" y="[\d.]+" text-anchor="end">([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(yLabels).toEqual(['0.01', '0.1', '1', '10']);
  });

  it('lineChart places points at the given x values: the x ticks span them, the points follow them', () => {
    const svg = lineChart({ series: [{ label: 'a', values: [0, 1, 2] }], x: [1, 1.5, 4] });
    const xLabels = [...svg.matchAll(/<text x="[\d.]+" y="[\d.]+" text-anchor="middle">([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(xLabels[0]).toBe('1');
    expect(xLabels).toContain('4');
    const points = (/<polyline points="([^"]+)"/.exec(svg)?.[1] ?? '').split(' ').map((p) => Number(p.split(',')[0]));
    // x = 1, 1.5, 4: the second point is a sixth of the way from the first to the last, not half.
    expect(((points[1] as number) - (points[0] as number)) / ((points[2] as number) - (points[0] as number))).toBeCloseTo(1 / 6, 6);
  });

  it('svgToPng renders a PNG of twice the SVG width by default', () => {
    const png = svgToPng(curveFigure({ f: (x) => x * x, xDomain: [-1, 1], width: 300, height: 200 }));
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    const view = new DataView(png.buffer, png.byteOffset);
    expect(view.getUint32(16)).toBe(600);
    expect(view.getUint32(20)).toBe(400);
  });
});

describe('long paths and log levels', () => {
  it('marks only the ends of a path longer than 60 points', () => {
    const points = Array.from({ length: 100 }, (_, i) => [i / 50 - 1, 0.5]);
    const svg = contourFigure({ f: bowl, xDomain: [-1, 3], yDomain: [-1, 3], paths: [{ points, marker: 'o' }] });
    expect(count(svg, /translate\(/g)).toBe(2);
  });

  it('spaces log levels geometrically above the minimum', () => {
    const levels = logContourLevels(0, 1e4, 4);
    expect(levels[0]).toBeCloseTo(10 ** 0.5, 9);
    expect((levels[2] as number) / (levels[1] as number)).toBeCloseTo((levels[1] as number) / (levels[0] as number), 9);
  });
});

describe('histogramFigure', () => {
  it('draws one bar per bin at 0.8 of the bin width, hatched where asked', () => {
    const svg = histogramFigure({
      series: [
        { label: 'a', counts: [1, 3, 2], edges: [0, 1, 2, 3], hatch: true },
        { label: 'b', counts: [2, 2], edges: [1, 2, 3] },
      ],
      width: 400,
      height: 300,
    });
    // 5 bars, 3 of them hatched, and 2 legend swatches, the first hatched as its bars are.
    expect(count(svg, /<rect[^>]*stroke-width="0\.8"/g)).toBe(5 + 2);
    expect(count(svg, /fill="url\(#hatch\)"/g)).toBe(3 + 1);
    const widths = [...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"[^>]*stroke-width="0\.8" class="mark"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(5);
    const binPixels = (400 - 18 - 58) / 3.3; // domain 0 … 3 padded by 5 % each side
    for (const w of widths) expect(w).toBeCloseTo(0.8 * binPixels, 0);
  });
});

describe('errorBarFigure', () => {
  it('draws a point per category and panel, and bars of ±error on the same scale as the means', () => {
    const svg = errorBarFigure({
      categories: ['SGD', 'Adam', 'none'],
      panels: [
        { label: 'accuracy', means: [1, 2, Number.NaN], errors: [0.5, Number.NaN, 1] },
        { label: 'seconds', means: [3, 4, 5], errors: [0.1, 0.1, 0.1] },
      ],
      title: 'two panels',
    });
    expect(count(svg, /<circle/g)).toBe(5);
    for (const name of ['SGD', 'Adam', 'none', 'accuracy', 'seconds', 'two panels']) expect(svg).toContain(name);
    const top = svg.split('<g transform')[1] as string;
    const ys = [...top.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)"/g)].map((m) => Number(m[1]));
    const bar = /<line x1="([\d.]+)" x2="\1" y1="([\d.]+)" y2="([\d.]+)" stroke="#000" stroke-width="1.4"/.exec(top);
    expect(bar).not.toBeNull();
    // mean 1 ± 0.5 spans as many pixels as the distance between the means 1 and 2.
    expect(Math.abs(Number(bar![2]) - Number(bar![3]))).toBeCloseTo(Math.abs(ys[0]! - ys[1]!), 0);
  });
});

describe('contourFigureDataAt', () => {
  it('inverts the map: the pixel of a drawn point gives the point back; outside the box, null', () => {
    const o = { f: (a: number, b: number) => a * a + b * b, xDomain: [-1, 3] as const, yDomain: [-2, 2] as const, title: 't', paths: [{ points: [[2, 1]], marker: 'o' as const }] };
    const svg = contourFigure(o);
    const m = /<path d="[^"]*" transform="translate\(([\d.]+) ([\d.]+)\)"/.exec(svg.split('clip-path="url(#plot-area)"')[1] as string);
    expect(m).not.toBeNull();
    const [x, y] = contourFigureDataAt(o, Number(m![1]), Number(m![2]))!;
    expect(x).toBeCloseTo(2, 1);
    expect(y).toBeCloseTo(1, 1);
    expect(contourFigureDataAt(o, 2, 2)).toBeNull();
  });
});
