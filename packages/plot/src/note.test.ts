import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { figureLayoutFaults } from './check.js';
import { contourFigure } from './contour-figure.js';
import { curveFigure } from './curve-figure.js';
import { clippedPolylines } from './paths.js';

// A run that diverged (issue 11 §5) is drawn as its finite part, whose last points can lie 1e57 pixels away, with a
// note on the figure saying where it stopped.

const bowl = (x: number, y: number) => x * x + 2 * y * y;
const far = [[-1.2, 1], [2.2e4, 8.8e3], [-4e17, 9.3e12], [2.6e57, 3.2e39]] as const;

/** The RGBA pixel at (x, y) of the SVG rendered at its own size. */
function pixelAt(svg: string, x: number, y: number): number[] {
  const image = new Resvg(svg, { font: { loadSystemFonts: false } }).render();
  const i = (y * image.width + x) * 4;
  return [...image.pixels.subarray(i, i + 4)];
}

/** Every number written in the SVG (colours such as #888888 left out). */
const numbers = (svg: string) => [...svg.replace(/#[\da-f]{3,6}\b/gi, '').matchAll(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi)].map((m) => Math.abs(Number(m[0])));

describe('a note on a figure', () => {
  const options = { f: bowl, xDomain: [-2, 2], yDomain: [-2, 2], title: 'SGD on a bowl', paths: [{ points: [[-1.5, 1.5], [1, -1]], marker: 'o' as const, label: 'sgd' }] } as const;

  it('is drawn inside the plot box, hides no marker or line, and the legend avoids it', () => {
    const svg = contourFigure({ ...options, note: 'diverged at step 7' });
    expect(svg).toMatch(/<text[^>]*font-style="italic"[^>]*>diverged at step 7<\/text>/);
    expect(figureLayoutFaults(svg)).toEqual([]);
    // Two boxes in the legend's style (the note's and the legend's), apart.
    const boxes = [...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"[^>]*stroke="#888888"/g)].map((m) => m.slice(1).map(Number) as [number, number, number, number]);
    expect(boxes).toHaveLength(2);
    const [[ax, ay, aw, ah], [bx, by, bw, bh]] = boxes as [[number, number, number, number], [number, number, number, number]];
    expect(ax + aw <= bx || bx + bw <= ax || ay + ah <= by || by + bh <= ay).toBe(true);
  });

  it('is drawn on curve figures too', () => {
    const svg = curveFigure({ f: (x) => x * x, xDomain: [-1, 1], paths: [{ points: [[-0.9], [0.5]], marker: 'o' }], note: 'diverged at step 3' });
    expect(svg).toContain('>diverged at step 3</text>');
    expect(figureLayoutFaults(svg)).toEqual([]);
  });

  it('without a note, nothing is added', () => {
    expect(contourFigure(options)).not.toContain('font-style="italic"');
  });
});

describe('a path that flies off to 1e57 pixels', () => {
  const svg = contourFigure({ f: bowl, xDomain: [-2, 2], yDomain: [-2, 2], paths: [{ points: far, marker: 'o' }], note: 'diverged at step 4' });

  it('is cut near the figure: no coordinate in the SVG is astronomically large', () => {
    expect(Math.max(...numbers(svg))).toBeLessThanOrEqual(1e5);
  });

  it('leaves the contours drawn: resvg drops a whole group that holds a coordinate of 1e19 or more', () => {
    // The centre of the plot box is the bowl's minimum: a filled contour band, not the white page.
    const [r, g, b] = pixelAt(svg, 300, 276);
    expect(r).toBeLessThan(250);
    expect(r).toBe(g);
    expect(g).toBe(b);
  });
});

describe('clippedPolylines', () => {
  it('keeps a path inside the limits as it is', () => {
    expect(clippedPolylines([[0, 0], [10, 5], [20, -3]])).toEqual([[[0, 0], [10, 5], [20, -3]]]);
    // Ends that are not cut are the points themselves, so a path whose a + (b − a) does not round back to b stays one
    // polyline (the 1D demo's η = 0.15 path was drawn in three pieces).
    const zigzag: [number, number][] = [[96.45, 84.27], [534.84, 190.6], [184.13, 258.66], [464.7, 302.21], [240.24, 330.08]];
    expect(clippedPolylines(zigzag)).toEqual([zigzag]);
  });

  it('cuts a segment that leaves at the limit, and starts a new piece where the path comes back', () => {
    const pieces = clippedPolylines([[0, 0], [2e5, 0], [3e5, 0], [0, 10]]);
    expect(pieces).toHaveLength(2);
    expect(pieces[0]).toEqual([[0, 0], [1e5, 0]]);
    expect(pieces[1]?.[0]?.[0]).toBeCloseTo(1e5, 6);
    expect(pieces[1]?.[1]).toEqual([0, 10]);
  });

  it('drops segments with an endpoint beyond double range', () => {
    expect(clippedPolylines([[0, 0], [Number.POSITIVE_INFINITY, 0]])).toEqual([]);
  });
});
