import type { OptimizerPluginV1 } from '@descent/optim';
import { nearestMinimum, runTrajectory } from '@descent/surfaces';
import { countArgument, formatPoint, startArgument, surfaceArgument } from '../arguments.js';
import { divergedAt, smallerLrHint } from '../divergence.js';
import { UsageError } from '../errors.js';
import { checkFigureFile, writeFigure } from '../figure-files.js';
import type { Io } from '../io.js';
import { optionsFor, withParameterRefusalAsUsage } from '../optimizer-flags.js';
import { scheduleArgument, scheduledPlugin } from '../schedules.js';
import { parseTransformFlags, withTransformFlags } from '../transform-flags.js';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { DIVERGENCE_HELP } from '../divergence.js';
import { parseOptimizerList } from '../optimizer-list.js';
import { resolveOptimizer } from '../optimizer-resolver.js';
import { addOptimizerFlags, givenOptimizerOptions } from '../optimizer-flags.js';
import { addSurfaceRunFlags } from '../surface-run-flags.js';
import { addTransformFlags } from '../transform-flags.js';

interface RaceEntry {
  readonly plugin: OptimizerPluginV1;
  /** Per-entry option text from `name:key=value:key=value`. */
  readonly overrides: ReadonlyMap<string, string>;
}

interface RaceArguments {
  readonly surface: string;
  readonly start?: string;
  readonly steps?: string;
  readonly json?: boolean;
  readonly plot?: string;
  readonly schedule?: string;
  /** The gradient-transformation flags (--clip-grad-norm …), read by parseTransformFlags. */
  readonly [transformFlag: string]: unknown;
}

/** `descent race`: several optimizers from one start on one surface, drawn on one figure. */
function raceCommand(io: Io, entries: readonly RaceEntry[], args: RaceArguments, shared: ReadonlyMap<string, unknown>): void {
  const surface = surfaceArgument(args.surface);
  const start = startArgument(args.start, surface);
  const steps = countArgument('--steps', args.steps, 100);
  const schedule = args.schedule === undefined ? undefined : scheduleArgument(io, args.schedule);
  if (args.plot !== undefined) checkFigureFile(io, '--plot', args.plot);
  // The gradient-transformation flags apply to every racer, each with transformations of its own.
  const transforms = parseTransformFlags(args);
  // Shared flags apply to every optimizer that has the option; `name:option=value` overrides them for one.
  const runs = entries.map(({ plugin, overrides }) => {
    const given = new Map<string, unknown>([...shared].filter(([k]) => plugin.options.some((o) => o.name === k)));
    for (const [k, v] of overrides) given.set(k, v);
    const options = optionsFor(plugin, given);
    // A run that diverges keeps its finite steps: `final` and `value` are its last finite ones.
    // Each optimizer follows the schedule from its own lr.
    const optimizer = withTransformFlags(schedule === undefined ? plugin : scheduledPlugin(plugin, schedule, options), transforms);
    const t = withParameterRefusalAsUsage(plugin, () => runTrajectory({ surface, optimizer, options, start, steps }));
    return { plugin, options, t, final: t.points[t.points.length - 1] as number[], value: t.values[t.values.length - 1] as number };
  });
  const unused = [...shared.keys()].filter((k) => !entries.some(({ plugin }) => plugin.options.some((o) => o.name === k)));
  if (unused.length > 0) throw new UsageError(`--${unused[0] ?? ''} is not an option of any of ${entries.map((e) => e.plugin.id).join(', ')}`);
  const diverged = runs.filter((r) => r.t.diverged !== undefined);
  let written: string | undefined;
  if (args.plot !== undefined) {
    written = writeFigure(
      io,
      {
        title: `${surface.name}: ${String(steps)} steps from ${formatPoint(start, 2)}`,
        surface,
        paths: runs.map((r) => ({ points: r.t.points, marker: 'o', dotted: false, label: r.plugin.id })),
        marks: surface.minima.map((m) => m.point),
        ...(diverged.length === 0 ? {} : { note: `diverged: ${diverged.map((r) => `${r.plugin.id} at step ${String(r.t.diverged?.step)}`).join(', ')}` }),
      },
      args.plot,
    );
  }
  if (args.json === true) {
    const out = {
      surface: surface.id,
      start,
      steps,
      ...(schedule === undefined ? {} : { schedule }),
      runs: runs.map((r) => ({ optimizer: r.plugin.id, options: r.options, final: r.final, value: r.value, points: r.t.points, values: r.t.values, ...(r.t.diverged === undefined ? {} : { diverged: r.t.diverged }) })),
    };
    io.stdout(`${JSON.stringify(out)}\n`);
    return;
  }
  io.stdout(`${surface.id} from ${formatPoint(start, 4)}, ${String(steps)} steps\n`);
  for (const r of runs) {
    if (r.t.diverged !== undefined) {
      io.stdout(`${r.plugin.id.padEnd(10)} ${divergedAt(r.t.diverged.step)}${smallerLrHint(r.plugin, `lr (${r.plugin.id}:lr=…)`)}\n`);
      continue;
    }
    const near = nearestMinimum(surface, r.final);
    const distance = near === undefined ? '' : `  distance to nearest minimum ${Math.hypot(...r.final.map((v, i) => v - (near.point[i] as number))).toExponential(2)}`;
    io.stdout(`${r.plugin.id.padEnd(10)} final ${formatPoint(r.final)}  f = ${r.value.toPrecision(8)}${distance}\n`);
  }
  if (written !== undefined) io.stdout(`wrote ${written}\n`);
}

export function register(program: Command, { io, plugins }: CommandContext): void {
  const race = program
    .command('race')
    .description('run several optimizers from one start on one surface and draw them together')
    .addHelpText('after', DIVERGENCE_HELP.race)
    .requiredOption('--surface <id>', 'the surface (see descent surfaces)')
    .requiredOption('--optimizers <list>', 'comma-separated, each optionally with overrides: sgd:lr=0.02,adam:lr=0.1');
  addSurfaceRunFlags(race, '100', 'print every path as JSON');
  addOptimizerFlags(race, plugins);
  addTransformFlags(race);
  race.action(async (o: RaceArguments & { optimizers: string } & Record<string, unknown>) => {
    const entries = [];
    for (const { name, overrides } of parseOptimizerList(o.optimizers)) entries.push({ plugin: await resolveOptimizer(name, io.cwd), overrides });
    raceCommand(io, entries, o, givenOptimizerOptions(o, plugins));
  });
}
