import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Io } from './io.js';
import { main } from './program.js';

async function run(...argv: string[]) {
  const cwd = mkdtempSync(join(tmpdir(), 'descent-cli-'));
  let stdout = '';
  let stderr = '';
  const io: Io = { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) };
  const code = await main(argv, io);
  return { code, stdout, stderr, cwd };
}

const pluginFile = fileURLToPath(new URL('./__fixtures__/sign-descent-plugin.mjs', import.meta.url));

describe('descent path', () => {
  it('prints the documented JSON: options resolved, N + 1 points with the start first', async () => {
    const r = await run('path', '--surface', 'parabola', '--optimizer', 'sgd', '--lr', '0.03', '--start', '-0.9', '--steps', '15', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['surface', 'optimizer', 'options', 'start', 'steps', 'points', 'values', 'final']);
    expect(out.options).toEqual({ lr: 0.03, weightDecay: 0, maximize: false });
    expect((out.points as number[][])[0]).toEqual([-0.9]);
    expect(out.points).toHaveLength(16);
    expect(((out.final as number[])[0] as number).toFixed(6)).toBe('0.997648');
  });

  it('--maximize climbs: every optimizer takes it, and the path leaves the minimum', async () => {
    const r = await run('path', '--surface', 'parabola', '--optimizer', 'adam', '--lr', '0.1', '--start', '0.5', '--steps', '5', '--maximize', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { options: Record<string, unknown>; values: number[] };
    expect(out.options.maximize).toBe(true);
    // f = 6x² − 12x + 3 has its minimum at 1: from 0.5, climbing goes left and f grows at every step.
    expect(out.values.every((v, i) => i === 0 || v > (out.values[i - 1] as number))).toBe(true);
  });

  it('Adafactor runs on a surface (the point is a vector); Muon, for matrices only, says so in one line', async () => {
    const adafactor = await run('path', '--surface', 'bowl', '--optimizer', 'adafactor', '--lr', '0.1', '--start', '1,1', '--steps', '3', '--json');
    expect(adafactor.stderr).toBe('');
    expect(adafactor.code).toBe(0);
    const scheduled = await run('path', '--surface', 'bowl', '--optimizer', 'adafactor', '--schedule', '{"name": "StepLR", "step_size": 2}', '--steps', '3');
    expect(scheduled.stderr).toBe('');
    expect(scheduled.code).toBe(0);
    const muon = await run('path', '--surface', 'bowl', '--optimizer', 'muon', '--steps', '3');
    expect(muon.code).toBe(2);
    expect(muon.stderr.trim().split('\n')).toEqual([expect.stringContaining('Muon only supports 2-D parameters; parameter #0 has shape [2]')]);
  });

  it('takes negative starts and writes an SVG or PNG plot', async () => {
    const svg = await run('path', '--surface', 'two-gaussians', '--optimizer', 'adam', '--lr', '0.05', '--beta1', '0.8', '--start', '-0.5,-1.5', '--steps', '40', '--plot', 'p.svg');
    expect(svg.code).toBe(0);
    expect(readFileSync(join(svg.cwd, 'p.svg'), 'utf8')).toContain('<svg');
    expect(svg.stdout).toContain('options: lr=0.05 beta1=0.8 beta2=0.999');
    const png = await run('path', '--surface', 'bowl', '--plot', 'p.png', '--steps', '3');
    expect(png.code).toBe(0);
    expect(readFileSync(join(png.cwd, 'p.png')).subarray(1, 4).toString()).toBe('PNG');
    expect(readdirSync(png.cwd)).toEqual(['p.png']);
  });

  it('loads a third-party optimizer from a file, with its own flags', async () => {
    const r = await run('path', '--surface', 'bowl', '--optimizer', pluginFile, '--lr', '0.25', '--shrink', '0.5', '--start', '0,0', '--steps', '2', '--json');
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { optimizer: string; final: number[]; options: Record<string, unknown> };
    expect(out.optimizer).toBe('sign-descent');
    expect(out.options).toEqual({ lr: 0.25, shrink: 0.5 });
    expect(out.final).toEqual([0.5, 0.5]);
  });
});

describe('usage errors exit 2 with one line naming the flag and what it accepts', () => {
  const cases: [string[], RegExp][] = [
    [['pathx'], /^descent: unknown command 'pathx' \(Did you mean path\?\)\n$/],
    [['path', '--surface', 'bowl', '--lrr', '3'], /unknown option '--lrr' \(Did you mean --lr\?\)/],
    [['path', '--surface', 'bowl', '--optimizer', 'sophia'], /unknown optimizer 'sophia'; known optimizers: sgd, momentum, nesterov, rmsprop, adagrad, adadelta, adam/],
    [['path', '--surface', 'bowl', '--optimizer', 'adam', '--beta1', '1.2'], /--beta1 1\.2 is not allowed for adam \(expected a number in \[0, 1\)\)/],
    [['path', '--surface', 'bowl', '--optimizer', 'sgd', '--momentum', '0.9'], /--momentum is not an option of sgd; its options: --lr, --weight-decay/],
    [['path', '--surface', 'bowl', '--optimizer', 'momentum', '--nesterov'], /use --optimizer nesterov/],
    [['path', '--surface', 'bowl', '--optimizer', 'rmsprop', '--nesterov'], /--nesterov true is not allowed for rmsprop \(expected false unless momentum > 0\)/],
    [['path', '--surface', 'bowl', '--lr', 'fast'], /--lr expects a number ≥ 0 for sgd, got 'fast'/],
    [['path', '--surface', 'bowl', '--lr', '-1'], /--lr -1 is not allowed for sgd \(expected a number ≥ 0\)/],
    [['path', '--surface', 'bowl', '--start', '1'], /--start expects two comma-separated numbers for bowl \(e\.g\. --start -0\.5,2\.9\), got '1'/],
    [['path', '--surface', 'valley'], /--surface: Unknown surface 'valley'; known surfaces: parabola, bowl/],
    [['path', '--surface', 'bowl', '--steps', '2.5'], /--steps expects a whole number from 0 to 1000000, got '2\.5'/],
    [['path', '--surface', 'bowl', '--plot', 'figure.jpg'], /--plot expects a file ending in \.svg or \.png, got 'figure\.jpg'/],
    [['path'], /required option '--surface <id>' not specified/],
    [['race', '--surface', 'bowl', '--optimizers', 'sgd:lr'], /'lr' in 'sgd:lr' should be option=value/],
    [['reproduce', 'fig-99'], /unknown experiment 'fig-99'; known: fig-11-1/],
  ];
  for (const [argv, message] of cases) {
    it(`descent ${argv.join(' ')}`, async () => {
      const r = await run(...argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    });
  }
});

describe('descent race', () => {
  it('runs each optimizer with shared flags and per-optimizer overrides', async () => {
    const r = await run('race', '--surface', 'rosenbrock', '--optimizers', 'sgd:lr=0.001,momentum:lr=0.001,adam:lr=0.05', '--steps', '500', '--json', '--plot', 'race.png');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { start: number[]; runs: { optimizer: string; options: Record<string, unknown>; final: number[]; points: number[][] }[] };
    expect(out.start).toEqual([-1.2, 1]);
    expect(out.runs.map((x) => x.optimizer)).toEqual(['sgd', 'momentum', 'adam']);
    expect(out.runs[2]?.options.lr).toBe(0.05);
    expect(out.runs.every((x) => x.points.length === 501)).toBe(true);
    expect(existsSync(join(r.cwd, 'race.png'))).toBe(true);
  });
});

describe('descent reproduce', () => {
  it("fig-11-1 --json gives the book's final x and the files it wrote", async () => {
    const r = await run('reproduce', 'fig-11-1', '--json', '--out', 'figs');
    const out = JSON.parse(r.stdout) as { id: string; title: string; results: { final: number }; files: string[] };
    expect(Object.keys(out)).toEqual(['id', 'title', 'results', 'files']);
    expect(out.results.final).toBe(0.997648);
    expect(out.files.map((f) => f.slice(r.cwd.length))).toEqual(['/figs/fig-11-1.svg', '/figs/fig-11-1.png']);
  });

  it('table-11-1 and table-11-2 --json give the documented rows', async () => {
    const t1 = JSON.parse((await run('reproduce', 'table-11-1', '--json')).stdout) as { results: { rows: Record<string, unknown>[] } };
    expect(Object.keys(t1.results.rows[0] ?? {})).toEqual(['start', 'steps', 'marker', 'final', 'finalSimultaneous', 'basin']);
    const t2 = JSON.parse((await run('reproduce', 'table-11-2', '--json')).stdout) as { results: { rows: Record<string, number[]>[] } };
    expect(Object.keys(t2.results.rows[0] ?? {})).toEqual(['start', 'momentum', 'nesterovBook', 'nesterov', 'minimum']);
    expect(t2.results.rows.map((row) => row.nesterovBook?.map((v) => v.toFixed(4)))).toEqual([
      ['0.9128', '-0.9181'],
      ['-0.9718', '0.9813'],
    ]);
  });

  it("all computes table 11-2's and figure 11-1's book values and writes every figure", async () => {
    const r = await run('reproduce', 'all');
    expect(r.code).toBe(0);
    // Read from the computed column ("ours …"): the book's constants printed beside it would pass whatever we compute.
    const ours = [...r.stdout.matchAll(/ ours (\([^)]*\)|-?\d+\.\d+)/g)].map((m) => m[1]);
    for (const value of ['0.997648', '(0.8807, -0.9063)', '(-0.9496, 0.9809)', '(0.9128, -0.9181)', '(-0.9718, 0.9813)']) {
      expect(ours).toContain(value);
    }
    const files = readdirSync(join(r.cwd, 'descent-out')).sort();
    for (const id of ['fig-11-1', 'fig-11-2', 'fig-11-3', 'fig-11-4', 'fig-11-5', 'fig-11-6', 'fig-11-7', 'fig-11-10']) {
      expect(files).toContain(`${id}.svg`);
      expect(files).toContain(`${id}.png`);
    }
    expect(files.some((f) => f.endsWith('.tmp'))).toBe(false);
    // Listing 11-7 trains twice on the full data (Debian's package). Its computed accuracy and MCC, not the book's
    // printed beside them, meet the bar for a fixed seed: MCC ≥ 0.850 without momentum and ≥ 0.855 with it.
    const mcc = [...r.stdout.matchAll(/^ {2}MCC = (0\.\d{7})$/gm)].map((m) => Number(m[1]));
    const accuracy = [...r.stdout.matchAll(/^ {2}accuracy = (0\.\d{7})$/gm)].map((m) => Number(m[1]));
    expect(mcc).toHaveLength(2);
    expect(mcc[0]).toBeGreaterThanOrEqual(0.85);
    expect(mcc[1]).toBeGreaterThanOrEqual(0.855);
    // With ten balanced classes MCC ≈ (10·accuracy − 1) / 9, so the accuracy printed must sit just above it.
    expect(accuracy).toHaveLength(2);
    accuracy.forEach((a, i) => {
      expect(Math.abs((10 * a - 1) / 9 - (mcc[i] as number))).toBeLessThan(0.01);
    });
  }, 300_000);

  it('--list names every experiment', async () => {
    const r = await run('reproduce', '--list');
    const ids = r.stdout.split('\n').filter(Boolean).map((line) => line.split(' ')[0]);
    expect(ids).toEqual([
      'fig-11-1', 'fig-11-2', 'fig-11-3', 'fig-11-4', 'fig-11-5', 'table-11-1', 'fig-11-6', 'fig-11-7', 'fig-11-10', 'table-11-2',
      'listing-11-7', 'fig-11-8', 'fig-11-9', 'fig-11-11',
    ]);
  });
});

describe('lists', () => {
  it('optimizers --json describes every built-in with flags and defaults', async () => {
    const out = JSON.parse((await run('optimizers', '--json')).stdout) as { id: string; options: { flag: string; default: unknown }[] }[];
    // The chapter's seven in its order, then the rest of torch.optim; optimizers from elsewhere (optax) come after.
    const torchOptim = ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adagrad', 'adadelta', 'adam', 'adamw', 'adamax', 'nadam', 'radam', 'rprop', 'asgd', 'lbfgs', 'adafactor', 'muon'];
    expect(out.map((o) => o.id).slice(0, torchOptim.length)).toEqual(torchOptim);
    // PyTorch's argument names in kebab case, and AdamW's own default for its (decoupled) weight decay.
    expect(out.find((o) => o.id === 'nadam')?.options.map((o) => o.flag)).toEqual(
      expect.arrayContaining(['--lr', '--beta1', '--beta2', '--eps', '--weight-decay', '--momentum-decay', '--decoupled-weight-decay']),
    );
    expect(out.find((o) => o.id === 'radam')?.options.map((o) => o.flag)).toContain('--decoupled-weight-decay');
    expect(out.find((o) => o.id === 'adamw')?.options.find((o) => o.flag === '--weight-decay')?.default).toBe(0.01);
    expect(out.find((o) => o.id === 'adagrad')?.options.map((o) => o.flag)).toEqual(['--lr', '--lr-decay', '--weight-decay', '--maximize', '--initial-accumulator-value', '--eps']);
  });

  it('optimizers says whose definition each follows (PyTorch or optax, and the version), in --json and in text', async () => {
    const out = JSON.parse((await run('optimizers', '--json')).stdout) as { id: string; definedBy: unknown }[];
    expect(out.find((o) => o.id === 'adam')?.definedBy).toEqual({ source: 'pytorch', version: '1.13' });
    expect(out.find((o) => o.id === 'yogi')?.definedBy).toEqual({ source: 'optax', version: 'commit 2edbcbe' });
    expect(out.every((o) => o.definedBy !== null)).toBe(true);
    const text = (await run('optimizers')).stdout;
    expect(text).toMatch(/^lion .*\n\s+defined by optax commit 2edbcbe\n/m);
  });

  it('surfaces --json lists the chapter’s and the classics', async () => {
    const out = JSON.parse((await run('surfaces', '--json')).stdout) as { id: string }[];
    expect(out.map((s) => s.id)).toEqual(['parabola', 'bowl', 'canyon', 'two-gaussians', 'rosenbrock', 'beale', 'himmelblau', 'rastrigin', 'saddle']);
  });
});

describe('Schedule-Free and Prodigy (optax.contrib) built-ins', () => {
  it('are listed with kebab-case flags from their options and optax’s defaults', async () => {
    const out = JSON.parse((await run('optimizers', '--json')).stdout) as { id: string; options: { flag: string; default: unknown }[] }[];
    const flags = (id: string) => out.find((o) => o.id === id)?.options.map((o) => o.flag);
    expect(flags('schedule-free-adamw')).toEqual([
      '--lr',
      '--warmup-steps',
      '--warmup-indexing',
      '--beta1',
      '--beta2',
      '--eps',
      '--weight-decay',
      '--no-decay-bias',
      '--weight-lr-power',
      '--maximize',
    ]);
    expect(flags('schedule-free-sgd')).toEqual(['--lr', '--warmup-steps', '--warmup-indexing', '--momentum', '--weight-decay', '--weight-lr-power', '--maximize']);
    expect(out.find((o) => o.id === 'schedule-free-adamw')?.options.find((o) => o.flag === '--lr')?.default).toBe(0.0025);
    expect(flags('prodigy')).toEqual([
      '--lr',
      '--beta1',
      '--beta2',
      '--beta3',
      '--weight-decay',
      '--eps',
      '--estim-lr0',
      '--estim-lr-coef',
      '--safeguard-warmup',
      '--no-bias-correction',
      '--no-decay-bias',
      '--maximize',
    ]);
  });

  it("--no-decay-bias, --warmup-indexing and --rectify reach the optimizers; a warmup indexing off the list is refused", async () => {
    const points = async (...flags: string[]) => {
      const r = await run('path', '--surface', 'bowl', '--start', '-0.5,2.9', '--steps', '4', '--json', ...flags);
      expect(r.stderr).toBe('');
      return (JSON.parse(r.stdout) as { points: number[][] }).points;
    };
    // A point on a surface is a vector (one dimension): --no-decay-bias leaves it out of the decay altogether.
    const lion = ['--optimizer', 'lion', '--lr', '0.1'];
    expect(await points(...lion, '--weight-decay', '0.5', '--no-decay-bias')).toEqual(await points(...lion, '--weight-decay', '0'));
    expect(await points(...lion, '--weight-decay', '0.5')).not.toEqual(await points(...lion, '--weight-decay', '0'));
    // optax's warmup leaves the first step where it started; the authors' (k + 1)/W moves it.
    const sgd = ['--optimizer', 'schedule-free-sgd', '--lr', '0.05', '--warmup-steps', '2'];
    expect((await points(...sgd))[1]).toEqual([-0.5, 2.9]);
    expect((await points(...sgd, '--warmup-indexing', 'authors'))[1]).not.toEqual([-0.5, 2.9]);
    const adabelief = ['--optimizer', 'adabelief', '--lr', '0.1'];
    expect(await points(...adabelief, '--rectify')).not.toEqual(await points(...adabelief));
    const refused = await run('path', '--surface', 'bowl', ...sgd, '--warmup-indexing', 'pytorch');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--warmup-indexing .*optax.*authors.*got 'pytorch'/);
  });

  it('path --json prints the gradient points y as points and the average x after the last step as evalPoint', async () => {
    const r = await run('path', '--surface', 'bowl', '--optimizer', 'schedule-free-sgd', '--lr', '0.05', '--warmup-steps', '2', '--start', '-0.5,2.9', '--steps', '6', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { points: number[][]; final: number[]; evalPoint: number[] };
    // The same run by hand: SGD steps on z, gradients at y; x = (y − (1 − β)z)/β after the last step.
    const { bowl } = await import('@descent/surfaces');
    const { ScheduleFreeSgd } = await import('@descent/optimizer-schedule-free-sgd');
    const { parameter } = await import('@descent/optim');
    const p = parameter(Float64Array.from([-0.5, 2.9]));
    const opt = new ScheduleFreeSgd([p], { lr: 0.05, warmupSteps: 2 });
    for (let t = 0; t < 6; t++) {
      bowl.gradient(p.data, p.grad);
      opt.step();
    }
    expect(out.points).toHaveLength(7);
    expect(out.final).toEqual([...p.data]);
    opt.eval();
    expect(out.evalPoint).toEqual([...p.data]);
    expect(out.evalPoint).not.toEqual(out.final);
    const text = await run('path', '--surface', 'bowl', '--optimizer', 'schedule-free-adamw', '--steps', '3');
    expect(text.stdout).toMatch(/\neval point \(/);
    const plain = JSON.parse((await run('path', '--surface', 'bowl', '--optimizer', 'sgd', '--steps', '3', '--json')).stdout) as object;
    expect(plain).not.toHaveProperty('evalPoint');
  });
});

describe('the built binary', () => {
  const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

  it('runs as a program and sets its exit code', () => {
    const ok = execFileSync('node', [bin, 'path', '--surface', 'bowl', '--steps', '2', '--json'], { encoding: 'utf8' });
    expect((JSON.parse(ok) as { points: unknown[] }).points).toHaveLength(3);
    const bad = spawnSync('node', [bin, 'path', '--surface', 'bowl', '--beta2', '3'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('descent: --beta2 is not an option of sgd; its options: --lr, --weight-decay, --maximize\n');
  });
});
