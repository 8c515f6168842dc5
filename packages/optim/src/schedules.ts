import type { LearningRateSchedule } from './optimizer-types.js';

// Learning-rate schedules as pure functions of the number of steps already taken, in the manner of optax. Each
// checks its arguments once, where it is created.

function check(name: string, option: string, value: number, ok: boolean, expected: string): void {
  if (!ok || !Number.isFinite(value)) throw new RangeError(`Invalid ${option} for ${name}: ${String(value)} (expected ${expected})`);
}

/** η·γ^⌊step / stepSize⌋ (PyTorch StepLR). */
export function stepDecay(lr: number, stepSize: number, gamma = 0.1): LearningRateSchedule {
  check('stepDecay', 'lr', lr, lr >= 0, 'a number ≥ 0');
  check('stepDecay', 'stepSize', stepSize, Number.isInteger(stepSize) && stepSize > 0, 'a whole number > 0');
  check('stepDecay', 'gamma', gamma, gamma > 0 && gamma <= 1, 'a number in (0, 1]');
  return (step) => lr * gamma ** Math.floor(step / stepSize);
}

/** η·γ^step (PyTorch ExponentialLR). */
export function exponentialDecay(lr: number, gamma: number): LearningRateSchedule {
  check('exponentialDecay', 'lr', lr, lr >= 0, 'a number ≥ 0');
  check('exponentialDecay', 'gamma', gamma, gamma > 0 && gamma <= 1, 'a number in (0, 1]');
  return (step) => lr * gamma ** step;
}

/** η / (1 + decay·step), the inverse-time decay Adagrad's `lrDecay` uses. */
export function inverseTimeDecay(lr: number, decay: number): LearningRateSchedule {
  check('inverseTimeDecay', 'lr', lr, lr >= 0, 'a number ≥ 0');
  check('inverseTimeDecay', 'decay', decay, decay >= 0, 'a number ≥ 0');
  return (step) => lr / (1 + decay * step);
}

/** Half a cosine from η down to `minLr` over `totalSteps`, then `minLr` (PyTorch CosineAnnealingLR, one cycle). */
export function cosineDecay(lr: number, totalSteps: number, minLr = 0): LearningRateSchedule {
  check('cosineDecay', 'lr', lr, lr >= 0, 'a number ≥ 0');
  check('cosineDecay', 'totalSteps', totalSteps, Number.isInteger(totalSteps) && totalSteps > 0, 'a whole number > 0');
  check('cosineDecay', 'minLr', minLr, minLr >= 0 && minLr <= lr, `a number in [0, ${String(lr)}]`);
  return (step) => (step >= totalSteps ? minLr : minLr + ((lr - minLr) * (1 + Math.cos((Math.PI * step) / totalSteps))) / 2);
}

/** A linear ramp from 0 to the schedule's value over `warmupSteps`, then the schedule itself. */
export function linearWarmup(schedule: LearningRateSchedule | number, warmupSteps: number): LearningRateSchedule {
  check('linearWarmup', 'warmupSteps', warmupSteps, Number.isInteger(warmupSteps) && warmupSteps >= 0, 'a whole number ≥ 0');
  const inner = typeof schedule === 'number' ? () => schedule : schedule;
  return (step) => (step < warmupSteps ? (inner(step) * (step + 1)) / (warmupSteps + 1) : inner(step));
}
