import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packPublishedPackages, readManifest, repositoryRoot, type PackedPackage } from '../workspace.js';

// A stranger's install of the command (issue 12 §3): the CLI and our packages as `pnpm publish` would upload them,
// installed with npm into an empty folder. Our own packages come from the tarballs only (npm's `overrides` pins every
// @descent/* name to its tarball, wherever it is asked for), so a missing file or a dependency that only resolves
// inside the workspace fails here; third-party packages come from npm's cache or registry.
let folder = '';
let project = '';
let packed: PackedPackage[] = [];

/** Runs the installed `descent` from the project folder, with nothing of the workspace in reach. */
function descent(...args: string[]) {
  return spawnSync(join(project, 'node_modules', '.bin', 'descent'), args, { cwd: project, encoding: 'utf8', env: { ...process.env, NODE_PATH: '', INIT_CWD: project } });
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'descent-cli-install-'));
  const tarballs = join(folder, 'tarballs');
  mkdirSync(tarballs);
  packed = packPublishedPackages(tarballs);
  project = join(folder, 'project');
  mkdirSync(project);
  const ours = Object.fromEntries(packed.map((p) => [p.name, `file:${p.filename}`]));
  const cli = ours['@descent/cli'];
  if (cli === undefined) throw new Error('@descent/cli was not packed (is it private?)');
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'stranger', private: true, dependencies: { '@descent/cli': cli }, overrides: ours }, null, 2)}\n`);
  // Asynchronously: a minute of a blocked event loop would starve vitest's messages to its worker.
  await promisify(execFile)('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: project, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
}, 300_000);

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('@descent/cli installed from its packed tarball', () => {
  it('took every @descent package from the tarballs, one copy each, never from a registry', () => {
    const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, { resolved?: string; link?: boolean }> };
    const ours = Object.entries(lock.packages).filter(([path]) => path.includes('node_modules/@descent/'));
    expect(ours.length).toBeGreaterThan(30);
    for (const [path, entry] of ours) expect(entry.resolved ?? '', path).toMatch(/^file:.*\.tgz$/);
    const optimCopies = ours.filter(([path]) => path.endsWith('node_modules/@descent/optim'));
    expect(optimCopies.map(([path]) => path)).toEqual(['node_modules/@descent/optim']);
    expect(existsSync(join(project, 'node_modules', '@descent', 'cli', 'LICENSE'))).toBe(true);
  });

  it('descent --version prints the packed version', () => {
    const result = descent('--version');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(readManifest(join(repositoryRoot, 'apps', 'cli')).version);
  });

  it("descent reproduce table-11-2 prints the book's numbers beside ours and writes the figure", () => {
    const out = join(project, 'out');
    const result = descent('reproduce', 'table-11-2', '--out', out);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Table 11-2');
    expect(result.stdout).toMatch(/momentum\s+ours \(0\.8807, -0\.9063\)\s+book \(0\.8807, -0\.9063\)/);
    expect(result.stdout).toMatch(/Nesterov, book's per-axis\s+ours \(0\.9128, -0\.9181\)\s+book \(0\.9128, -0\.9181\)/);
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['fig-11-10.svg', 'fig-11-10.png']));
  });
});
