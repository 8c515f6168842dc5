import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from './io.js';
import { main } from './program.js';

// The README's numbers are claims about what the commands print: run the commands and compare.
const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

async function json(argv: readonly string[]): Promise<Record<string, unknown>> {
  let stdout = '';
  const io: Io = { cwd: mkdtempSync(join(tmpdir(), 'descent-readme-')), stdout: (s) => (stdout += s), stderr: () => undefined };
  expect(await main([...argv, '--json'], io)).toBe(0);
  return JSON.parse(stdout) as Record<string, unknown>;
}

/** The pairs "(a, b)" of the README paragraph that starts with `opening`, in order. */
function pairsOf(opening: string): number[][] {
  const start = readme.indexOf(opening);
  expect(start, `README has a paragraph starting "${opening}"`).toBeGreaterThanOrEqual(0);
  const paragraph = readme.slice(start, readme.indexOf('\n\n', start));
  return [...paragraph.matchAll(/\((-?\d+\.\d+), (-?\d+\.\d+)\)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

describe("the README's path example", () => {
  const command = /^pnpm (?:-s )?descent (path --surface two-gaussians --optimizer nesterov .*?) --plot \S+$/m.exec(readme);

  it('is in the README', () => {
    expect(command?.[1]).toBeDefined();
  });

  it('ends where the README says, and the README names table 11-2\'s answers as reproduce computes them', async () => {
    const argv = (command?.[1] ?? '').split(' ');
    const [final, x, book] = pairsOf('The `path` example ends at');
    const path = await json(argv);
    const ours = path.final as number[];
    expect(ours.map((v) => v.toFixed(6))).toEqual(final?.map((v) => v.toFixed(6)));
    const table = await json(['reproduce', 'table-11-2', '--out', mkdtempSync(join(tmpdir(), 'descent-readme-'))]);
    const row = ((table.results as { rows: Record<string, number[]>[] }).rows)[0] as Record<string, number[]>;
    expect(row.start).toEqual([0.7, -0.2]);
    expect(row.nesterov?.map((v) => v.toFixed(6))).toEqual(x?.map((v) => v.toFixed(6)));
    expect(row.nesterovBook?.map((v) => v.toFixed(6))).toEqual(book?.map((v) => v.toFixed(6)));
  });
});
