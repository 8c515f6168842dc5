import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The CLI's rooms (issue 12 §4): each command module declares its own flags beside its handler and imports no other
// command module; what commands share lives in modules named for what it is. program.ts only composes the commands.
// A flag group that several commands declare alike lives in a `src/*-flags.ts` module (optimizer, transformation,
// run-length and surface-run flags), which the commands call.

const srcDir = fileURLToPath(new URL('.', import.meta.url));

/** Every source file under `dir` (tests, fixtures and declaration files left out), as paths relative to `dir`. */
function sourceFiles(dir: string, under = ''): string[] {
  const entries = readdirSync(join(dir, under), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  return entries.flatMap((entry) => {
    const path = under === '' ? entry.name : `${under}/${entry.name}`;
    if (entry.isDirectory()) return entry.name.startsWith('__') ? [] : sourceFiles(dir, path);
    return /\.ts$/.test(entry.name) && !/\.(test|d)\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** The files under `dir` that `file` imports (statically, by re-export or with import()), as paths relative to `dir`. */
function localImports(dir: string, file: string): string[] {
  const text = readFileSync(join(dir, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) => m[1] as string);
  return specifiers.map((s) => relative(dir, resolve(dirname(join(dir, file)), s.replace(/\.js$/, '.ts'))).split('\\').join('/'));
}

const isCommandModule = (file: string) => file.startsWith('commands/');
const isFlagGroupModule = (file: string) => /^[^/]+-flags\.ts$/.test(file);
const FLAG_DECLARATION = /\.(?:option|requiredOption|addOption)\(|\bnew Option\(/;

/** Where the source tree under `dir` breaks the rooms' rules, one line each (none: it keeps them). */
function roomViolations(dir: string): string[] {
  const files = sourceFiles(dir);
  const out: string[] = [];
  for (const file of files) {
    if (isCommandModule(file)) {
      for (const target of localImports(dir, file).filter(isCommandModule)) out.push(`${file} imports the command module ${target}`);
    } else if (file !== 'program.ts') {
      for (const target of localImports(dir, file).filter(isCommandModule)) out.push(`${file} imports the command module ${target} (only program.ts may)`);
    }
    if (!isCommandModule(file) && !isFlagGroupModule(file)) {
      readFileSync(join(dir, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (FLAG_DECLARATION.test(line)) out.push(`${file}:${String(i + 1)} declares a flag outside a command module: ${line.trim()}`);
        });
    }
  }
  const composed = new Set(files.includes('program.ts') ? localImports(dir, 'program.ts') : []);
  for (const file of files.filter(isCommandModule)) {
    if (!composed.has(file)) out.push(`${file} is not composed by program.ts`);
    const text = readFileSync(join(dir, file), 'utf8');
    const exported = [
      ...[...text.matchAll(/^export\s+(?:async\s+)?(?:function|const|let|class|interface|type|enum)\s+(\w+)/gm)].map((m) => m[1] as string),
      ...[...text.matchAll(/^export\s*(?:type\s*)?\{([^}]*)\}/gm)].flatMap((m) => (m[1] as string).split(',').map((n) => n.trim().split(/\s+as\s+/).pop() ?? '')),
    ];
    if (!exported.includes('register')) out.push(`${file} exports no register(program, context)`);
    for (const name of exported.filter((n) => n !== 'register')) out.push(`${file} exports ${name}, but a command module exports only register (what commands share goes in a module named for it)`);
  }
  return out;
}

/** A small source tree that keeps the rules, to break one at a time. */
function tidyTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'descent-rooms-'));
  mkdirSync(join(dir, 'commands'));
  writeFileSync(join(dir, 'program.ts'), "import { register as a } from './commands/a-command.js';\nimport { register as b } from './commands/b-command.js';\n");
  writeFileSync(join(dir, 'schedules.ts'), 'export const schedules = 1;\n');
  writeFileSync(join(dir, 'common-flags.ts'), "export const add = (c) => c.option('--json', 'print JSON');\n");
  for (const name of ['a', 'b']) {
    writeFileSync(join(dir, 'commands', `${name}-command.ts`), `import { schedules } from '../schedules.js';\nexport function register(program) {\n  program.command('${name}').option('--x <n>', 'x');\n}\n`);
  }
  return dir;
}

describe("the CLI's command modules", () => {
  it('import no other command module, export only register, declare every flag themselves (or through a *-flags.ts group), and are all composed by program.ts', () => {
    expect(roomViolations(srcDir)).toEqual([]);
  });

  it('the check sees every rule broken: a command importing a command, a flag declared elsewhere, a command not composed, a command exporting more', () => {
    expect(roomViolations(tidyTree())).toEqual([]);

    const crossImport = tidyTree();
    writeFileSync(join(crossImport, 'commands', 'b-command.ts'), "import { helper } from './a-command.js';\nexport function register(program) {}\n");
    expect(roomViolations(crossImport)).toEqual(['commands/b-command.ts imports the command module commands/a-command.ts']);

    const libraryImport = tidyTree();
    writeFileSync(join(libraryImport, 'shared.ts'), "export { register } from './commands/a-command.js';\n");
    expect(roomViolations(libraryImport)).toEqual(['shared.ts imports the command module commands/a-command.ts (only program.ts may)']);

    const flagInProgram = tidyTree();
    writeFileSync(join(flagInProgram, 'program.ts'), `${readFileSync(join(flagInProgram, 'program.ts'), 'utf8')}program.command('c')\n  .requiredOption('--surface <id>', 'the surface');\n`);
    expect(roomViolations(flagInProgram)).toEqual(["program.ts:4 declares a flag outside a command module: .requiredOption('--surface <id>', 'the surface');"]);

    const flagInLibrary = tidyTree();
    writeFileSync(join(flagInLibrary, 'shared.ts'), "export const add = (c) => c.addOption(new Option('--x'));\n");
    expect(roomViolations(flagInLibrary)).toEqual(["shared.ts:1 declares a flag outside a command module: export const add = (c) => c.addOption(new Option('--x'));"]);

    const notComposed = tidyTree();
    writeFileSync(join(notComposed, 'commands', 'c-command.ts'), 'export function register(program) {}\n');
    writeFileSync(join(notComposed, 'commands', 'd-command.ts'), 'export function run() {}\n');
    expect(roomViolations(notComposed)).toEqual([
      'commands/c-command.ts is not composed by program.ts',
      'commands/d-command.ts is not composed by program.ts',
      'commands/d-command.ts exports no register(program, context)',
      'commands/d-command.ts exports run, but a command module exports only register (what commands share goes in a module named for it)',
    ]);

    const sharing = tidyTree();
    writeFileSync(join(sharing, 'commands', 'a-command.ts'), 'export function register(program) {}\nexport interface Shared {}\nexport { helper as parse };\n');
    expect(roomViolations(sharing)).toEqual([
      'commands/a-command.ts exports Shared, but a command module exports only register (what commands share goes in a module named for it)',
      'commands/a-command.ts exports parse, but a command module exports only register (what commands share goes in a module named for it)',
    ]);
  });
});
