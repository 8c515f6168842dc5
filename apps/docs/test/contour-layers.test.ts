import { describe, expect, it } from 'vitest';
import { contourFigure } from '@descent/plot';
import { bowl, canyon, rosenbrock } from '@descent/surfaces';
import { cachedContourCount, contourImage, contourKey, pathsImage } from '../.vitepress/theme/lib/contour-layers';
import { svgUrl } from '../.vitepress/theme/lib/svg';

// The 2D demos' maps: the contours drawn once per (surface, view, size), the paths alone redrawn.
describe("the 2D demos' contour cache", () => {
  const view = { xDomain: [-2, 2] as const, yDomain: [-1, 3] as const, title: 'Rosenbrock' };

  it('draws the contours once per surface, view and size, and gives the same image again', () => {
    const before = cachedContourCount();
    let evaluations = 0;
    const counted = { ...rosenbrock, value: (p: readonly number[]) => (evaluations++, rosenbrock.value(p)) };
    const first = contourImage(counted, view);
    expect(evaluations).toBeGreaterThan(0);
    expect(cachedContourCount()).toBe(before + 1);
    evaluations = 0;
    expect(contourImage(counted, view)).toBe(first);
    expect(evaluations).toBe(0);
    // It is the figure's contour layer.
    expect(first).toBe(svgUrl(contourFigure({ f: (x, y) => rosenbrock.value([x, y]), ...view, levelScale: 'log', layer: 'contours' })));
    // Another view, title or size is another image.
    expect(contourKey(rosenbrock, { ...view, xDomain: [-3, 3] })).not.toBe(contourKey(rosenbrock, view));
    expect(contourKey(rosenbrock, { ...view, title: 'other' })).not.toBe(contourKey(rosenbrock, view));
    expect(contourKey(rosenbrock, view, { width: 300 })).not.toBe(contourKey(rosenbrock, view));
    contourImage(counted, { ...view, xDomain: [-3, 3] });
    expect(evaluations).toBeGreaterThan(0);
  });

  it('keeps a bounded number of images (the least recently used go first)', () => {
    for (let k = 0; k < 26; k++) contourImage(bowl, { xDomain: [-k - 1, k + 1], yDomain: [-1, 1] });
    expect(cachedContourCount()).toBe(24);
  });

  it("draws the paths without evaluating f, with the surface's minima marked", () => {
    const throwing = { ...canyon, value: () => { throw new Error('f evaluated'); } };
    const url = pathsImage(throwing, { xDomain: [-2, 2], yDomain: [-2, 2] }, [{ points: [[1, 1], [0.5, 0.5]], marker: 'o', label: 'sgd' }]);
    const svg = decodeURIComponent(url.slice(url.indexOf(',') + 1));
    expect(svg).not.toContain('fill="rgb(');
    // The minimum's '+' on its white halo, at (1, 0.375).
    expect((svg.match(/d="M-9,0H9M0,-9V9"[^>]*class="mark"/g) ?? []).length).toBe(2 * canyon.minima.length);
  });
});
