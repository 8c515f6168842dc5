import { describe, expect, it } from 'vitest';
import { getSurface, surfaces } from './surface-registry.js';

describe('surfaces', () => {
  for (const surface of surfaces) {
    it(`${surface.id}: the exact gradient matches central differences`, () => {
      const [x0, x1] = surface.domain.x;
      const [y0, y1] = surface.domain.y ?? [0, 0];
      const g = [0, 0];
      for (let k = 0; k < 25; k++) {
        // A fixed, irregular set of points across the plotting window.
        const p = [x0 + (x1 - x0) * ((k * 0.618034) % 1), y0 + (y1 - y0) * ((k * 0.414214 + 0.1) % 1)].slice(0, surface.dimension);
        surface.gradient(p, g);
        for (let i = 0; i < surface.dimension; i++) {
          const h = 1e-6;
          const up = [...p];
          const down = [...p];
          up[i] = (up[i] as number) + h;
          down[i] = (down[i] as number) - h;
          const numeric = (surface.value(up) - surface.value(down)) / (2 * h);
          expect(Math.abs((g[i] as number) - numeric)).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric)));
        }
      }
    });

    it(`${surface.id}: its minima are stationary points with the stated value`, () => {
      const g = [0, 0];
      for (const m of surface.minima) {
        surface.gradient(m.point, g);
        expect(Math.hypot(...g.slice(0, surface.dimension))).toBeLessThan(1e-6);
        expect(surface.value(m.point)).toBeCloseTo(m.value, 9);
      }
    });
  }

  it('finds surfaces by id and names the known ones otherwise', () => {
    expect(getSurface('canyon').minima[0]?.point).toEqual([1, 0.375]);
    expect(() => getSurface('valley')).toThrow(/Unknown surface 'valley'; known surfaces: parabola, bowl, canyon, two-gaussians, rosenbrock/);
  });

  it('two-gaussians has the deep minimum near (−1, 1) at about −2 and the shallow one near (1, −1) at about −1', () => {
    const [deep, shallow] = getSurface('two-gaussians').minima;
    expect(deep?.kind).toBe('global');
    expect(deep?.value).toBeCloseTo(-2.019, 3);
    expect(shallow?.value).toBeCloseTo(-1.044, 3);
  });
});
