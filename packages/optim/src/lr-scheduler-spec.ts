import { parseLrLambda } from './lr-lambda-expression.js';
import {
  ChainedScheduler,
  ClosedFormLR,
  ConstantLR,
  CosineAnnealingLR,
  CosineAnnealingWarmRestarts,
  CyclicLR,
  ExponentialLR,
  LambdaLR,
  LinearLR,
  MultiStepLR,
  MultiplicativeLR,
  OneCycleLR,
  PolynomialLR,
  ReduceLROnPlateau,
  SequentialLR,
  StepLR,
  type ScheduleGroup,
  type TorchScheduler,
} from './lr-scheduler.js';

// A schedule written as JSON in PyTorch's own names: `{"name": "OneCycleLR", "max_lr": 0.1, "total_steps": 100}`.
// Each scheduler lists its arguments with PyTorch 1.13's defaults; anything else is an error naming what is known.

/** A schedule in PyTorch's names. `lr_lambda` may be a Python expression in `epoch` or, from TypeScript, a function. */
export interface ScheduleSpec {
  readonly name: string;
  readonly [argument: string]: unknown;
}

const invalidSchedule: unique symbol = Symbol.for('@descent/optim.error.InvalidScheduleError');

/** A schedule spec that names an unknown scheduler or argument, or gives an argument a value it cannot take. */
export class InvalidScheduleError extends Error {
  override readonly name = 'InvalidScheduleError';
  readonly [invalidSchedule] = true;

  /** Whether `value` is an `InvalidScheduleError` from any copy of `@descent/optim`. */
  static isInstance(value: unknown): value is InvalidScheduleError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[invalidSchedule] === true;
  }
}

type Args = Readonly<Record<string, unknown>>;

interface ArgSpec {
  /** PyTorch's default; `undefined` means the argument is required, `null` that it may be left out (PyTorch's None). */
  readonly default: unknown;
  /** Checks a value and returns it, or returns the text of what was expected. */
  readonly check: (value: unknown) => { ok: true; value: unknown } | { ok: false; expected: string };
}

const ok = (value: unknown) => ({ ok: true as const, value });
const bad = (expected: string) => ({ ok: false as const, expected });

function number(test: (x: number) => boolean, expected: string, defaultValue?: unknown): ArgSpec {
  return {
    default: defaultValue,
    check: (v) => (typeof v === 'number' && Number.isFinite(v) && test(v) ? ok(v) : bad(expected)),
  };
}
const whole = (min: number, defaultValue?: unknown): ArgSpec =>
  number((x) => Number.isInteger(x) && x >= min, `a whole number ≥ ${String(min)}`, defaultValue);
const nonNegative = (defaultValue?: unknown): ArgSpec => number((x) => x >= 0, 'a number ≥ 0', defaultValue);
const positive = (defaultValue?: unknown): ArgSpec => number((x) => x > 0, 'a number > 0', defaultValue);
const unit = (defaultValue?: unknown): ArgSpec => number((x) => x >= 0 && x <= 1, 'a number in [0, 1]', defaultValue);
const bool = (defaultValue: boolean): ArgSpec => ({
  default: defaultValue,
  check: (v) => (typeof v === 'boolean' ? ok(v) : bad('true or false')),
});
const choice = (values: readonly string[], defaultValue: string): ArgSpec => ({
  default: defaultValue,
  check: (v) => (typeof v === 'string' && values.includes(v) ? ok(v) : bad(`one of ${values.map((x) => `"${x}"`).join(', ')}`)),
});
const wholeList: ArgSpec = {
  default: undefined,
  check: (v) =>
    Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0)
      ? ok(v)
      : bad('a list of whole numbers ≥ 0'),
};
const lambda: ArgSpec = {
  default: undefined,
  check: (v) => {
    if (typeof v === 'function') return ok(v);
    if (typeof v !== 'string') return bad('a Python expression in epoch, e.g. "0.95 ** epoch"');
    try {
      return ok(parseLrLambda(v));
    } catch (error) {
      return bad(`a Python expression in epoch (${(error as Error).message})`);
    }
  },
};
const schedulerList: ArgSpec = {
  default: undefined,
  check: (v) => (Array.isArray(v) && v.length > 0 ? ok(v) : bad('a non-empty list of schedules')),
};

interface SchedulerDefinition {
  readonly args: Readonly<Record<string, ArgSpec>>;
  /** Checks between arguments; returns the message of the first that fails. */
  readonly validate?: (args: Args) => string | undefined;
  readonly build: (group: ScheduleGroup, args: Args, nested: (spec: unknown, where: string) => TorchScheduler) => TorchScheduler;
}

const n = (args: Args, key: string): number => args[key] as number;
const fn = (args: Args, key: string): ((epoch: number) => number) => args[key] as (epoch: number) => number;

const DEFINITIONS: Readonly<Record<string, SchedulerDefinition>> = {
  LambdaLR: { args: { lr_lambda: lambda }, build: (g, a) => new LambdaLR(g, fn(a, 'lr_lambda')) },
  MultiplicativeLR: { args: { lr_lambda: lambda }, build: (g, a) => new MultiplicativeLR(g, fn(a, 'lr_lambda')) },
  StepLR: {
    args: { step_size: whole(1), gamma: nonNegative(0.1) },
    build: (g, a) => new StepLR(g, n(a, 'step_size'), n(a, 'gamma')),
  },
  MultiStepLR: {
    args: { milestones: wholeList, gamma: nonNegative(0.1) },
    build: (g, a) => new MultiStepLR(g, a.milestones as number[], n(a, 'gamma')),
  },
  ConstantLR: {
    args: { factor: number((x) => x > 0 && x <= 1, 'a number in (0, 1]', 1 / 3), total_iters: whole(0, 5) },
    build: (g, a) => new ConstantLR(g, n(a, 'factor'), n(a, 'total_iters')),
  },
  LinearLR: {
    args: {
      start_factor: number((x) => x > 0 && x <= 1, 'a number in (0, 1]', 1 / 3),
      end_factor: unit(1),
      total_iters: whole(1, 5),
    },
    build: (g, a) => new LinearLR(g, n(a, 'start_factor'), n(a, 'end_factor'), n(a, 'total_iters')),
  },
  ExponentialLR: { args: { gamma: nonNegative() }, build: (g, a) => new ExponentialLR(g, n(a, 'gamma')) },
  SequentialLR: {
    args: { schedulers: schedulerList, milestones: wholeList },
    validate: (a) =>
      (a.milestones as number[]).length === (a.schedulers as unknown[]).length - 1
        ? undefined
        : `SequentialLR needs one milestone fewer than schedulers: ${String((a.schedulers as unknown[]).length)} schedulers, ${String((a.milestones as number[]).length)} milestones`,
    build: (g, a, nested) =>
      new SequentialLR(
        g,
        (a.schedulers as unknown[]).map((s, i) => nested(s, `schedulers[${String(i)}]`)),
        a.milestones as number[],
      ),
  },
  CosineAnnealingLR: {
    args: { T_max: whole(1), eta_min: nonNegative(0) },
    build: (g, a) => new CosineAnnealingLR(g, n(a, 'T_max'), n(a, 'eta_min')),
  },
  ChainedScheduler: {
    args: { schedulers: schedulerList },
    build: (g, a, nested) =>
      new ChainedScheduler(
        g,
        (a.schedulers as unknown[]).map((s, i) => nested(s, `schedulers[${String(i)}]`)),
      ),
  },
  ReduceLROnPlateau: {
    args: {
      mode: choice(['min', 'max'], 'min'),
      factor: number((x) => x >= 0 && x < 1, 'a number in [0, 1)', 0.1),
      patience: whole(0, 10),
      threshold: nonNegative(1e-4),
      threshold_mode: choice(['rel', 'abs'], 'rel'),
      cooldown: whole(0, 0),
      min_lr: nonNegative(0),
      eps: nonNegative(1e-8),
    },
    build: (g, a) =>
      new ReduceLROnPlateau(g, {
        mode: a.mode as 'min' | 'max',
        factor: n(a, 'factor'),
        patience: n(a, 'patience'),
        threshold: n(a, 'threshold'),
        thresholdMode: a.threshold_mode as 'rel' | 'abs',
        cooldown: n(a, 'cooldown'),
        minLr: n(a, 'min_lr'),
        eps: n(a, 'eps'),
      }),
  },
  CyclicLR: {
    args: {
      base_lr: nonNegative(),
      max_lr: nonNegative(),
      step_size_up: positive(2000),
      step_size_down: positive(null),
      mode: choice(['triangular', 'triangular2', 'exp_range'], 'triangular'),
      gamma: positive(1),
      cycle_momentum: bool(true),
      base_momentum: unit(0.8),
      max_momentum: unit(0.9),
    },
    build: (g, a) =>
      new CyclicLR(g, {
        baseLr: n(a, 'base_lr'),
        maxLr: n(a, 'max_lr'),
        stepSizeUp: n(a, 'step_size_up'),
        stepSizeDown: a.step_size_down === null ? undefined : n(a, 'step_size_down'),
        mode: a.mode as 'triangular',
        gamma: n(a, 'gamma'),
        cycleMomentum: a.cycle_momentum as boolean,
        baseMomentum: n(a, 'base_momentum'),
        maxMomentum: n(a, 'max_momentum'),
      }),
  },
  CosineAnnealingWarmRestarts: {
    args: { T_0: whole(1), T_mult: whole(1, 1), eta_min: nonNegative(0) },
    build: (g, a) => new CosineAnnealingWarmRestarts(g, n(a, 'T_0'), n(a, 'T_mult'), n(a, 'eta_min')),
  },
  OneCycleLR: {
    args: {
      max_lr: nonNegative(),
      total_steps: whole(1, null),
      epochs: whole(1, null),
      steps_per_epoch: whole(1, null),
      pct_start: unit(0.3),
      anneal_strategy: choice(['cos', 'linear'], 'cos'),
      cycle_momentum: bool(true),
      base_momentum: unit(0.85),
      max_momentum: unit(0.95),
      div_factor: positive(25),
      final_div_factor: positive(1e4),
      three_phase: bool(false),
    },
    validate: (a) =>
      a.total_steps !== null || (a.epochs !== null && a.steps_per_epoch !== null)
        ? undefined
        : 'OneCycleLR needs total_steps, or epochs and steps_per_epoch',
    build: (g, a) =>
      new OneCycleLR(g, {
        maxLr: n(a, 'max_lr'),
        totalSteps: a.total_steps !== null ? n(a, 'total_steps') : n(a, 'epochs') * n(a, 'steps_per_epoch'),
        pctStart: n(a, 'pct_start'),
        annealStrategy: a.anneal_strategy as 'cos' | 'linear',
        cycleMomentum: a.cycle_momentum as boolean,
        baseMomentum: n(a, 'base_momentum'),
        maxMomentum: n(a, 'max_momentum'),
        divFactor: n(a, 'div_factor'),
        finalDivFactor: n(a, 'final_div_factor'),
        threePhase: a.three_phase as boolean,
      }),
  },
  PolynomialLR: {
    args: { total_iters: whole(1, 5), power: nonNegative(1) },
    build: (g, a) => new PolynomialLR(g, n(a, 'total_iters'), n(a, 'power')),
  },
  WarmupCosineLR: {
    args: { warmup_steps: whole(0), total_steps: whole(1), eta_min: nonNegative(0), warmup_start_factor: unit(0) },
    validate: (a) =>
      n(a, 'warmup_steps') < n(a, 'total_steps')
        ? undefined
        : `WarmupCosineLR needs warmup_steps < total_steps, got ${String(a.warmup_steps)} and ${String(a.total_steps)}`,
    build: (g, a) => new ClosedFormLR(g, 'WarmupCosineLR', warmupCosine(a)),
  },
  WarmupStableDecayLR: {
    args: {
      warmup_steps: whole(0),
      decay_steps: whole(1),
      total_steps: whole(1),
      min_lr: nonNegative(0),
      warmup_start_factor: unit(0),
      decay_shape: choice(['linear', 'cosine', '1-sqrt'], 'linear'),
    },
    validate: (a) =>
      n(a, 'warmup_steps') + n(a, 'decay_steps') <= n(a, 'total_steps')
        ? undefined
        : `WarmupStableDecayLR needs warmup_steps + decay_steps ≤ total_steps, got ${String(a.warmup_steps)} + ${String(a.decay_steps)} > ${String(a.total_steps)}`,
    build: (g, a) => new ClosedFormLR(g, 'WarmupStableDecayLR', warmupStableDecay(a)),
  },
};

/** Every scheduler name a spec may use: PyTorch's fifteen and the two conveniences. */
export const SCHEDULER_NAMES: readonly string[] = Object.keys(DEFINITIONS);

/** Linear warmup over W steps, from base·warmup_start_factor, then one half cosine to eta_min at total_steps T. */
function warmupCosine(a: Args): (base: number, t: number) => number {
  const w = n(a, 'warmup_steps');
  const total = n(a, 'total_steps');
  const etaMin = n(a, 'eta_min');
  const s = n(a, 'warmup_start_factor');
  return (base, t) => {
    if (t < w) return base * (s + ((1 - s) * t) / w);
    if (t >= total) return etaMin;
    return etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * (t - w)) / (total - w)))) / 2;
  };
}

/** Linear warmup over W steps, the base lr until T − D, then a decay to min_lr over the last D steps. */
function warmupStableDecay(a: Args): (base: number, t: number) => number {
  const w = n(a, 'warmup_steps');
  const d = n(a, 'decay_steps');
  const total = n(a, 'total_steps');
  const minLr = n(a, 'min_lr');
  const s = n(a, 'warmup_start_factor');
  const shape = a.decay_shape as 'linear' | 'cosine' | '1-sqrt';
  return (base, t) => {
    if (t < w) return base * (s + ((1 - s) * t) / w);
    if (t < total - d) return base;
    if (t >= total) return minLr;
    const p = (t - (total - d)) / d;
    const remaining = shape === 'linear' ? 1 - p : shape === 'cosine' ? (1 + Math.cos(Math.PI * p)) / 2 : 1 - Math.sqrt(p);
    return minLr + (base - minLr) * remaining;
  };
}

/** Checks a spec's names and arguments and fills in PyTorch's defaults; throws InvalidScheduleError. */
function resolveArgs(spec: unknown, where: string): { name: string; definition: SchedulerDefinition; args: Args } {
  const at = where === '' ? '' : `${where}: `;
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new InvalidScheduleError(`${at}a schedule is an object like {"name": "StepLR", "step_size": 10}, got ${spec === undefined ? 'nothing' : JSON.stringify(spec)}`);
  }
  const { name, ...given } = spec as Record<string, unknown>;
  if (typeof name !== 'string') {
    throw new InvalidScheduleError(`${at}a schedule needs a "name" (known: ${SCHEDULER_NAMES.join(', ')})`);
  }
  const definition = DEFINITIONS[name];
  if (definition === undefined) {
    throw new InvalidScheduleError(`${at}unknown scheduler '${name}' (known: ${SCHEDULER_NAMES.join(', ')})`);
  }
  const known = Object.keys(definition.args);
  const args: Record<string, unknown> = {};
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) {
      throw new InvalidScheduleError(`${at}unknown argument '${key}' for ${name} (known: ${known.join(', ')})`);
    }
  }
  for (const [key, arg] of Object.entries(definition.args)) {
    const value = given[key];
    if (value === undefined || value === null) {
      if (arg.default === undefined) throw new InvalidScheduleError(`${at}${name} needs '${key}'`);
      args[key] = arg.default;
      continue;
    }
    const checked = arg.check(value);
    if (!checked.ok) {
      // JSON would write Infinity and NaN as null: a number is shown as itself.
      const shown = typeof value === 'function' ? 'a function' : typeof value === 'number' ? String(value) : JSON.stringify(value);
      throw new InvalidScheduleError(`${at}invalid ${key} for ${name}: ${shown} (expected ${checked.expected})`);
    }
    args[key] = checked.value;
  }
  const problem = definition.validate?.(args);
  if (problem !== undefined) throw new InvalidScheduleError(`${at}${problem}`);
  return { name, definition, args };
}

/** Checks a spec without building it (the CLI checks `--schedule` before any work). */
export function validateScheduleSpec(spec: unknown): void {
  const visit = (s: unknown, where: string): void => {
    const { args, name } = resolveArgs(s, where);
    if (Array.isArray(args.schedulers)) {
      (args.schedulers as unknown[]).forEach((child, i) => {
        const childWhere = `${where === '' ? '' : `${where}.`}schedulers[${String(i)}]`;
        const childName = nameOf(child);
        if (childName === 'ReduceLROnPlateau') {
          throw new InvalidScheduleError(`${childWhere}: ReduceLROnPlateau cannot be nested in ${name} (it steps on a metric)`);
        }
        // PyTorch 1.13 fails on these: SequentialLR restarts its schedulers through last_epoch and step(0).
        if (name === 'SequentialLR' && (childName === 'SequentialLR' || childName === 'ChainedScheduler')) {
          throw new InvalidScheduleError(`${childWhere}: ${childName} cannot be nested in SequentialLR (PyTorch 1.13 cannot either; nest SequentialLR in ChainedScheduler instead)`);
        }
        visit(child, childWhere);
      });
    }
  };
  visit(spec, '');
}

function nameOf(spec: unknown): unknown {
  return typeof spec === 'object' && spec !== null ? (spec as { name?: unknown }).name : undefined;
}

/** Builds the scheduler tree of a spec on a group. */
export function buildScheduler(spec: unknown, group: ScheduleGroup): TorchScheduler {
  validateScheduleSpec(spec);
  const build = (s: unknown, where: string): TorchScheduler => {
    const { definition, args } = resolveArgs(s, where);
    return definition.build(group, args, build);
  };
  return build(spec, '');
}

/** Parses a spec given as JSON text, with the JSON error said in one line. */
export function parseScheduleSpec(text: string): ScheduleSpec {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidScheduleError(`a schedule must be JSON: ${(error as Error).message}`);
  }
  validateScheduleSpec(value);
  return value as ScheduleSpec;
}
