import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED } from './arguments.js';
import { COMMAND_EXAMPLES } from './examples.js';
import { invocationFolder, type Io } from './io.js';
import { main } from './program.js';

// The command line as a user meets it: output paths checked before any work, help and examples for every command,
// --version, one default seed, relative paths through `pnpm -s descent`, plugins by package name.

async function run(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const fresh = () => mkdtempSync(join(tmpdir(), 'descent-cmdline-'));
const cliFolder = fileURLToPath(new URL('..', import.meta.url));
const repository = join(cliFolder, '..', '..');

/** The one line of a usage error: exit 2, one line on stderr, no stack trace, nothing on stdout (no work was done). */
function usageLine(r: { code: number; stdout: string; stderr: string }): string {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stdout).toBe('');
  return r.stderr;
}

describe('output paths are checked before any work', () => {
  const cwd = fresh();
  writeFileSync(join(cwd, 'notes.txt'), 'a file where a folder is expected\n');
  mkdirSync(join(cwd, 'figure.svg'));
  writeFileSync(join(cwd, 'a.txt'), '1\n2\n3\n');

  const cases: [string, string[], RegExp | string][] = [
    ['reproduce --out FILE', ['reproduce', 'fig-11-1', '--out', 'notes.txt'], '--out notes.txt: is a file, expected a folder'],
    ['reproduce --out /dev/null/x', ['reproduce', 'fig-11-1', '--out', '/dev/null/x'], '--out /dev/null/x: cannot create the folder: /dev/null is not a folder'],
    ['study --out FILE', ['study', '--arm', 'a: sgd', '--dataset', 'fashion-mnist-sample', '--out', 'notes.txt'], '--out notes.txt: is a file, expected a folder'],
    ['path --plot in a missing folder', ['path', '--surface', 'bowl', '--plot', 'figs/p.svg'], `--plot figs/p.svg: the folder ${join(cwd, 'figs')} does not exist (create it first)`],
    ['path --plot naming a folder', ['path', '--surface', 'bowl', '--plot', 'figure.svg'], '--plot figure.svg: is a folder, expected a file name'],
    ['race --plot under a file', ['race', '--surface', 'bowl', '--optimizers', 'sgd,adam', '--plot', 'notes.txt/r.png'], `--plot notes.txt/r.png: ${join(cwd, 'notes.txt')} is not a folder`],
    // /sys refuses new files to root as well, where permission bits would not.
    ['stats compare --plot where nothing may be written', ['stats', 'compare', 'a.txt', 'a.txt', '--plot', '/sys/c.svg'], '--plot /sys/c.svg: cannot write in /sys (permission denied)'],
    ['train --save under /dev/null', ['train', '--dataset', 'fashion-mnist-sample', '--minibatches', '100000', '--save', '/dev/null/w.json'], '--save /dev/null/w.json: /dev/null is not a folder'],
    ['data export --out in a missing folder', ['data', 'export', 'fashion-mnist-sample', '--out', 'no/x.npy'], `--out no/x.npy: the folder ${join(cwd, 'no')} does not exist (create it first)`],
    ['data export without --out', ['data', 'export', 'fashion-mnist-sample'], /^descent: required option '--out <file>' not specified\n$/],
  ];
  for (const [name, argv, message] of cases) {
    it(`${name}: descent ${argv.join(' ')}`, async () => {
      expect(usageLine(await run(cwd, ...argv))).toMatch(message);
    });
  }

  it('leaves no folder, file or probe behind after a refused path', () => {
    expect(readdirSync(cwd).sort()).toEqual(['a.txt', 'figure.svg', 'notes.txt']);
  });

  it('makes a missing --out folder (and its parents) and says so on stderr, keeping --json output clean', async () => {
    const dir = fresh();
    const r = await run(dir, 'reproduce', 'fig-11-1', '--out', 'new/figures', '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`descent: created folder ${join(dir, 'new', 'figures')}\n`);
    expect((JSON.parse(r.stdout) as { files: string[] }).files).toEqual([join(dir, 'new/figures/fig-11-1.svg'), join(dir, 'new/figures/fig-11-1.png')]);
    // An existing folder is used quietly.
    const again = await run(dir, 'reproduce', 'fig-11-1', '--out', 'new/figures', '--json');
    expect(again.stderr).toBe('');
  });
});

describe('counts that would run nothing, or more than there is', () => {
  const cwd = fresh();
  it('--runs 0 and --workers 0 are refused before anything runs', async () => {
    expect(usageLine(await run(cwd, 'reproduce', 'fig-11-8', '--runs', '0'))).toMatch("--runs expects a whole number from 1 to 100000, got '0'");
    expect(usageLine(await run(cwd, 'reproduce', 'fig-11-9', '--workers', '0'))).toMatch("--workers expects a whole number from 1 to 256, got '0'");
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('--samples larger than the training split names the split and its size', async () => {
    const message = "--samples 10001 is more than the 10000 images of fashion-mnist-sample's training split";
    const train = await run(cwd, 'train', '--dataset', 'fashion-mnist-sample', '--samples', '10001', '--minibatches', '10', '--json');
    expect(train.stderr).toBe(`descent: ${message}\n`);
    expect(train.code).toBe(2);
    const study = await run(cwd, 'study', '--arm', 'a: sgd', '--dataset', 'fashion-mnist-sample', '--samples', '10001', '--minibatches', '10', '--runs', '1', '--json');
    expect(study.stderr).toContain(`descent: ${message}\n`);
    expect(study.code).toBe(2);
    // The whole split is fine.
    const all = await run(cwd, 'train', '--dataset', 'fashion-mnist-sample', '--samples', '10000', '--minibatches', '5', '--json');
    expect(all.code).toBe(0);
  });
});

describe('mistakes in a file given to a command: one line, never a stack trace', () => {
  const cwd = fresh();
  writeFileSync(join(cwd, 'empty.txt'), '# nothing yet\n');
  writeFileSync(join(cwd, 'halves.txt'), '0.5\n1\n');
  writeFileSync(join(cwd, 'labels.txt'), '0\n1\n');
  mkdirSync(join(cwd, 'folder.txt'));
  const cases: [string[], number, string][] = [
    [['stats', 'histogram', 'empty.txt'], 1, 'descent: empty.txt: no numbers in it\n'],
    [['stats', 'normaltest', 'empty.txt'], 1, 'descent: empty.txt: no numbers in it\n'],
    [['stats', 'mcc', 'labels.txt', 'halves.txt'], 1, 'descent: halves.txt: value 0.5 (number 1) is not a class label (a whole number ≥ 0)\n'],
    [['stats', 'compare', 'folder.txt', 'labels.txt'], 2, 'descent: cannot read folder.txt: it is a folder, expected a file\n'],
    [['study', '--arm', 'a: sgd', '--runs', 'abc'], 2, "descent: --runs expects a whole number from 1 to 100000, got 'abc'\n"],
    [['path', '--surface', 'bowl', '--steps', ''], 2, "descent: --steps expects a whole number from 0 to 1000000, got ''\n"],
  ];
  for (const [argv, code, message] of cases) {
    it(`descent ${argv.join(' ')}`, async () => {
      const r = await run(cwd, ...argv);
      expect(r.stderr).toBe(message);
      expect(r.code).toBe(code);
      expect(r.stdout).toBe('');
    });
  }
});

/** Every command's path, read from the help of the root and of each command that has subcommands. */
async function commandPaths(): Promise<string[][]> {
  const paths: string[][] = [[]];
  for (let i = 0; i < paths.length; i++) {
    const help = (await run(fresh(), ...(paths[i] as string[]), '--help')).stdout;
    const section = help.split('Commands:\n')[1]?.split('\n\n')[0] ?? '';
    for (const match of section.matchAll(/^ {2}([a-z][a-z-]*)/gm)) {
      if (match[1] !== 'help') paths.push([...(paths[i] as string[]), match[1] as string]);
    }
  }
  return paths;
}

describe('help', () => {
  it('--version prints the version in the command’s package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(cliFolder, 'package.json'), 'utf8')) as { version: string };
    const r = await run(fresh(), '--version');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${version}\n`);
  });

  it('every command has its own help, ending in examples whose every flag the command takes', async () => {
    const paths = await commandPaths();
    expect(paths.map((p) => p.join(' ')).sort()).toEqual(Object.keys(COMMAND_EXAMPLES).sort());
    for (const path of paths) {
      const r = await run(fresh(), ...path, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: descent${path.map((p) => ` ${p}`).join('')}[ |]`));
      const examples = r.stdout.split('\nExamples:\n')[1] ?? '';
      const lines = examples.trim().split('\n').map((l) => l.trim());
      expect(lines.length, path.join(' ')).toBeGreaterThan(0);
      for (const line of lines) {
        expect(line.startsWith(`descent ${path.join(' ')}`.trimEnd()), line).toBe(true);
        // The example's command, found through its words, must know every flag it uses.
        const words = line.split(' ').slice(1);
        const target = words.filter((w) => /^[a-z][a-z0-9-]*$/.test(w)).slice(0, 2);
        const help = (await run(fresh(), ...(target[0] === 'help' ? [] : commandPathOf(paths, target)), '--help')).stdout;
        for (const flag of line.matchAll(/ (--[a-z][a-z0-9-]*)/g)) expect(help, `${line}: ${flag[1] as string}`).toContain(`${flag[1] as string} `);
      }
    }
  });

  it('a word that names no subcommand is a usage error, also with --help (no parent help instead)', async () => {
    expect(usageLine(await run(fresh(), 'data', 'wher', '--help'))).toMatch("unknown command 'wher' of 'data' (Did you mean where?)");
    expect(usageLine(await run(fresh(), 'stats', 'comp', 'a', 'b'))).toMatch("unknown command 'comp' of 'stats' (Did you mean compare?)");
    expect(usageLine(await run(fresh(), 'pathx', '--help'))).toMatch("unknown command 'pathx' (Did you mean path?)");
    expect(usageLine(await run(fresh(), 'stats', 'zz'))).toMatch("unknown command 'zz' of 'stats'; known: compare, mcc, histogram, normaltest");
    expect(usageLine(await run(fresh(), 'help', 'nosuch'))).toMatch(/^descent: unknown command 'nosuch'; known: optimizers, surfaces, path/);
    expect((await run(fresh(), 'stats', 'help', 'compare')).stdout).toMatch(/^Usage: descent stats compare /);
  });

  it('data where is data info, with its own help', async () => {
    const help = (await run(fresh(), 'data', 'where', '--help')).stdout;
    expect(help).toMatch(/^Usage: descent data info\|where \[options\]/);
    expect(help).toContain('--data-dir <dir>');
  });

  it('one default seed for every command, stated in each one’s help and used when --seed is left out', async () => {
    expect(DEFAULT_SEED).toBe(1);
    for (const command of ['train', 'study', 'reproduce']) {
      expect((await run(fresh(), command, '--help')).stdout.replace(/\s+/g, ' ')).toContain(`(default ${String(DEFAULT_SEED)}, as in every command) (default: "${String(DEFAULT_SEED)}")`);
    }
    const train = JSON.parse((await run(fresh(), 'train', '--dataset', 'fashion-mnist-sample', '--minibatches', '5', '--json')).stdout) as { seed: number };
    expect(train.seed).toBe(DEFAULT_SEED);
    const cwd = fresh();
    await run(cwd, 'study', '--arm', 'a: sgd', '--dataset', 'fashion-mnist-sample', '--minibatches', '5', '--runs', '2', '--workers', '1', '--out', 's', '--json');
    const seeds = readFileSync(join(cwd, 's', 'runs.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { seed: number }).seed);
    expect(seeds.sort()).toEqual([DEFAULT_SEED, DEFAULT_SEED + 1]);
  });
});

/** The command path an example's first words name (`stats compare`, `path`). */
function commandPathOf(paths: string[][], words: string[]): string[] {
  const two = paths.find((p) => p.length === 2 && p[0] === words[0] && p[1] === words[1]);
  return two ?? paths.find((p) => p.length === 1 && p[0] === words[0]) ?? [];
}

describe('where relative paths go', () => {
  it('invocationFolder: the folder pnpm was started in, only for the workspace’s own descent script', () => {
    expect(invocationFolder({ INIT_CWD: '/home/me/work', npm_lifecycle_event: 'descent' }, '/repo')).toBe('/home/me/work');
    expect(invocationFolder({ INIT_CWD: '/home/me/work', npm_lifecycle_event: 'build' }, '/repo/packages/x')).toBe('/repo/packages/x');
    expect(invocationFolder({ INIT_CWD: '/home/me/work' }, '/somewhere')).toBe('/somewhere');
    expect(invocationFolder({ npm_lifecycle_event: 'descent' }, '/repo')).toBe('/repo');
  });

  it('pnpm -s descent writes relative paths in the user’s folder and prints no banner or ELIFECYCLE line', () => {
    const folder = mkdtempSync(join(repository, 'tmp-descent-cwd-'));
    try {
      const ok = spawnSync('pnpm', ['-s', 'descent', 'path', '--surface', 'bowl', '--steps', '2', '--plot', 'p.svg'], { cwd: folder, encoding: 'utf8' });
      expect(ok.status).toBe(0);
      expect(existsSync(join(folder, 'p.svg'))).toBe(true);
      expect(existsSync(join(repository, 'p.svg'))).toBe(false);
      expect(ok.stdout.split('\n')[0]).toBe('SGD on bowl from (-0.5000, 2.9000), 2 steps');
      expect(ok.stdout).toContain(`wrote ${join(folder, 'p.svg')}`);
      expect(ok.stderr).toBe('');
      const bad = spawnSync('pnpm', ['-s', 'descent', 'path', '--surface', 'bowl', '--steps', 'x'], { cwd: folder, encoding: 'utf8' });
      expect(bad.status).toBe(2);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toBe("descent: --steps expects a whole number from 0 to 1000000, got 'x'\n");
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('the installed bin', () => {
  it('is a committed file that runs the built program, so pnpm can link it before the build', () => {
    const manifest = JSON.parse(readFileSync(join(cliFolder, 'package.json'), 'utf8')) as { bin: Record<string, string>; files: string[] };
    expect(manifest.bin.descent).toBe('./bin/descent.js');
    expect(manifest.files).toContain('bin');
    const tracked = spawnSync('git', ['ls-files', '--stage', 'bin/descent.js'], { cwd: cliFolder, encoding: 'utf8' }).stdout;
    expect(tracked).toMatch(/^100755 /);
    const r = spawnSync('node', [join(cliFolder, 'bin', 'descent.js'), 'path', '--surface', 'bowl', '--steps', '1', '--json'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { points: unknown[] }).points).toHaveLength(2);
  });
});

describe('the bin before or during a build', () => {
  /** The committed shim in a package folder of its own, with `dist` holding what is given. */
  function shimWith(dist: Record<string, string>): string {
    const folder = fresh();
    mkdirSync(join(folder, 'bin'));
    writeFileSync(join(folder, 'bin', 'descent.js'), readFileSync(join(cliFolder, 'bin', 'descent.js')));
    for (const [name, text] of Object.entries(dist)) {
      mkdirSync(join(folder, 'dist'), { recursive: true });
      writeFileSync(join(folder, 'dist', name), text);
    }
    return join(folder, 'bin', 'descent.js');
  }

  it('says that the command is not built, in one line', () => {
    const r = spawnSync('node', [shimWith({}), '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('descent: the command is not built yet (no apps/cli/dist/bin.js): run pnpm build\n');
  });

  it('says which package is not built when the program cannot load one', () => {
    const shim = shimWith({ 'bin.js': "import '../node_modules/@descent/unbuilt/dist/index.js';\n" });
    const r = spawnSync('node', [shim, '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`descent: a package it uses is not built (${join(shim, '..', '..', 'node_modules/@descent/unbuilt/dist/index.js')} is missing): run pnpm build\n`);
  });
});

describe('optimizer plugins by package name', () => {
  const project = fresh();
  const plugin = readFileSync(fileURLToPath(new URL('./__fixtures__/sign-descent-plugin.mjs', import.meta.url)), 'utf8');
  /** A package in the user's node_modules, as `npm install` would leave it. */
  function install(name: string): void {
    const dir = join(project, 'node_modules', ...name.split('/'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module', exports: './index.mjs' }));
    writeFileSync(join(dir, 'index.mjs'), plugin);
  }
  install('descent-sign-descent');
  install('@descent/optimizer-sign');
  afterAll(() => {
    rmSync(project, { recursive: true, force: true });
  });

  it('loads any package installed where the command runs, with its own flags', async () => {
    const r = await run(project, 'path', '--surface', 'bowl', '--optimizer', 'descent-sign-descent', '--lr', '0.25', '--shrink', '0.5', '--start', '0,0', '--steps', '2', '--json');
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { optimizer: string; final: number[]; options: Record<string, unknown> };
    expect(out.optimizer).toBe('sign-descent');
    expect(out.options).toEqual({ lr: 0.25, shrink: 0.5 });
    expect(out.final).toEqual([0.5, 0.5]);
  });

  it('finds @descent/optimizer-<name> by its short name, and a workspace optimizer by its full package name', async () => {
    const short = await run(project, 'path', '--surface', 'bowl', '--optimizer', 'sign', '--start', '0,0', '--steps', '1', '--json');
    expect((JSON.parse(short.stdout) as { optimizer: string }).optimizer).toBe('sign-descent');
    const full = await run(fresh(), 'race', '--surface', 'bowl', '--optimizers', '@descent/optimizer-adam:lr=0.1', '--steps', '3', '--json');
    expect(full.stderr).toBe('');
    expect((JSON.parse(full.stdout) as { runs: { optimizer: string; options: { lr: number } }[] }).runs[0]).toMatchObject({ optimizer: 'adam', options: { lr: 0.1 } });
  });

  it('a package that is not installed is a usage error naming it', async () => {
    expect(usageLine(await run(project, 'path', '--surface', 'bowl', '--optimizer', 'descent-not-installed'))).toMatch(/unknown optimizer 'descent-not-installed'/);
  });
});
