import { StateDictMismatchError } from './errors.js';
import { buildScheduler, InvalidScheduleError, type ScheduleSpec } from './lr-scheduler-spec.js';
import { type LrSchedulerStateV1, type ScheduleGroup, type TorchScheduler } from './lr-scheduler.js';
import type { OptimizerV1 } from './optimizer.js';
import type { LearningRateSchedule } from './optimizer-types.js';
import type { OptimizerStateDict } from './state-dict.js';

/** A learning-rate scheduler for one base lr: PyTorch's scheduler together with the parameter group it writes. */
export interface LrSchedulerV1 {
  readonly specificationVersion: 'v1';
  /** The scheduler's PyTorch name, e.g. `OneCycleLR`. */
  readonly name: string;
  /** The learning rate in force for the next optimizer step (PyTorch's `param_groups[0]['lr']`). */
  readonly lr: number;
  /** The momentum (or Adam's β1) in force for the next step when the schedule cycles it, else undefined. */
  readonly momentum: number | undefined;
  /** ReduceLROnPlateau: `step` takes the metric of the step just taken. */
  readonly needsMetric: boolean;
  /** How many times `step` has run. */
  readonly stepsTaken: number;
  /** Call after each optimizer step (with its metric for ReduceLROnPlateau). */
  step(metric?: number): void;
  /** The scheduler's position and lr as JSON, to save with the optimizer's state dict. */
  stateDict(): LrSchedulerStateDictV1;
  /** Restores a state saved by a scheduler of the same name; throws StateDictMismatchError for another scheduler's. */
  loadStateDict(state: LrSchedulerStateDictV1): void;
}

/** A scheduler's state as plain JSON. */
export interface LrSchedulerStateDictV1 {
  readonly specificationVersion: 'v1';
  readonly scheduler: string;
  readonly stepsTaken: number;
  readonly lr: number;
  readonly initialLr: number | null;
  readonly momentum: number | null;
  readonly state: LrSchedulerStateV1;
}

/**
 * A scheduler from a spec in PyTorch's names (`{"name": "StepLR", "step_size": 30}`, or JSON text of one), for a
 * base learning rate `lr`. Throws InvalidScheduleError naming the bad name or argument and what is known.
 */
export function createLrScheduler(spec: ScheduleSpec | string, options: { lr: number }): LrSchedulerV1 {
  const parsed: unknown = typeof spec === 'string' ? parseJson(spec) : spec;
  if (!Number.isFinite(options.lr) || options.lr < 0) {
    throw new InvalidScheduleError(`invalid base lr for a schedule: ${String(options.lr)} (expected a number ≥ 0)`);
  }
  const group: ScheduleGroup = { lr: options.lr, initialLr: undefined, momentum: undefined };
  const root: TorchScheduler = buildScheduler(parsed, group);
  let stepsTaken = 0;
  return {
    specificationVersion: 'v1',
    name: root.name,
    get lr() {
      return group.lr;
    },
    get momentum() {
      return group.momentum;
    },
    needsMetric: root.needsMetric,
    get stepsTaken() {
      return stepsTaken;
    },
    step(metric?: number) {
      if (root.needsMetric) {
        if (typeof metric !== 'number') throw new TypeError(`${root.name}.step needs the metric of the step just taken`);
        root.step(metric);
      } else root.step();
      stepsTaken++;
    },
    stateDict() {
      return {
        specificationVersion: 'v1',
        scheduler: root.name,
        stepsTaken,
        lr: group.lr,
        initialLr: group.initialLr ?? null,
        momentum: group.momentum ?? null,
        state: root.state(),
      };
    },
    loadStateDict(saved) {
      if ((saved as { specificationVersion: unknown }).specificationVersion !== 'v1' || saved.scheduler !== root.name) {
        throw new StateDictMismatchError(`${root.name}.loadStateDict: the state was saved by '${saved.scheduler}'`);
      }
      root.load(saved.state);
      group.lr = saved.lr;
      group.initialLr = saved.initialLr ?? undefined;
      group.momentum = saved.momentum ?? undefined;
      stepsTaken = saved.stepsTaken;
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidScheduleError(`a schedule must be JSON: ${(error as Error).message}`);
  }
}

/**
 * The learning rates a schedule gives over `steps` steps: value t is the lr in force when step t (from 0) is taken.
 * For ReduceLROnPlateau, `metrics[t]` is the metric passed after step t. `momentum` is there when the schedule
 * cycles it.
 */
export function scheduleValues(
  spec: ScheduleSpec | string,
  options: { lr: number; steps: number; metrics?: readonly number[] },
): { lr: number[]; momentum?: number[] } {
  const scheduler = createLrScheduler(spec, { lr: options.lr });
  if (scheduler.needsMetric && (options.metrics === undefined || options.metrics.length < options.steps - 1)) {
    throw new InvalidScheduleError(
      `${scheduler.name} needs a metric after every step: ${String(options.steps - 1)} metrics for ${String(options.steps)} steps, got ${String(options.metrics?.length ?? 0)}`,
    );
  }
  const lr: number[] = [];
  const momentum: number[] = [];
  for (let t = 0; t < options.steps; t++) {
    lr.push(scheduler.lr);
    // A schedule cycles momentum from construction or never, and the array is dropped when it does not.
    // Stryker disable next-line ConditionalExpression: pushing unconditionally would change nothing (see above)
    if (scheduler.momentum !== undefined) momentum.push(scheduler.momentum);
    // The scheduler steps after every optimizer step but the last, whose successor nobody reads.
    if (t < options.steps - 1) scheduler.step(options.metrics?.[t]);
  }
  return scheduler.momentum === undefined ? { lr } : { lr, momentum };
}

/**
 * A schedule as a function of the number of steps taken, to pass as an optimizer's `lr` where a loop has no place
 * to call `scheduler.step()` (the surfaces' runTrajectory, the network's fit). Any step may be asked in any order:
 * it replays the scheduler from the start when asked for an earlier step, so a resumed optimizer, which restores
 * its step count, continues the schedule exactly. Metric-driven schedules (ReduceLROnPlateau) cannot be functions
 * of the step, and momentum is not cycled here (use attachScheduler for that).
 */
export function scheduleFunction(spec: ScheduleSpec | string, lr: number): LearningRateSchedule {
  let scheduler = createLrScheduler(spec, { lr });
  if (scheduler.needsMetric) {
    throw new InvalidScheduleError(`${scheduler.name} steps on a metric, so it cannot be a function of the step`);
  }
  return (step) => {
    if (step < scheduler.stepsTaken) scheduler = createLrScheduler(spec, { lr });
    while (scheduler.stepsTaken < step) scheduler.step();
    return scheduler.lr;
  };
}

/** What attachScheduler returns: the schedulers of the optimizer's groups, and the metric step of a plateau. */
export interface AttachedSchedulerV1 {
  /** One scheduler per parameter group, each started from its group's lr. */
  readonly schedulers: readonly LrSchedulerV1[];
  /** ReduceLROnPlateau only: passes the metric of the step just taken to every group's scheduler. */
  step(metric: number): void;
}

/** The optimizer state dict with its groups' scheduler states. */
export type ScheduledOptimizerStateDictV1 = OptimizerStateDict & { readonly schedulers?: readonly LrSchedulerStateDictV1[] };

/**
 * Drives an optimizer's learning rate (and momentum or β1, when the schedule cycles it) by a schedule, as PyTorch's
 * scheduler does by writing into `param_groups`. Each group gets its own scheduler from its own lr. The optimizer
 * steps the scheduler itself after every `step()` (so loops need no change; do not call `scheduler.step()` too),
 * except ReduceLROnPlateau, which waits for `attached.step(metric)`. The schedulers' states go into the
 * optimizer's `stateDict()` and come back with `loadStateDict()`, so a resumed run continues the schedule exactly.
 * `every: k` steps the schedule once every k optimizer steps (k minibatches an epoch, for a schedule in epochs).
 */
export function attachScheduler(optimizer: OptimizerV1, spec: ScheduleSpec | string, options: { every?: number } = {}): AttachedSchedulerV1 {
  const every = options.every ?? 1;
  if (!Number.isInteger(every) || every < 1) throw new InvalidScheduleError(`invalid every for attachScheduler: ${String(every)} (expected a whole number ≥ 1)`);
  const groups = optimizer.paramGroups;
  const schedulers = groups.map((group, g) => {
    const lr = group.options.lr;
    if (typeof lr !== 'number') {
      throw new InvalidScheduleError(`parameter group ${String(g)} already has a learning-rate function; give it a number to schedule`);
    }
    return createLrScheduler(spec, { lr });
  });
  const first = schedulers[0] as LrSchedulerV1;
  let momentumKey: 'momentum' | 'beta1' | undefined;
  if (first.momentum !== undefined) {
    const options = (groups[0]?.options ?? {}) as unknown as Record<string, unknown>;
    momentumKey = typeof options.momentum === 'number' ? 'momentum' : typeof options.beta1 === 'number' ? 'beta1' : undefined;
    if (momentumKey === undefined) {
      throw new InvalidScheduleError(
        `${first.name} cycles momentum, but optimizer '${optimizer.id}' has neither momentum nor beta1 (set "cycle_momentum": false)`,
      );
    }
  }
  const apply = (): void => {
    groups.forEach((group, g) => {
      const s = schedulers[g] as LrSchedulerV1;
      const options = group.options as unknown as Record<string, unknown>;
      options.lr = s.lr;
      if (momentumKey !== undefined) options[momentumKey] = s.momentum;
    });
  };
  apply();

  // PyTorch wraps optimizer.step too (to count its calls); here the wrapper steps the schedule after it.
  const innerStep = optimizer.step.bind(optimizer);
  const innerStateDict = optimizer.stateDict.bind(optimizer);
  const innerLoad = optimizer.loadStateDict.bind(optimizer);
  const mutable = optimizer as { -readonly [K in keyof OptimizerV1]: OptimizerV1[K] };
  mutable.step = (closure) => {
    const loss = innerStep(closure);
    // By the optimizer's own count, which its state dict restores, so a resumed run keeps the same boundaries.
    if (!first.needsMetric && optimizer.stepCount % every === 0) {
      for (const s of schedulers) s.step();
      apply();
    }
    return loss;
  };
  mutable.stateDict = () => ({ ...innerStateDict(), schedulers: schedulers.map((s) => s.stateDict()) }) as ScheduledOptimizerStateDictV1;
  mutable.loadStateDict = (saved: ScheduledOptimizerStateDictV1) => {
    const states = saved.schedulers;
    if (states?.length !== schedulers.length) {
      throw new StateDictMismatchError(
        `${optimizer.id}.loadStateDict: this optimizer has a ${first.name} schedule, the state ${states === undefined ? 'has none' : `has ${String(states.length)} group schedules`}`,
      );
    }
    // Check every part before changing anything, so a rejected state leaves optimizer and schedules as they were.
    schedulers.forEach((s, g) => {
      if (states[g]?.scheduler !== s.name) {
        throw new StateDictMismatchError(`${optimizer.id}.loadStateDict: group ${String(g)} was scheduled by '${String(states[g]?.scheduler)}', this one by '${s.name}'`);
      }
    });
    innerLoad(saved);
    schedulers.forEach((s, g) => {
      s.loadStateDict(states[g] as LrSchedulerStateDictV1);
    });
    apply();
  };
  return {
    schedulers,
    step(metric: number) {
      if (!first.needsMetric) throw new TypeError(`${first.name} steps with the optimizer; it takes no metric`);
      for (const s of schedulers) s.step(metric);
      apply();
    },
  };
}
