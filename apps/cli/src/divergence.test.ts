import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from './io.js';
import { main } from './program.js';

// Divergence is news, not silence (issue 11 §5): a run whose numbers overflow stops at that step and says so, in the
// terminal, in --json and on the figure. SGD at η = 100 on Rosenbrock from (−1.2, 1) overflows f at step 4.

async function run(...argv: string[]) {
  const cwd = mkdtempSync(join(tmpdir(), 'descent-diverge-'));
  let stdout = '';
  let stderr = '';
  const io: Io = { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) };
  const code = await main(argv, io);
  return { code, stdout, stderr, cwd };
}

const DIVERGING_PATH = ['path', '--surface', 'rosenbrock', '--optimizer', 'sgd', '--lr', '100', '--steps', '50'];

/** Every number written in an SVG (colours such as #888888 left out). */
const numbers = (svg: string) => [...svg.replace(/#[\da-f]{3,6}\b/gi, '').matchAll(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi)].map((m) => Math.abs(Number(m[0])));

/** The [x, y] pairs of every polyline in an SVG. */
const polylines = (svg: string) =>
  [...svg.matchAll(/<polyline[^>]* points="([^"]*)"/g)].map((m) => (m[1] ?? '').trim().split(/\s+/).map((pair) => pair.split(',').map(Number)));

describe('descent path on a diverging run', () => {
  it('prints the finite steps, then one line saying where it diverged; exit 0', async () => {
    const r = await run(...DIVERGING_PATH);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('diverged at step 4: try a smaller --lr');
    // Steps 0 … 3 are shown, step 4 (f = Infinity) and later are not.
    expect(lines.filter((l) => /^ {5}\d {2}\(/.test(l)).map((l) => l.trim().split(' ')[0])).toEqual(['0', '1', '2', '3']);
    expect(r.stdout).not.toMatch(/NaN|Infinity|final/);
  });

  it('--json carries "diverged": {"step": 4} and only finite numbers', async () => {
    const r = await run(...DIVERGING_PATH, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { steps: number; points: number[][]; values: number[]; final: number[]; diverged: { step: number } };
    expect(out.diverged).toEqual({ step: 4 });
    expect(out.steps).toBe(50);
    expect(out.points).toHaveLength(4);
    expect(out.values).toHaveLength(4);
    expect(out.final).toEqual(out.points[3]);
    // JSON writes NaN and Infinity as null.
    expect(r.stdout).not.toContain('null');
  });

  it('a run that converges has no diverged field', async () => {
    const r = await run('path', '--surface', 'bowl', '--lr', '0.02', '--steps', '30', '--json');
    expect(Object.keys(JSON.parse(r.stdout) as object)).not.toContain('diverged');
  });

  it('the figure shows the surface, the finite part of the path and a note; no NaN', async () => {
    const r = await run(...DIVERGING_PATH, '--plot', 'p.svg');
    expect(r.code).toBe(0);
    const svg = readFileSync(join(r.cwd, 'p.svg'), 'utf8');
    expect(svg).toMatch(/<text[^>]*>diverged at step 4<\/text>/);
    expect(svg).not.toMatch(/NaN|Infinity/);
    // The contours are drawn (filled bands). The path is one polyline from the start, cut where it flies off: its
    // later points lie up to 1e57 px away, and a coordinate that large makes the PNG renderer drop the contours.
    expect((svg.match(/<path[^>]* fill="rgb\(/g) ?? []).length).toBeGreaterThan(5);
    const lines = polylines(svg);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...numbers(svg))).toBeLessThanOrEqual(1e5);
  });

  it('the help says that a diverged path is a result (exit 0)', async () => {
    const r = await run('path', '--help');
    const help = r.stdout.replace(/\s+/g, ' ');
    expect(help).toContain('Divergence: a path whose point, f or gradient overflows stops at that step');
    expect(help).toContain('The finite part is the result (exit 0)');
  });
});

describe('descent race with one optimizer diverging', () => {
  const RACE = ['race', '--surface', 'rosenbrock', '--optimizers', 'sgd:lr=100,adam:lr=0.05', '--steps', '50'];

  it('says which diverged and at which step; the others report as usual', async () => {
    const r = await run(...RACE);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('sgd        diverged at step 4: try a smaller lr (sgd:lr=…)\n');
    expect(r.stdout).toMatch(/^adam {7}final \(.+\) {2}f = [\d.e+-]+ {2}distance to nearest minimum/m);
    expect(r.stdout).not.toMatch(/NaN|Infinity/);
  });

  it('--json carries diverged for that optimizer only, with its finite points', async () => {
    const r = await run(...RACE, '--json');
    const out = JSON.parse(r.stdout) as { runs: { optimizer: string; points: number[][]; final: number[]; diverged?: { step: number } }[] };
    const [sgd, adam] = out.runs;
    expect(sgd?.diverged).toEqual({ step: 4 });
    expect(sgd?.points).toHaveLength(4);
    expect(sgd?.final).toEqual(sgd?.points[3]);
    expect(adam !== undefined && 'diverged' in adam).toBe(false);
    expect(adam?.points).toHaveLength(51);
    expect(r.stdout).not.toContain('null');
  });

  it('the figure draws the finite part of each path and names the diverged one', async () => {
    const r = await run(...RACE, '--plot', 'race.svg');
    const svg = readFileSync(join(r.cwd, 'race.svg'), 'utf8');
    expect(svg).toMatch(/<text[^>]*>diverged: sgd at step 4<\/text>/);
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(Math.max(...numbers(svg))).toBeLessThanOrEqual(1e5);
    // Adam's 51 points stay in view; SGD's path is there up to where it flies off.
    expect(polylines(svg).map((l) => l.length)).toEqual([2, 51]);
  });
});

describe('descent train on a diverging run', () => {
  // The small CNN at η = 1e30: its loss is NaN within the first epoch. (The book's sigmoid MLP saturates instead:
  // its loss sticks at 0.05 but stays finite, which is not divergence.)
  const TRAIN = ['train', '--dataset', 'fashion-mnist-sample', '--model', 'small-cnn', '--optimizer', 'sgd', '--lr', '1e30', '--epochs', '1', '--samples', '2000'];

  it('stops at that minibatch, says so in one line, saves nothing and exits 1', async () => {
    const r = await run(...TRAIN, '--save', 'w.json');
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(/^descent: diverged at minibatch \d+: try a smaller --lr \(the loss became NaN; w\.json not written\)$/);
    expect(existsSync(join(r.cwd, 'w.json'))).toBe(false);
    // No scores are reported as if the network were fine.
    expect(r.stdout).not.toMatch(/accuracy|MCC|trained/);
  });

  it('the help says so', async () => {
    const r = await run('train', '--help');
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('--save is not written and the exit code is 1');
  });

  it('--json carries "diverged" with the minibatch, and no scores', async () => {
    const r = await run(...TRAIN, '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    const step = (out.diverged as { step: number }).step;
    expect(Number.isInteger(step) && step >= 1 && step < 16).toBe(true);
    expect(out.minibatches).toBe(step);
    expect(out).not.toHaveProperty('accuracy');
    expect(out).not.toHaveProperty('confusion');
    expect(r.stderr).toContain(`descent: diverged at minibatch ${String(step)}: try a smaller --lr (the loss became NaN)`);
  });
});

describe('a start where f already overflows', () => {
  it('is a usage error naming --start, before any step (exit 2, no stack trace)', async () => {
    const r = await run('path', '--surface', 'rosenbrock', '--start', '1e200,0');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('descent: --start 1e200,0: Start [1e+200,0] does not fit rosenbrock: f or its gradient is not finite there (f = Infinity)\n');
    expect(r.stdout).toBe('');
  });
});
