import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { NonFiniteGradientError, type OptimizerPluginV1 } from '@descent/optim';
import type { RegisterCommand } from './command-context.js';
import { register as benchmark } from './commands/benchmark-command.js';
import { register as data } from './commands/data-command.js';
import { register as optimizersAndSurfaces } from './commands/list-commands.js';
import { register as path } from './commands/path-command.js';
import { register as queue } from './commands/queue-command.js';
import { register as race } from './commands/race-command.js';
import { register as reproduce } from './commands/reproduce-command.js';
import { register as schedule } from './commands/schedule-command.js';
import { register as stats } from './commands/stats-command.js';
import { register as study } from './commands/study-command.js';
import { register as train } from './commands/train-command.js';
import { register as worker } from './commands/worker-command.js';
import { FailureError, UsageError } from './errors.js';
import type { Io } from './io.js';
import { COMMAND_EXAMPLES } from './examples.js';
import { builtinOptimizers, resolveOptimizer } from './optimizer-resolver.js';

/** Every command in the order `descent --help` lists them; each module declares its own flags and handler. */
const COMMANDS: readonly RegisterCommand[] = [optimizersAndSurfaces, path, race, schedule, reproduce, train, study, benchmark, worker, queue, stats, data];

/** The value of `--name X` or `--name=X` in raw arguments, read before parsing to load plugins. */
function peek(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === name) return argv[i + 1];
    if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
  }
  return undefined;
}

/**
 * Third-party optimizers named on the command line are loaded first, so that their options become flags like the
 * built-in ones.
 */
async function pluginsNamedIn(argv: readonly string[], cwd: string): Promise<OptimizerPluginV1[]> {
  const names = [peek(argv, '--optimizer'), ...(peek(argv, '--optimizers')?.split(',') ?? []).map((s) => s.split(':')[0])];
  const plugins: OptimizerPluginV1[] = [];
  for (const name of names) {
    if (name === undefined || name.trim() === '' || builtinOptimizers.has(name.trim())) continue;
    plugins.push(await resolveOptimizer(name.trim(), cwd));
  }
  return plugins;
}

/** The version in the command's package.json (src/ and dist/ both sit one folder below it). */
function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

/** Every command and subcommand with its path from the root: `[]`, `['path']`, `['stats', 'compare']` … */
function commandsOf(program: Command, path: string[] = []): { path: string[]; command: Command }[] {
  return [{ path, command: program }, ...program.commands.flatMap((c) => commandsOf(c, [...path, c.name()]))];
}

/** An "Examples:" block at the end of every command's help, from examples.ts. */
function addExamples(program: Command): void {
  for (const { path, command } of commandsOf(program)) {
    const lines = COMMAND_EXAMPLES[path.join(' ')];
    if (lines !== undefined) command.addHelpText('after', `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
  }
}

/**
 * `descent data wher --help` would print `data`'s help, as if the word were not there: commander only sees the
 * unknown word after it has answered --help. A word that names no subcommand of a command that has subcommands is a
 * usage error, with commander's suggestion.
 */
function checkSubcommandWords(program: Command, argv: readonly string[]): void {
  let command = program;
  for (const word of argv) {
    if (word.startsWith('-') || command.commands.length === 0) return;
    // `help` is commander's own command (`descent help path`): it answers it, once the words after it are known.
    if (word === 'help') continue;
    const next = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (next === undefined) {
      const names = command.commands.flatMap((c) => [c.name(), ...c.aliases()]);
      const near = names.filter((n) => n.startsWith(word) || editDistance(n, word) <= Math.max(1, Math.floor(n.length / 3)));
      const where = command === program ? '' : ` of '${commandsOf(program).find((c) => c.command === command)?.path.join(' ') ?? ''}'`;
      throw new UsageError(`unknown command '${word}'${where}${near.length > 0 ? ` (Did you mean ${near.join(' or ')}?)` : `; known: ${names.join(', ')}`}`);
    }
    command = next;
  }
}

/** Levenshtein distance, for suggestions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

function buildProgram(io: Io, extra: readonly OptimizerPluginV1[], tty: boolean, setExitCode: (code: number) => void): Command {
  const plugins = [...builtinOptimizers.list(), ...extra.filter((p) => !builtinOptimizers.has(p.id))];
  const program = new Command('descent')
    .description('Gradient descent, from the chapter of Math for Deep Learning: optimizers, surfaces, experiments')
    .version(cliVersion(), '-V, --version', 'print the version of the descent command')
    .exitOverride()
    .configureOutput({ writeOut: (s) => { io.stdout(s); }, writeErr: (s) => { io.stderr(s); }, outputError: () => undefined })
    .showSuggestionAfterError(true);
  for (const register of COMMANDS) register(program, { io, plugins, tty, setExitCode });
  addExamples(program);
  return program;
}

/** Runs the command and returns its exit code: 0 done, 1 failed, 2 called wrongly. */
export async function main(argv: readonly string[], io: Io, tty = false): Promise<number> {
  try {
    let code = 0;
    const program = buildProgram(io, await pluginsNamedIn(argv, io.cwd), tty, (c) => {
      code = c;
    });
    if (argv.length === 0) {
      program.outputHelp();
      return 2;
    }
    checkSubcommandWords(program, argv);
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0;
      // commander says "error: unknown option '--fo'\n(Did you mean --foo?)": one line is enough.
      io.stderr(`descent: ${error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')}\n`);
      return 2;
    }
    if (error instanceof UsageError) {
      io.stderr(`descent: ${error.message}\n`);
      return 2;
    }
    if (error instanceof FailureError) {
      io.stderr(`descent: ${error.message}\n`);
      return 1;
    }
    // --skip-nonfinite N ran out of skips: the run failed, and the message names the parameters (isInstance: the
    // optimizer package may carry another copy of @descent/optim).
    if (NonFiniteGradientError.isInstance(error)) {
      io.stderr(`descent: ${error.message}\n`);
      return 1;
    }
    // A file system error that no check caught (a disk that filled up, a folder removed during the run) is news
    // about the machine, not a bug: one line. Anything else is a bug, and its stack trace is what a report needs.
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string') {
      io.stderr(`descent: ${(error as Error).message}\n`);
      return 1;
    }
    io.stderr(`descent: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
