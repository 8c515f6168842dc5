import type { OptimizerPluginV1 } from '@descent/optim';
import { nearestMinimum, runTrajectory } from '@descent/surfaces';
import { countArgument, formatPoint, startArgument, surfaceArgument } from '../arguments.js';
import { divergedAt, smallerLrHint } from '../divergence.js';
import { UsageError } from '../errors.js';
import { checkFigureFile, writeFigure } from '../figure-files.js';
import type { Io } from '../io.js';
import { optionsFor, withParameterRefusalAsUsage } from '../optimizer-flags.js';
import { scheduleArgument, scheduledPlugin } from './schedule-command.js';
import { parseTransformFlags, withTransformFlags } from '../transform-flags.js';

export interface RaceEntry {
  readonly plugin: OptimizerPluginV1;
  /** Per-entry option text from `name:key=value:key=value`. */
  readonly overrides: ReadonlyMap<string, string>;
}

/** Splits `sgd:lr=0.02,adam:lr=0.1:beta1=0.8` into names and their overrides. */
export function parseRaceList(text: string): { name: string; overrides: Map<string, string> }[] {
  const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) throw new UsageError(`--optimizers expects a comma-separated list such as sgd,momentum,adam, got '${text}'`);
  return items.map((item) => {
    const [name, ...pairs] = item.split(':');
    const overrides = new Map<string, string>();
    for (const pair of pairs) {
      const [key, value] = pair.split('=');
      if (key === undefined || value === undefined || key === '') {
        throw new UsageError(`--optimizers: '${pair}' in '${item}' should be option=value (e.g. adam:lr=0.1)`);
      }
      overrides.set(key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), value);
    }
    return { name: name ?? '', overrides };
  });
}

export interface RaceArguments {
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
export function raceCommand(io: Io, entries: readonly RaceEntry[], args: RaceArguments, shared: ReadonlyMap<string, unknown>): void {
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
