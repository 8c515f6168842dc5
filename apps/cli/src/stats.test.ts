import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Io } from './io.js';
import { main } from './program.js';

const book = (name: string) => fileURLToPath(new URL(`../../../fixtures/book/${name}`, import.meta.url));
const W = book('fmnist_w_momentum_runs.npy');
const NO = book('fmnist_no_momentum_runs.npy');

/** NumPy's and SciPy's results for the book's runs, from @descent/stats' reference (scripts/scipy-stats-fixtures.py). */
interface ScipySample {
  values: number[];
  histogram5: { counts: number[]; edges: number[] };
  normaltest: { statistic: number; p: number };
}
const scipy = JSON.parse(readFileSync(new URL('../../../packages/stats/src/__fixtures__/scipy-stats.json', import.meta.url), 'utf8')) as {
  samples: Record<string, ScipySample>;
};
const scipyMomentum = scipy.samples['book momentum'] as ScipySample;

async function run(...argv: string[]) {
  const cwd = mkdtempSync(join(tmpdir(), 'descent-stats-'));
  let stdout = '';
  let stderr = '';
  const io: Io = { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) };
  return { code: await main(argv, io), stdout, stderr, cwd };
}

describe('descent stats compare', () => {
  it("prints the book's numbers from the book's own files (chapter spec §5), and draws figure 11-8", async () => {
    const r = await run('stats', 'compare', W, NO, '--labels', 'momentum,no momentum', '--plot', 'fig.svg');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no momentum: 0.85778 +/- 0.00056');
    expect(r.stdout).toContain('momentum   : 0.86413 +/- 0.00075');
    expect(r.stdout).toContain('(t,p): (6.77398299, 0.00000003)');
    expect(r.stdout).toContain("Mann-Whitney U, book's form: (41.00000000, 0.00000126)");
    expect(r.stdout).toContain('Mann-Whitney U (U,p)       : (443.00000000, 0.00000252)');
    expect(r.stdout).toContain("Cohen's d                  : 2.04243");
    expect(readFileSync(join(r.cwd, 'fig.svg'), 'utf8')).toContain('url(#hatch)');
  });

  it('--json has the documented shape', async () => {
    const out = JSON.parse((await run('stats', 'compare', W, NO, '--json')).stdout) as Record<string, Record<string, unknown>>;
    expect(Object.keys(out)).toEqual(['a', 'b', 'ttest', 'welch', 'mannWhitney', 'cohensD', 'hedgesG']);
    expect(Object.keys(out.a ?? {})).toEqual(['n', 'mean', 'sd', 'se', 'normaltest']);
    expect(Object.keys(out.mannWhitney ?? {})).toEqual(['U', 'p', 'method', 'Umin', 'pOneSided']);
    expect(out.ttest).toMatchObject({ df: 42 });
    expect(out.mannWhitney).toMatchObject({ U: 443, Umin: 41, method: 'asymptotic' });
  });

  it('reads JSON arrays and text files, and reports normaltest null under 8 values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'descent-stats-in-'));
    writeFileSync(join(dir, 'a.json'), '[1, 2, 3, 4, 5]');
    writeFileSync(join(dir, 'b.txt'), '# runs\n2.5\n3.5\n4.5\n5.5\n6.5\n');
    const out = JSON.parse((await run('stats', 'compare', join(dir, 'a.json'), join(dir, 'b.txt'), '--json', '--alternative', 'less')).stdout) as {
      a: { normaltest: unknown; n: number };
      mannWhitney: { method: string };
    };
    expect(out.a).toMatchObject({ n: 5, normaltest: null });
    expect(out.mannWhitney.method).toBe('exact');
  });

  it('names bad input', async () => {
    const missing = await run('stats', 'compare', 'nope.npy', NO);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('descent: cannot read nope.npy: no such file\n');
    const dir = mkdtempSync(join(tmpdir(), 'descent-stats-bad-'));
    writeFileSync(join(dir, 'bad.txt'), '1\nzwei\n');
    const bad = await run('stats', 'compare', join(dir, 'bad.txt'), NO);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.txt: line 2 is not a number: 'zwei'/);
    expect((await run('stats', 'compare', W, NO, '--alternative', 'bigger')).stderr).toMatch(/--alternative expects two-sided, less or greater, got 'bigger'/);
  });
});

describe('descent stats mcc, histogram, normaltest', () => {
  it('mcc --json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'descent-mcc-'));
    writeFileSync(join(dir, 't.json'), '[0, 1, 2, 2, 1, 0]');
    writeFileSync(join(dir, 'p.json'), '[0, 1, 2, 1, 1, 0]');
    const out = JSON.parse((await run('stats', 'mcc', join(dir, 't.json'), join(dir, 'p.json'), '--json')).stdout) as { mcc: number; accuracy: number; confusion: number[][] };
    expect(out.accuracy).toBeCloseTo(5 / 6, 12);
    expect(out.confusion).toEqual([[2, 0, 0], [0, 2, 0], [0, 1, 1]]);
    // Gorodkin's multiclass MCC (scikit-learn's matthews_corrcoef) from that matrix: s = 6 samples, c = 5 correct,
    // true counts t = (2, 2, 2), predicted counts p = (2, 3, 1):
    // (c·s − p·t) / √((s² − p·p)(s² − t·t)) = (30 − 12) / √((36 − 14)(36 − 12)).
    expect(out.mcc).toBeCloseTo(18 / Math.sqrt(22 * 24), 14);
  });

  it('histogram --json gives NumPy’s counts and edges; normaltest prints SciPy’s K² and p', async () => {
    expect(readFileSync(W).subarray(-22 * 8)).toEqual(Buffer.from(Float64Array.from(scipyMomentum.values).buffer));
    const h = JSON.parse((await run('stats', 'histogram', W, '--bins', '5', '--json')).stdout) as { counts: number[]; edges: number[] };
    expect(h.counts).toEqual(scipyMomentum.histogram5.counts);
    // np.histogram's edges are linspace(min, max, 6): the same float64 operations, so the same bits.
    expect(h.edges).toEqual(scipyMomentum.histogram5.edges);
    const { statistic, p } = scipyMomentum.normaltest;
    const n = await run('stats', 'normaltest', W);
    expect(n.stdout).toMatch(/^D'Agostino-Pearson K² = \d+\.\d{6}, p = /);
    expect(n.stdout).toContain(`K² = ${statistic.toFixed(6)}, p = ${p.toPrecision(6)} (n = 22)`);
  });
});
