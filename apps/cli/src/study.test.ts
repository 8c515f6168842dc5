import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseNpy } from '@descent/datasets';
import { describe, expect, it } from 'vitest';
import type { Io } from './io.js';
import { main } from './program.js';

async function run(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) };
  return { code: await main(argv, io), stdout, stderr };
}

const ARMS = ['--arm', 'plain: sgd --lr 1', '--arm', 'heavy: momentum --lr 0.2 --momentum 0.9'];
const COMMON = ['--runs', '3', '--minibatches', '300', '--dataset', 'fashion-mnist-sample', '--seed', '10'];

describe('descent study', () => {
  it('gives the same MCCs whatever the number of workers, saves runs.jsonl, .npy files and the comparison', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'descent-study-'));
    const one = await run(cwd, 'study', ...ARMS, ...COMMON, '--workers', '1', '--out', 'one', '--json');
    const two = await run(cwd, 'study', ...ARMS, ...COMMON, '--workers', '2', '--out', 'two', '--json');
    expect(one.code).toBe(0);
    const a = JSON.parse(one.stdout) as { arms: Record<string, { mcc: number[] }>; comparisons: unknown[] };
    const b = JSON.parse(two.stdout) as typeof a;
    expect(a.arms.plain?.mcc).toHaveLength(3);
    expect(b.arms).toEqual(a.arms);
    expect(a.comparisons).toHaveLength(1);
    const lines = readFileSync(join(cwd, 'two', 'runs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(6);
    expect(Object.keys(lines[0] ?? {})).toEqual(['arm', 'run', 'seed', 'mcc', 'accuracy', 'seconds']);
    expect(lines.filter((l) => l.arm === 'heavy').map((l) => l.seed).sort()).toEqual([10, 11, 12]);
    const npy = parseNpy(readFileSync(join(cwd, 'two', 'plain.npy')));
    expect(npy.dtype).toBe('<f8');
    expect([...npy.data]).toEqual(a.arms.plain?.mcc);
  }, 120_000);

  it('--resume skips finished runs; without it a folder with runs is refused; other settings are refused', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'descent-resume-'));
    const first = await run(cwd, 'study', ...ARMS, ...COMMON, '--out', 's', '--json');
    const complete = JSON.parse(first.stdout) as { arms: Record<string, { mcc: number[] }> };
    // Keep the first two runs, as if the study had been stopped there, with a torn last line.
    const file = join(cwd, 's', 'runs.jsonl');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    writeFileSync(file, `${lines.slice(0, 2).join('\n')}\n{"arm":"pla`);
    const refused = await run(cwd, 'study', ...ARMS, ...COMMON, '--out', 's');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already holds 2 finished runs of this study; add --resume/);
    const resumed = await run(cwd, 'study', ...ARMS, ...COMMON, '--out', 's', '--resume');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/\(2 runs resumed from runs\.jsonl\)/);
    const again = JSON.parse((await run(cwd, 'study', ...ARMS, ...COMMON, '--out', 's', '--resume', '--json')).stdout) as typeof complete;
    expect(again.arms).toEqual(complete.arms);
    const other = await run(cwd, 'study', ...ARMS, '--runs', '3', '--minibatches', '301', '--dataset', 'fashion-mnist-sample', '--seed', '10', '--out', 's', '--resume');
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/holds a study with other settings/);
  }, 120_000);

  it('names a malformed arm', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'descent-arm-'));
    expect((await run(cwd, 'study', '--arm', 'sgd --lr 1')).stderr).toMatch(/--arm expects "NAME: OPTIMIZER \[option flags\]"/);
    expect((await run(cwd, 'study', '--arm', 'a: adam --momentum 0.9')).stderr).toMatch(/--momentum is not an option of adam/);
    expect((await run(cwd, 'study', '--arm', 'a: sgd', '--arm', 'a: adam')).stderr).toMatch(/two arms are named 'a'/);
    expect((await run(cwd, 'study')).stderr).toMatch(/study needs at least one --arm/);
  });
});
