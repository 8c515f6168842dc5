import { bookExperiments, type BookExperiment } from '@descent/surfaces';
import { writeFigurePair } from '../figure-files.js';
import type { Io } from '../io.js';
import type { Experiment, ExperimentOutput, ExperimentSettings } from './experiment.js';

// The chapter's figures and tables that @descent/surfaces computes (gradient descent and momentum on test functions),
// as `reproduce` targets: each one's figures written as SVG and PNG, and its lines printed beside the book's words.

/** Runs one of the surfaces' experiments, writes its figures and prints ours beside the book's. */
function runSurfaceExperiment(experiment: BookExperiment, io: Io, settings: ExperimentSettings): ExperimentOutput {
  const r = experiment.run();
  const files = r.figures.flatMap((f) => writeFigurePair(io, f.spec, settings.outDir, f.name));
  if (!settings.json) {
    io.stdout(`\n${r.title}\n  book: ${r.book}\n`);
    for (const line of r.lines) io.stdout(`  ${line}\n`);
    for (const file of files) io.stdout(`  wrote ${file}\n`);
  }
  return { id: r.id, title: r.title, results: r.results, files };
}

export const surfaceExperiments: readonly Experiment[] = bookExperiments.map((e) => ({
  id: e.id,
  summary: e.summary,
  ...(e.sameAs === undefined ? {} : { sameAs: e.sameAs }),
  trains: false,
  run: (io, settings) => Promise.resolve(runSurfaceExperiment(e, io, settings)),
}));
