import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../io.js';
import { main } from '../program.js';
import { settingDifferences } from '../study/study-files.js';
import type { StudyConfig } from '../study/study-types.js';

async function run(argv: string[], files: Record<string, string> = {}) {
  const cwd = mkdtempSync(join(tmpdir(), 'descent-schedule-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(cwd, name), text);
  let stdout = '';
  let stderr = '';
  const io: Io = { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) };
  const code = await main(argv, io);
  return { code, stdout, stderr, cwd };
}

const ONE_CYCLE = '{"name": "OneCycleLR", "max_lr": 0.1, "total_steps": 10}';

describe('descent schedule', () => {
  it('--json prints N learning rates, value t in force at step t, and the momentum OneCycleLR cycles', async () => {
    const r = await run(['schedule', '--schedule', ONE_CYCLE, '--lr', '0.5', '--steps', '4', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { lr: number[]; momentum: number[] };
    expect(Object.keys(out)).toEqual(['lr', 'momentum']);
    expect(out.lr).toHaveLength(4);
    // max_lr / div_factor first; pct_start 0.3 of 10 steps puts the peak at step 2.
    expect(out.lr[0]).toBeCloseTo(0.004, 15);
    expect(out.lr[2]).toBeCloseTo(0.1, 15);
    expect(out.momentum[0]).toBeCloseTo(0.95, 15);
    expect(out.momentum[2]).toBeCloseTo(0.85, 15);
  });

  it('prints a table, takes the spec from a file, and has no momentum column for a plain schedule', async () => {
    const r = await run(['schedule', '--schedule', 'step.json', '--lr', '0.1', '--steps', '5'], { 'step.json': '{"name": "StepLR", "step_size": 2}\n' });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'StepLR from lr 0.1, 5 steps',
      '   step  lr',
      '      0  0.1',
      '      1  0.1',
      '      2  0.010000000000000002',
      '      3  0.010000000000000002',
      '      4  0.0010000000000000002',
      '',
    ]);
    const json = await run(['schedule', '--schedule', '{"name": "StepLR", "step_size": 2}', '--lr', '0.1', '--steps', '3', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ lr: [0.1, 0.1, 0.010000000000000002] });
  });

  it('keeps a space between the lr and momentum columns, however long the lr', async () => {
    const r = await run(['schedule', '--schedule', '{"name": "OneCycleLR", "max_lr": 0.1, "total_steps": 100}', '--lr', '0.1', '--steps', '100']);
    expect(r.stdout).toContain('\n   step  lr                       momentum\n');
    expect(r.stdout).toContain('\n     97  0.00020168449509684564   0.949798714699762\n');
  });

  it('shortens a long table to its ends', async () => {
    const r = await run(['schedule', '--schedule', '{"name": "ExponentialLR", "gamma": 0.99}', '--lr', '1', '--steps', '500']);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2 + 10 + 1 + 10);
    expect(lines[12]).toBe('      …  (--json for every value)');
    expect(lines.at(-1)).toMatch(/^ {4}499 {2}0\.006/);
  });

  it('passes the t-th metric of --metrics after step t to ReduceLROnPlateau', async () => {
    const r = await run(['schedule', '--schedule', '{"name": "ReduceLROnPlateau", "patience": 1}', '--lr', '0.1', '--steps', '6', '--metrics', 'm.txt', '--json'], {
      'm.txt': '1\n0.9\n0.9\n0.9\n0.9\n',
    });
    expect(r.code).toBe(0);
    // Best 0.9 after step 1; two steps without improvement (2, 3) exceed patience 1, so from step 4 the lr is cut.
    expect((JSON.parse(r.stdout) as { lr: number[] }).lr).toEqual([0.1, 0.1, 0.1, 0.1, 0.010000000000000002, 0.010000000000000002]);
  });

  it('writes the plot as SVG, whole', async () => {
    const r = await run(['schedule', '--schedule', ONE_CYCLE, '--lr', '0.1', '--steps', '10', '--plot', 'lr.svg']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(r.cwd, 'lr.svg'), 'utf8')).toContain('OneCycleLR from lr 0.1: 10 steps');
    expect(r.stdout).toContain(`wrote ${join(r.cwd, 'lr.svg')}`);
    expect(readdirSync(r.cwd).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it.each([
    [['--schedule', '{"name": "StepL"}', '--lr', '0.1', '--steps', '5'], "descent: --schedule: unknown scheduler 'StepL' (known: LambdaLR, MultiplicativeLR, StepLR,"],
    [['--schedule', '{"name": "StepLR", "stepsize": 2}', '--lr', '0.1', '--steps', '5'], "descent: --schedule: unknown argument 'stepsize' for StepLR (known: step_size, gamma)"],
    [['--schedule', '{"name": "StepLR", step_size: 2}', '--lr', '0.1', '--steps', '5'], 'descent: --schedule: a schedule must be JSON: '],
    [['--schedule', 'missing.json', '--lr', '0.1', '--steps', '5'], "descent: --schedule expects a JSON schedule ({\"name\": …}) or a file holding one, got 'missing.json' (no such file)"],
    [['--schedule', ONE_CYCLE, '--lr', 'fast', '--steps', '5'], "descent: --lr expects a number ≥ 0, got 'fast'"],
    [['--schedule', ONE_CYCLE, '--lr', '0.1', '--steps', '0'], "descent: --steps expects a whole number from 1 to 1000000, got '0'"],
    [['--schedule', ONE_CYCLE, '--lr', '0.1', '--steps', '13'], 'descent: --steps 13: OneCycleLR: tried to step 12 times; its total_steps is 10'],
    [['--schedule', '{"name": "ReduceLROnPlateau"}', '--lr', '0.1', '--steps', '5'], 'descent: ReduceLROnPlateau steps on a metric: give --metrics FILE, one metric a line'],
    [['--schedule', ONE_CYCLE, '--lr', '0.1', '--steps', '5', '--metrics', 'm.txt'], 'descent: --metrics is for ReduceLROnPlateau, which steps on a metric; OneCycleLR does not take one'],
    [['--schedule', '{"name": "ReduceLROnPlateau"}', '--lr', '0.1', '--steps', '5', '--metrics', 'm.txt'], 'descent: --metrics m.txt holds 2 metrics; 5 steps need 4 (the t-th is passed after step t)'],
    [['--schedule', ONE_CYCLE, '--lr', '0.1', '--steps', '5', '--plot', 'lr.pdf'], "descent: --plot expects a file ending in .svg or .png, got 'lr.pdf'"],
    [['--lr', '0.1', '--steps', '5'], "descent: required option '--schedule <spec>' not specified"],
  ])('refuses %j with one line and exit 2', async (argv, message) => {
    const r = await run(['schedule', ...argv], { 'm.txt': '1\n2\n' });
    expect(r.code).toBe(2);
    expect(r.stderr.startsWith(message)).toBe(true);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });
});

describe('--schedule on path and race', () => {
  const path = ['path', '--surface', 'parabola', '--optimizer', 'sgd', '--lr', '0.03', '--start', '-0.9', '--steps', '4', '--json'];

  it('path follows the schedule: an lr of 0 at step 0, then the base lr, is the plain run one step late', async () => {
    const plain = JSON.parse((await run(path)).stdout) as { points: number[][] };
    const r = await run([...path, '--schedule', '{"name": "LambdaLR", "lr_lambda": "min(epoch, 1)"}']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { points: number[][]; schedule: unknown };
    expect(out.schedule).toEqual({ name: 'LambdaLR', lr_lambda: 'min(epoch, 1)' });
    expect(out.points[1]).toEqual(out.points[0]);
    expect(out.points.slice(2)).toEqual(plain.points.slice(1, 4));
    const text = await run(path.filter((a) => a !== '--json').concat('--schedule', '{"name": "StepLR", "step_size": 2}'));
    expect(text.stdout).toContain('schedule: {"name":"StepLR","step_size":2}\n');
  });

  it('path cycles the momentum of an optimizer that has one, and refuses one that has none', async () => {
    const cycle = '{"name": "OneCycleLR", "max_lr": 0.1, "total_steps": 10}';
    const withMomentum = await run(['path', '--surface', 'parabola', '--optimizer', 'momentum', '--steps', '10', '--json', '--schedule', cycle]);
    expect(withMomentum.code).toBe(0);
    const fixed = await run(['path', '--surface', 'parabola', '--optimizer', 'momentum', '--steps', '10', '--json', '--schedule', cycle.replace('}', ', "cycle_momentum": false}')]);
    expect((JSON.parse(withMomentum.stdout) as { final: number[] }).final).not.toEqual((JSON.parse(fixed.stdout) as { final: number[] }).final);
    const sgd = await run(['path', '--surface', 'parabola', '--steps', '10', '--schedule', cycle]);
    expect(sgd.code).toBe(2);
    expect(sgd.stderr).toBe(`descent: --schedule: OneCycleLR cycles momentum, but optimizer 'sgd' has neither momentum nor beta1 (set "cycle_momentum": false)\n`);
    const plateau = await run(['path', '--surface', 'parabola', '--steps', '10', '--schedule', '{"name": "ReduceLROnPlateau"}']);
    expect(plateau.code).toBe(2);
    expect(plateau.stderr).toBe('descent: --schedule: ReduceLROnPlateau steps on a metric, which this command has none of (descent schedule --metrics shows its sequence)\n');
    const bad = await run(['path', '--surface', 'parabola', '--schedule', '{"name": "StepLR"}']);
    expect(bad.stderr).toBe("descent: --schedule: StepLR needs 'step_size'\n");
  });

  it('race gives every optimizer the schedule, from its own lr', async () => {
    const r = await run(['race', '--surface', 'bowl', '--optimizers', 'sgd,adam', '--steps', '5', '--json', '--schedule', '{"name": "LambdaLR", "lr_lambda": "0"}']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { start: number[]; schedule: unknown; runs: { final: number[] }[] };
    expect(out.schedule).toEqual({ name: 'LambdaLR', lr_lambda: '0' });
    for (const run of out.runs) expect(run.final).toEqual(out.start);
  });
});

describe('--schedule on train', () => {
  const train = ['train', '--dataset', 'fashion-mnist-sample', '--samples', '256', '--batch-size', '64', '--epochs', '2', '--seed', '3', '--json'];
  const scores = (stdout: string) => {
    const out = JSON.parse(stdout) as { accuracy: number; mcc: number; confusion: unknown };
    return [out.accuracy, out.mcc, out.confusion];
  };

  it('a schedule in epochs is the same run as its equivalent in minibatches (4 of them an epoch here)', async () => {
    const byEpoch = await run([...train, '--schedule', '{"name": "StepLR", "step_size": 1, "gamma": 0.5}', '--schedule-unit', 'epoch']);
    expect(byEpoch.code).toBe(0);
    const out = JSON.parse(byEpoch.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ schedule: { name: 'StepLR', step_size: 1, gamma: 0.5 }, scheduleUnit: 'epoch' });
    const byStep = await run([...train, '--schedule', '{"name": "LambdaLR", "lr_lambda": "0.5 ** (epoch // 4)"}']);
    expect(scores(byStep.stdout)).toEqual(scores(byEpoch.stdout));
    const plain = await run(train);
    expect(scores(plain.stdout)).not.toEqual(scores(byEpoch.stdout));
  });

  it('ReduceLROnPlateau takes each epoch\'s mean training loss: in mode max a falling loss cuts the lr after the second epoch', async () => {
    const three = train.map((a) => (a === '2' ? '3' : a));
    const plateau = await run([...three, '--schedule', '{"name": "ReduceLROnPlateau", "mode": "max", "patience": 0, "factor": 0.5}', '--schedule-unit', 'epoch']);
    expect(plateau.code).toBe(0);
    // The first loss is the best so far; the second, lower, is a bad epoch beyond patience 0: lr × 0.5 for epoch 3.
    const same = await run([...three, '--schedule', '{"name": "LambdaLR", "lr_lambda": "0.5 ** max(0, epoch - 1)"}', '--schedule-unit', 'epoch']);
    expect(scores(plateau.stdout)).toEqual(scores(same.stdout));
    expect(scores(plateau.stdout)).not.toEqual(scores((await run(three)).stdout));
  });

  it.each([
    [['--schedule', '{"name": "ReduceLROnPlateau"}'], "descent: --schedule: ReduceLROnPlateau steps on a metric; train gives it each epoch's mean training loss with --epochs N and --schedule-unit epoch"],
    [['--schedule', '{"name": "StepLR", "step_size": 1}', '--schedule-unit', 'batch'], "descent: --schedule-unit expects step or epoch, got 'batch'"],
    [['--schedule-unit', 'epoch'], 'descent: --schedule-unit needs a --schedule to apply to'],
    [['--schedule', '{"name": "CyclicLR", "base_lr": 0.01, "max_lr": 0.1}'], `descent: --schedule: CyclicLR cycles momentum, but optimizer 'sgd' has neither momentum nor beta1 (set "cycle_momentum": false)`],
  ])('refuses %j before loading data', async (extra, message) => {
    const r = await run([...train, ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${message}\n`);
  });
});

describe('--schedule on study', () => {
  const study = (arm: string, ...extra: string[]) =>
    run(['study', '--arm', arm, '--runs', '1', '--workers', '1', '--minibatches', '40', '--dataset', 'fashion-mnist-sample', '--out', 'st', '--json', ...extra]);
  const mccs = (stdout: string) => (JSON.parse(stdout) as { arms: Record<string, { mcc: number[] }> }).arms.a?.mcc;

  it('every arm follows the schedule from its own lr: lr 0.5 halved throughout is the run at lr 0.25', async () => {
    const halved = await study('a: sgd --lr 0.5', '--schedule', '{"name": "LambdaLR", "lr_lambda": "0.5"}');
    expect(halved.code).toBe(0);
    const plain = await study('a: sgd --lr 0.25');
    expect(mccs(halved.stdout)).toEqual(mccs(plain.stdout));
    expect(mccs(halved.stdout)).not.toEqual(mccs((await study('a: sgd --lr 0.5')).stdout));
    expect(JSON.parse(readFileSync(join(halved.cwd, 'st', 'study.json'), 'utf8'))).toMatchObject({ schedule: { name: 'LambdaLR', lr_lambda: '0.5' } });
  });

  it('refuses a schedule an arm cannot follow before any run', async () => {
    const r = await study('a: sgd --lr 0.5', '--schedule', '{"name": "OneCycleLR", "max_lr": 0.1, "total_steps": 40}');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`descent: --schedule: OneCycleLR cycles momentum, but optimizer 'sgd' has neither momentum nor beta1 (set "cycle_momentum": false)\n`);
  });

  it('counts the schedule among the settings a resumed study must share', () => {
    const config: StudyConfig = { model: 'book-mlp', imageSize: 14, arms: [], runs: 1, seed: 1, minibatches: 40, batchSize: 64, dataset: { name: 'fashion-mnist-sample' } };
    const scheduled = { ...config, schedule: { name: 'StepLR', step_size: 2 } };
    expect(settingDifferences(scheduled, config, false)).toEqual(['--schedule: {"name":"StepLR","step_size":2} in the folder, none asked']);
    expect(settingDifferences(scheduled, { ...scheduled }, false)).toEqual([]);
  });
});

