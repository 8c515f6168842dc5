import type { Io } from '../io.js';

/**
 * The settings of one `descent reproduce` call, read from its flags before the first experiment runs. The figures
 * drawn on the surfaces read only `outDir` and `json`; the training experiments read all of them.
 */
export interface ExperimentSettings {
  readonly dataDir?: string;
  readonly seed: number;
  readonly json: boolean;
  readonly tty: boolean;
  /** Shrunk studies: fewer runs of fewer minibatches (what `reproduce all` runs). */
  readonly quick: boolean;
  /** Runs of each arm, instead of the book's. */
  readonly runs?: number;
  readonly outDir: string;
  readonly workers: number;
  /** Threads a single training computes on (listing 11-7; `--threads`, default all cores); studies keep 1 per run. */
  readonly threads?: number;
  /** Figure 11-11: the optimizers to compare, each optionally with overrides (`adam:lr=0.002`). */
  readonly optimizers?: string;
  readonly epochs?: number;
  readonly samples?: number;
  readonly cwd: string;
}

/** What an experiment gives `reproduce --json`: the same shape for a figure, a table and a study. */
export interface ExperimentOutput {
  readonly id: string;
  readonly title: string;
  readonly results: Record<string, unknown>;
  /** The files written, figures first. */
  readonly files: string[];
}

/** One target of `descent reproduce`: a figure, a table, a listing or a study of the chapter. */
export interface Experiment {
  readonly id: string;
  /** The line `reproduce --list` prints after the id. */
  readonly summary: string;
  /** Set on a table printed with its figure (table-11-1 with fig-11-5), so `reproduce all` runs it once. */
  readonly sameAs?: string;
  /** Trains networks (minutes, and a quick form under `reproduce all`), rather than drawing paths on a surface. */
  readonly trains: boolean;
  /** Runs the experiment, prints its report unless `settings.json`, and writes its files into `settings.outDir`. */
  readonly run: (io: Io, settings: ExperimentSettings) => Promise<ExperimentOutput>;
}
