import type { Surface } from './surface.js';

// The classic optimizer test functions, beyond the chapter.

/** (1 − x)² + 100(y − x²)²: a curved valley, minimum (1, 1). */
export const rosenbrock: Surface = {
  id: 'rosenbrock',
  name: 'Rosenbrock',
  dimension: 2,
  formula: 'f(x, y) = (1 - x)^2 + 100\\,(y - x^2)^2',
  description: 'A long, curved, flat-bottomed valley: easy to find, slow to follow.',
  domain: { x: [-2, 2], y: [-1, 3] },
  defaultStart: [-1.2, 1],
  plotScale: 'log',
  minima: [{ point: [1, 1], value: 0, kind: 'global' }],
  value: (p) => {
    const x = p[0] as number;
    const y = p[1] as number;
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
  },
  gradient: (p, out) => {
    const x = p[0] as number;
    const y = p[1] as number;
    out[0] = -2 * (1 - x) - 400 * x * (y - x * x);
    out[1] = 200 * (y - x * x);
  },
};

/** Beale's function: sharp ridges and a flat region, minimum (3, 0.5). */
export const beale: Surface = {
  id: 'beale',
  name: 'Beale',
  dimension: 2,
  formula: 'f(x, y) = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2',
  description: 'Flat plateaus and sharp corners; minimum at (3, 0.5).',
  domain: { x: [-4.5, 4.5], y: [-4.5, 4.5] },
  defaultStart: [1, 1.5],
  plotScale: 'log',
  minima: [{ point: [3, 0.5], value: 0, kind: 'global' }],
  value: (p) => {
    const x = p[0] as number;
    const y = p[1] as number;
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y * y) ** 2 + (2.625 - x + x * y * y * y) ** 2;
  },
  gradient: (p, out) => {
    const x = p[0] as number;
    const y = p[1] as number;
    const a = 1.5 - x + x * y;
    const b = 2.25 - x + x * y * y;
    const c = 2.625 - x + x * y * y * y;
    out[0] = 2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y * y * y - 1);
    out[1] = 2 * a * x + 2 * b * 2 * x * y + 2 * c * 3 * x * y * y;
  },
};

/** Himmelblau's function: four minima of equal depth (0). */
export const himmelblau: Surface = {
  id: 'himmelblau',
  name: 'Himmelblau',
  dimension: 2,
  formula: 'f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2',
  description: 'Four equally deep minima: the start decides which one descent finds.',
  // The three irrational minima, solved with SciPy's fsolve on the gradient.
  domain: { x: [-5, 5], y: [-5, 5] },
  defaultStart: [0, 0],
  plotScale: 'log',
  minima: [
    { point: [3, 2], value: 0, kind: 'global' },
    { point: [-2.805118086952745, 3.131312518250573], value: 0, kind: 'global' },
    { point: [-3.779310253377747, -3.2831859912861696], value: 0, kind: 'global' },
    { point: [3.5844283403304917, -1.8481265269644036], value: 0, kind: 'global' },
  ],
  value: (p) => {
    const x = p[0] as number;
    const y = p[1] as number;
    return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2;
  },
  gradient: (p, out) => {
    const x = p[0] as number;
    const y = p[1] as number;
    const a = x * x + y - 11;
    const b = x + y * y - 7;
    out[0] = 4 * x * a + 2 * b;
    out[1] = 2 * a + 4 * y * b;
  },
};

const A = 10;

/** Rastrigin's function with A = 10: a bowl covered in a grid of local minima; global minimum (0, 0). */
export const rastrigin: Surface = {
  id: 'rastrigin',
  name: 'Rastrigin',
  dimension: 2,
  formula: 'f(x, y) = 20 + x^2 - 10\\cos 2\\pi x + y^2 - 10\\cos 2\\pi y',
  description: 'Dozens of local minima on a bowl: plain descent stops in the nearest one.',
  domain: { x: [-5.12, 5.12], y: [-5.12, 5.12] },
  defaultStart: [2.3, 2.7],
  minima: [{ point: [0, 0], value: 0, kind: 'global' }],
  value: (p) => {
    const x = p[0] as number;
    const y = p[1] as number;
    return 2 * A + x * x - A * Math.cos(2 * Math.PI * x) + y * y - A * Math.cos(2 * Math.PI * y);
  },
  gradient: (p, out) => {
    const x = p[0] as number;
    const y = p[1] as number;
    out[0] = 2 * x + 2 * Math.PI * A * Math.sin(2 * Math.PI * x);
    out[1] = 2 * y + 2 * Math.PI * A * Math.sin(2 * Math.PI * y);
  },
};

/** x² − y²: a saddle at the origin and no minimum; descent escapes along y. */
export const saddle: Surface = {
  id: 'saddle',
  name: 'Saddle',
  dimension: 2,
  formula: 'f(x, y) = x^2 - y^2',
  description: 'A saddle point at (0, 0) and no minimum: a start off the x axis slides away along y.',
  domain: { x: [-2, 2], y: [-2, 2] },
  defaultStart: [1.5, 0.01],
  minima: [],
  value: (p) => (p[0] as number) ** 2 - (p[1] as number) ** 2,
  gradient: (p, out) => {
    out[0] = 2 * (p[0] as number);
    out[1] = -2 * (p[1] as number);
  },
};
