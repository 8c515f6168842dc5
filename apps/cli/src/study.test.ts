import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseNpy } from '@descent/datasets';
import { describe, expect, it } from 'vitest';
import type { Io } from './io.js';
import { main } from './program.js';

async function run(cwd: string, ...argv: string[]) {
  return runOn(false, cwd, ...argv);
}

async function runOn(tty: boolean, cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const writes: string[] = [];
  const io: Io = {
    cwd,
    stdout: (s) => (stdout += s),
    stderr: (s) => {
      stderr += s;
      writes.push(s);
    },
  };
  return { code: await main(argv, io, tty), stdout, stderr, writes };
}

const ARMS = ['--arm', 'plain: sgd --lr 1', '--arm', 'heavy: momentum --lr 0.2 --momentum 0.9'];
const COMMON = ['--runs', '3', '--minibatches', '300', '--dataset', 'fashion-mnist-sample', '--seed', '10'];
const fixture = (name: string) => fileURLToPath(new URL(`./study/__fixtures__/${name}`, import.meta.url));

/** runs.jsonl's rows, without the wall time (which differs between two runs of the same study). */
function rows(dir: string): Record<string, unknown>[] {
  return readFileSync(join(dir, 'runs.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => {
      const { seconds, ...rest } = JSON.parse(l) as Record<string, unknown>;
      expect(typeof seconds).toBe('number');
      return rest;
    });
}
const byRun = (a: Record<string, unknown>, b: Record<string, unknown>) => Number(a.run) - Number(b.run) || String(a.arm).localeCompare(String(b.arm));

/** One finished 3-run study of the two arms, made once and copied for each test that damages or extends it. */
let finishedStudy: { cwd: string; arms: Record<string, { mcc: number[] }> } | undefined;
async function copyOfFinishedStudy(): Promise<{ cwd: string; dir: string; arms: Record<string, { mcc: number[] }> }> {
  if (finishedStudy === undefined) {
    const cwd = mkdtempSync(join(tmpdir(), 'descent-study-base-'));
    // One worker: the rows are in the order the jobs are handed out (plain 0, heavy 0, plain 1, …).
    const made = await run(cwd, 'study', ...ARMS, ...COMMON, '--workers', '1', '--out', 's', '--json');
    expect(made.code).toBe(0);
    finishedStudy = { cwd, arms: (JSON.parse(made.stdout) as { arms: Record<string, { mcc: number[] }> }).arms };
  }
  const cwd = mkdtempSync(join(tmpdir(), 'descent-study-copy-'));
  cpSync(join(finishedStudy.cwd, 's'), join(cwd, 's'), { recursive: true });
  return { cwd, dir: join(cwd, 's'), arms: finishedStudy.arms };
}

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
    expect(Object.keys(lines[0] ?? {})).toEqual(['arm', 'run', 'seed', 'mcc', 'accuracy', 'seconds', 'threads']);
    expect(lines.filter((l) => l.arm === 'heavy').map((l) => l.seed).sort()).toEqual([10, 11, 12]);
    const npy = parseNpy(readFileSync(join(cwd, 'two', 'plain.npy')));
    expect(npy.dtype).toBe('<f8');
    expect([...npy.data]).toEqual(a.arms.plain?.mcc);
  }, 120_000);

  it('shows every run in flight with its step and an ETA from the start, before any run has finished', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'descent-progress-'));
    // Long enough runs (about a second each on a fast, quiet machine) that the terminal, redrawn at most 4 times a
    // second, shows a step of run 0 before it ends: 1,000 minibatches could end before the first redraw.
    const r = await runOn(true, cwd, 'study', '--arm', 'plain: sgd --lr 1', '--runs', '2', '--minibatches', '5000', '--dataset', 'fashion-mnist-sample', '--workers', '1', '--out', 'p');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.writes.filter((w) => w.startsWith('\r') || w === '\n');
    const firstFinished = lines.findIndex((w) => w.includes('(last: '));
    const before = lines.slice(0, firstFinished);
    expect(before[0]).toMatch(/^\r {2}plain 0\/2 {2}running: plain run 0 0\/5000 {2}ETA …/);
    expect(before.some((w) => /running: plain run 0 [1-9]\d*\/5000 {2}ETA \d+s/.test(w))).toBe(true);
    expect(lines[firstFinished]).toMatch(/plain 1\/2 .*\(last: plain run 0 MCC 0\.\d{4}\)/);
    expect(lines.at(-1)).toBe('\n');
  }, 120_000);

  it('--resume trains only the missing runs: a line cut short is dropped with a warning, the file rewritten, that run trained again', async () => {
    const { cwd, dir, arms } = await copyOfFinishedStudy();
    const file = join(dir, 'runs.jsonl');
    const complete = rows(dir);
    // Keep the first two runs, as if the study had been stopped there while writing the third.
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    writeFileSync(file, `${lines.slice(0, 2).join('\n')}\n{"arm":"pla`);
    const refused = await run(cwd, 'study', ...ARMS, ...COMMON, '--out', 's');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already holds 2 finished runs of this study; add --resume to continue it/);
    const resumed = await run(cwd, 'study', ...ARMS, ...COMMON, '--out', 's', '--resume', '--json');
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`warning: ${file}:3 was cut short while it was written (the program stopped); dropped it, and that run will be trained again`);
    expect((JSON.parse(resumed.stdout) as { arms: unknown }).arms).toEqual(arms);
    expect(rows(dir).sort(byRun)).toEqual(complete.sort(byRun));
    const again = await run(cwd, 'study', ...ARMS, ...COMMON, '--out', 's', '--resume');
    expect(again.stdout).toContain(`all 6 runs reused from ${dir} (finished earlier`);
    expect(again.stderr).toBe('');
  }, 120_000);

  it('a folder with other settings is refused, naming every setting that differs', async () => {
    const { cwd, dir } = await copyOfFinishedStudy();
    const other = await run(cwd, 'study', ...ARMS, '--runs', '4', '--minibatches', '301', '--dataset', 'fashion-mnist-sample', '--seed', '11', '--out', 's', '--resume');
    expect(other.code).toBe(2);
    expect(other.stderr).toBe(
      `descent: ${dir} holds a study with other settings (--runs: 3 in the folder, 4 asked; --seed: 10 in the folder, 11 asked; --minibatches: 300 in the folder, 301 asked); use another --out\n`,
    );
    const arm = await run(cwd, 'study', '--arm', 'plain: sgd --lr 0.5', '--arm', 'heavy: momentum --lr 0.2 --momentum 0.9', ...COMMON, '--out', 's');
    expect(arm.stderr).toContain('(--arm: plain: sgd lr=1 weightDecay=0 maximize=false | heavy: momentum lr=0.2 momentum=0.9');
    expect(arm.stderr).toContain(' in the folder, plain: sgd lr=0.5 weightDecay=0 maximize=false | heavy');
  }, 120_000);

  it('--resume with more --runs keeps runs 0…n−1 and adds the new ones; fewer is refused, naming both numbers', async () => {
    const { cwd, dir } = await copyOfFinishedStudy();
    const before = rows(dir);
    const fewer = await run(cwd, 'study', ...ARMS, ...COMMON.map((a) => (a === '3' ? '2' : a)), '--out', 's', '--resume');
    expect(fewer.code).toBe(2);
    expect(fewer.stderr).toMatch(/--runs 2 is fewer than the 3 runs of the study in .*: --resume adds runs, it does not drop them/);
    const more = await run(cwd, 'study', ...ARMS, ...COMMON.map((a) => (a === '3' ? '4' : a)), '--out', 's', '--resume');
    expect(more.code).toBe(0);
    expect(more.stdout).toContain(`6 of 8 runs reused from ${dir}; training the other 2`);
    const after = rows(dir);
    expect(after.slice(0, 6)).toEqual(before);
    expect(after.slice(6).map((r) => [r.arm, r.run, r.seed]).sort()).toEqual([
      ['heavy', 3, 13],
      ['plain', 3, 13],
    ]);
    // The same as a study asked for 4 runs from the start.
    const fresh = await run(cwd, 'study', ...ARMS, ...COMMON.map((a) => (a === '3' ? '4' : a)), '--out', 'fresh');
    expect(fresh.code).toBe(0);
    expect(after.sort(byRun)).toEqual(rows(join(cwd, 'fresh')).sort(byRun));
  }, 120_000);

  it('a damaged runs.jsonl stops the study with FILE:LINE and the fault, before anything is trained or written', async () => {
    const cases: [string, (lines: string[]) => string[], RegExp][] = [
      ['not JSON', (l) => [l[0]!, '{"arm": "plain", oops', ...l.slice(1)], /runs\.jsonl:2: not valid JSON \(\{"arm": "plain", oops\)$/],
      ['a word for a metric', (l) => [l[0]!.replace(/"mcc":[^,]+/, '"mcc":"high"'), ...l.slice(1)], /runs\.jsonl:1: "mcc" is "high", expected a finite number$/],
      ['NaN (written as null)', (l) => [...l.slice(0, 3), l[3]!.replace(/"accuracy":[^,]+/, '"accuracy":null'), ...l.slice(4)], /runs\.jsonl:4: "accuracy" is null, expected a finite number$/],
      ['an unknown arm', (l) => [...l, l[0]!.replace('"arm":"plain"', '"arm":"adam"')], /runs\.jsonl:7: unknown arm "adam" \(the study's arms: plain, heavy\)$/],
      ['a run listed twice', (l) => [...l, l[2]!], /runs\.jsonl:7: run 1 of arm plain is already on line 3$/],
      ['a run outside the study', (l) => [...l, l[0]!.replace('"run":0', '"run":3')], /runs\.jsonl:7: "run" is 3, expected a whole number from 0 to 2$/],
      ['a seed that is not the run’s', (l) => [...l.slice(0, 5), l[5]!.replace(/"seed":\d+/, '"seed":99')], /runs\.jsonl:6: "seed" is 99, expected 12 for run 2$/],
    ];
    for (const [what, damage, message] of cases) {
      const { cwd, dir } = await copyOfFinishedStudy();
      const file = join(dir, 'runs.jsonl');
      const text = `${damage(readFileSync(file, 'utf8').trim().split('\n')).join('\n')}\n`;
      writeFileSync(file, text);
      const r = await run(cwd, 'study', ...ARMS, ...COMMON, '--out', 's', '--resume');
      expect(r.code, what).toBe(1);
      expect(r.stderr.trim(), what).toMatch(message);
      expect(r.stderr.trim().split('\n'), what).toHaveLength(1);
      expect(r.stderr, what).toContain(`${file}:`);
      expect(r.stdout, what).toBe('');
      expect(readFileSync(file, 'utf8'), what).toBe(text);
    }
  }, 120_000);

  it('an empty or corrupt study.json is unreadable (exit 1), not a study with other settings', async () => {
    for (const [content, why] of [
      ['', 'empty'],
      ['{"arms": [', 'not JSON: '],
      ['[1, 2]', "not a study's settings"],
    ] as const) {
      const { cwd, dir } = await copyOfFinishedStudy();
      writeFileSync(join(dir, 'study.json'), content);
      const r = await run(cwd, 'study', ...ARMS, ...COMMON, '--out', 's', '--resume');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`descent: ${join(dir, 'study.json')} is unreadable (${why}`);
    }
  }, 120_000);

  it('statistics of a single run read "n/a (1 run)", never NaN', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'descent-one-run-'));
    const r = await run(cwd, 'study', ...ARMS, '--runs', '1', '--minibatches', '200', '--dataset', 'fashion-mnist-sample', '--out', 'o');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ {2}plain: 1 run, MCC 0\.\d{5} \+\/- n\/a \(1 run\)\n/);
    expect(r.stdout).toContain('  plain vs heavy: n/a (1 and 1 runs with an MCC; a test needs 2 of each)');
    expect(r.stdout).not.toMatch(/NaN/);
    const saved = JSON.parse(readFileSync(join(cwd, 'o', 'comparison.json'), 'utf8')) as { arms: Record<string, { se: unknown; mean: unknown }> };
    expect(saved.arms.plain?.se).toBeNull();
    expect(typeof saved.arms.plain?.mean).toBe('number');
  }, 120_000);

  it('records a run whose loss becomes NaN as diverged, counts it, and never averages it in', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'descent-diverged-'));
    const r = await run(cwd, 'study', '--arm', 'plain: sgd --lr 1', '--arm', `blowup: ${fixture('nan-sgd-plugin.mjs')} --lr 1 --nan-after 100`, '--runs', '2', '--minibatches', '1000', '--dataset', 'fashion-mnist-sample', '--out', 'd');
    expect(r.code).toBe(0);
    const lines = rows(join(cwd, 'd')).filter((l) => l.arm === 'blowup');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      // A diverged run keeps only what it had when it stopped: no metrics, and the threads it computed on.
      expect(Object.keys(line)).toEqual(['arm', 'run', 'seed', 'diverged', 'threads']);
      expect(line.threads).toBe(1);
      // The 101st update writes NaN into the parameters: the loss of minibatch 102, computed with them, is NaN.
      expect(line.diverged).toEqual({ step: 102 });
    }
    expect(r.stdout).toMatch(/ {2}blowup: 0 runs, MCC n\/a \(0 runs\); 2 of 2 runs diverged \(run 0 at step 102, run 1 at step 102\); their metrics are left out\n/);
    expect(r.stdout).toMatch(/ {2}plain: 2 runs, MCC 0\.\d{5} \+\/- 0\.\d{5}\n/);
    expect(r.stdout).not.toMatch(/NaN/);
    const saved = readFileSync(join(cwd, 'd', 'comparison.json'), 'utf8');
    expect(saved).not.toMatch(/NaN/);
    expect((JSON.parse(saved) as { arms: Record<string, { mcc: number[]; diverged: unknown[] }> }).arms.blowup).toMatchObject({ mcc: [], mean: null, se: null });
    // A resumed study reads the diverged rows back as runs of the study.
    const again = await run(cwd, 'study', '--arm', 'plain: sgd --lr 1', '--arm', `blowup: ${fixture('nan-sgd-plugin.mjs')} --lr 1 --nan-after 100`, '--runs', '2', '--minibatches', '1000', '--dataset', 'fashion-mnist-sample', '--out', 'd', '--resume');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('all 4 runs reused from');
  }, 120_000);

  it('a run that fails in its worker ends the study with exit 1 and one line naming the run', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'descent-failing-'));
    const r = await run(cwd, 'study', '--arm', `bad: ${fixture('throwing-sgd-plugin.mjs')}`, '--runs', '2', '--minibatches', '100', '--dataset', 'fashion-mnist-sample', '--workers', '1', '--out', 'f');
    expect(r.code).toBe(1);
    expect(r.stderr.endsWith('\ndescent: run 0 of arm bad failed: this optimizer always fails\n')).toBe(true);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);

  it('--threads 2 trains every run on 2 threads (runs.jsonl says what the pool ran on) to the same numbers as one thread; a bad count or --redis is refused', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'descent-study-threads-'));
    const args = ['--arm', 'plain: sgd --lr 1', '--runs', '2', '--minibatches', '200', '--dataset', 'fashion-mnist-sample', '--workers', '1'];
    expect((await run(cwd, 'study', ...args, '--threads', '1', '--out', 'one')).code).toBe(0);
    expect((await run(cwd, 'study', ...args, '--threads', '2', '--out', 'two')).code).toBe(0);
    // The count comes from each run's network (net.threads): a fallback to one thread would say 1 here.
    const split = (dir: string) => rows(join(cwd, dir)).map(({ threads, ...rest }) => ({ threads, rest }));
    const [one, two] = [split('one'), split('two')];
    expect(one.map((r) => r.threads)).toEqual([1, 1]);
    expect(two.map((r) => r.threads)).toEqual([2, 2]);
    expect(two.map((r) => r.rest)).toEqual(one.map((r) => r.rest));
    const zero = await run(cwd, 'study', ...args, '--threads', '0', '--out', 'zero');
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/--threads expects a whole number from 1 to 256, got '0'/);
    const queued = await run(cwd, 'study', '--arm', 'plain: sgd --lr 1', '--threads', '2', '--redis', 'redis://127.0.0.1:1');
    expect(queued.code).toBe(2);
    expect(queued.stderr).toMatch(/--threads is not supported with --redis/);
  }, 120_000);

  it('names a malformed arm', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'descent-arm-'));
    expect((await run(cwd, 'study', '--arm', 'sgd --lr 1')).stderr).toMatch(/--arm expects "NAME: OPTIMIZER \[option flags\]"/);
    expect((await run(cwd, 'study', '--arm', 'a: adam --momentum 0.9')).stderr).toMatch(/--momentum is not an option of adam/);
    expect((await run(cwd, 'study', '--arm', 'a: sgd', '--arm', 'a: adam')).stderr).toMatch(/two arms are named 'a'/);
    expect((await run(cwd, 'study')).stderr).toMatch(/study needs at least one --arm/);
  });
});
