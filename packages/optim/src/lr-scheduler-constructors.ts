import type { ScheduleSpec } from './lr-scheduler-spec.js';

// Typed, camelCase constructors of the same specs: `oneCycleLR({ maxLr: 0.1, totalSteps: 100 })` is
// `{"name": "OneCycleLR", "max_lr": 0.1, "total_steps": 100}`. They only rename, so a spec has one meaning and is
// checked in one place (when a scheduler is created from it).

/** An lr_lambda: a function of the epoch, or a Python expression in `epoch` ("0.95 ** epoch"). */
export type LrLambda = ((epoch: number) => number) | string;

// PyTorch's names that are not plain snake_case of a camelCase name.
const SPECIAL: Readonly<Record<string, string>> = { tMax: 'T_max', t0: 'T_0', tMult: 'T_mult' };

function spec(name: string, options: object): ScheduleSpec {
  const out: Record<string, unknown> = { name };
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    out[SPECIAL[key] ?? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = value;
  }
  return out as ScheduleSpec;
}

/** PyTorch's `LambdaLR`: η_t = η₀ · λ(t), with t the scheduler's step count and η₀ the group's initial lr. */
export const lambdaLR = (o: { lrLambda: LrLambda }): ScheduleSpec => spec('LambdaLR', o);
/** PyTorch's `MultiplicativeLR`: η_t = η_{t−1} · λ(t) for t ≥ 1, each factor applied to the last lr. */
export const multiplicativeLR = (o: { lrLambda: LrLambda }): ScheduleSpec => spec('MultiplicativeLR', o);
/** PyTorch's `StepLR`: η_t = η₀ · γ^⌊t / stepSize⌋, the lr cut by γ (default 0.1) every `stepSize` steps. */
export const stepLR = (o: { stepSize: number; gamma?: number }): ScheduleSpec => spec('StepLR', o);
/** PyTorch's `MultiStepLR`: the lr multiplied by γ (default 0.1) at each step count in `milestones`. */
export const multiStepLR = (o: { milestones: readonly number[]; gamma?: number }): ScheduleSpec => spec('MultiStepLR', o);
/** PyTorch's `ConstantLR`: η₀ · factor (default ⅓) for the first `totalIters` steps (default 5), then η₀. */
export const constantLR = (o: { factor?: number; totalIters?: number } = {}): ScheduleSpec => spec('ConstantLR', o);
/**
 * PyTorch's `LinearLR`: the lr's factor goes linearly from `startFactor` (default ⅓) to `endFactor` (default 1)
 * over `totalIters` steps (default 5), then stays: a linear warmup.
 */
export const linearLR = (o: { startFactor?: number; endFactor?: number; totalIters?: number } = {}): ScheduleSpec =>
  spec('LinearLR', o);
/** PyTorch's `ExponentialLR`: η_t = η₀ · γ^t. */
export const exponentialLR = (o: { gamma: number }): ScheduleSpec => spec('ExponentialLR', o);
/**
 * PyTorch's `SequentialLR`: `schedulers[i]` runs from `milestones[i − 1]` to `milestones[i]`, each starting afresh at
 * its milestone; one milestone fewer than schedulers.
 */
export const sequentialLR = (o: { schedulers: readonly ScheduleSpec[]; milestones: readonly number[] }): ScheduleSpec =>
  spec('SequentialLR', o);
/**
 * PyTorch's `CosineAnnealingLR`: η_t = η_min + (η₀ − η_min)·(1 + cos(π t / T_max))/2, half a cosine from η₀ down to
 * `etaMin` (default 0) over `tMax` steps (Loshchilov & Hutter 2017, without restarts).
 */
export const cosineAnnealingLR = (o: { tMax: number; etaMin?: number }): ScheduleSpec => spec('CosineAnnealingLR', o);
/** PyTorch's `ChainedScheduler`: every scheduler in the list steps at each step, each applying its own change. */
export const chainedScheduler = (o: { schedulers: readonly ScheduleSpec[] }): ScheduleSpec => spec('ChainedScheduler', o);
/**
 * PyTorch's `ReduceLROnPlateau`: stepped with a metric, it multiplies the lr by `factor` (default 0.1) once the metric
 * has not improved by `threshold` (default 1e-4, relative) for `patience` steps (default 10), then waits `cooldown`
 * steps; never below `minLr`. `mode` `max` for a metric to raise (accuracy).
 */
export const reduceLROnPlateau = (
  o: {
    mode?: 'min' | 'max';
    factor?: number;
    patience?: number;
    threshold?: number;
    thresholdMode?: 'rel' | 'abs';
    cooldown?: number;
    minLr?: number;
    eps?: number;
  } = {},
): ScheduleSpec => spec('ReduceLROnPlateau', o);
/**
 * PyTorch's `CyclicLR` (Smith 2017): the lr cycles between `baseLr` and `maxLr`, `stepSizeUp` steps up (default
 * 2000) and `stepSizeDown` down (default the same); `triangular2` halves the amplitude every cycle, `exp_range`
 * scales it by γ^t. With `cycleMomentum` (default true) the momentum cycles the other way between `maxMomentum`
 * (0.9) and `baseMomentum` (0.8).
 */
export const cyclicLR = (o: {
  baseLr: number;
  maxLr: number;
  stepSizeUp?: number;
  stepSizeDown?: number;
  mode?: 'triangular' | 'triangular2' | 'exp_range';
  gamma?: number;
  cycleMomentum?: boolean;
  baseMomentum?: number;
  maxMomentum?: number;
}): ScheduleSpec => spec('CyclicLR', o);
/**
 * PyTorch's `CosineAnnealingWarmRestarts` (SGDR, Loshchilov & Hutter 2017): half cosines from η₀ to `etaMin`
 * (default 0), restarting at η₀ after `t0` steps, then after periods multiplied by `tMult` (default 1) each time.
 */
export const cosineAnnealingWarmRestarts = (o: { t0: number; tMult?: number; etaMin?: number }): ScheduleSpec =>
  spec('CosineAnnealingWarmRestarts', o);
/**
 * PyTorch's `OneCycleLR` (Smith & Topin 2018): over `totalSteps` (or `epochs` × `stepsPerEpoch`) steps the lr rises
 * from maxLr/`divFactor` (default 25) to `maxLr` during the first `pctStart` (default 0.3), then anneals (`cos` or
 * `linear`) to that start divided by `finalDivFactor` (default 1e4); the momentum moves the other way between
 * `maxMomentum` (0.95) and `baseMomentum` (0.85).
 */
export const oneCycleLR = (o: {
  maxLr: number;
  totalSteps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  pctStart?: number;
  annealStrategy?: 'cos' | 'linear';
  cycleMomentum?: boolean;
  baseMomentum?: number;
  maxMomentum?: number;
  divFactor?: number;
  finalDivFactor?: number;
  threePhase?: boolean;
}): ScheduleSpec => spec('OneCycleLR', o);
/** PyTorch's `PolynomialLR`: η_t = η₀ · (1 − t/totalIters)^power (power default 1), reaching 0 at `totalIters` (default 5). */
export const polynomialLR = (o: { totalIters?: number; power?: number } = {}): ScheduleSpec => spec('PolynomialLR', o);
/** Linear warmup, then one half cosine to `etaMin` at `totalSteps` (see the README for the formula). */
export const warmupCosineLR = (o: {
  warmupSteps: number;
  totalSteps: number;
  etaMin?: number;
  warmupStartFactor?: number;
}): ScheduleSpec => spec('WarmupCosineLR', o);
/** Warmup–stable–decay: linear warmup, the base lr, then a decay to `minLr` over the last `decaySteps`. */
export const warmupStableDecayLR = (o: {
  warmupSteps: number;
  decaySteps: number;
  totalSteps: number;
  minLr?: number;
  warmupStartFactor?: number;
  decayShape?: 'linear' | 'cosine' | '1-sqrt';
}): ScheduleSpec => spec('WarmupStableDecayLR', o);
