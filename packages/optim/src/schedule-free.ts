import { stateLike } from './arena.js';
import type { OptimizerOptionSpecV1 } from './option-spec.js';
import { Optimizer, type OptimizerDefinition } from './optimizer.js';
import type { BaseOptimizerOptions, FloatArray, Parameter, ParamsInput } from './optimizer-types.js';

/** What every Schedule-Free optimizer's per-parameter state holds (its base step's moments come on top). */
export interface ScheduleFreeState {
  [key: string]: FloatArray | number;
  /** Steps taken for this parameter. */
  step: number;
  /** z: the sequence the base optimizer's steps move. */
  z: FloatArray;
  /** Σ of the average's weights so far. */
  weightSum: number;
  /** The largest learning rate so far (warmup makes it grow). */
  maxLr: number;
}

/** The options the Schedule-Free wrapper itself reads. */
export interface ScheduleFreeOptions extends BaseOptimizerOptions {
  warmupSteps: number;
  weightLrPower: number;
  /** Whose warmup: `'optax'` (the z step at k/W, the average's weight at (k + 1)/W) or `'authors'` ((k + 1)/W for both). */
  warmupIndexing: WarmupIndexing;
}

/** Where the linear warmup reads its step count: see `warmupLearningRates`. */
export type WarmupIndexing = 'optax' | 'authors';

/** The spec of `warmupIndexing`, shared by the Schedule-Free optimizers. */
export function warmupIndexingSpec(): OptimizerOptionSpecV1 {
  return {
    name: 'warmupIndexing',
    type: 'choice',
    choices: ['optax', 'authors'],
    default: 'optax',
    description:
      "Warmup of step k (from 0): 'optax' takes the z step at η·k/W (so the first is 0) and the average's weight at η·(k + 1)/W; " +
      "'authors' (facebookresearch/schedule_free) takes both at η·(k + 1)/W.",
  };
}

/**
 * The learning rates of step `k` (0 for the first) under a linear warmup over W steps. optax's
 * warmup_constant_schedule(0, lr, W) is read by optax.contrib.schedule_free at two counts: the z step at the inner
 * optimizer's count k, the average's weight at the wrapper's step_count k + 1, so the very first z step of a warmup
 * is 0. The authors' code (facebookresearch/schedule_free, `sched = (k+1) / warmup_steps` in
 * adamw_schedulefree_reference.py and sgd_schedulefree_reference.py) uses (k + 1)/W for both: `indexing: 'authors'`.
 */
export function warmupLearningRates(
  lr: number,
  warmupSteps: number,
  k: number,
  // Stryker disable next-line StringLiteral: every value but 'authors' takes the optax indexing
  indexing: WarmupIndexing = 'optax',
): { zLr: number; weightLr: number } {
  const ramp = (count: number) => (count >= warmupSteps ? lr : (lr * count) / warmupSteps);
  return { zLr: ramp(indexing === 'authors' ? k + 1 : k), weightLr: ramp(k + 1) };
}

/**
 * The weight c of the new z in the running average x ← (1 − c)x + cz: w / (Σw + w) with w = maxLr^power, and 0
 * where that is 0/0 (a learning rate of 0 so far), as optax's nan_to_num. `round` is Math.fround for float32 state.
 */
export function averagingWeight(
  maxLr: number,
  power: number,
  weightSum: number,
  round: (x: number) => number = identity,
): { c: number; weightSum: number } {
  const weight = round(maxLr ** power);
  const total = round(weightSum + weight);
  if (Number.isNaN(weight) || Number.isNaN(total)) return { c: Number.NaN, weightSum: total };
  const c = round(weight / total);
  return { c: Number.isNaN(c) ? 0 : c, weightSum: total };
}

/** JAX rounds every float32 operation: Math.fround for a float32 parameter, the identity for float64. */
export function roundingFor(array: FloatArray): (x: number) => number {
  return array instanceof Float32Array ? Math.fround : identity;
}

function identity(x: number): number {
  return x;
}

/**
 * optax.contrib.schedule_free around a base step, shared by Schedule-Free SGD and AdamW (here, in @descent/optim, so
 * that each of them depends on this package alone): the parameters hold y, where
 * gradients are taken; the state holds z; the average x = (y − (1 − β)z)/β is recovered when needed. A subclass
 * names its interpolation β and computes its base step in `updateParameter`, starting with `beginStep`.
 * `eval()` puts x into the parameters (`step()` then refuses), `train()` puts y back bit for bit.
 */
export abstract class ScheduleFreeOptimizer<O extends ScheduleFreeOptions, S extends ScheduleFreeState> extends Optimizer<O, S> {
  mode: 'train' | 'eval' = 'train';
  /** y of every parameter while in eval mode, so train() restores it bit for bit. */
  private readonly savedY = new Map<Parameter, FloatArray>();
  private readonly displayName: string;

  protected constructor(definition: OptimizerDefinition<O>, params: ParamsInput<O>, options?: Partial<O>) {
    super(definition, params, options);
    this.displayName = definition.name;
  }

  /** β: y = βx + (1 − β)z. */
  protected abstract interpolation(options: O): number;

  /** A step as any optimizer's, but refused in eval mode (the parameters hold x, not the gradient point y). */
  override step(closure?: () => number): number | undefined {
    if (this.mode === 'eval') throw new Error(`${this.displayName}.step() in eval mode: call train() first`);
    return super.step(closure);
  }

  /** Writes x = (y − (1 − β)z)/β into every parameter that has taken a step. */
  eval(): void {
    if (this.mode === 'eval') return;
    for (const group of this.paramGroups) {
      const beta = this.interpolation(group.options);
      for (const p of group.params) {
        const s = this.state.get(p);
        if (s === undefined) continue; // no step yet: x = y = z
        const y = this.savedY.get(p) ?? stateLike(p.data);
        y.set(p.data);
        this.savedY.set(p, y);
        const { data } = p;
        // Stryker disable next-line EqualityOperator: a typed array ignores the write at index length
        for (let i = 0; i < data.length; i++) data[i] = ((y[i] as number) - (1 - beta) * (s.z[i] as number)) / beta;
      }
    }
    this.mode = 'eval';
  }

  /** Puts back the y each parameter held before eval(). */
  train(): void {
    if (this.mode === 'train') return;
    for (const [p, y] of this.savedY) p.data.set(y);
    this.mode = 'train';
  }

  /** z starts at the parameter, the average's weights at 0. */
  protected scheduleFreeState(param: FloatArray): ScheduleFreeState {
    const z = stateLike(param);
    z.set(param);
    return { step: 0, z, weightSum: 0, maxLr: 0 };
  }

  /**
   * The wrapper's part of a step, before the loop: counts it and returns the z step's learning rate and the weight c
   * of the new z in the average, both rounded as the parameter's type is.
   */
  protected beginStep(state: S, o: O, lr: number, r: (x: number) => number): { zLr: number; c: number } {
    const { zLr, weightLr } = warmupLearningRates(lr, o.warmupSteps, state.step, o.warmupIndexing);
    state.maxLr = Math.max(state.maxLr, r(weightLr));
    const { c, weightSum } = averagingWeight(state.maxLr, o.weightLrPower, state.weightSum, r);
    state.weightSum = weightSum;
    state.step++;
    return { zLr, c };
  }
}
