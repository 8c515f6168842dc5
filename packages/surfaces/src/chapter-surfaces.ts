import type { Surface } from './surface.js';

// The functions of chapter 11's 1D and 2D experiments (chapter spec §2).

/** Equation 11.2: f(x) = 6x² − 12x + 3, f′(x) = 12x − 12 (eq. 11.3's gradient), minimum at x = 1. */
export const parabola: Surface = {
  id: 'parabola',
  name: 'Parabola (eq. 11.2)',
  dimension: 1,
  formula: 'f(x) = 6x^2 - 12x + 3',
  description: 'The 1D example of figures 11-1, 11-2 and 11-6; one minimum at x = 1, f(1) = −3.',
  bookEquation: '11.2',
  domain: { x: [-1, 3] },
  defaultStart: [-0.9],
  minima: [{ point: [1], value: -3, kind: 'global' }],
  value: (p) => {
    const x = p[0] as number;
    return 6 * x * x - 12 * x + 3;
  },
  gradient: (p, out) => {
    out[0] = 12 * (p[0] as number) - 12;
  },
};

/** f(x, y) = 6x² + 9y² − 12x − 14y + 3, minimum (1, 7/9): figure 11-3. */
export const bowl: Surface = {
  id: 'bowl',
  name: 'Bowl',
  dimension: 2,
  formula: 'f(x, y) = 6x^2 + 9y^2 - 12x - 14y + 3',
  description: 'The single-minimum 2D example of figure 11-3.',
  domain: { x: [-1, 3], y: [-1, 3] },
  defaultStart: [-0.5, 2.9],
  minima: [{ point: [1, 7 / 9], value: 6 + 9 * (49 / 81) - 12 - 14 * (7 / 9) + 3, kind: 'global' }],
  value: (p) => {
    const x = p[0] as number;
    const y = p[1] as number;
    return 6 * x * x + 9 * y * y - 12 * x - 14 * y + 3;
  },
  gradient: (p, out) => {
    out[0] = 12 * (p[0] as number) - 12;
    out[1] = 18 * (p[1] as number) - 14;
  },
};

/** f(x, y) = 6x² + 40y² − 12x − 30y + 3, a narrow canyon along x with its minimum at (1, 0.375): figure 11-4. */
export const canyon: Surface = {
  id: 'canyon',
  name: 'Canyon',
  dimension: 2,
  formula: 'f(x, y) = 6x^2 + 40y^2 - 12x - 30y + 3',
  description: 'The bowl stretched along x (figure 11-4): steep walls in y, a flat floor in x.',
  domain: { x: [-1, 3], y: [-1, 3] },
  defaultStart: [-0.5, 2.3],
  minima: [{ point: [1, 0.375], value: 6 + 40 * 0.140625 - 12 - 30 * 0.375 + 3, kind: 'global' }],
  value: (p) => {
    const x = p[0] as number;
    const y = p[1] as number;
    return 6 * x * x + 40 * y * y - 12 * x - 30 * y + 3;
  },
  gradient: (p, out) => {
    out[0] = 12 * (p[0] as number) - 12;
    out[1] = 80 * (p[1] as number) - 30;
  },
};

// Each Gaussian pulls the other's minimum slightly inward, so the minima sit at (−a, a) and (b, −b) with a and b
// just under 1 (solved to 1e-16 with SciPy's brentq on ∂f/∂x along those diagonals).
const DEEP = 0.9803836355776622;
const SHALLOW = 0.8939741041006756;

/** Equation 11.4: two inverted Gaussians, a deep minimum near (−1, 1) (≈ −2) and a shallow one near (1, −1) (≈ −1). */
export const twoGaussians: Surface = {
  id: 'two-gaussians',
  name: 'Two Gaussians (eq. 11.4)',
  dimension: 2,
  formula: 'f(x, y) = -2e^{-\\frac{1}{2}((x+1)^2 + (y-1)^2)} - e^{-\\frac{1}{2}((x-1)^2 + (y+1)^2)}',
  description: 'Two minima (figures 11-5, 11-7, 11-10): where gradient descent ends depends on where it starts.',
  bookEquation: '11.4',
  domain: { x: [-2, 2], y: [-2, 2] },
  defaultStart: [1.5, 1.5],
  minima: [
    { point: [-DEEP, DEEP], value: -2.0190335939268036, kind: 'global' },
    { point: [SHALLOW, -SHALLOW], value: -1.0441763239640927, kind: 'local' },
  ],
  value: (p) => {
    const x = p[0] as number;
    const y = p[1] as number;
    return -2 * Math.exp(-0.5 * ((x + 1) ** 2 + (y - 1) ** 2)) - Math.exp(-0.5 * ((x - 1) ** 2 + (y + 1) ** 2));
  },
  gradient: (p, out) => {
    const x = p[0] as number;
    const y = p[1] as number;
    const deep = Math.exp(-0.5 * ((x + 1) ** 2 + (y - 1) ** 2));
    const shallow = Math.exp(-0.5 * ((x - 1) ** 2 + (y + 1) ** 2));
    out[0] = 2 * (x + 1) * deep + (x - 1) * shallow;
    out[1] = 2 * (y - 1) * deep + (y + 1) * shallow;
  },
};
