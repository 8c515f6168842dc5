import { describe, expect, it } from 'vitest';
import {
  multiStepLR,
  multiplicativeLR,
  oneCycleLR,
  polynomialLR,
  stepLR,
} from './lr-scheduler-constructors.js';
import { InvalidScheduleError, buildScheduler, parseScheduleSpec, SCHEDULER_NAMES, validateScheduleSpec } from './lr-scheduler-spec.js';
import { scheduleValues } from './lr-schedulers.js';

const KNOWN = SCHEDULER_NAMES.join(', ');
const OBJECT = 'a schedule is an object like {"name": "StepLR", "step_size": 10}, got';

/** The whole message, not a part of it: a prefix such as "schedulers[0]: " must be exactly where it belongs. */
function expectRefused(spec: unknown, message: string): void {
  let thrown: unknown;
  try {
    validateScheduleSpec(spec);
  } catch (error) {
    thrown = error;
  }
  expect(InvalidScheduleError.isInstance(thrown)).toBe(true);
  expect((thrown as Error).message).toBe(message);
}

const accepted = (spec: unknown) => () => {
  validateScheduleSpec(spec);
};

/** Values to 1e-12, failing on NaN (which a plain |a − e| > tol comparison lets through). */
function expectValues(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((e, i) => {
    const a = actual[i] as number;
    expect(Number.isFinite(a), `value ${String(i)} is ${String(a)}`).toBe(true);
    expect(Math.abs(a - e), `value ${String(i)}: ${String(a)}, expected ${String(e)}`).toBeLessThanOrEqual(1e-12);
  });
}

describe('InvalidScheduleError', () => {
  it('is recognised by its registered symbol, from any copy, and nothing else is', () => {
    const error = new InvalidScheduleError('x');
    expect(error.name).toBe('InvalidScheduleError');
    expect(InvalidScheduleError.isInstance(error)).toBe(true);
    // Another copy of the package marks its errors with the same registered symbol.
    const fromAnotherCopy = { [Symbol.for('@descent/optim.error.InvalidScheduleError')]: true };
    expect(InvalidScheduleError.isInstance(fromAnotherCopy)).toBe(true);
    expect(InvalidScheduleError.isInstance({ [Symbol.for('@descent/optim.error.InvalidScheduleError')]: 'yes' })).toBe(false);
    expect(InvalidScheduleError.isInstance(new Error('x'))).toBe(false);
    expect(InvalidScheduleError.isInstance({})).toBe(false);
    expect(InvalidScheduleError.isInstance(null)).toBe(false);
    expect(InvalidScheduleError.isInstance(undefined)).toBe(false);
    expect(InvalidScheduleError.isInstance('InvalidScheduleError')).toBe(false);
    const marked = Object.assign(() => 0, { [Symbol.for('@descent/optim.error.InvalidScheduleError')]: true });
    expect(InvalidScheduleError.isInstance(marked)).toBe(false);
  });
});

describe('argument checks (PyTorch 1.13 ranges)', () => {
  it('refuse a number that is not finite', () => {
    expectRefused({ name: 'StepLR', step_size: 2, gamma: Infinity }, 'invalid gamma for StepLR: Infinity (expected a number ≥ 0)');
    expectRefused({ name: 'ExponentialLR', gamma: Number.NaN }, 'invalid gamma for ExponentialLR: NaN (expected a number ≥ 0)');
  });

  it('end_factor in [0, 1], ends included', () => {
    expect(accepted({ name: 'LinearLR', end_factor: 0 })).not.toThrow();
    expect(accepted({ name: 'LinearLR', end_factor: 1 })).not.toThrow();
    expectRefused({ name: 'LinearLR', end_factor: -0.1 }, 'invalid end_factor for LinearLR: -0.1 (expected a number in [0, 1])');
    expectRefused({ name: 'LinearLR', end_factor: 1.1 }, 'invalid end_factor for LinearLR: 1.1 (expected a number in [0, 1])');
  });

  it.each(['ConstantLR:factor', 'LinearLR:start_factor'])('%s in (0, 1], as PyTorch checks', (which) => {
    const [name, key] = which.split(':') as [string, string];
    expect(accepted({ name, [key]: 1 })).not.toThrow();
    expect(accepted({ name, [key]: 0.001 })).not.toThrow();
    expectRefused({ name, [key]: 0 }, `invalid ${key} for ${name}: 0 (expected a number in (0, 1])`);
    expectRefused({ name, [key]: 1.5 }, `invalid ${key} for ${name}: 1.5 (expected a number in (0, 1])`);
  });

  it('ReduceLROnPlateau factor in [0, 1) ("Factor should be < 1.0")', () => {
    expect(accepted({ name: 'ReduceLROnPlateau', factor: 0 })).not.toThrow();
    expectRefused({ name: 'ReduceLROnPlateau', factor: 1 }, 'invalid factor for ReduceLROnPlateau: 1 (expected a number in [0, 1))');
    expectRefused({ name: 'ReduceLROnPlateau', factor: -0.5 }, 'invalid factor for ReduceLROnPlateau: -0.5 (expected a number in [0, 1))');
  });

  it('choices take exactly the listed strings', () => {
    expect(accepted({ name: 'ReduceLROnPlateau', mode: 'min', threshold_mode: 'rel' })).not.toThrow();
    expect(accepted({ name: 'CyclicLR', base_lr: 0, max_lr: 1, mode: 'triangular' })).not.toThrow();
    expectRefused({ name: 'ReduceLROnPlateau', mode: 'median' }, 'invalid mode for ReduceLROnPlateau: "median" (expected one of "min", "max")');
    expectRefused({ name: 'ReduceLROnPlateau', mode: 1 }, 'invalid mode for ReduceLROnPlateau: 1 (expected one of "min", "max")');
    expectRefused({ name: 'ReduceLROnPlateau', threshold_mode: 'relative' }, 'invalid threshold_mode for ReduceLROnPlateau: "relative" (expected one of "rel", "abs")');
    expectRefused(
      { name: 'CyclicLR', base_lr: 0, max_lr: 1, mode: 'triangle' },
      'invalid mode for CyclicLR: "triangle" (expected one of "triangular", "triangular2", "exp_range")',
    );
  });

  it('milestones are whole numbers ≥ 0, 0 included', () => {
    expect(accepted({ name: 'MultiStepLR', milestones: [0, 3] })).not.toThrow();
    expectRefused({ name: 'MultiStepLR', milestones: [-1] }, 'invalid milestones for MultiStepLR: [-1] (expected a list of whole numbers ≥ 0)');
  });

  it('a function where a number is expected is named as a function', () => {
    expectRefused({ name: 'StepLR', step_size: () => 1 }, 'invalid step_size for StepLR: a function (expected a whole number ≥ 1)');
  });

  it('OneCycleLR needs total_steps or both of epochs and steps_per_epoch', () => {
    const message = 'OneCycleLR needs total_steps, or epochs and steps_per_epoch';
    expectRefused({ name: 'OneCycleLR', max_lr: 0.1, epochs: 2 }, message);
    expectRefused({ name: 'OneCycleLR', max_lr: 0.1, steps_per_epoch: 3 }, message);
    expect(accepted({ name: 'OneCycleLR', max_lr: 0.1, epochs: 2, steps_per_epoch: 3 })).not.toThrow();
  });

  it('WarmupStableDecayLR takes warmup_steps + decay_steps = total_steps', () => {
    expect(accepted({ name: 'WarmupStableDecayLR', warmup_steps: 2, decay_steps: 3, total_steps: 5 })).not.toThrow();
  });
});

describe('where an error is', () => {
  it('says nothing before a top-level error', () => {
    expectRefused({ name: 'Step' }, `unknown scheduler 'Step' (known: ${KNOWN})`);
    expectRefused({ step_size: 3 }, `a schedule needs a "name" (known: ${KNOWN})`);
  });

  it('refuses what is not an object, saying what it got', () => {
    expectRefused('StepLR', `${OBJECT} "StepLR"`);
    expectRefused(null, `${OBJECT} null`);
    expectRefused(undefined, `${OBJECT} nothing`);
    expectRefused([{ name: 'StepLR', step_size: 1 }], `${OBJECT} [{"name":"StepLR","step_size":1}]`);
    expectRefused({ name: 'ChainedScheduler', schedulers: [null] }, `schedulers[0]: ${OBJECT} null`);
    expectRefused({ name: 'ChainedScheduler', schedulers: [undefined] }, `schedulers[0]: ${OBJECT} nothing`);
    expectRefused({ name: 'ChainedScheduler', schedulers: [7] }, `schedulers[0]: ${OBJECT} 7`);
  });

  it('names the path of a nested schedule, two levels down', () => {
    const inner = { name: 'SequentialLR', schedulers: [{ name: 'ConstantLR' }, { name: 'Nope' }], milestones: [2] };
    expectRefused({ name: 'ChainedScheduler', schedulers: [inner] }, `schedulers[0].schedulers[1]: unknown scheduler 'Nope' (known: ${KNOWN})`);
    expectRefused({ name: 'SequentialLR', schedulers: [{ name: 'ConstantLR' }, { name: 'Nope' }], milestones: [2] }, `schedulers[1]: unknown scheduler 'Nope' (known: ${KNOWN})`);
    expectRefused(
      { name: 'ChainedScheduler', schedulers: [{ name: 'ChainedScheduler', schedulers: [{ name: 'ReduceLROnPlateau' }] }] },
      'schedulers[0].schedulers[0]: ReduceLROnPlateau cannot be nested in ChainedScheduler (it steps on a metric)',
    );
  });

  it('refuses SequentialLR in SequentialLR, as PyTorch 1.13 fails on it', () => {
    expectRefused(
      { name: 'SequentialLR', schedulers: [{ name: 'ConstantLR' }, { name: 'SequentialLR', schedulers: [{ name: 'ConstantLR' }], milestones: [] }], milestones: [2] },
      'schedulers[1]: SequentialLR cannot be nested in SequentialLR (PyTorch 1.13 cannot either; nest SequentialLR in ChainedScheduler instead)',
    );
  });
});

describe('parseScheduleSpec', () => {
  it('returns the checked spec, and says a JSON error in one line', () => {
    expect(parseScheduleSpec('{"name": "StepLR", "step_size": 3}')).toEqual({ name: 'StepLR', step_size: 3 });
    let jsonMessage = '';
    try {
      JSON.parse('{"name": ');
    } catch (error) {
      jsonMessage = (error as Error).message;
    }
    expect(() => parseScheduleSpec('{"name": ')).toThrow(new InvalidScheduleError(`a schedule must be JSON: ${jsonMessage}`));
    expect(() => parseScheduleSpec('{"name": "Nope"}')).toThrow(`unknown scheduler 'Nope' (known: ${KNOWN})`);
  });
});

describe('built schedules', () => {
  const group = () => ({ lr: 1, initialLr: undefined, momentum: undefined });

  it('the conveniences carry their own names', () => {
    expect(buildScheduler({ name: 'WarmupCosineLR', warmup_steps: 1, total_steps: 4 }, group()).name).toBe('WarmupCosineLR');
    expect(buildScheduler({ name: 'WarmupStableDecayLR', warmup_steps: 1, decay_steps: 1, total_steps: 4 }, group()).name).toBe('WarmupStableDecayLR');
  });

  it('WarmupCosineLR with W ≠ T − W: base·(s + (1−s)t/W), then (1 + cos(π(t − W)/(T − W)))/2', () => {
    const { lr } = scheduleValues({ name: 'WarmupCosineLR', warmup_steps: 2, total_steps: 6, warmup_start_factor: 0.5 }, { lr: 1, steps: 8 });
    const c = (k: number) => (1 + Math.cos((Math.PI * k) / 4)) / 2;
    expectValues(lr, [0.5, 0.75, 1, c(1), c(2), c(3), 0, 0]);
    // No warmup: the first lr is the base lr (not 0/0).
    expectValues(scheduleValues({ name: 'WarmupCosineLR', warmup_steps: 0, total_steps: 4 }, { lr: 1, steps: 2 }).lr, [1, c(1)]);
  });

  it('WarmupStableDecayLR with a warmup start factor, a stable phase and the default linear decay', () => {
    const { lr } = scheduleValues(
      { name: 'WarmupStableDecayLR', warmup_steps: 2, decay_steps: 2, total_steps: 6, min_lr: 0.2, warmup_start_factor: 0.5 },
      { lr: 1, steps: 8 },
    );
    expectValues(lr, [0.5, 0.75, 1, 1, 1, 0.6, 0.2, 0.2]);
    expectValues(scheduleValues({ name: 'WarmupStableDecayLR', warmup_steps: 0, decay_steps: 2, total_steps: 3 }, { lr: 1, steps: 4 }).lr, [1, 1, 0.5, 0]);
  });

  it('CyclicLR is triangular by default, with momentum from max_momentum down to base_momentum', () => {
    const { lr, momentum } = scheduleValues({ name: 'CyclicLR', base_lr: 0, max_lr: 1, step_size_up: 2, max_momentum: 0.95 }, { lr: 1, steps: 9 });
    expectValues(lr, [0, 0.5, 1, 0.5, 0, 0.5, 1, 0.5, 0]);
    expectValues(momentum ?? [], [0.95, 0.875, 0.8, 0.875, 0.95, 0.875, 0.8, 0.875, 0.95]);
  });

  it('OneCycleLR anneals by cosine by default, and takes epochs × steps_per_epoch', () => {
    const byDefault = scheduleValues({ name: 'OneCycleLR', max_lr: 1, epochs: 2, steps_per_epoch: 5, cycle_momentum: false }, { lr: 1, steps: 10 }).lr;
    const cos = scheduleValues({ name: 'OneCycleLR', max_lr: 1, total_steps: 10, anneal_strategy: 'cos', cycle_momentum: false }, { lr: 1, steps: 10 }).lr;
    const linear = scheduleValues({ name: 'OneCycleLR', max_lr: 1, total_steps: 10, anneal_strategy: 'linear', cycle_momentum: false }, { lr: 1, steps: 10 }).lr;
    expectValues(byDefault, cos);
    // The warmup's second step (pct_start 0.3, so 2 steps up): cos gives 0.04 + 0.96·(1 − cos(π/2))/2 = 0.52.
    expect(byDefault[1]).toBeCloseTo(0.52, 12);
    expect(linear[5]).not.toBeCloseTo(cos[5] as number, 6);
  });
});

describe('typed constructors', () => {
  it('write the PyTorch name and leave out what is undefined', () => {
    const lambda = (e: number) => 0.9 ** e;
    expect(multiplicativeLR({ lrLambda: lambda })).toStrictEqual({ name: 'MultiplicativeLR', lr_lambda: lambda });
    expect(stepLR({ stepSize: 3, gamma: 0.5 })).toStrictEqual({ name: 'StepLR', step_size: 3, gamma: 0.5 });
    expect(multiStepLR({ milestones: [1, 4] })).toStrictEqual({ name: 'MultiStepLR', milestones: [1, 4] });
    expect(polynomialLR({ totalIters: 4, power: 2 })).toStrictEqual({ name: 'PolynomialLR', total_iters: 4, power: 2 });
    const spec = oneCycleLR({ maxLr: 0.1, totalSteps: 10, epochs: undefined });
    expect(Object.keys(spec)).toEqual(['name', 'max_lr', 'total_steps']);
  });
});
