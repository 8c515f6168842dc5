// PyTorch 1.13's torch.optim.lr_scheduler, ported class by class so that every learning rate is the same number.
//
// PyTorch's schedulers are not functions of the step: most are "chainable", each step multiplying the parameter
// group's *current* lr by a factor, and composites (SequentialLR, ChainedScheduler) work by several schedulers writing
// into the same group one after another (including during construction). Reproducing that to the last bit means
// reproducing the mechanism, so each scheduler here writes into a `ScheduleGroup`, the one parameter group's lr,
// initial lr and momentum, exactly where and when PyTorch writes into `optimizer.param_groups[i]`.

/** The part of a parameter group a scheduler reads and writes (PyTorch's `group['lr']`, `'initial_lr'`, `'momentum'`). */
export interface ScheduleGroup {
  lr: number;
  initialLr: number | undefined;
  /** Momentum (or Adam's β1) when a scheduler cycles it, else undefined. */
  momentum: number | undefined;
}

/** A scheduler's saved counters: numbers (±Infinity written as strings, for JSON) and nested schedulers' states. */
export interface LrSchedulerStateV1 {
  readonly [key: string]: number | string | readonly LrSchedulerStateV1[];
}

/** One PyTorch scheduler driving one group. */
export abstract class TorchScheduler {
  abstract readonly name: string;
  /** PyTorch's `last_epoch`: how many times `step()` has run since construction (0 after construction). */
  lastEpoch = -1;
  /** PyTorch's `_step_count` (CosineAnnealingLR reads it). */
  stepCount = 0;
  baseLr: number;

  constructor(readonly group: ScheduleGroup) {
    // `group.setdefault('initial_lr', group['lr'])`: the first scheduler made for a group fixes its base lr.
    group.initialLr ??= group.lr;
    this.baseLr = group.initialLr;
  }

  /** True for ReduceLROnPlateau, whose `step` needs the metric. */
  get needsMetric(): boolean {
    return false;
  }

  /** Subclasses call this at the end of their constructor, as `_LRScheduler.__init__` does after setting fields. */
  protected initialStep(): void {
    this.stepCount = 0;
    this.step();
  }

  /** PyTorch's `_initial_step`, which SequentialLR calls on its first scheduler. */
  restart(): void {
    this.initialStep();
  }

  /** Advances one step, or (SequentialLR at a milestone) jumps to `epoch` using the closed form where there is one. */
  step(epoch?: number): void {
    this.stepCount++;
    let value: number;
    if (epoch === undefined) {
      this.lastEpoch++;
      value = this.chainable();
    } else {
      this.lastEpoch = epoch;
      value = this.closedForm() ?? this.chainable();
    }
    this.group.lr = value;
  }

  /** `get_lr()`: the next lr, usually from the group's current one. */
  protected abstract chainable(): number;

  /** `_get_closed_form_lr()`, for the schedulers that have one. */
  // Stryker disable next-line BlockStatement: an empty body returns undefined too
  protected closedForm(): number | undefined {
    return undefined;
  }

  state(): LrSchedulerStateV1 {
    return { lastEpoch: this.lastEpoch, stepCount: this.stepCount, baseLr: this.baseLr };
  }

  load(state: LrSchedulerStateV1): void {
    this.lastEpoch = readNumber(state, 'lastEpoch');
    this.stepCount = readNumber(state, 'stepCount');
    this.baseLr = readNumber(state, 'baseLr');
  }
}

function readNumber(state: LrSchedulerStateV1, key: string): number {
  const value = state[key];
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  if (typeof value !== 'number') throw new TypeError(`scheduler state has no number '${key}' (got ${value === undefined ? 'nothing' : JSON.stringify(value)})`);
  return value;
}

/** A number for JSON: ±Infinity (ReduceLROnPlateau's starting best) as a string. */
function writeNumber(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

/** LambdaLR: base_lr · λ(epoch). */
export class LambdaLR extends TorchScheduler {
  readonly name = 'LambdaLR';
  constructor(group: ScheduleGroup, readonly lrLambda: (epoch: number) => number) {
    super(group);
    this.initialStep();
  }
  protected chainable(): number {
    return this.baseLr * this.lrLambda(this.lastEpoch);
  }
}

/** MultiplicativeLR: lr · λ(epoch) from the second step on. */
export class MultiplicativeLR extends TorchScheduler {
  readonly name = 'MultiplicativeLR';
  constructor(group: ScheduleGroup, readonly lrLambda: (epoch: number) => number) {
    super(group);
    this.initialStep();
  }
  protected chainable(): number {
    return this.lastEpoch > 0 ? this.group.lr * this.lrLambda(this.lastEpoch) : this.group.lr;
  }
}

/** StepLR: lr · γ every `stepSize` steps. */
export class StepLR extends TorchScheduler {
  readonly name = 'StepLR';
  constructor(group: ScheduleGroup, readonly stepSize: number, readonly gamma: number) {
    super(group);
    this.initialStep();
  }
  protected chainable(): number {
    return this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0 ? this.group.lr : this.group.lr * this.gamma;
  }
  protected override closedForm(): number {
    return this.baseLr * this.gamma ** Math.floor(this.lastEpoch / this.stepSize);
  }
}

/** MultiStepLR: lr · γ^(times the step appears in `milestones`). */
export class MultiStepLR extends TorchScheduler {
  readonly name = 'MultiStepLR';
  constructor(group: ScheduleGroup, readonly milestones: readonly number[], readonly gamma: number) {
    super(group);
    this.initialStep();
  }
  protected chainable(): number {
    const count = this.milestones.filter((m) => m === this.lastEpoch).length;
    return this.group.lr * this.gamma ** count; // γ⁰ = 1: PyTorch's "not a milestone" case
  }
  protected override closedForm(): number {
    // bisect_right over the sorted milestones: how many are ≤ last_epoch.
    const passed = this.milestones.filter((m) => m <= this.lastEpoch).length;
    return this.baseLr * this.gamma ** passed;
  }
}

/** ConstantLR: lr · factor until `totalIters`, then lr. */
export class ConstantLR extends TorchScheduler {
  readonly name = 'ConstantLR';
  constructor(group: ScheduleGroup, readonly factor: number, readonly totalIters: number) {
    super(group);
    this.initialStep();
  }
  protected chainable(): number {
    if (this.lastEpoch === 0) return this.group.lr * this.factor;
    if (this.lastEpoch !== this.totalIters) return this.group.lr;
    return this.group.lr * (1 / this.factor);
  }
  protected override closedForm(): number {
    return this.baseLr * (this.factor + (this.lastEpoch >= this.totalIters ? 1 : 0) * (1 - this.factor));
  }
}

/** LinearLR: the factor goes linearly from `startFactor` to `endFactor` over `totalIters` steps. */
export class LinearLR extends TorchScheduler {
  readonly name = 'LinearLR';
  constructor(
    group: ScheduleGroup,
    readonly startFactor: number,
    readonly endFactor: number,
    readonly totalIters: number,
  ) {
    super(group);
    this.initialStep();
  }
  protected chainable(): number {
    if (this.lastEpoch === 0) return this.group.lr * this.startFactor;
    if (this.lastEpoch > this.totalIters) return this.group.lr;
    const { startFactor: s, endFactor: e, totalIters: n } = this;
    return this.group.lr * (1 + (e - s) / (n * s + (this.lastEpoch - 1) * (e - s)));
  }
  protected override closedForm(): number {
    const { startFactor: s, endFactor: e, totalIters: n } = this;
    return this.baseLr * (s + ((e - s) * Math.min(n, this.lastEpoch)) / n);
  }
}

/** ExponentialLR: lr · γ every step. */
export class ExponentialLR extends TorchScheduler {
  readonly name = 'ExponentialLR';
  constructor(group: ScheduleGroup, readonly gamma: number) {
    super(group);
    this.initialStep();
  }
  protected chainable(): number {
    return this.lastEpoch === 0 ? this.group.lr : this.group.lr * this.gamma;
  }
  protected override closedForm(): number {
    return this.baseLr * this.gamma ** this.lastEpoch;
  }
}

/** PolynomialLR: lr · (1 − t/totalIters)^power, then 0 (PyTorch 1.13 added it). */
export class PolynomialLR extends TorchScheduler {
  readonly name = 'PolynomialLR';
  constructor(group: ScheduleGroup, readonly totalIters: number, readonly power: number) {
    super(group);
    this.initialStep();
  }
  protected chainable(): number {
    if (this.lastEpoch === 0 || this.lastEpoch > this.totalIters) return this.group.lr;
    const n = this.totalIters;
    const decay = ((1 - this.lastEpoch / n) / (1 - (this.lastEpoch - 1) / n)) ** this.power;
    return this.group.lr * decay;
  }
  protected override closedForm(): number {
    return this.baseLr * (1 - Math.min(this.totalIters, this.lastEpoch) / this.totalIters) ** this.power;
  }
}

/**
 * CosineAnnealingLR, in PyTorch's recursive form. Past `T_max` it does not hold at `eta_min`: the cosine goes on, back
 * up to the base lr at 2·T_max, and so on (what PyTorch does).
 */
export class CosineAnnealingLR extends TorchScheduler {
  readonly name = 'CosineAnnealingLR';
  constructor(group: ScheduleGroup, readonly tMax: number, readonly etaMin: number) {
    super(group);
    this.initialStep();
  }
  protected chainable(): number {
    const { tMax, etaMin, lastEpoch: t, baseLr } = this;
    const lr = this.group.lr;
    if (t === 0) return lr;
    if (this.stepCount === 1 && t > 0) return etaMin + ((baseLr - etaMin) * (1 + Math.cos((t * Math.PI) / tMax))) / 2;
    if ((t - 1 - tMax) % (2 * tMax) === 0) return lr + ((baseLr - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2;
    return ((1 + Math.cos((Math.PI * t) / tMax)) / (1 + Math.cos((Math.PI * (t - 1)) / tMax))) * (lr - etaMin) + etaMin;
  }
  protected override closedForm(): number {
    return this.etaMin + ((this.baseLr - this.etaMin) * (1 + Math.cos((Math.PI * this.lastEpoch) / this.tMax))) / 2;
  }
}

/** CosineAnnealingWarmRestarts (SGDR): a cosine over T_0 steps, restarted, each period T_mult times the last. */
export class CosineAnnealingWarmRestarts extends TorchScheduler {
  readonly name = 'CosineAnnealingWarmRestarts';
  tI: number;
  // Stryker disable next-line UnaryOperator: the initial step (last_epoch < 0, so epoch 0) sets T_cur before any read
  tCur = -1;
  constructor(
    group: ScheduleGroup,
    readonly t0: number,
    readonly tMult: number,
    readonly etaMin: number,
  ) {
    super(group);
    this.tI = t0;
    this.initialStep();
  }
  protected chainable(): number {
    return this.etaMin + ((this.baseLr - this.etaMin) * (1 + Math.cos((Math.PI * this.tCur) / this.tI))) / 2;
  }
  // Its own `step`, as in PyTorch: it keeps T_cur and T_i and has no chainable form.
  override step(epoch?: number): void {
    let target = epoch;
    if (target === undefined && this.lastEpoch < 0) target = 0;
    if (target === undefined) {
      target = this.lastEpoch + 1;
      this.tCur += 1;
      if (this.tCur >= this.tI) {
        this.tCur -= this.tI;
        this.tI *= this.tMult;
      }
    } else if (target >= this.t0) {
      if (this.tMult === 1) this.tCur = target % this.t0;
      else {
        const n = Math.trunc(Math.log((target / this.t0) * (this.tMult - 1) + 1) / Math.log(this.tMult));
        this.tCur = target - (this.t0 * (this.tMult ** n - 1)) / (this.tMult - 1);
        this.tI = this.t0 * this.tMult ** n;
      }
    } else {
      this.tI = this.t0;
      this.tCur = target;
    }
    this.lastEpoch = Math.floor(target);
    this.group.lr = this.chainable();
  }
  override state(): LrSchedulerStateV1 {
    return { ...super.state(), tI: this.tI, tCur: this.tCur };
  }
  override load(state: LrSchedulerStateV1): void {
    super.load(state);
    this.tI = readNumber(state, 'tI');
    this.tCur = readNumber(state, 'tCur');
  }
}

export interface CyclicLROptions {
  baseLr: number;
  maxLr: number;
  stepSizeUp: number;
  stepSizeDown: number | undefined;
  mode: 'triangular' | 'triangular2' | 'exp_range';
  gamma: number;
  cycleMomentum: boolean;
  baseMomentum: number;
  maxMomentum: number;
}

/** CyclicLR: a triangle between base_lr and max_lr (halved each cycle, or decayed by γ^step), momentum the other way. */
export class CyclicLR extends TorchScheduler {
  readonly name = 'CyclicLR';
  readonly totalSize: number;
  readonly stepRatio: number;
  readonly scaleMode: 'cycle' | 'iterations';
  baseMomentum = 0;

  constructor(group: ScheduleGroup, readonly options: CyclicLROptions) {
    // PyTorch sets the group's lr to base_lr before `_LRScheduler.__init__` reads it.
    group.lr = options.baseLr;
    super(group);
    const up = options.stepSizeUp;
    const down = options.stepSizeDown ?? up;
    this.totalSize = up + down;
    this.stepRatio = up / this.totalSize;
    this.scaleMode = options.mode === 'exp_range' ? 'iterations' : 'cycle';
    if (options.cycleMomentum) {
      group.momentum = options.baseMomentum;
      this.baseMomentum = group.momentum;
    }
    this.initialStep();
    // ... and only after the initial step replaces base_lrs by base_lr (which matters when initial_lr was set before).
    this.baseLr = options.baseLr;
  }

  private scale(x: number): number {
    if (this.options.mode === 'triangular') return 1;
    if (this.options.mode === 'triangular2') return 1 / 2 ** (x - 1);
    return this.options.gamma ** x;
  }

  protected chainable(): number {
    const t = this.lastEpoch;
    const cycle = Math.floor(1 + t / this.totalSize);
    const x = 1 + t / this.totalSize - cycle;
    // Stryker disable next-line EqualityOperator: at x = step_ratio both branches give exactly 1 (x/x, (x−1)/(x−1))
    const scaleFactor = x <= this.stepRatio ? x / this.stepRatio : (x - 1) / (this.stepRatio - 1);
    const scaled = this.scale(this.scaleMode === 'cycle' ? cycle : t);
    const lr = this.baseLr + (this.options.maxLr - this.baseLr) * scaleFactor * scaled;
    if (this.options.cycleMomentum) {
      const height = (this.options.maxMomentum - this.baseMomentum) * scaleFactor;
      this.group.momentum = this.options.maxMomentum - height * scaled;
    }
    return lr;
  }
  override state(): LrSchedulerStateV1 {
    return { ...super.state(), baseMomentum: this.baseMomentum };
  }
  override load(state: LrSchedulerStateV1): void {
    super.load(state);
    this.baseMomentum = readNumber(state, 'baseMomentum');
  }
}

export interface OneCycleLROptions {
  maxLr: number;
  totalSteps: number;
  pctStart: number;
  annealStrategy: 'cos' | 'linear';
  cycleMomentum: boolean;
  baseMomentum: number;
  maxMomentum: number;
  divFactor: number;
  finalDivFactor: number;
  threePhase: boolean;
}

interface Phase {
  endStep: number;
  startLr: 'initial' | 'max' | 'min';
  endLr: 'initial' | 'max' | 'min';
  startMomentum: 'max' | 'base';
  endMomentum: 'max' | 'base';
}

/** OneCycleLR: up from max_lr/div_factor to max_lr over pct_start of the steps, then down to a tiny lr. */
export class OneCycleLR extends TorchScheduler {
  readonly name = 'OneCycleLR';
  private readonly phases: readonly Phase[];
  private readonly lrs: Record<Phase['startLr'], number>;

  constructor(group: ScheduleGroup, readonly options: OneCycleLROptions) {
    const initial = options.maxLr / options.divFactor;
    // PyTorch overwrites initial_lr (unlike the other schedulers' setdefault), so base_lrs is max_lr / div_factor.
    group.initialLr = initial;
    super(group);
    const n = options.totalSteps;
    const p = options.pctStart;
    this.phases = options.threePhase
      ? [
          { endStep: p * n - 1, startLr: 'initial', endLr: 'max', startMomentum: 'max', endMomentum: 'base' },
          { endStep: 2 * p * n - 2, startLr: 'max', endLr: 'initial', startMomentum: 'base', endMomentum: 'max' },
          { endStep: n - 1, startLr: 'initial', endLr: 'min', startMomentum: 'max', endMomentum: 'max' },
        ]
      : [
          { endStep: p * n - 1, startLr: 'initial', endLr: 'max', startMomentum: 'max', endMomentum: 'base' },
          { endStep: n - 1, startLr: 'max', endLr: 'min', startMomentum: 'base', endMomentum: 'max' },
        ];
    this.lrs = { initial, max: options.maxLr, min: initial / options.finalDivFactor };
    this.initialStep();
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.options.annealStrategy === 'linear') return (end - start) * pct + start;
    const cosOut = Math.cos(Math.PI * pct) + 1;
    return end + ((start - end) / 2) * cosOut;
  }

  protected chainable(): number {
    const t = this.lastEpoch;
    if (t > this.options.totalSteps) {
      throw new RangeError(
        `OneCycleLR: tried to step ${String(t + 1)} times; its total_steps is ${String(this.options.totalSteps)}`,
      );
    }
    const momenta = { max: this.options.maxMomentum, base: this.options.baseMomentum };
    let start = 0;
    for (const [i, phase] of this.phases.entries()) {
      if (t <= phase.endStep || i === this.phases.length - 1) {
        const pct = (t - start) / (phase.endStep - start);
        if (this.options.cycleMomentum) {
          this.group.momentum = this.anneal(momenta[phase.startMomentum], momenta[phase.endMomentum], pct);
        }
        return this.anneal(this.lrs[phase.startLr], this.lrs[phase.endLr], pct);
      }
      start = phase.endStep;
    }
    // Stryker disable next-line StringLiteral: unreachable, the last phase always matches
    /* c8 ignore next */
    throw new Error('unreachable: the last phase always matches');
  }
}

/** SequentialLR: one scheduler after another, switching at the milestones (with PyTorch 1.13's quirks). */
export class SequentialLR extends TorchScheduler {
  readonly name = 'SequentialLR';
  constructor(
    group: ScheduleGroup,
    readonly schedulers: readonly TorchScheduler[],
    readonly milestones: readonly number[],
  ) {
    super(group);
    this.lastEpoch = 0;
    group.lr = group.initialLr ?? group.lr;
    for (const s of schedulers) s.lastEpoch -= 1;
    (schedulers[0] as TorchScheduler).restart();
  }
  // Stryker disable next-line BlockStatement: unreachable, this scheduler overrides step()
  protected chainable(): number {
    /* c8 ignore next */
    return this.group.lr;
  }
  override step(): void {
    this.lastEpoch++;
    const idx = this.milestones.filter((m) => m <= this.lastEpoch).length;
    const scheduler = this.schedulers[idx] as TorchScheduler;
    // milestones[-1] is undefined, so before the first milestone this is false.
    if (this.milestones[idx - 1] === this.lastEpoch) scheduler.step(0);
    else scheduler.step();
  }
  override state(): LrSchedulerStateV1 {
    return { lastEpoch: this.lastEpoch, schedulers: this.schedulers.map((s) => s.state()) };
  }
  override load(state: LrSchedulerStateV1): void {
    this.lastEpoch = readNumber(state, 'lastEpoch');
    loadChildren(this.schedulers, state);
  }
}

/** ChainedScheduler: every scheduler steps, in order, each on the lr the previous one left. */
export class ChainedScheduler extends TorchScheduler {
  readonly name = 'ChainedScheduler';
  constructor(group: ScheduleGroup, readonly schedulers: readonly TorchScheduler[]) {
    super(group);
    this.lastEpoch = 0;
  }
  // Stryker disable next-line BlockStatement: unreachable, this scheduler overrides step()
  protected chainable(): number {
    /* c8 ignore next */
    return this.group.lr;
  }
  override step(): void {
    this.lastEpoch++;
    for (const s of this.schedulers) s.step();
  }
  override state(): LrSchedulerStateV1 {
    return { lastEpoch: this.lastEpoch, schedulers: this.schedulers.map((s) => s.state()) };
  }
  override load(state: LrSchedulerStateV1): void {
    this.lastEpoch = readNumber(state, 'lastEpoch');
    loadChildren(this.schedulers, state);
  }
}

function loadChildren(schedulers: readonly TorchScheduler[], state: LrSchedulerStateV1): void {
  const saved = state.schedulers;
  if (!Array.isArray(saved) || saved.length !== schedulers.length) {
    throw new TypeError(`scheduler state holds ${Array.isArray(saved) ? String(saved.length) : 'no'} nested schedulers, expected ${String(schedulers.length)}`);
  }
  schedulers.forEach((s, i) => {
    s.load(saved[i] as LrSchedulerStateV1);
  });
}

export interface ReduceLROnPlateauOptions {
  mode: 'min' | 'max';
  factor: number;
  patience: number;
  threshold: number;
  thresholdMode: 'rel' | 'abs';
  cooldown: number;
  minLr: number;
  eps: number;
}

/** ReduceLROnPlateau: lr · factor once the metric has not improved for more than `patience` steps. */
export class ReduceLROnPlateau extends TorchScheduler {
  readonly name = 'ReduceLROnPlateau';
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;

  constructor(group: ScheduleGroup, readonly options: ReduceLROnPlateauOptions) {
    // Not an `_LRScheduler` in PyTorch: it neither sets initial_lr nor takes an initial step.
    const saved = group.initialLr;
    super(group);
    group.initialLr = saved;
    this.lastEpoch = 0;
    this.best = options.mode === 'min' ? Infinity : -Infinity;
  }

  override get needsMetric(): boolean {
    return true;
  }

  // Stryker disable next-line BlockStatement: unreachable, this scheduler overrides step()
  protected chainable(): number {
    /* c8 ignore next */
    return this.group.lr;
  }

  private isBetter(a: number): boolean {
    const { mode, thresholdMode, threshold } = this.options;
    if (mode === 'min') return thresholdMode === 'rel' ? a < this.best * (1 - threshold) : a < this.best - threshold;
    return thresholdMode === 'rel' ? a > this.best * (threshold + 1) : a > this.best + threshold;
  }

  /** Takes the metric of the step just taken. */
  override step(metric?: number): void {
    if (metric === undefined) throw new TypeError('ReduceLROnPlateau.step needs the metric of the step just taken');
    this.lastEpoch++;
    if (this.isBetter(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else this.numBadEpochs++;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.options.patience) {
      const old = this.group.lr;
      const next = Math.max(old * this.options.factor, this.options.minLr);
      if (old - next > this.options.eps) this.group.lr = next;
      this.cooldownCounter = this.options.cooldown;
      this.numBadEpochs = 0;
    }
  }

  override state(): LrSchedulerStateV1 {
    return {
      lastEpoch: this.lastEpoch,
      best: writeNumber(this.best),
      numBadEpochs: this.numBadEpochs,
      cooldownCounter: this.cooldownCounter,
    };
  }
  override load(state: LrSchedulerStateV1): void {
    this.lastEpoch = readNumber(state, 'lastEpoch');
    this.best = readNumber(state, 'best');
    this.numBadEpochs = readNumber(state, 'numBadEpochs');
    this.cooldownCounter = readNumber(state, 'cooldownCounter');
  }
}

/** A schedule given as a closed form in the step and base lr, for the conveniences PyTorch lacks. */
export class ClosedFormLR extends TorchScheduler {
  constructor(
    group: ScheduleGroup,
    readonly name: string,
    readonly lrAt: (baseLr: number, step: number) => number,
  ) {
    super(group);
    this.initialStep();
  }
  protected chainable(): number {
    return this.lrAt(this.baseLr, this.lastEpoch);
  }
  // No closedForm override: step(epoch) falls back to chainable(), which is the closed form here.
}
