import { createLrScheduler, scheduleValues } from '@descent/optim';
import { lineChart } from '@descent/plot';
import { countArgument } from '../arguments.js';
import { UsageError } from '../errors.js';
import { checkFigureFile, writeFigure } from '../figure-files.js';
import type { Io } from '../io.js';
import { readNumbers } from '../number-files.js';
import { scheduleArgument } from '../schedules.js';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';

interface ScheduleArguments {
  readonly schedule: string;
  readonly lr: string;
  readonly steps: string;
  readonly metrics?: string;
  readonly json?: boolean;
  readonly plot?: string;
}

function baseLrArgument(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) throw new UsageError(`--lr expects a number ≥ 0, got '${text}'`);
  return value;
}

/** `descent schedule`: the learning rate (and momentum, when cycled) in force at each of N steps. */
function scheduleCommand(io: Io, args: ScheduleArguments): void {
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

export function register(program: Command, { io }: CommandContext): void {
  program
    .command('schedule')
    .description('print or plot the learning rate a schedule gives at each step, as PyTorch would set it')
    .requiredOption('--schedule <spec>', 'JSON in PyTorch\'s names, or a file holding it: \'{"name": "StepLR", "step_size": 30}\'')
    .requiredOption('--lr <base>', 'the optimizer\'s learning rate, which the schedule starts from (CyclicLR and OneCycleLR set their own, as in PyTorch)')
    .requiredOption('--steps <n>', 'how many steps: value t is the lr in force when step t (from 0) is taken')
    .option('--metrics <file>', 'ReduceLROnPlateau: one metric a line, the t-th passed after step t')
    .option('--json', 'print {"lr": [...]} (and "momentum": [...] when the schedule cycles it)')
    .option('--plot <file>', 'draw the learning rate to FILE.svg or FILE.png')
    .action((o: ScheduleArguments) => {
      scheduleCommand(io, o);
    });
}
