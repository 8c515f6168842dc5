import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../io.js';
import { main } from '../program.js';

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
      '   step  lr                    ',
      '      0  0.1                   ',
      '      1  0.1                   ',
      '      2  0.010000000000000002  ',
      '      3  0.010000000000000002  ',
      '      4  0.0010000000000000002 ',
      '',
    ]);
    const json = await run(['schedule', '--schedule', '{"name": "StepLR", "step_size": 2}', '--lr', '0.1', '--steps', '3', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ lr: [0.1, 0.1, 0.010000000000000002] });
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
