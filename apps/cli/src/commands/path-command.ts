import type { OptimizerPluginV1 } from '@descent/optim';
import { runTrajectory } from '@descent/surfaces';
import { countArgument, formatPoint, startArgument, surfaceArgument } from '../arguments.js';
import { divergedAt, smallerLrHint } from '../divergence.js';
import { checkFigureFile, writeFigure } from '../figure-files.js';
import type { Io } from '../io.js';
import { optionsFor, withParameterRefusalAsUsage } from '../optimizer-flags.js';
import { scheduleArgument, scheduledPlugin } from '../schedules.js';
import { averagedParameters, describeTransforms, hasTransforms, parseTransformFlags, withTransformFlagsObserved } from '../transform-flags.js';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { DIVERGENCE_HELP } from '../divergence.js';
import { resolveOptimizer } from '../optimizer-resolver.js';
import { addOptimizerFlags, givenOptimizerOptions } from '../optimizer-flags.js';
import { addSurfaceRunFlags } from '../surface-run-flags.js';
import { addTransformFlags } from '../transform-flags.js';

interface PathArguments {
  readonly surface: string;
  readonly start?: string;
  readonly steps?: string;
  readonly json?: boolean;
  readonly plot?: string;
  readonly schedule?: string;
  /** The gradient-transformation flags (--clip-grad-norm …), read by parseTransformFlags. */
  readonly [transformFlag: string]: unknown;
}

/** `descent path`: one optimizer from one start on one surface; every point, or a summary and a figure. */
function pathCommand(io: Io, plugin: OptimizerPluginV1, args: PathArguments, given: ReadonlyMap<string, unknown>): void {
  const surface = surfaceArgument(args.surface);
  const start = startArgument(args.start, surface);
  const steps = countArgument('--steps', args.steps, 50);
  const options = optionsFor(plugin, given);
  const schedule = args.schedule === undefined ? undefined : scheduleArgument(io, args.schedule);
  if (args.plot !== undefined) checkFigureFile(io, '--plot', args.plot);
  const transforms = parseTransformFlags(args);
  // With --ema, the averaged point after each step (PyTorch's AveragedModel after each optimizer.step()).
  const averagedPoints: number[][] = [];
  const scheduled = schedule === undefined ? plugin : scheduledPlugin(plugin, schedule, options);
  const optimizer = withTransformFlagsObserved(scheduled, transforms, (o) => {
    if (transforms.ema !== undefined) averagedPoints.push(averagedParameters(o).flatMap((a) => [...a]));
  });
  const t = withParameterRefusalAsUsage(plugin, () => runTrajectory({ surface, optimizer, options, start, steps }));
  // A diverged run holds only its finite steps: `final` is the last finite point, and `diverged` says where it ended.
  const last = t.points.length - 1;
  const final = t.points[last] as number[];
  let written: string | undefined;
  if (args.plot !== undefined) {
    written = writeFigure(
      io,
      {
        title: `${plugin.name} on ${surface.name}: ${String(steps)} steps`,
        surface,
        paths: [{ points: t.points, marker: 'o', dotted: true, label: plugin.id }],
        marks: surface.minima.map((m) => m.point),
        ...(t.diverged === undefined ? {} : { note: divergedAt(t.diverged.step) }),
      },
      args.plot,
    );
  }
  if (args.json === true) {
    const out = { surface: surface.id, optimizer: plugin.id, options, ...(schedule === undefined ? {} : { schedule }), ...(hasTransforms(transforms) ? { transforms: describeTransforms(transforms) } : {}), start, steps, points: t.points, ...(transforms.ema === undefined ? {} : { averagedPoints }), values: t.values, final, ...(t.evalPoint === undefined ? {} : { evalPoint: t.evalPoint }), ...(t.diverged === undefined ? {} : { diverged: t.diverged }) };
    io.stdout(`${JSON.stringify(out)}\n`);
    return;
  }
  io.stdout(`${plugin.name} on ${surface.id} from ${formatPoint(start, 4)}, ${String(steps)} steps\n`);
  io.stdout(`options: ${Object.entries(options).map(([k, v]) => `${k}=${String(v)}`).join(' ')}\n`);
  if (schedule !== undefined) io.stdout(`schedule: ${JSON.stringify(schedule)}\n`);
  if (hasTransforms(transforms)) io.stdout(`transforms: ${Object.entries(describeTransforms(transforms)).map(([k, v]) => `--${k} ${String(v)}`).join(' ')}\n`);
  const show = last <= 20 ? t.points.map((_, i) => i) : [0, 1, 2, 3, 4, last - 2, last - 1, last];
  let previous = -1;
  for (const i of show) {
    if (i - previous > 1) io.stdout('   …\n');
    io.stdout(`${String(i).padStart(6)}  ${formatPoint(t.points[i] as number[])}  f = ${(t.values[i] as number).toPrecision(8)}  |∇f| = ${(t.gradientNorms[i] as number).toExponential(3)}\n`);
    previous = i;
  }
  // Divergence is the run's result, not a failure of the command: one line instead of the final point, exit 0.
  io.stdout(t.diverged === undefined ? `final ${formatPoint(final)}\n` : `${divergedAt(t.diverged.step)}${smallerLrHint(plugin)}\n`);
  // Schedule-Free: the points above are where gradients were taken (y); the result to use is the average x.
  if (t.evalPoint !== undefined) io.stdout(`eval point ${formatPoint(t.evalPoint)}\n`);
  const averaged = averagedPoints[averagedPoints.length - 1];
  if (averaged !== undefined) io.stdout(`averaged (--ema) ${formatPoint(averaged)}\n`);
  if (written !== undefined) io.stdout(`wrote ${written}\n`);
}

export function register(program: Command, { io, plugins }: CommandContext): void {
  const path = program
    .command('path')
    .description('run one optimizer on a surface and print or plot its path')
    .addHelpText('after', DIVERGENCE_HELP.path)
    .requiredOption('--surface <id>', 'the surface (see descent surfaces)')
    .option('--optimizer <name>', 'a built-in optimizer, an installed plugin package, or a plugin file', 'sgd');
  addSurfaceRunFlags(path, '50', 'print every point as JSON');
  addOptimizerFlags(path, plugins);
  addTransformFlags(path);
  path.action(async (o: PathArguments & { optimizer: string } & Record<string, unknown>) => {
    const plugin = await resolveOptimizer(o.optimizer, io.cwd);
    pathCommand(io, plugin, o, givenOptimizerOptions(o, plugins));
  });
}
