import type { Command } from 'commander';
import type { OptimizerPluginV1 } from '@descent/optim';
import type { Io } from './io.js';

/** What every command module is given when it adds itself to the program. */
export interface CommandContext {
  readonly io: Io;
  /** The built-in optimizers and the plugins named on the command line: their options become flags. */
  readonly plugins: readonly OptimizerPluginV1[];
  /** Whether stderr is a terminal: live progress lines rewrite themselves there. */
  readonly tty: boolean;
  /** The process's exit code once the command is done (a study stopped by Ctrl-C sets 130). */
  readonly setExitCode: (code: number) => void;
}

/**
 * A command module's one export for the program: it declares its command (or commands), their flags and help, and
 * the action that reads those flags, all in its own file. program.ts only composes them and turns errors into exit
 * codes.
 */
export type RegisterCommand = (program: Command, context: CommandContext) => void;
