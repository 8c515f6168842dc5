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

export const lambdaLR = (o: { lrLambda: LrLambda }): ScheduleSpec => spec('LambdaLR', o);
export const multiplicativeLR = (o: { lrLambda: LrLambda }): ScheduleSpec => spec('MultiplicativeLR', o);
export const stepLR = (o: { stepSize: number; gamma?: number }): ScheduleSpec => spec('StepLR', o);
export const multiStepLR = (o: { milestones: readonly number[]; gamma?: number }): ScheduleSpec => spec('MultiStepLR', o);
export const constantLR = (o: { factor?: number; totalIters?: number } = {}): ScheduleSpec => spec('ConstantLR', o);
export const linearLR = (o: { startFactor?: number; endFactor?: number; totalIters?: number } = {}): ScheduleSpec =>
  spec('LinearLR', o);
export const exponentialLR = (o: { gamma: number }): ScheduleSpec => spec('ExponentialLR', o);
export const sequentialLR = (o: { schedulers: readonly ScheduleSpec[]; milestones: readonly number[] }): ScheduleSpec =>
  spec('SequentialLR', o);
export const cosineAnnealingLR = (o: { tMax: number; etaMin?: number }): ScheduleSpec => spec('CosineAnnealingLR', o);
export const chainedScheduler = (o: { schedulers: readonly ScheduleSpec[] }): ScheduleSpec => spec('ChainedScheduler', o);
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
export const cosineAnnealingWarmRestarts = (o: { t0: number; tMult?: number; etaMin?: number }): ScheduleSpec =>
  spec('CosineAnnealingWarmRestarts', o);
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
