import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Io } from './io.js';
import { main } from './program.js';

async function run(...argv: string[]) {
  const cwd = mkdtempSync(join(tmpdir(), 'descent-cli-'));
  let stdout = '';
  let stderr = '';
  const io: Io = { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

interface PathJson {
  points: number[][];
  averagedPoints?: number[][];
  transforms?: Record<string, unknown>;
}
const path = async (...flags: string[]) => {
  const r = await run('path', '--surface', 'bowl', '--optimizer', 'sgd', '--lr', '0.1', '--start', '3,-2', '--steps', '6', '--json', ...flags);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as PathJson;
};
const stepLengths = (points: number[][]) => points.slice(1).map((p, i) => Math.hypot(...p.map((x, j) => x - ((points[i] as number[])[j] as number))));

describe('gradient transformation flags', () => {
  it('--clip-grad-norm bounds every SGD step by lr · max (the gradient is clipped before the step), and JSON lists it', async () => {
    const plain = await path();
    const clipped = await path('--clip-grad-norm', '0.5');
    expect(Math.max(...stepLengths(plain.points))).toBeGreaterThan(0.1);
    for (const length of stepLengths(clipped.points)) expect(length).toBeLessThanOrEqual(0.1 * 0.5 + 1e-12);
    expect(clipped.transforms).toEqual({ 'clip-grad-norm': 0.5 });
  });

  it('--clip-grad-value clamps each entry, so no coordinate moves more than lr · clip', async () => {
    const clipped = await path('--clip-grad-value', '0.2');
    clipped.points.slice(1).forEach((p, i) => {
      p.forEach((x, j) => { expect(Math.abs(x - ((clipped.points[i] as number[])[j] as number))).toBeLessThanOrEqual(0.1 * 0.2 + 1e-12); });
    });
  });

  it('--accumulate 2: the first micro-step gathers, the second steps on the mean', async () => {
    const acc = await path('--accumulate', '2');
    expect(acc.points[1]).toEqual(acc.points[0]);
    expect(acc.points[2]).not.toEqual(acc.points[0]);
    expect(acc.points[3]).toEqual(acc.points[2]);
  });

  it('--ema D: averagedPoints holds one averaged point per step (the first copies, then d·avg + (1 − d)·θ)', async () => {
    const out = await path('--ema', '0.5');
    const averaged = out.averagedPoints ?? [];
    expect(averaged).toHaveLength(6);
    expect(averaged[0]).toEqual(out.points[1]);
    const expected = (averaged[0] as number[]).map((a, j) => 0.5 * a + 0.5 * ((out.points[2] as number[])[j] as number));
    (averaged[1] as number[]).forEach((x, j) => { expect(x).toBeCloseTo(expected[j] as number, 14); });
    expect((await path()).averagedPoints).toBeUndefined();
  });

  it('--lookahead K,ALPHA and --skip-nonfinite run, and change the path only where they should', async () => {
    const plain = await path();
    const guarded = await path('--skip-nonfinite');
    expect(guarded.points).toEqual(plain.points);
    const la = await path('--lookahead', '2,0.5');
    expect(la.points[1]).toEqual(plain.points[1]);
    expect(la.points[2]).not.toEqual(plain.points[2]);
  });

  it('a NonFiniteGradientError (--skip-nonfinite ran out of skips) fails the run in one line, exit 1, also from another copy of @descent/optim', async () => {
    // The surfaces' values overflow before their gradients do, so a run reaches the error through an optimizer package
    // that carries its own copy of @descent/optim (a query string makes Node load the module again) and throws it.
    const optim = pathToFileURL(fileURLToPath(new URL('../node_modules/@descent/optim/dist/index.js', import.meta.url))).href;
    const cwd = mkdtempSync(join(tmpdir(), 'descent-cli-'));
    writeFileSync(
      join(cwd, 'guarded.mjs'),
      `const { NonFiniteGradientError } = await import(${JSON.stringify(`${optim}?another-copy`)});
export const guarded = {
  specificationVersion: 'v1', id: 'guarded', name: 'Guarded', packageName: 'guarded', summary: 'Fails.', updateRule: 'x', bookMapping: 'Not in the book.',
  options: [{ name: 'lr', type: 'learning-rate', default: 0.1, min: 0, description: 'Step length.' }],
  references: [{ authors: 'example', title: 'example', year: 2024 }],
  create: (params, options) => ({
    specificationVersion: 'v1', id: 'guarded', stepCount: 0, paramGroups: [{ params: [...params], options: { lr: 0.1, ...options } }],
    step() { throw new NonFiniteGradientError("skipNonFinite: 3 consecutive steps had a non-finite gradient (at most 2 may be skipped); non-finite now in 'x'", ['x']); },
    zeroGrad() {}, currentLr: () => 0.1,
  }),
};
`,
    );
    let stdout = '';
    let stderr = '';
    const code = await main(['path', '--surface', 'bowl', '--optimizer', './guarded.mjs', '--steps', '3'], { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    expect(stderr).toBe("descent: skipNonFinite: 3 consecutive steps had a non-finite gradient (at most 2 may be skipped); non-finite now in 'x'\n");
    expect(code).toBe(1);
    expect(stdout).toBe('');
  });

  it('race applies them to every racer', async () => {
    const r = await run('race', '--surface', 'bowl', '--optimizers', 'sgd,adam', '--start', '3,-2', '--steps', '4', '--json', '--clip-grad-norm', '0.01', '--lr', '0.1');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { runs?: { points: number[][] }[]; paths?: { points: number[][] }[] };
    const runs = out.runs ?? out.paths ?? [];
    expect(runs.length).toBe(2);
    // SGD's steps are bounded by lr · max; Adam's direction does not depend on the scale.
    for (const length of stepLengths((runs[0] as { points: number[][] }).points)) expect(length).toBeLessThanOrEqual(0.1 * 0.01 + 1e-12);
  });

  for (const [flags, message] of [
    [['--clip-grad-norm', '0'], "--clip-grad-norm expects a number > 0, got '0'"],
    [['--clip-grad-value', 'x'], "--clip-grad-value expects a number > 0, got 'x'"],
    [['--skip-nonfinite', '-1'], "--skip-nonfinite expects a whole number ≥ 0, got '-1'"],
    [['--accumulate', '1.5'], "--accumulate expects a whole number ≥ 1, got '1.5'"],
    [['--lookahead', '3'], "--lookahead expects K,ALPHA (a whole number ≥ 1 and a number in (0, 1]), got '3'"],
    [['--lookahead', '3,2'], "--lookahead expects K,ALPHA with ALPHA a number in (0, 1], got '2'"],
    [['--ema', '1'], "--ema expects a decay in [0, 1), got '1'"],
  ] as const) {
    it(`usage error: ${flags.join(' ')}`, async () => {
      const r = await run('path', '--surface', 'bowl', ...flags);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
    });
  }

  it('refuses them for an optimizer that evaluates its own gradient (lbfgs)', async () => {
    const r = await run('path', '--surface', 'bowl', '--optimizer', 'lbfgs', '--clip-grad-norm', '1');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--clip-grad-norm: lbfgs evaluates the gradient itself');
  });
});

describe('train with gradient transformations', () => {
  const train = async (...flags: string[]) => {
    const r = await run('train', '--dataset', 'fashion-mnist-sample', '--minibatches', '40', '--seed', '3', '--json', ...flags);
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as { accuracy: number; confusion: number[][]; transforms?: Record<string, unknown> };
  };
  it('--ema D evaluates with the averaged weights: D = 0 is the last weights, D = 0.9 is not', async () => {
    const plain = await train();
    const last = await train('--ema', '0');
    const averaged = await train('--ema', '0.9', '--clip-grad-norm', '5');
    expect(last.confusion).toEqual(plain.confusion);
    expect(averaged.confusion).not.toEqual(plain.confusion);
    expect(averaged.transforms).toEqual({ 'clip-grad-norm': 5, ema: 0.9 });
  });
});

describe('study arms with gradient transformations', () => {
  it('an arm takes them in its text; the study config records them and the runs use them', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'descent-cli-'));
    let stdout = '';
    const io: Io = { cwd, stdout: (s) => (stdout += s), stderr: () => undefined };
    const common = ['--runs', '1', '--minibatches', '60', '--dataset', 'fashion-mnist-sample', '--seed', '4', '--workers', '1', '--json'];
    const code = await main(['study', '--arm', 'plain: sgd --lr 0.5', '--arm', 'clipped: sgd --lr 0.5 --clip-grad-norm 0.001 --skip-nonfinite', '--out', 's', ...common], io);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as { arms: Record<string, { mcc: number[] }> };
    // Steps of at most 0.5 · 0.001 barely move the network: its MCC is not the plain arm's.
    expect(summary.arms.clipped?.mcc[0]).not.toBe(summary.arms.plain?.mcc[0]);
    const config = JSON.parse(readFileSync(join(cwd, 's', 'study.json'), 'utf8')) as { arms: { name: string; transforms?: unknown }[] };
    expect(config.arms.find((a) => a.name === 'clipped')?.transforms).toEqual({ 'clip-grad-norm': 0.001, 'skip-nonfinite': 10 });
    expect(config.arms.find((a) => a.name === 'plain')?.transforms).toBeUndefined();
  });

  it('a bad value in an arm is a usage error naming the flag', async () => {
    const r = await run('study', '--arm', 'x: sgd --ema 2', '--runs', '1', '--dataset', 'fashion-mnist-sample');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--ema expects a decay in [0, 1), got '2'");
  });
});
