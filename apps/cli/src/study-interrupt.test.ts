import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Io } from './io.js';
import { main } from './program.js';

// The real binary (dist/, rebuilt by the global setup when older than src/) stopped by a real SIGINT.
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const STUDY = ['study', '--arm', 'plain: sgd --lr 1', '--arm', 'heavy: momentum --lr 0.2 --momentum 0.9', '--runs', '4', '--minibatches', '600', '--dataset', 'fashion-mnist-sample', '--seed', '5', '--workers', '1'];

function runBinary(cwd: string, args: string[], onStarted?: (child: ReturnType<typeof spawn>) => void): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  onStarted?.(child);
  return new Promise((resolve) => child.on('close', (code) => {
    resolve({ code, stdout, stderr });
  }));
}

/** runs.jsonl's rows without their wall time, in run order. */
function runsOf(dir: string): Record<string, unknown>[] {
  return readFileSync(join(dir, 'runs.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => {
      const row = JSON.parse(l) as Record<string, unknown>;
      delete row.seconds;
      return row;
    })
    .sort((a, b) => Number(a.run) - Number(b.run) || String(a.arm).localeCompare(String(b.arm)));
}

describe('a study stopped by Ctrl-C', () => {
  it('exits 130 keeping its finished runs; --resume ends with each run once, as an uninterrupted study', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'descent-sigint-'));
    const runsFile = join(cwd, 'i', 'runs.jsonl');
    // Press Ctrl-C once the first run is on disk (7 of the 8 runs are still to train).
    const stopped = await runBinary(cwd, [...STUDY, '--out', 'i'], (child) => {
      const poll = setInterval(() => {
        if (existsSync(runsFile) && readFileSync(runsFile, 'utf8').includes('\n')) {
          clearInterval(poll);
          child.kill('SIGINT');
        }
      }, 20);
      child.on('close', () => {
        clearInterval(poll);
      });
    });
    expect(stopped.code, stopped.stderr).toBe(130);
    const kept = runsOf(join(cwd, 'i'));
    expect(kept.length).toBeGreaterThanOrEqual(1);
    expect(kept.length).toBeLessThan(8);
    expect(stopped.stderr).toContain(`descent: study stopped by Ctrl-C; ${String(kept.length)} finished runs are in runs.jsonl (--resume continues)`);

    const resumed = await runBinary(cwd, [...STUDY, '--out', 'i', '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`${String(kept.length)} of 8 runs reused from ${join(cwd, 'i')}; training the other ${String(8 - kept.length)}`);
    const final = runsOf(join(cwd, 'i'));
    expect(new Set(final.map((r) => `${String(r.arm)}#${String(r.run)}`)).size).toBe(8);
    expect(final).toHaveLength(8);
    expect(final.filter((r) => kept.some((k) => k.arm === r.arm && k.run === r.run))).toEqual(kept);

    const io: Io = { cwd, stdout: () => undefined, stderr: () => undefined };
    expect(await main([...STUDY, '--out', 'uninterrupted'], io)).toBe(0);
    expect(final).toEqual(runsOf(join(cwd, 'uninterrupted')));
  }, 180_000);
});
