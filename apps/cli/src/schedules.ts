import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  attachScheduler,
  InvalidScheduleError,
  parameter,
  parseScheduleSpec,
  type AttachedSchedulerV1,
  type OptimizerPluginV1,
  type ScheduleSpec,
} from '@descent/optim';
import { UsageError } from './errors.js';
import type { Io } from './io.js';

// Learning-rate schedules as the training commands take them (--schedule on path, race, train and study): the flag's
// value read and checked, and optimizer plugins whose optimizers carry the schedule.

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
