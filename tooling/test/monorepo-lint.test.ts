import { execFileSync, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repositoryRoot, workspacePackages } from '../workspace.js';

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
  // pnpm-workspace.yaml's globs are what a fresh clone installs and turbo builds. Turbo reads them itself, and a
  // negation such as '!packages/optimizers' made it leave every optimizer out of a fresh clone's build (pnpm, whose
  // install kept them, did not notice): both must list every folder that has a package.json.
  it("pnpm's and turbo's workspace are every folder with a package.json", () => {
    const run = (args: string[]) => execFileSync('pnpm', args, { cwd: repositoryRoot, encoding: 'utf8', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } });
    const sorted = (list: (string | undefined)[]) => list.filter((n): n is string => n !== undefined && n !== 'descent-monorepo').sort();
    const expected = sorted(workspacePackages().map((p) => p.manifest.name));
    const pnpmListed = JSON.parse(run(['ls', '-r', '--depth', '-1', '--json'])) as { name?: string }[];
    expect(sorted(pnpmListed.map((p) => p.name))).toEqual(expected);
    const turboListed = JSON.parse(run(['exec', 'turbo', 'ls', '--output=json'])) as { packages: { items: { name: string }[] } };
    expect(sorted(turboListed.packages.items.map((p) => p.name))).toEqual(expected);
  }, 60_000);

  // The optimizers' parent folder matches `packages/*` without being a package; sherif's rule for that is off
  // (-r packages-without-package-json), its other rules are on.
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
