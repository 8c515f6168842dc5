import { join, resolve } from 'node:path';
import { writeNpy } from '@descent/datasets';
import type { ModelSpec } from '@descent/nn';
import type { ScheduleSpec } from '@descent/optim';
import { histogramFigure } from '@descent/plot';
import { histogram, normalTest } from '@descent/stats';
import { checkSamplesFit } from '../arguments.js';
import { resolveDataset } from '../datasets.js';
import { writeFigure } from '../figure-files.js';
import { writeFileAtomic, type Io } from '../io.js';
import { runStudyOnQueue } from '../queue/queue-study.js';
import type { RedisTarget } from '../queue/redis-url.js';
import { compareSamples, formatComparison, type Comparison } from '../sample-comparison.js';
import { divergedNote, formatMeanSe, meanSe } from './study-format.js';
import { StudyProgress } from './study-progress.js';
import { openStudy, runStudy } from './study-runner.js';
import { isDiverged, type FinishedRun, type StudyArm, type StudyConfig, type StudyRun } from './study-types.js';

// A study carried out, for `descent study` and the figures of `reproduce` that are studies (11-8, 11-9, 11-11): its
// data loaded, its runs trained (threads here or workers through Redis) with a live progress line, then every arm's
// MCCs saved, compared and drawn.

export interface StudySummary {
  /** Per arm: the MCCs of its finished runs, their mean and SE (null below 1 and 2 runs), and its diverged runs. */
  readonly arms: Record<string, { mcc: number[]; mean: number | null; se: number | null; normaltest: { statistic: number; p: number } | null; diverged: { run: number; step: number }[] }>;
  readonly comparisons: { a: string; b: string; comparison: Comparison }[];
  readonly files: string[];
  readonly seconds: number;
  readonly stopped: boolean;
}

export interface StudyRequest {
  /** A built-in model's name or a description; the data set is loaded at `imageSize`. */
  readonly model: string | ModelSpec;
  readonly imageSize: 14 | 28;
  readonly samples?: number;
  /** `samples` came from --samples, so it must fit in the training split (a default larger than it takes it all). */
  readonly samplesGiven?: boolean;
  /** Take MNIST when no data set is named and its files are here (figure 11-11). */
  readonly preferMnist?: boolean;
  readonly arms: readonly StudyArm[];
  readonly runs: number;
  readonly workers: number;
  /** Threads each run computes on (default 1). */
  readonly threads?: number;
  readonly minibatches?: number;
  readonly epochs?: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly dataset?: string;
  readonly dataDir?: string;
  readonly outDir: string;
  readonly resume: boolean;
  readonly json: boolean;
  readonly title: string;
  /** Every arm's optimizer follows this schedule from its own lr (--schedule). */
  readonly schedule?: ScheduleSpec;
  /** Train the runs on `descent worker` processes through this Redis (--redis) instead of worker threads here. */
  readonly redis?: RedisTarget;
}

/** The finished runs of a study, and where they came from. */
export interface CollectedRuns {
  readonly runs: StudyRun[];
  readonly stopped: boolean;
  readonly seconds: number;
  readonly resumed: number;
  readonly outDir: string;
  readonly dataset: { readonly name: string; readonly source: string; readonly size: number };
}

/**
 * Runs a study on worker threads with a live line from its first second (runs per arm, runs in flight with their
 * step, ETA), Ctrl-C stopping it at once (the runs in flight are lost, the finished ones are in DIR/runs.jsonl).
 */
export async function collectRuns(io: Io, request: StudyRequest, tty: boolean): Promise<CollectedRuns> {
  const dataset = await resolveDataset(io, request.dataset, request.dataDir, request.imageSize, { preferMnist: request.preferMnist === true });
  checkSamplesFit(request.samplesGiven === true ? request.samples : undefined, dataset);
  const config: StudyConfig = {
    model: request.model,
    ...(request.samples === undefined ? {} : { samples: request.samples }),
    imageSize: request.imageSize,
    arms: request.arms,
    runs: request.runs,
    seed: request.seed,
    ...(request.epochs === undefined ? { minibatches: request.minibatches ?? 40_000 } : { epochs: request.epochs }),
    batchSize: request.batchSize,
    ...(request.schedule === undefined ? {} : { schedule: request.schedule }),
    dataset:
      dataset.name === 'fashion-mnist-sample'
        ? { name: dataset.name }
        : { name: dataset.name, directory: dataset.source.replace(/ \(downloaded\)$/, '') },
  };
  const outDir = resolve(io.cwd, request.outDir);
  // The folder is checked (settings, damaged lines) before the header, so a refusal is the only thing printed.
  const study = openStudy(io, config, outDir, request.resume);
  if (!request.json) {
    const length = config.epochs === undefined ? `${String(config.minibatches)} minibatches` : `${String(config.epochs)} epochs`;
    const rows = request.samples === undefined ? '' : ` on ${String(request.samples)} random training images`;
    io.stdout(`${request.title}\n  ${String(request.arms.length)} arms × ${String(request.runs)} runs, ${length} of ${String(config.batchSize)}${rows}, seeds ${String(request.seed)}…${String(request.seed + request.runs - 1)}, ${request.redis === undefined ? `${String(request.workers)} workers` : `on the workers of ${request.redis.shown}`}\n  data: ${dataset.name} from ${dataset.source} (${String(dataset.size)}×${String(dataset.size)}); results in ${outDir}\n`);
    const reused = study.existing.length;
    if (reused > 0 && study.jobs.length === 0) io.stdout(`  all ${String(reused)} runs reused from ${outDir} (finished earlier; remove the folder to train them again)\n`);
    else if (reused > 0) io.stdout(`  ${String(reused)} of ${String(study.total)} runs reused from ${outDir}; training the other ${String(study.jobs.length)}\n`);
  }
  let stop = false;
  const onSignal = () => {
    stop = true;
  };
  process.on('SIGINT', onSignal);
  const progress = request.json ? null : new StudyProgress(io, tty, request.arms.map((a) => a.name), request.runs, study.existing.length);
  let outcome: Awaited<ReturnType<typeof runStudy>>;
  try {
    const options = {
      study,
      workers: request.workers,
      threads: request.threads ?? 1,
      io,
      shouldStop: () => stop,
      onProgress: (inFlight: Parameters<StudyProgress['progress']>[0], finished: Parameters<StudyProgress['progress']>[1]) => {
        progress?.progress(inFlight, finished);
      },
      onRun: (run: StudyRun, finished: Parameters<StudyProgress['progress']>[1]) => {
        progress?.finished(run, finished);
      },
    };
    outcome = request.redis === undefined ? await runStudy(options) : await runStudyOnQueue({ ...options, target: request.redis });
  } finally {
    process.off('SIGINT', onSignal);
    progress?.end();
  }
  return { ...outcome, outDir, dataset: { name: dataset.name, source: dataset.source, size: dataset.size } };
}

/** Runs a study, then saves and prints every arm's MCCs, their comparisons and histograms. */
export async function executeStudy(io: Io, request: StudyRequest, tty: boolean): Promise<StudySummary> {
  const result = await collectRuns(io, request, tty);
  const { outDir } = result;
  const runsOf = (name: string) => result.runs.filter((r) => r.arm === name).sort((a, b) => a.run - b.run);
  // Diverged runs have no MCC: they are counted, never averaged in.
  const mccOf = (name: string) => runsOf(name).filter((r): r is FinishedRun => !isDiverged(r)).map((r) => r.mcc);
  const arms: StudySummary['arms'] = {};
  const files: string[] = [];
  for (const arm of request.arms) {
    const mcc = mccOf(arm.name);
    const nt = mcc.length >= 8 ? normalTest(mcc) : null;
    const diverged = runsOf(arm.name).filter(isDiverged).map((r) => ({ run: r.run, step: r.diverged.step }));
    arms[arm.name] = { mcc, ...meanSe(mcc), normaltest: nt === null ? null : { statistic: nt.statistic, p: nt.p }, diverged };
    if (mcc.length > 0) files.push(writeFileAtomic(io, join(outDir, `${arm.name}.npy`), writeNpy(Float64Array.from(mcc), [mcc.length])));
  }
  const comparisons: StudySummary['comparisons'] = [];
  const notCompared: string[] = [];
  for (let i = 0; i < request.arms.length; i++) {
    for (let j = i + 1; j < request.arms.length; j++) {
      const a = request.arms[i] as StudyArm;
      const b = request.arms[j] as StudyArm;
      const [ma, mb] = [mccOf(a.name), mccOf(b.name)];
      if (ma.length >= 2 && mb.length >= 2) comparisons.push({ a: a.name, b: b.name, comparison: compareSamples(ma, mb) });
      else notCompared.push(`  ${a.name} vs ${b.name}: n/a (${String(ma.length)} and ${String(mb.length)} runs with an MCC; a test needs 2 of each)`);
    }
  }
  const series = request.arms
    .map((a, k) => ({ arm: a, mcc: mccOf(a.name), k }))
    .filter((s) => s.mcc.length > 0)
    .map((s) => ({ label: s.arm.name, ...histogram(s.mcc, 5), color: ['#dddddd', '#555555', '#999999'][s.k % 3] ?? '#999999', hatch: s.k % 2 === 1 }));
  if (series.length > 0) {
    const svg = histogramFigure({ series, title: request.title, xLabel: 'MCC' });
    files.push(writeFigure(io, svg, join(outDir, 'histograms.svg')), writeFigure(io, svg, join(outDir, 'histograms.png')));
  }
  files.push(writeFileAtomic(io, join(outDir, 'comparison.json'), `${JSON.stringify({ arms, comparisons }, null, 1)}\n`));
  if (!request.json) {
    for (const [name, a] of Object.entries(arms)) {
      const diverged = divergedNote(runsOf(name));
      io.stdout(`  ${name}: ${String(a.mcc.length)} run${a.mcc.length === 1 ? '' : 's'}, MCC ${formatMeanSe(a.mcc, 5)}${a.normaltest === null ? '' : `, normal test p = ${a.normaltest.p.toPrecision(4)}`}${diverged === null ? '' : `; ${diverged}`}\n`);
    }
    for (const line of notCompared) io.stdout(`${line}\n`);
    for (const c of comparisons) io.stdout(`\n${formatComparison(c.comparison, [c.a, c.b], 'two-sided').replace(/^/gm, '  ')}`);
    io.stdout(`\n  ${result.stopped ? 'stopped' : 'finished'} in ${result.seconds.toFixed(1)}s${result.resumed > 0 ? ` (${String(result.resumed)} runs reused from ${outDir})` : ''}\n`);
    for (const f of files) io.stdout(`  wrote ${f}\n`);
  }
  return { arms, comparisons, files, seconds: result.seconds, stopped: result.stopped };
}
