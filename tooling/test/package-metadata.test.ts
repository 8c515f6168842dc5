import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishedPackages, readManifest, repositoryRoot, workspacePackages, type Manifest } from '../workspace.js';

// What npm shows a stranger about a package before they install it (issue 12 §3): the license, where the code lives
// (the repository with the package's folder), where to read and where to report, and in the README how to install it
// and which peer dependencies to install beside it.
const root = readManifest(repositoryRoot);
const repositoryUrl = typeof root.repository === 'object' ? root.repository.url : root.repository;
/** The repository's web address, from the root package.json's git URL (`git+https://….git`). */
const webUrl = (repositoryUrl ?? '').replace(/^git\+/, '').replace(/\.git$/, '');
const license = readFileSync(join(repositoryRoot, 'LICENSE'), 'utf8');

/** Which peer dependencies a README must name, each with whether it is optional. */
function peers(manifest: Manifest): { name: string; optional: boolean }[] {
  return Object.keys(manifest.peerDependencies ?? {}).map((name) => ({ name, optional: manifest.peerDependenciesMeta?.[name]?.optional === true }));
}

/** Problems with a README's install section: the install command, and a sentence on the peer dependencies. */
function readmeInstallProblems(readme: string, manifest: Manifest): string[] {
  const problems: string[] = [];
  const command = manifest.bin === undefined ? `npm install ${manifest.name}` : `npm install -g ${manifest.name}`;
  if (!readme.includes(command)) problems.push(`does not show \`${command}\``);
  const statement = /^(No peer dependencies\b.*|Peer dependenc(?:y|ies): .*)$/m.exec(readme)?.[0];
  const expected = peers(manifest);
  if (statement === undefined) {
    problems.push("has no line 'No peer dependencies.' or 'Peer dependencies: …'");
  } else if (expected.length === 0 && !statement.startsWith('No peer dependencies')) {
    problems.push(`says "${statement}", but package.json has no peer dependencies`);
  } else {
    if (expected.length > 0 && statement.startsWith('No peer dependencies')) problems.push(`says there are no peer dependencies, but package.json has ${expected.map((p) => p.name).join(', ')}`);
    for (const peer of expected) {
      if (!statement.includes(`\`${peer.name}\``)) problems.push(`does not name the peer dependency \`${peer.name}\``);
      else if (peer.optional && !statement.includes('optional')) problems.push(`does not say that \`${peer.name}\` is optional`);
    }
  }
  return problems;
}

describe('the license', () => {
  it('is MIT at the root, and every package.json says MIT', () => {
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} /);
    for (const { folder, manifest } of workspacePackages()) expect(manifest.license, folder).toBe('MIT');
  });

  it("every published package has the root's LICENSE in its folder, where npm and pnpm always pack it", () => {
    for (const { dir, folder } of publishedPackages()) {
      expect(existsSync(join(dir, 'LICENSE')), `${folder}/LICENSE`).toBe(true);
      expect(readFileSync(join(dir, 'LICENSE'), 'utf8'), `${folder}/LICENSE differs from the root's`).toBe(license);
    }
  });
});

describe('package.json metadata', () => {
  it('the root names the repository', () => {
    expect(repositoryUrl).toMatch(/^git\+https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/);
  });

  it('every package names the repository with its folder, a homepage in that folder and the issue tracker', () => {
    const all = workspacePackages();
    expect(all.length).toBeGreaterThan(30);
    for (const { folder, manifest } of all) {
      expect(manifest.repository, folder).toEqual({ type: 'git', url: repositoryUrl, directory: folder });
      expect(manifest.homepage, folder).toBe(`${webUrl}/tree/main/${folder}#readme`);
      expect(manifest.bugs, folder).toEqual({ url: `${webUrl}/issues` });
    }
  });

  it('the CLI is published, as the descent command, with its program and bin in the tarball', () => {
    const cli = publishedPackages().find((p) => p.manifest.name === '@descent/cli');
    expect(cli?.manifest.bin).toEqual({ descent: './bin/descent.js' });
    expect(cli?.manifest.files).toEqual(expect.arrayContaining(['bin', 'dist']));
  });
});

describe('package READMEs', () => {
  it('state the install command and the peer dependencies', () => {
    const problems = publishedPackages().flatMap(({ dir, folder, manifest }) => {
      const path = join(dir, 'README.md');
      if (!existsSync(path)) return [`${folder}: no README.md`];
      return readmeInstallProblems(readFileSync(path, 'utf8'), manifest).map((p) => `${folder}/README.md ${p}`);
    });
    expect(problems).toEqual([]);
  });

  it('a README that hides a peer dependency, calls a required one optional-free, or lacks the command is caught', () => {
    const optimizer: Manifest = { name: '@descent/optimizer-x', version: '0.0.0', peerDependencies: { '@descent/optim': '^0.0.0' } };
    const plot: Manifest = { name: '@descent/plot', version: '0.0.0', peerDependencies: { r: '^2' }, peerDependenciesMeta: { r: { optional: true } } };
    const cli: Manifest = { name: '@descent/cli', version: '0.0.0', bin: { descent: './bin/descent.js' } };
    expect(readmeInstallProblems('npm install @descent/optimizer-x @descent/optim\n\nPeer dependencies: `@descent/optim`.\n', optimizer)).toEqual([]);
    expect(readmeInstallProblems('npm install @descent/optimizer-x\n\nNo peer dependencies.\n', optimizer)).toEqual([
      'says there are no peer dependencies, but package.json has @descent/optim',
      'does not name the peer dependency `@descent/optim`',
    ]);
    expect(readmeInstallProblems('npm install @descent/plot\n\nPeer dependencies: `r`.\n', plot)).toEqual(['does not say that `r` is optional']);
    expect(readmeInstallProblems('npm install @descent/cli\n\nNo peer dependencies.\n', cli)).toEqual(['does not show `npm install -g @descent/cli`']);
    expect(readmeInstallProblems('npm install -g @descent/cli\n', cli)).toEqual(["has no line 'No peer dependencies.' or 'Peer dependencies: …'"]);
  });
});
