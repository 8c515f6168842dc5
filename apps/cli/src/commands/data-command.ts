import { writeNpy } from '@descent/datasets';
import { describeSources } from '@descent/datasets/node';
import { loadFashionMnistSample } from '@descent/datasets/sample';
import { UsageError } from '../errors.js';
import { resolveDataset } from '../datasets.js';
import { writeFileAtomic, type Io } from '../io.js';
import { checkOutputFile } from '../output-paths.js';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';

/** `descent data info`: every place each data set is looked for, and what is there. */
async function dataInfo(io: Io, dataDir: string | undefined, json: boolean): Promise<void> {
  const report = (['fashion-mnist', 'mnist'] as const).map((name) => ({
    name,
    sources: describeSources(name, dataDir === undefined ? {} : { dataDir }),
  }));
  const sample = await loadFashionMnistSample();
  if (json) {
    io.stdout(`${JSON.stringify({ datasets: report, sample: { name: sample.name, train: sample.train.count, test: sample.test.count } })}\n`);
    return;
  }
  for (const { name, sources } of report) {
    io.stdout(`${name}:\n`);
    for (const s of sources) {
      const state = s.place === 'download' ? (s.found ? 'would be tried' : 'off') : s.found ? 'found' : 'missing';
      io.stdout(`  ${s.place.padEnd(9)} ${state.padEnd(15)} ${s.directory}  (${s.note})\n`);
    }
  }
  io.stdout(`fashion-mnist-sample: embedded, ${String(sample.train.count)} training and ${String(sample.test.count)} test images at 14×14\n`);
}

interface ExportArguments {
  readonly split?: string;
  readonly size?: string;
  /** Required (commander's requiredOption says so when it is missing). */
  readonly out: string;
  readonly dataDir?: string;
}

/** `descent data export NAME --split train|test --size 14|28 --out FILE.npy`: uint8 images, shape [N, size, size]. */
async function dataExport(io: Io, name: string, args: ExportArguments): Promise<void> {
  const split = args.split ?? 'test';
  if (split !== 'train' && split !== 'test') throw new UsageError(`--split expects train or test, got '${split}'`);
  const size = Number(args.size ?? '14');
  if (size !== 14 && size !== 28) throw new UsageError(`--size expects 14 or 28, got '${args.size ?? ''}'`);
  if (!args.out.endsWith('.npy')) throw new UsageError(`--out expects a file ending in .npy, got '${args.out}'`);
  checkOutputFile(io, '--out', args.out);
  const dataset = await resolveDataset(io, name, args.dataDir, size);
  const part = dataset[split];
  const path = writeFileAtomic(io, args.out, writeNpy(part.images, [part.count, size, size]));
  io.stdout(`wrote ${path}: ${dataset.name} ${split}, ${String(part.count)} images of ${String(size)}×${String(size)} (uint8) from ${dataset.source}\n`);
}

/** `descent data info` (also `data where`) and `descent data export`. */
export function register(program: Command, { io }: CommandContext): void {
  const data = program.command('data').description('the data sets: where they are, and exports');
  data
    .command('info')
    .alias('where')
    .description('every place each data set is looked for, and what is there')
    .option('--data-dir <dir>', 'a directory to check first')
    .option('--json', 'print JSON')
    .action(async (o: { dataDir?: string; json?: boolean }) => {
      await dataInfo(io, o.dataDir, o.json === true);
    });
  data
    .command('export')
    .description('write a split as a uint8 .npy file of shape [N, size, size]')
    .argument('<dataset>', 'fashion-mnist, fashion-mnist-sample or mnist')
    .option('--split <split>', 'train or test', 'test')
    .option('--size <n>', '14 (the book’s shrink) or 28', '14')
    .requiredOption('--out <file>', 'the .npy file to write')
    .option('--data-dir <dir>', 'a directory with the IDX files')
    .action(async (name: string, o: ExportArguments) => {
      await dataExport(io, name, o);
    });
}
