import { bookExperiments } from '@descent/surfaces';
import { UsageError } from '../errors.js';
import { writeFigurePair } from '../figure-files.js';
import type { Io } from '../io.js';

export interface ReproduceArguments {
  readonly out?: string;
  readonly json?: boolean;
  readonly list?: boolean;
}

/** `descent reproduce <id>|all`: runs the chapter's experiments, prints ours beside the book's, writes the figures. */
export function reproduceCommand(io: Io, id: string | undefined, args: ReproduceArguments): void {
  if (args.list === true || id === undefined) {
    if (id === undefined && args.list !== true) {
      throw new UsageError(`reproduce needs an experiment id or 'all'; known: ${bookExperiments.map((e) => e.id).join(', ')} (see --list)`);
    }
    for (const e of bookExperiments) io.stdout(`${e.id.padEnd(12)} ${e.summary}${e.sameAs === undefined ? '' : ` (printed with ${e.sameAs})`}\n`);
    return;
  }
  const selected = id === 'all' ? bookExperiments.filter((e) => e.sameAs === undefined) : bookExperiments.filter((e) => e.id === id);
  if (selected.length === 0) {
    throw new UsageError(`unknown experiment '${id}'; known: ${bookExperiments.map((e) => e.id).join(', ')}, all`);
  }
  const dir = args.out ?? 'descent-out';
  const outputs = selected.map((e) => {
    const r = e.run();
    const files = r.figures.flatMap((f) => writeFigurePair(io, f.spec, dir, f.name));
    if (args.json !== true) {
      io.stdout(`\n${r.title}\n  book: ${r.book}\n`);
      for (const line of r.lines) io.stdout(`  ${line}\n`);
      for (const file of files) io.stdout(`  wrote ${file}\n`);
    }
    return { id: r.id, title: r.title, results: r.results, files };
  });
  if (args.json === true) io.stdout(`${JSON.stringify(id === 'all' ? outputs : outputs[0])}\n`);
}
