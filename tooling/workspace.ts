import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));

/** The fields of a package.json that the publishing checks read. */
export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  repository?: { type?: string; url?: string; directory?: string } | string;
  homepage?: string;
  bugs?: { url?: string } | string;
  bin?: Record<string, string> | string;
  files?: string[];
  exports?: unknown;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** A workspace package: its folder (absolute), its folder relative to the root, and its package.json. */
export interface WorkspacePackage {
  dir: string;
  folder: string;
  manifest: Manifest;
}

export const readManifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

function packagesUnder(parent: string): WorkspacePackage[] {
  return readdirSync(join(repositoryRoot, parent), { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(repositoryRoot, parent, e.name, 'package.json')))
    .map((e) => {
      const dir = join(repositoryRoot, parent, e.name);
      return { dir, folder: relative(repositoryRoot, dir), manifest: readManifest(dir) };
    });
}

/** Every package of the workspace (apps and tooling included), as pnpm-workspace.yaml lists them. */
export function workspacePackages(): WorkspacePackage[] {
  return [...packagesUnder('packages'), ...packagesUnder('packages/optimizers'), ...packagesUnder('apps'), { dir: join(repositoryRoot, 'tooling'), folder: 'tooling', manifest: readManifest(join(repositoryRoot, 'tooling')) }];
}

/** The packages that are published to npm: every workspace package that is not private. */
export function publishedPackages(): WorkspacePackage[] {
  return workspacePackages().filter((p) => p.manifest.private !== true);
}

/** What `pnpm pack` put in one tarball. */
export interface PackedPackage {
  name: string;
  version: string;
  /** The tarball's absolute path. */
  filename: string;
  /** The paths inside the package (without the tarball's `package/` prefix). */
  files: string[];
}

/**
 * Packs every published package into `destination` with one `pnpm -r pack` (a few seconds for all of them), as
 * `pnpm publish` would: `workspace:` ranges become the versions they name, and `files` decides what goes in.
 */
export function packPublishedPackages(destination: string): PackedPackage[] {
  const filters = publishedPackages().flatMap((p) => ['--filter', `./${p.folder}`]);
  const output = execFileSync('pnpm', ['-r', ...filters, 'pack', '--pack-destination', destination, '--json'], {
    cwd: repositoryRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const parsed = JSON.parse(output) as { name: string; version: string; filename: string; files: { path: string }[] }[] | { name: string; version: string; filename: string; files: { path: string }[] };
  return (Array.isArray(parsed) ? parsed : [parsed]).map((p) => ({ name: p.name, version: p.version, filename: p.filename, files: p.files.map((f) => f.path) }));
}
