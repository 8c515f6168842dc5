import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseNpy } from '@descent/datasets';
import { cohensD, mannWhitneyU, mean, normalTest, standardError, tTestInd } from '@descent/stats';
import { describe, expect, it } from 'vitest';
import type { Io } from './io.js';
import { main } from './program.js';
import { STUDY_SIZES } from './experiments/training-experiments.js';

// Figures 11-8 and 11-9 in their quick form on the real Fashion-MNIST, few runs: the files they write, and the
// numbers in them against @descent/stats computed here on runs.jsonl.

async function run(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) };
  return { code: await main(argv, io), stdout, stderr };
}

/** The MCCs of an arm in runs.jsonl, in run order. */
function mccs(dir: string, arm: string): number[] {
  return readFileSync(join(dir, 'runs.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { arm: string; run: number; mcc: number })
    .filter((r) => r.arm === arm)
    .sort((a, b) => a.run - b.run)
    .map((r) => r.mcc);
}
const npy = (file: string) => [...parseNpy(readFileSync(file)).data];
const NOTE = "note: the quick form (8 runs × 1,000 minibatches) is too small to show the book's effect";

describe('reproduce fig-11-9 and fig-11-8 (quick form, few runs)', () => {
  it('fig-11-9 writes its files apart from the full form’s, with the numbers of runs.jsonl; the note only when p ≥ 0.05', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'descent-fig-11-9-'));
    const r = await run(cwd, 'reproduce', 'fig-11-9', '--quick', '--runs', '8', '--workers', '2');
    expect(r.code, r.stderr).toBe(0);
    const dir = join(cwd, 'descent-out', 'fig-11-9-quick');
    expect(readdirSync(dir).sort()).toEqual(['comparison.json', 'histograms.png', 'histograms.svg', 'momentum.npy', 'runs.jsonl', 'study.json']);
    const settings = JSON.parse(readFileSync(join(dir, 'study.json'), 'utf8')) as { runs: number; minibatches: number };
    expect(settings).toMatchObject({ runs: 8, minibatches: STUDY_SIZES['fig-11-9'].quick.minibatches });
    const mcc = mccs(dir, 'momentum');
    expect(mcc).toHaveLength(8);
    expect(npy(join(dir, 'momentum.npy'))).toEqual(mcc);
    const saved = JSON.parse(readFileSync(join(dir, 'comparison.json'), 'utf8')) as { arms: { momentum: { mean: number; se: number; normaltest: { statistic: number; p: number } } } };
    const nt = normalTest(mcc);
    expect(saved.arms.momentum).toMatchObject({ mcc, mean: mean(mcc), se: standardError(mcc), normaltest: { statistic: nt.statistic, p: nt.p } });
    expect(r.stdout).toContain(`  momentum: 8 runs, MCC ${mean(mcc).toFixed(5)} +/- ${standardError(mcc).toFixed(5)}, normal test p = ${nt.p.toPrecision(4)}`);
    expect(r.stdout.includes(NOTE), `normaltest p = ${String(nt.p)}`).toBe(nt.p >= 0.05);
    if (nt.p >= 0.05) expect(r.stdout).toContain(`here normaltest p = ${nt.p.toPrecision(2)}): run \`descent reproduce fig-11-9\` for the book's 100 runs × 10,000 minibatches`);

    // Again: every run is reused and said to be; --json carries the same note.
    const again = await run(cwd, 'reproduce', 'fig-11-9', '--quick', '--runs', '8', '--json');
    const results = (JSON.parse(again.stdout) as { results: { quickNote: string | null; normaltest: { p: number } } }).results;
    expect(results.normaltest.p).toBe(nt.p);
    expect(results.quickNote === null).toBe(nt.p < 0.05);
    const reused = await run(cwd, 'reproduce', 'fig-11-9', '--quick', '--runs', '8');
    expect(reused.stdout).toContain(`  all 8 runs reused from ${dir} (finished earlier; remove the folder to train them again)`);

    // The full form has its own folder: the quick study neither stops it nor is touched by it.
    const quickRuns = readFileSync(join(dir, 'runs.jsonl'), 'utf8');
    const full = await run(cwd, 'reproduce', 'fig-11-9', '--runs', '1', '--workers', '1');
    expect(full.code, full.stderr).toBe(0);
    expect(full.stdout).toMatch(/ {2}momentum: 1 run, MCC 0\.\d{5} \+\/- n\/a \(1 run\)\n/);
    expect(full.stdout).not.toContain('note: the quick form');
    expect(JSON.parse(readFileSync(join(cwd, 'descent-out', 'fig-11-9', 'study.json'), 'utf8'))).toMatchObject({ runs: 1, minibatches: STUDY_SIZES['fig-11-9'].full.minibatches });
    expect(readFileSync(join(dir, 'runs.jsonl'), 'utf8')).toBe(quickRuns);
  }, 300_000);

  it('fig-11-8 compares the two arms as @descent/stats does on runs.jsonl; the note only when momentum is not ahead at 5 %', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'descent-fig-11-8-'));
    const r = await run(cwd, 'reproduce', 'fig-11-8', '--quick', '--runs', '3', '--workers', '2', '--json');
    expect(r.code, r.stderr).toBe(0);
    const dir = join(cwd, 'descent-out', 'fig-11-8-quick');
    expect(existsSync(join(cwd, 'descent-out', 'fig-11-8'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['comparison.json', 'histograms.png', 'histograms.svg', 'momentum.npy', 'no-momentum.npy', 'runs.jsonl', 'study.json']);
    const [m, n] = [mccs(dir, 'momentum'), mccs(dir, 'no-momentum')];
    expect(m).toHaveLength(3);
    expect(npy(join(dir, 'momentum.npy'))).toEqual(m);
    expect(npy(join(dir, 'no-momentum.npy'))).toEqual(n);
    const out = JSON.parse(r.stdout) as {
      results: { arms: Record<string, { mean: number; se: number }>; comparison: { ttest: { t: number; p: number }; mannWhitney: { U: number; p: number }; cohensD: number }; quickNote: string | null };
      files: string[];
    };
    const t = tTestInd(m, n);
    expect(out.results.arms.momentum).toMatchObject({ mean: mean(m), se: standardError(m) });
    expect(out.results.arms['no-momentum']).toMatchObject({ mean: mean(n), se: standardError(n) });
    expect(out.results.comparison.ttest).toMatchObject({ t: t.t, p: t.p });
    expect(out.results.comparison.mannWhitney).toMatchObject({ U: mannWhitneyU(m, n).U, p: mannWhitneyU(m, n).p });
    expect(out.results.comparison.cohensD).toBe(cohensD(m, n));
    const saved = JSON.parse(readFileSync(join(dir, 'comparison.json'), 'utf8')) as { comparisons: { a: string; b: string; comparison: unknown }[] };
    expect(saved.comparisons).toEqual([{ a: 'momentum', b: 'no-momentum', comparison: out.results.comparison }]);
    expect(out.files.sort()).toEqual(['comparison.json', 'histograms.png', 'histograms.svg', 'momentum.npy', 'no-momentum.npy'].map((f) => join(dir, f)));
    const ahead = mean(m) > mean(n) && t.p < 0.05;
    expect(out.results.quickNote === null, `momentum ${String(mean(m))} vs ${String(mean(n))}, p = ${String(t.p)}`).toBe(ahead);
    if (!ahead) expect(out.results.quickNote).toContain('run `descent reproduce fig-11-8` for the book\'s 22 runs × 40,000 minibatches');
  }, 300_000);
});
