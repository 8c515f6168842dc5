import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  attachScheduler,
  createLrScheduler,
  InvalidScheduleError,
  parameter,
  parseScheduleSpec,
  scheduleValues,
  type AttachedSchedulerV1,
  type OptimizerPluginV1,
  type ScheduleSpec,
} from '@descent/optim';
import { lineChart } from '@descent/plot';
import { countArgument } from '../arguments.js';
import { UsageError } from '../errors.js';
import { checkFigureFile, writeFigure } from '../figure-files.js';
import type { Io } from '../io.js';
import { readNumbers } from '../number-files.js';

export interface ScheduleArguments {
  readonly schedule: string;
  readonly lr: string;
  readonly steps: string;
  readonly metrics?: string;
  readonly json?: boolean;
  readonly plot?: string;
}

/** The help line of `--schedule` on the commands that train. */
export const SCHEDULE_FLAG_HELP =
  'a learning-rate schedule in PyTorch\'s names, as JSON or a file holding it: \'{"name": "OneCycleLR", "max_lr": 0.1, "total_steps": 100}\' (see descent schedule)';

/**
 * `--schedule SPEC`: inline JSON when it starts with `{`, else a file holding the JSON. Checked whole (names,
 * arguments, nesting) before any work, as a usage error naming the flag.
 */
export function scheduleArgument(io: Io, text: string, flag = '--schedule'): ScheduleSpec {
  let json = text;
  if (!text.trimStart().startsWith('{')) {
    try {
      json = readFileSync(resolve(io.cwd, text), 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
      throw new UsageError(`${flag} expects a JSON schedule ({"name": …}) or a file holding one, got '${text}' (${why})`);
    }
  }
  try {
    return parseScheduleSpec(json);
  } catch (error) {
    if (InvalidScheduleError.isInstance(error)) throw new UsageError(`${flag}: ${error.message}`);
    throw error;
  }
}

function baseLrArgument(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) throw new UsageError(`--lr expects a number ≥ 0, got '${text}'`);
  return value;
}

/** `descent schedule`: the learning rate (and momentum, when cycled) in force at each of N steps. */
export function scheduleCommand(io: Io, args: ScheduleArguments): void {
  const spec = scheduleArgument(io, args.schedule);
  const lr = baseLrArgument(args.lr);
  const steps = countArgument('--steps', args.steps, 0, 1_000_000, 1);
  if (args.plot !== undefined) checkFigureFile(io, '--plot', args.plot);
  const needsMetric = createLrScheduler(spec, { lr }).needsMetric;
  let metrics: number[] | undefined;
  if (args.metrics !== undefined) {
    if (!needsMetric) throw new UsageError(`--metrics is for ReduceLROnPlateau, which steps on a metric; ${spec.name} does not take one`);
    metrics = readNumbers(io, args.metrics);
    if (metrics.length < steps - 1) {
      throw new UsageError(
        `--metrics ${args.metrics} holds ${String(metrics.length)} metrics; ${String(steps)} steps need ${String(steps - 1)} (the t-th is passed after step t)`,
      );
    }
  } else if (needsMetric) {
    throw new UsageError(`${spec.name} steps on a metric: give --metrics FILE, one metric a line (the t-th is passed after step t)`);
  }
  let values: { lr: number[]; momentum?: number[] };
  try {
    values = scheduleValues(spec, { lr, steps, ...(metrics === undefined ? {} : { metrics }) });
  } catch (error) {
    // OneCycleLR refuses to go past total_steps, as PyTorch does: too many --steps for this schedule.
    if (error instanceof RangeError) throw new UsageError(`--steps ${String(steps)}: ${error.message}`);
    throw error;
  }
  let written: string | undefined;
  if (args.plot !== undefined) {
    const svg = lineChart({
      series: [{ label: 'learning rate', values: values.lr }],
      title: `${spec.name} from lr ${String(lr)}: ${String(steps)} steps`,
      xLabel: 'step',
      yLabel: 'learning rate',
    });
    written = writeFigure(io, svg, args.plot);
  }
  if (args.json === true) {
    io.stdout(`${JSON.stringify(values)}\n`);
    return;
  }
  io.stdout(`${spec.name} from lr ${String(lr)}, ${String(steps)} steps${values.momentum === undefined ? '' : ' (momentum cycled)'}\n`);
  // Two columns, or three with the momentum; the lr column is as wide as the longest shortest-round-trip number.
  const row = (step: string, lrText: string, momentum: string | undefined) =>
    `${step.padStart(7)}  ${momentum === undefined ? lrText : `${lrText.padEnd(24)} ${momentum}`}\n`;
  io.stdout(row('step', 'lr', values.momentum === undefined ? undefined : 'momentum'));
  const shown = steps <= 100 ? values.lr.map((_, i) => i) : [...Array.from({ length: 10 }, (_, i) => i), ...Array.from({ length: 10 }, (_, i) => steps - 10 + i)];
  let previous = -1;
  for (const t of shown) {
    if (t - previous > 1) io.stdout('      …  (--json for every value)\n');
    const m = values.momentum?.[t];
    io.stdout(row(String(t), String(values.lr[t]), m === undefined ? undefined : String(m)));
    previous = t;
  }
  if (written !== undefined) io.stdout(`wrote ${written}\n`);
}

/**
 * An optimizer plugin whose optimizers carry a schedule, for the commands whose loops live in libraries (path and
 * race in @descent/surfaces, train and study in @descent/nn): each optimizer it creates has the schedule attached,
 * which steps with it and cycles its momentum or β1 when the schedule says so. Checked once here on a throwaway
 * optimizer, so a schedule this optimizer cannot follow (momentum to cycle, none to cycle; a metric to wait for) is a
 * usage error before any work. `every`: optimizer steps per schedule step (an epoch's minibatches for --schedule-unit epoch).
 */
export function scheduledPlugin<O extends OptimizerPluginV1>(plugin: O, spec: ScheduleSpec, options: object, every = 1, flag = '--schedule'): O {
  return attachingPlugin(plugin, spec, options, every, flag, false).plugin;
}

/**
 * For ReduceLROnPlateau in `train --schedule-unit epoch`: the plugin, and `report(metric)`, which passes a metric to
 * the schedule of every optimizer the plugin has made (a network may make one per layer).
 */
export function metricScheduledPlugin<O extends OptimizerPluginV1>(plugin: O, spec: ScheduleSpec, options: object, flag = '--schedule'): { plugin: O; report: (metric: number) => void } {
  return attachingPlugin(plugin, spec, options, 1, flag, true);
}

function attachingPlugin<O extends OptimizerPluginV1>(plugin: O, spec: ScheduleSpec, options: object, every: number, flag: string, metric: boolean): { plugin: O; report: (metric: number) => void } {
  try {
    // A 1 × 1 matrix, which every optimizer takes (Muon only matrices; Adafactor needs a shape).
    const probe = attachScheduler(plugin.create([parameter(new Float64Array(1), { shape: [1, 1] })], options as never), spec);
    if (probe.schedulers[0]?.needsMetric === true && !metric) {
      throw new InvalidScheduleError(`${spec.name} steps on a metric, which this command has none of (descent schedule --metrics shows its sequence)`);
    }
  } catch (error) {
    if (InvalidScheduleError.isInstance(error)) throw new UsageError(`${flag}: ${error.message}`);
    throw error;
  }
  const attached: AttachedSchedulerV1[] = [];
  return {
    plugin: {
      ...plugin,
      create: (params, opts) => {
        const optimizer = plugin.create(params, opts);
        attached.push(attachScheduler(optimizer, spec, { every }));
        return optimizer;
      },
    },
    report: (value) => {
      for (const a of attached) a.step(value);
    },
  };
}
