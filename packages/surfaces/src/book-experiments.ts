import { bookGradientDescent, bookMomentum, bookNesterov } from './book-loops.js';
import { bowl, canyon, parabola, twoGaussians } from './chapter-surfaces.js';
import { nearestMinimum, type Point, type Surface } from './surface.js';

// The 1D/2D experiments of chapter 11 (chapter spec §3): their parameters, what the book printed, and runners that
// return our numbers and a plain-data description of the figure for @descent/plot.

/** Matplotlib's marker letters, as the book's listings use them. */
export type MarkerName = 'o' | 's' | '>' | '<' | '^' | 'v' | '*' | '+' | 'p' | 'h' | 'P' | 'D' | 'X';

/** A path of a figure spec: its points, their markers, a legend label and whether they are joined by a dotted line. */
export interface FigurePath {
  readonly points: readonly Point[];
  /** One marker for every point, or one per point. */
  readonly marker: MarkerName | readonly MarkerName[];
  readonly label?: string;
  /** Join the points with a dotted line (the book's `linestyle='dotted'`). */
  readonly dotted?: boolean;
}

/** One of the chapter's figures as data: the surface, the window, the paths and the marks, for `@descent/plot` to draw. */
export interface FigureSpec {
  readonly title: string;
  readonly surface: Surface;
  /** The plotting window, when narrower than the surface's own. */
  readonly domain?: { readonly x: readonly [number, number]; readonly y?: readonly [number, number] };
  readonly paths: readonly FigurePath[];
  /** Points marked with '+', as the book marks minima; for 1D figures, an 'X' at each point. */
  readonly marks?: readonly Point[];
  /** A short remark drawn inside the plot box, such as where a path diverged. */
  readonly note?: string;
}

/** What reproducing one of the chapter's experiments gives: our numbers beside the book's, as data and as lines for a terminal, and the figures. */
export interface ExperimentResult {
  readonly id: string;
  readonly title: string;
  /** What the book printed or shows, in words and numbers. */
  readonly book: string;
  readonly results: Record<string, unknown>;
  /** Lines comparing ours with the book's, for the terminal. */
  readonly lines: readonly string[];
  readonly figures: readonly { readonly name: string; readonly spec: FigureSpec }[];
}

const round = (v: number, digits = 6) => Number(v.toFixed(digits));
const fmt = (p: Point, digits = 6) => `(${p.map((v) => v.toFixed(digits)).join(', ')})`;
const last = (points: readonly Point[]): Point => points[points.length - 1] as Point;

/** A legend label that names a run by its start. */
const startLabel = (start: Point): string => `from ${fmt(start, 1)}`;

/**
 * The legend labels of a figure's runs: their starts, and their step sizes where the runs differ in them (a legend of
 * three identical "η = 0.02" entries tells a reader nothing).
 */
function runLabels(runs: readonly { readonly start: Point; readonly eta: number }[]): string[] {
  const etasDiffer = new Set(runs.map((r) => r.eta)).size > 1;
  return runs.map((r) => (etasDiffer ? `${startLabel(r.start)}, η = ${String(r.eta)}` : startLabel(r.start)));
}

function fig11_1(): ExperimentResult {
  const points = bookGradientDescent(parabola, [-0.9], 0.03, 15);
  const final = last(points)[0] as number;
  return {
    id: 'fig-11-1',
    title: 'Figure 11-1: 1D gradient descent with a small step (η = 0.03)',
    book: 'final x = 0.997648',
    results: { final: round(final), points: points.map((p) => p[0]) },
    lines: [`final x: ours ${final.toFixed(6)}   book 0.997648`],
    figures: [
      {
        name: 'fig-11-1',
        spec: {
          title: 'Figure 11-1: η = 0.03, 15 steps from x = −0.9',
          surface: parabola,
          paths: [{ points, marker: 'o' }],
        },
      },
    ],
  };
}

function fig11_2(): ExperimentResult {
  const points = bookGradientDescent(parabola, [0.75], 0.15, 14);
  const xs = points.map((p) => p[0] as number);
  const sides = xs.slice(1).map((x) => Math.sign(x - 1));
  // Stryker disable next-line MethodExpression,ConditionalExpression: fig11_2 takes no input and its run crosses x = 1 on every step, so counting every step gives the same 13
  const crossings = sides.slice(1).filter((s, i) => s !== sides[i]).length;
  return {
    id: 'fig-11-2',
    title: 'Figure 11-2: 1D gradient descent with a large step (η = 0.15)',
    book: 'oscillates around the minimum at x = 1',
    results: { final: round(xs[xs.length - 1] as number), crossings, points: xs },
    lines: [`crosses x = 1 on ${String(crossings)} of ${String(sides.length - 1)} steps; final x ${(xs[xs.length - 1] as number).toFixed(6)} (book: oscillates around 1)`],
    figures: [
      {
        name: 'fig-11-2',
        spec: {
          title: 'Figure 11-2: η = 0.15, 14 steps from x = 0.75',
          surface: parabola,
          domain: { x: [0.75, 1.25] },
          paths: [{ points, marker: 'o', dotted: true }],
        },
      },
    ],
  };
}

interface Run2d {
  readonly start: Point;
  readonly eta: number;
  readonly steps: number;
  readonly marker: MarkerName;
}

function gd2d(id: string, title: string, book: string, surface: Surface, runs: readonly Run2d[]): ExperimentResult {
  const paths = runs.map((r) => ({ run: r, points: bookGradientDescent(surface, r.start, r.eta, r.steps) }));
  // Stryker disable next-line OptionalChaining,ArrayDeclaration: for the type only; the surfaces gd2d draws (bowl, canyon) have a minimum
  const minimum = surface.minima[0]?.point ?? [];
  const labels = runLabels(runs);
  return {
    id,
    title,
    book,
    results: {
      runs: paths.map(({ run, points }) => ({ start: run.start, eta: run.eta, steps: run.steps, marker: run.marker, final: last(points).map((v) => round(v)) })),
    },
    lines: paths.map(({ run, points }) => `from ${fmt(run.start, 1)} η = ${String(run.eta)}, ${String(run.steps)} steps: ends at ${fmt(last(points))}; minimum ${fmt(minimum, 4)}`),
    figures: [
      {
        name: id,
        spec: {
          title,
          surface,
          paths: paths.map(({ run, points }, i) => ({ points, marker: run.marker, dotted: true, label: labels[i] as string })),
          marks: [minimum],
        },
      },
    ],
  };
}

/** Table 11-1's runs: start, steps, marker (and its name) and the basin the book says each run ends in. */
const TABLE_11_1: readonly { start: Point; steps: number; marker: MarkerName; name: string; bookBasin: 'deep' | 'shallow' }[] = [
  { start: [-1.5, 1.2], steps: 9, marker: 'o', name: 'circle', bookBasin: 'deep' },
  { start: [1.5, -1.8], steps: 9, marker: 's', name: 'square', bookBasin: 'shallow' },
  { start: [0, 0], steps: 20, marker: '+', name: 'plus', bookBasin: 'deep' },
  { start: [0.7, -0.2], steps: 20, marker: '^', name: 'triangle', bookBasin: 'shallow' },
  { start: [1.5, 1.5], steps: 30, marker: '*', name: 'star', bookBasin: 'deep' },
];

function table11_1(id: 'fig-11-5' | 'table-11-1'): ExperimentResult {
  const eta = 0.4;
  const rows = TABLE_11_1.map((r) => {
    const book = bookGradientDescent(twoGaussians, r.start, eta, r.steps, 'x-then-y');
    const simultaneous = bookGradientDescent(twoGaussians, r.start, eta, r.steps, 'simultaneous');
    const final = last(book);
    const basin = nearestMinimum(twoGaussians, final)?.kind === 'global' ? ('deep' as const) : ('shallow' as const);
    return { ...r, book, simultaneous, final, basin };
  });
  return {
    id,
    title: 'Figure 11-5 / Table 11-1: gradient descent on two Gaussians (η = 0.4)',
    book: 'circle, plus and star reach the deep minimum; square and triangle are caught by the shallow one',
    results: {
      rows: rows.map((r) => ({
        start: r.start,
        steps: r.steps,
        marker: r.name,
        final: r.final.map((v) => round(v)),
        finalSimultaneous: last(r.simultaneous).map((v) => round(v)),
        basin: r.basin,
      })),
    },
    lines: [
      'start         steps marker    book loop (x then y)      simultaneous update        basin (book)',
      ...rows.map(
        (r) =>
          `${fmt(r.start, 1).padEnd(13)} ${String(r.steps).padStart(5)} ${r.name.padEnd(9)} ${fmt(r.final).padEnd(25)} ${fmt(last(r.simultaneous)).padEnd(26)} ${r.basin} (${r.bookBasin})`,
      ),
    ],
    figures: [
      {
        name: 'fig-11-5',
        spec: {
          title: 'Figure 11-5: two minima, five starts (η = 0.4)',
          surface: twoGaussians,
          paths: rows.map((r) => ({ points: r.book, marker: r.marker, dotted: true, label: startLabel(r.start) })),
          marks: twoGaussians.minima.map((m) => m.point),
        },
      },
    ],
  };
}

function fig11_6(): ExperimentResult {
  const all = bookMomentum(parabola, [0.75], 0.09, 0.8, 50);
  const markers: MarkerName[] = ['o', 's', '>', '<', '*', '+', 'p', 'h', 'P', 'D'];
  const final = last(all)[0] as number;
  return {
    id: 'fig-11-6',
    title: 'Figure 11-6: 1D gradient descent with momentum (η = 0.09, μ = 0.8)',
    book: 'damped oscillation settling at 1 (x ≈ 1.000215 after 50 steps)',
    results: { final: round(final), points: all.map((p) => p[0]) },
    lines: [`final x after 50 steps: ours ${final.toFixed(6)}   book ≈ 1.000215`],
    figures: [
      {
        name: 'fig-11-6',
        spec: {
          title: 'Figure 11-6: momentum, 10 plotted steps then 40 more (X)',
          surface: parabola,
          domain: { x: [0.75, 1.25] },
          paths: [{ points: all.slice(0, 11), marker: [...markers, 'o'], dotted: true }],
          marks: [last(all)],
        },
      },
    ],
  };
}

const MOMENTUM_RUNS = [
  { start: [0.7, -0.2], eta: 0.1, mu: 0.9, steps: 25, marker: '>' as const, bookMomentum: [0.8807, -0.9063], bookNesterov: [0.9128, -0.9181] },
  { start: [1.5, 1.5], eta: 0.02, mu: 0.9, steps: 90, marker: '*' as const, bookMomentum: [-0.9496, 0.9809], bookNesterov: [-0.9718, 0.9813] },
];

function fig11_7(): ExperimentResult {
  const runs = MOMENTUM_RUNS.map((r) => ({ ...r, points: bookMomentum(twoGaussians, r.start, r.eta, r.mu, r.steps) }));
  const labels = runLabels(runs);
  return {
    id: 'fig-11-7',
    title: 'Figure 11-7: 2D gradient descent with momentum on two Gaussians',
    book: 'finals (0.8807, −0.9063) and (−0.9496, 0.9809)',
    results: { runs: runs.map((r) => ({ start: r.start, eta: r.eta, mu: r.mu, steps: r.steps, final: last(r.points).map((v) => round(v)), book: r.bookMomentum })) },
    lines: runs.map((r) => `from ${fmt(r.start, 1)} η = ${String(r.eta)}, μ = 0.9, ${String(r.steps)} steps: ours ${fmt(last(r.points), 4)}   book ${fmt(r.bookMomentum, 4)}`),
    figures: [
      {
        name: 'fig-11-7',
        spec: {
          title: 'Figure 11-7: momentum (μ = 0.9) on two Gaussians',
          surface: twoGaussians,
          paths: runs.map((r, i) => ({ points: r.points, marker: r.marker, dotted: true, label: labels[i] as string })),
          marks: twoGaussians.minima.map((m) => m.point),
        },
      },
    ],
  };
}

function table11_2(id: 'fig-11-10' | 'table-11-2'): ExperimentResult {
  const runs = MOMENTUM_RUNS.map((r) => {
    const nesterovBook = bookNesterov(twoGaussians, r.start, r.eta, r.mu, r.steps, 'per-axis');
    return {
      ...r,
      momentum: bookMomentum(twoGaussians, r.start, r.eta, r.mu, r.steps),
      nesterovBook,
      nesterov: bookNesterov(twoGaussians, r.start, r.eta, r.mu, r.steps, 'full'),
      // The minimum of the basin where the book's Nesterov run ends (Table 11-2 prints it rounded to (±1, ∓1)).
      // Stryker disable next-line OptionalChaining,ArrayDeclaration: for the type only; two-gaussians has minima, so there is always a nearest one
      minimum: nearestMinimum(twoGaussians, last(nesterovBook))?.point ?? [],
    };
  });
  const labels = runLabels(runs);
  return {
    id,
    title: 'Figure 11-10 / Table 11-2: Nesterov momentum against momentum',
    book: 'momentum (0.8807, −0.9063), (−0.9496, 0.9809); Nesterov (0.9128, −0.9181), (−0.9718, 0.9813)',
    results: {
      rows: runs.map((r) => ({
        start: r.start,
        momentum: last(r.momentum).map((v) => round(v)),
        nesterovBook: last(r.nesterovBook).map((v) => round(v)),
        nesterov: last(r.nesterov).map((v) => round(v)),
        minimum: r.minimum,
      })),
    },
    lines: runs.flatMap((r) => [
      `from ${fmt(r.start, 1)} (η = ${String(r.eta)}, μ = 0.9, ${String(r.steps)} steps), minimum ${fmt(r.minimum, 4)}`,
      `  momentum                   ours ${fmt(last(r.momentum), 4)}   book ${fmt(r.bookMomentum, 4)}`,
      `  Nesterov, book's per-axis  ours ${fmt(last(r.nesterovBook), 4)}   book ${fmt(r.bookNesterov, 4)}`,
      `  Nesterov, full look-ahead  ours ${fmt(last(r.nesterov))}`,
    ]),
    figures: [
      {
        name: 'fig-11-10',
        spec: {
          title: 'Figure 11-10: Nesterov momentum (the book’s per-axis look-ahead)',
          surface: twoGaussians,
          paths: runs.map((r, i) => ({ points: r.nesterovBook, marker: r.marker, dotted: true, label: labels[i] as string })),
          marks: twoGaussians.minima.map((m) => m.point),
        },
      },
    ],
  };
}

/** Every experiment this package reproduces, in the chapter's order, with a one-line description. */
export interface BookExperiment {
  readonly id: string;
  readonly summary: string;
  /** Set on a table that is printed with its figure, so `reproduce all` runs it once. */
  readonly sameAs?: string;
  /** Runs the experiment. */
  readonly run: () => ExperimentResult;
}

/** Every experiment of the chapter this package reproduces, in the chapter's order. */
export const bookExperiments: readonly BookExperiment[] = [
  { id: 'fig-11-1', summary: '1D gradient descent, small step (η = 0.03)', run: fig11_1 },
  { id: 'fig-11-2', summary: '1D gradient descent, large step (η = 0.15)', run: fig11_2 },
  {
    id: 'fig-11-3',
    summary: '2D gradient descent on the bowl from three starts',
    run: () =>
      gd2d('fig-11-3', 'Figure 11-3: 2D gradient descent on the bowl (η = 0.02)', 'all three converge to (1, 0.7778)', bowl, [
        { start: [-0.5, 2.9], eta: 0.02, steps: 12, marker: 'o' },
        { start: [1.5, -0.8], eta: 0.02, steps: 12, marker: 's' },
        { start: [2.7, 2.3], eta: 0.02, steps: 12, marker: '^' },
      ]),
  },
  {
    id: 'fig-11-4',
    summary: '2D gradient descent in the canyon with two step sizes',
    run: () =>
      gd2d(
        'fig-11-4',
        'Figure 11-4: 2D gradient descent in the canyon',
        'η = 0.02 zig-zags across the canyon; η = 0.01 creeps along its floor',
        canyon,
        [
          { start: [-0.5, 2.3], eta: 0.02, steps: 14, marker: 'o' },
          { start: [2.3, 2.3], eta: 0.01, steps: 14, marker: 's' },
        ],
      ),
  },
  { id: 'fig-11-5', summary: 'gradient descent on two Gaussians from five starts', run: () => table11_1('fig-11-5') },
  { id: 'table-11-1', summary: 'the five runs of figure 11-5 and where they end', sameAs: 'fig-11-5', run: () => table11_1('table-11-1') },
  { id: 'fig-11-6', summary: '1D gradient descent with momentum', run: fig11_6 },
  { id: 'fig-11-7', summary: '2D momentum on two Gaussians', run: fig11_7 },
  { id: 'fig-11-10', summary: 'Nesterov momentum on two Gaussians', run: () => table11_2('fig-11-10') },
  { id: 'table-11-2', summary: 'final points of momentum and Nesterov', sameAs: 'fig-11-10', run: () => table11_2('table-11-2') },
];
