import { describe, expect, it } from 'vitest';
import { globalMinimum, nearestMinimum, type Surface } from './surface.js';
import { surfaces } from './surface-registry.js';

// A surface's words are what figures, the CLI and the docs show of it: they must say what the code computes.

/**
 * Evaluates the right-hand side of a surface's LaTeX formula (`f(x, y) = …`) at a point: numbers, x, y, e, \pi,
 * + − and implicit products, ^ with a number or {…}, \frac{…}{…}, \cos and \exp of the product that follows, ( ) and
 * { } groups, and \, spacing. Enough for the formulas we print, written independently of their `value` functions.
 */
function evaluateFormula(formula: string, point: readonly number[]): number {
  const rhs = formula.slice(formula.indexOf('=') + 1);
  const tokens = rhs.match(/\\[a-z]+|\\,|\d+(?:\.\d+)?|[a-z]|[-+^(){}]/g) ?? [];
  const source = tokens.filter((t) => t !== '\\,');
  let at = 0;
  const peek = (): string | undefined => source[at];
  const take = (expected?: string): string => {
    const token = source[at++];
    if (token === undefined || (expected !== undefined && token !== expected)) throw new Error(`formula ${formula}: expected ${expected ?? 'more'} at token ${String(at)}`);
    return token;
  };
  const variables: Record<string, number> = { x: point[0] as number, y: point[1] as number, e: Math.E };
  function sum(): number {
    let value = peek() === '-' || peek() === '+' ? 0 : product();
    while (peek() === '+' || peek() === '-') value = take() === '+' ? value + product() : value - product();
    return value;
  }
  function product(): number {
    let value = power();
    while (peek() !== undefined && !['+', '-', ')', '}'].includes(peek() as string)) value *= power();
    return value;
  }
  function power(): number {
    const base = primary();
    if (peek() !== '^') return base;
    take('^');
    const exponent = peek() === '{' ? primary() : Number(take());
    return base ** exponent;
  }
  function primary(): number {
    const token = take();
    if (token === '(' || token === '{') {
      const value = sum();
      take(token === '(' ? ')' : '}');
      return value;
    }
    if (token === '\\frac') return primary() / primary();
    if (token === '\\pi') return Math.PI;
    if (token === '\\cos') return Math.cos(product());
    if (/^\d/.test(token)) return Number(token);
    const variable = variables[token];
    if (variable === undefined) throw new Error(`formula ${formula}: unknown token ${token}`);
    return variable;
  }
  const value = sum();
  if (at !== source.length) throw new Error(`formula ${formula}: unread tokens from ${String(at)}`);
  return value;
}

describe('surface descriptions', () => {
  for (const surface of surfaces) {
    it(`${surface.id}: its formula, read as mathematics, is the function it computes`, () => {
      const head = surface.dimension === 1 ? 'f(x) = ' : 'f(x, y) = ';
      expect(surface.formula.startsWith(head)).toBe(true);
      const [x0, x1] = surface.domain.x;
      const [y0, y1] = surface.domain.y ?? [0, 0];
      for (let k = 0; k < 7; k++) {
        const p = [x0 + (x1 - x0) * ((k * 0.618034 + 0.05) % 1), y0 + (y1 - y0) * ((k * 0.414214 + 0.3) % 1)].slice(0, surface.dimension);
        const expected = surface.value(p);
        expect(Math.abs(evaluateFormula(surface.formula, p) - expected), `at (${p.join(', ')})`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
      }
    });

    it(`${surface.id}: names, describes and frames itself`, () => {
      expect(surface.name.length).toBeGreaterThan(3);
      expect(surface.description).toMatch(/^[A-Z].{20,}[.)]$/);
      // A book equation is named where the surface is: in its name, as the legends show it.
      if (surface.bookEquation !== undefined) expect(surface.name).toContain(`(eq. ${surface.bookEquation})`);
      // The plotting window holds the default start and every minimum.
      const inside = (p: readonly number[]) =>
        p.every((v, i) => {
          const [lo, hi] = (i === 0 ? surface.domain.x : surface.domain.y) ?? [Number.NaN, Number.NaN];
          return v >= lo && v <= hi;
        });
      expect(surface.defaultStart).toHaveLength(surface.dimension);
      expect(inside(surface.defaultStart), 'default start').toBe(true);
      for (const m of surface.minima) expect(inside(m.point), `minimum (${m.point.join(', ')})`).toBe(true);
    });
  }

  it('every surface has its own id and name', () => {
    expect(new Set(surfaces.map((s) => s.id)).size).toBe(surfaces.length);
    expect(new Set(surfaces.map((s) => s.name)).size).toBe(surfaces.length);
  });

  it('the chapter gives equations 11.2 and 11.4 to the parabola and the two Gaussians, and no other', () => {
    expect(surfaces.filter((s) => s.bookEquation !== undefined).map((s) => [s.id, s.bookEquation])).toEqual([
      ['parabola', '11.2'],
      ['two-gaussians', '11.4'],
    ]);
  });

  it('valleys spanning orders of magnitude are drawn with log-spaced contours, the rest linearly', () => {
    expect(surfaces.filter((s) => s.plotScale === 'log').map((s) => s.id)).toEqual(['rosenbrock', 'beale', 'himmelblau']);
  });
});

describe('globalMinimum and nearestMinimum', () => {
  const [two] = surfaces.filter((s) => s.id === 'two-gaussians') as [Surface];
  it('the global minimum is the lowest one, whatever its place in the list', () => {
    expect(globalMinimum(two)?.kind).toBe('global');
    const reversed: Surface = { ...two, minima: [...two.minima].reverse() };
    expect(globalMinimum(reversed)).toBe(globalMinimum(two));
    expect(globalMinimum({ ...two, minima: [] })).toBeUndefined();
  });

  it('the nearest minimum is the closest in the plane; on a tie the first listed', () => {
    const [deep, shallow] = two.minima;
    expect(nearestMinimum(two, [-0.5, 0.2])).toBe(deep);
    expect(nearestMinimum(two, [0.2, -0.5])).toBe(shallow);
    // From (0.5, 2) the deep minimum is 1.48 away along x and 1.02 along y; the shallow one is nearer along x (0.39)
    // but 2.89 away along y: the sums of squares, 3.23 and 8.53, decide.
    expect(nearestMinimum(two, [0.5, 2])).toBe(deep);
    const left = { point: [-1, 0], value: 0, kind: 'global' } as const;
    const right = { point: [1, 0], value: 0, kind: 'global' } as const;
    expect(nearestMinimum({ ...two, minima: [left, right] }, [0, 5])).toBe(left);
    expect(nearestMinimum({ ...two, minima: [right, left] }, [0, 5])).toBe(right);
    expect(nearestMinimum({ ...two, minima: [left, right] }, [0.1, -3])).toBe(right);
    expect(nearestMinimum({ ...two, minima: [] }, [0, 0])).toBeUndefined();
  });
});
