import { parameter, type OptimizerPluginV1 } from '@descent/optim';
import type { Surface } from '@descent/surfaces';

// The state an optimizer carries between steps, read after every step from its own state record (the buffers its
// stateDict saves), as lilipads/gradient_descent_viz draws it: the gradient, the velocity (a momentum buffer or a first
// moment), and the running squared gradient (a second moment, Adagrad's sum, AdaBelief's variance).

/** The state names that hold a velocity, first found wins. */
const VELOCITY_KEYS = ['momentumBuffer', 'expAvg', 'trace'] as const;
/** The state names that hold a running (or summed) squared gradient. */
const SQUARED_KEYS = ['expAvgSq', 'squareAvg', 'sum', 'expAvgVar', 'variance'] as const;

export interface GlyphStep {
  /** The point the step starts from, and the gradient there. */
  readonly point: [number, number];
  readonly gradient: [number, number];
  /** After the step: the velocity and squared-gradient buffers, where the optimizer has them. */
  readonly velocity?: [number, number];
  readonly squared?: [number, number];
}

function pick(state: Record<string, unknown> | undefined, keys: readonly string[]): [number, number] | undefined {
  for (const key of keys) {
    const v = state?.[key];
    if (v instanceof Float64Array || v instanceof Float32Array) return [v[0] ?? 0, v[1] ?? 0];
  }
  return undefined;
}

/** Which glyphs an optimizer's state has: the names of its velocity and squared-gradient buffers, if any. */
export function stateKinds(steps: readonly GlyphStep[]): { velocity: boolean; squared: boolean } {
  return { velocity: steps.some((s) => s.velocity !== undefined), squared: steps.some((s) => s.squared !== undefined) };
}

/**
 * `steps` steps of the optimizer on the surface from `start`, with the gradient and the state after each step. A run
 * whose numbers stop being finite ends there.
 */
export function glyphRun(surface: Surface, plugin: OptimizerPluginV1, options: Record<string, unknown>, start: readonly number[], steps: number): GlyphStep[] {
  const w = parameter(Float64Array.from(start), { shape: [2] });
  const optimizer = plugin.create([w], options as never);
  const out: GlyphStep[] = [];
  for (let k = 0; k < steps; k++) {
    const point: [number, number] = [w.data[0] ?? 0, w.data[1] ?? 0];
    surface.gradient(w.data, w.grad);
    const gradient: [number, number] = [w.grad[0] ?? 0, w.grad[1] ?? 0];
    optimizer.step();
    if (!w.data.every(Number.isFinite) || !gradient.every(Number.isFinite)) break;
    const state = (optimizer as unknown as { state?: Map<unknown, Record<string, unknown>> }).state?.get(w);
    const velocity = pick(state, VELOCITY_KEYS);
    const squared = pick(state, SQUARED_KEYS);
    out.push({ point, gradient, ...(velocity === undefined ? {} : { velocity }), ...(squared === undefined ? {} : { squared }) });
  }
  return out;
}

/** A map from data to the figure's pixels, given the inverse (contourFigureDataAt) of a linear plot frame. */
export function pixelMap(dataAt: (px: number, py: number) => [number, number] | null): (x: number, y: number) => [number, number] {
  const a = dataAt(300, 280) ?? [0, 0];
  const b = dataAt(301, 281) ?? [1, 1];
  const sx = 1 / (b[0] - a[0]);
  const sy = 1 / (b[1] - a[1]);
  return (x, y) => [300 + (x - a[0]) * sx, 280 + (y - a[1]) * sy];
}

/**
 * The glyphs as SVG elements over a 600-pixel contour figure: at each step's point an arrow along −g (where the
 * gradient sends the step), an arrow along the velocity's step direction, and a bar per axis for the squared
 * gradient. Each kind is scaled so that its largest glyph is `longest` pixels: the picture compares steps, not kinds.
 */
export function glyphSvg(steps: readonly GlyphStep[], toPixel: (x: number, y: number) => [number, number], longest = 40): string {
  const scale = (vs: readonly (readonly [number, number] | undefined)[]) => {
    const m = Math.max(0, ...vs.map((v) => (v === undefined ? 0 : Math.hypot(v[0], v[1]))));
    return m > 0 ? longest / m : 0;
  };
  const gScale = scale(steps.map((s) => s.gradient));
  const vScale = scale(steps.map((s) => s.velocity));
  const sqRoot = steps.map((s) => (s.squared === undefined ? undefined : ([Math.sqrt(Math.abs(s.squared[0])), Math.sqrt(Math.abs(s.squared[1]))] as [number, number])));
  const sScale = Math.max(0, ...sqRoot.flatMap((v) => v ?? [])) > 0 ? longest / Math.max(...sqRoot.flatMap((v) => v ?? [])) : 0;
  const f = (n: number) => n.toFixed(1);
  const arrow = (cls: string, x: number, y: number, dx: number, dy: number) =>
    `<line class="${cls}" x1="${f(x)}" y1="${f(y)}" x2="${f(x + dx)}" y2="${f(y + dy)}" marker-end="url(#glyph-head-${cls})"/>`;
  const parts = steps.map((s, k) => {
    const [x, y] = toPixel(s.point[0], s.point[1]);
    // SVG's y grows downwards: a data direction (dx, dy) is (dx, −dy) on the page.
    const items = [arrow('glyph-gradient', x, y, -s.gradient[0] * gScale, s.gradient[1] * gScale)];
    if (s.velocity !== undefined) items.push(arrow('glyph-velocity', x, y, -s.velocity[0] * vScale, s.velocity[1] * vScale));
    const root = sqRoot[k];
    if (root !== undefined) {
      items.push(`<rect class="glyph-squared" x="${f(x)}" y="${f(y + 3)}" width="${f(root[0] * sScale)}" height="3"/>`);
      items.push(`<rect class="glyph-squared" x="${f(x - 6)}" y="${f(y - root[1] * sScale)}" width="3" height="${f(root[1] * sScale)}"/>`);
    }
    return `<g class="glyph-step" data-step="${String(k)}">${items.join('')}</g>`;
  });
  const head = (cls: string, colour: string) =>
    `<marker id="glyph-head-${cls}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${colour}"/></marker>`;
  return `<defs>${head('glyph-gradient', '#d62728')}${head('glyph-velocity', '#1f77b4')}</defs><style>.glyph-gradient{stroke:#d62728;stroke-width:1.5}.glyph-velocity{stroke:#1f77b4;stroke-width:1.5}.glyph-squared{fill:#2ca02c;opacity:.8}</style>${parts.join('')}`;
}
