import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../workspace.js';

// Two whole-repository linters (issue 12 §3), run as tooling's own scripts so that they read the same settings by
// hand and here: sherif (one version of each dependency, sorted dependency lists, no empty fields, every workspace
// folder a package) and knip (no unused files, exports, dependencies or binaries; entry points in knip.json).
const tooling = `${repositoryRoot}/tooling`;

/** Runs one of tooling's package.json scripts (without blocking vitest's worker); its output is the failure message. */
function script(name: string): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('pnpm', ['run', '--silent', name], { cwd: tooling, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      resolve({ status, output });
    });
  });
}

describe('monorepo consistency', () => {
  it('sherif finds nothing, warnings included', async () => {
    const { status, output } = await script('sherif');
    expect(status, output).toBe(0);
    expect(output).toMatch(/No issues found/);
  });

  it('knip finds no unused file, export, dependency or binary', async () => {
    const { status, output } = await script('knip');
    expect(status, output).toBe(0);
  }, 180_000);
});
