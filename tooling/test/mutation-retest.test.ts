import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../workspace.js';

// tooling/mutation-retest.mjs forgets the not-killed results of a Stryker incremental baseline, so the next run tests
// those mutants again (Stryker itself reuses a static mutant's "Survived" after its tests change).
let folder = '';
afterEach(() => {
  if (folder !== '') rmSync(folder, { recursive: true, force: true });
});

const mutant = (id: string, status: string): { id: string; status: string } => ({ id, status });

function baseline(): string {
  folder = mkdtempSync(join(tmpdir(), 'mutation-retest-'));
  const file = join(folder, 'stryker-incremental.json');
  const report = {
    schemaVersion: '2',
    files: {
      'src/a.ts': { source: 'a', mutants: [mutant('1', 'Killed'), mutant('2', 'Survived'), mutant('3', 'NoCoverage'), mutant('4', 'Timeout')] },
      'src/b.ts': { source: 'b', mutants: [mutant('5', 'Survived'), mutant('6', 'Ignored')] },
    },
    testFiles: { 'src/a.test.ts': { tests: [] } },
  };
  writeFileSync(file, JSON.stringify(report));
  return file;
}

function retest(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [join(repositoryRoot, 'tooling/mutation-retest.mjs'), ...args], { encoding: 'utf8' });
}

const ids = (file: string): Record<string, string[]> => {
  const report = JSON.parse(readFileSync(file, 'utf8')) as { files: Record<string, { mutants: { id: string }[] }> };
  return Object.fromEntries(Object.entries(report.files).map(([name, f]) => [name, f.mutants.map((m) => m.id)]));
};

describe('mutation-retest', () => {
  it('forgets every survived and uncovered result and keeps killed, timed-out and ignored ones and the tests', () => {
    const file = baseline();
    const run = retest(file);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`mutation-retest: 3 survived or uncovered mutant result(s) forgotten in ${file}\n`);
    expect(ids(file)).toEqual({ 'src/a.ts': ['1', '4'], 'src/b.ts': ['6'] });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ schemaVersion: '2', testFiles: { 'src/a.test.ts': { tests: [] } } });
  });

  it('forgets only the named files\' results', () => {
    const file = baseline();
    expect(retest(file, 'src/b.ts').status).toBe(0);
    expect(ids(file)).toEqual({ 'src/a.ts': ['1', '2', '3', '4'], 'src/b.ts': ['6'] });
  });

  it('refuses a file the report does not have, naming it and the ones it has, and changes nothing', () => {
    const file = baseline();
    const before = readFileSync(file, 'utf8');
    const run = retest(file, 'src/c.ts');
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`mutation-retest: src/c.ts not in ${file} (it has src/a.ts, src/b.ts)\n`);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('says what it needs without arguments, and fails on a file that is not a report', () => {
    expect(retest()).toMatchObject({ status: 2, stderr: 'usage: node tooling/mutation-retest.mjs <incremental file> [<source file> ...]\n' });
    folder = mkdtempSync(join(tmpdir(), 'mutation-retest-'));
    const file = join(folder, 'broken.json');
    writeFileSync(file, '{');
    const run = retest(file);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`mutation-retest: cannot read ${file} as Stryker's incremental report (`);
  });
});
