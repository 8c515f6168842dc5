// Tests aimed at what the fixture tests leave unchecked in lr-scheduler.ts and lr-schedulers.ts: the closed forms
// SequentialLR jumps with, resumed states, exact boundaries and the error messages. Every expected value is PyTorch
// 1.13's definition (torch/optim/lr_scheduler.py) worked by hand, not an output of this code.
import { describe, expect, it } from 'vitest';
import { HeavyBall } from './__fixtures__/heavy-ball.js';
import { oneCycleLR, reduceLROnPlateau, stepLR } from './lr-scheduler-constructors.js';
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
  MultiplicativeLR,
  MultiStepLR,
  OneCycleLR,
  PolynomialLR,
  ReduceLROnPlateau,
  SequentialLR,
  StepLR,
  type CyclicLROptions,
  type OneCycleLROptions,
  type ReduceLROnPlateauOptions,
  type ScheduleGroup,
} from './lr-scheduler.js';
import { InvalidScheduleError } from './lr-scheduler-spec.js';
import { attachScheduler, createLrScheduler, scheduleFunction, scheduleValues, type LrSchedulerStateDictV1, type ScheduledOptimizerStateDictV1 } from './lr-schedulers.js';
import { parameter } from './parameter.js';

const group = (lr = 1): ScheduleGroup => ({ lr, initialLr: undefined, momentum: undefined });

/** The group's lr before the first step and after each of `steps` steps. */
function lrsOver(s: { step(): void }, g: ScheduleGroup, steps: number): number[] {
  const lrs = [g.lr];
  for (let t = 0; t < steps; t++) {
    s.step();
    lrs.push(g.lr);
  }
  return lrs;
}

/** CosineAnnealingLR's closed form, η_min + (η_base − η_min)(1 + cos(π t / T_max)) / 2. */
const cosine = (base: number, etaMin: number, t: number, tMax: number): number => etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * t) / tMax))) / 2;

describe('TorchScheduler basics', () => {
  it('each scheduler carries its PyTorch class name', () => {
    const g = group();
    const names = [
      new LambdaLR(group(), () => 1),
      new MultiplicativeLR(group(), () => 1),
      new StepLR(group(), 1, 0.5),
      new MultiStepLR(group(), [1], 0.5),
      new ConstantLR(group(), 0.5, 2),
      new LinearLR(group(), 0.5, 1, 2),
      new PolynomialLR(group(), 2, 1),
      new CosineAnnealingLR(group(), 2, 0),
      new CosineAnnealingWarmRestarts(group(), 2, 1, 0),
      new SequentialLR(g, [new StepLR(g, 1, 0.5), new StepLR(g, 1, 0.5)], [1]),
      new ChainedScheduler(g, [new StepLR(g, 1, 0.5)]),
    ].map((s) => s.name);
    expect(names).toEqual([
      'LambdaLR',
      'MultiplicativeLR',
      'StepLR',
      'MultiStepLR',
      'ConstantLR',
      'LinearLR',
      'PolynomialLR',
      'CosineAnnealingLR',
      'CosineAnnealingWarmRestarts',
      'SequentialLR',
      'ChainedScheduler',
    ]);
  });

  it('only ReduceLROnPlateau needs a metric', () => {
    expect(new StepLR(group(), 1, 0.5).needsMetric).toBe(false);
    expect(new ReduceLROnPlateau(group(), plateau()).needsMetric).toBe(true);
  });

  it('counts steps as _step_count does: 1 after construction (the initial step), +1 per step', () => {
    const s = new ExponentialLR(group(), 0.5);
    expect(s.stepCount).toBe(1);
    s.step();
    s.step();
    expect(s.stepCount).toBe(3);
    expect(s.lastEpoch).toBe(2);
  });

  it('reads ±Infinity written as strings, and names a missing or non-number counter', () => {
    const s = new ReduceLROnPlateau(group(), plateau());
    s.load({ lastEpoch: 3, best: 'Infinity', numBadEpochs: 1, cooldownCounter: 0 });
    expect(s.best).toBe(Infinity);
    s.load({ lastEpoch: 3, best: '-Infinity', numBadEpochs: 1, cooldownCounter: 0 });
    expect(s.best).toBe(-Infinity);
    expect(() => { s.load({ lastEpoch: 3, best: 'inf', numBadEpochs: 1, cooldownCounter: 0 }); }).toThrow(
      `scheduler state has no number 'best' (got "inf")`,
    );
    expect(() => { s.load({ lastEpoch: 3, numBadEpochs: 1, cooldownCounter: 0 }); }).toThrow(`scheduler state has no number 'best' (got nothing)`);
  });
});

describe('chainable forms', () => {
  it('MultiplicativeLR multiplies the current lr by λ(epoch) from the second step on', () => {
    const g = group(1);
    const s = new MultiplicativeLR(g, (epoch) => 1 / (epoch + 1));
    expect(g.lr).toBe(1);
    s.step();
    expect(g.lr).toBe(0.5);
    s.step();
    expect(g.lr).toBeCloseTo(0.5 / 3, 15);
  });

  it('StepLR multiplies by γ every step_size steps', () => {
    const g = group(1);
    const s = new StepLR(g, 2, 0.5);
    expect(lrsOver(s, g, 4)).toEqual([1, 1, 0.5, 0.5, 0.25]);
  });

  it('MultiStepLR multiplies by γ^(times the epoch is a milestone)', () => {
    const g = group(1);
    const s = new MultiStepLR(g, [1, 3, 3], 0.5);
    expect(lrsOver(s, g, 3)).toEqual([1, 0.5, 0.5, 0.125]);
  });

  it('PolynomialLR holds at 0 after total_iters instead of dividing by zero', () => {
    const g = group(1);
    const s = new PolynomialLR(g, 2, 1);
    expect(lrsOver(s, g, 4)).toEqual([1, 0.5, 0, 0, 0]);
  });

  it('CosineAnnealingLR takes the closed form on the first step of a resumed scheduler (_step_count 1, last_epoch > 0)', () => {
    const g = group(1);
    const s = new CosineAnnealingLR(g, 4, 0.1);
    // As if made with last_epoch=2: its initial step lands on epoch 3 and must not read the group's lr.
    s.load({ lastEpoch: 2, stepCount: 0, baseLr: 1 });
    g.lr = 0.7;
    s.step();
    expect(g.lr).toBeCloseTo(cosine(1, 0.1, 3, 4), 15);
  });

  it('CosineAnnealingLR follows the cosine through every restart point (t − 1 − T_max a multiple of 2·T_max)', () => {
    const g = group(1);
    const s = new CosineAnnealingLR(g, 2, 0.1);
    for (let t = 1; t <= 9; t++) {
      s.step();
      expect(g.lr).toBeCloseTo(cosine(1, 0.1, t, 2), 12);
    }
  });

  it('CyclicLR in triangular mode ignores γ (PyTorch scales triangular cycles by 1)', () => {
    const options: CyclicLROptions = {
      baseLr: 0.1, maxLr: 0.5, stepSizeUp: 2, stepSizeDown: undefined, mode: 'triangular', gamma: 0.5,
      cycleMomentum: false, baseMomentum: 0.8, maxMomentum: 0.9,
    };
    const g = group(1);
    const s = new CyclicLR(g, options);
    s.step();
    expect(g.lr).toBeCloseTo(0.3, 15);
    for (let t = 2; t <= 5; t++) s.step();
    expect(g.lr).toBeCloseTo(0.3, 15);
    expect(new CyclicLR(group(), { ...options, mode: 'exp_range' }).scaleMode).toBe('iterations');
    expect(s.scaleMode).toBe('cycle');
  });
});

describe('closed forms (SequentialLR jumps and step(epoch))', () => {
  it('StepLR: base·γ^⌊epoch / step_size⌋', () => {
    const g = group(2);
    const s = new StepLR(g, 2, 0.5);
    s.step(5);
    expect(g.lr).toBe(0.5);
  });

  it('MultiStepLR: base·γ^(milestones ≤ epoch)', () => {
    const g = group(2);
    const s = new MultiStepLR(g, [2, 4, 6], 0.5);
    s.step(4);
    expect(g.lr).toBe(0.5);
  });

  it('ConstantLR: base·factor before total_iters, base from total_iters on', () => {
    const g = group(2);
    const s = new ConstantLR(g, 0.25, 3);
    s.step(2);
    expect(g.lr).toBe(0.5);
    s.step(3);
    expect(g.lr).toBe(2);
    s.step(7);
    expect(g.lr).toBe(2);
  });

  it('LinearLR: base·(start + (end − start)·min(total_iters, epoch)/total_iters)', () => {
    const g = group(2);
    const s = new LinearLR(g, 0.25, 1, 4);
    s.step(2);
    expect(g.lr).toBe(1.25);
    s.step(9);
    expect(g.lr).toBe(2);
  });

  it('ExponentialLR: base·γ^epoch', () => {
    const g = group(2);
    const s = new ExponentialLR(g, 0.5);
    s.step(3);
    expect(g.lr).toBe(0.25);
  });

  it('PolynomialLR: base·(1 − min(total_iters, epoch)/total_iters)^power', () => {
    const g = group(2);
    const s = new PolynomialLR(g, 4, 2);
    s.step(1);
    expect(g.lr).toBe(1.125);
  });

  it('CosineAnnealingLR: the cosine at the epoch', () => {
    const g = group(2);
    const s = new CosineAnnealingLR(g, 6, 0.5);
    s.step(2);
    expect(g.lr).toBeCloseTo(cosine(2, 0.5, 2, 6), 15);
  });
});

describe('CosineAnnealingWarmRestarts.step(epoch)', () => {
  it('restarts every T_0 steps when T_mult is 1', () => {
    const g = group(1);
    const s = new CosineAnnealingWarmRestarts(g, 4, 1, 0.1);
    s.step(6);
    expect([s.tCur, s.tI, s.lastEpoch]).toEqual([2, 4, 6]);
    expect(g.lr).toBeCloseTo(cosine(1, 0.1, 2, 4), 15);
    s.step(4);
    expect(s.tCur).toBe(0);
    expect(g.lr).toBe(1);
  });

  it('finds the period an epoch falls in when T_mult > 1 (periods 2, 4, 8 …)', () => {
    const g = group(1);
    const s = new CosineAnnealingWarmRestarts(g, 2, 2, 0.1);
    // Periods [0, 2), [2, 6), [6, 14): epoch 7 is one step into the 8-step period.
    s.step(7);
    expect([s.tCur, s.tI]).toEqual([1, 8]);
    expect(g.lr).toBeCloseTo(cosine(1, 0.1, 1, 8), 15);
    s.step(1);
    expect([s.tCur, s.tI]).toEqual([1, 2]);
  });

  it('steps from epoch 0 when last_epoch < 0, whatever T_cur holds', () => {
    const g = group(1);
    const s = new CosineAnnealingWarmRestarts(g, 4, 1, 0.1);
    s.load({ lastEpoch: -1, stepCount: 0, baseLr: 1, tI: 4, tCur: 2 });
    s.step();
    expect([s.tCur, s.lastEpoch]).toEqual([0, 0]);
    expect(g.lr).toBe(1);
  });
});

describe('OneCycleLR phases', () => {
  const options: OneCycleLROptions = {
    maxLr: 1, totalSteps: 10, pctStart: 0.3, annealStrategy: 'linear', cycleMomentum: true, baseMomentum: 0.8,
    maxMomentum: 0.9, divFactor: 4, finalDivFactor: 5, threePhase: false,
  };
  // initial lr 1/4, min lr 1/20.
  function run(o: OneCycleLROptions, steps: number): { lr: number[]; momentum: number[] } {
    const g = group(1);
    const s = new OneCycleLR(g, o);
    const out = { lr: [g.lr], momentum: [g.momentum as number] };
    for (let t = 1; t < steps; t++) {
      s.step();
      out.lr.push(g.lr);
      out.momentum.push(g.momentum as number);
    }
    return out;
  }
  const expectClose = (actual: number[], expected: number[]) => {
    expect(actual).toHaveLength(expected.length);
    actual.forEach((a, i) => { expect(a).toBeCloseTo(expected[i] as number, 12); });
  };

  it('two phases: initial → max over pct_start, then max → min, momentum max → base → max', () => {
    const { lr, momentum } = run(options, 10);
    // Phase ends at steps 2 and 9.
    expectClose(lr, [0.25, 0.625, 1, ...[1, 2, 3, 4, 5, 6, 7].map((k) => 1 + ((0.05 - 1) * k) / 7)]);
    expectClose(momentum, [0.9, 0.85, 0.8, ...[1, 2, 3, 4, 5, 6, 7].map((k) => 0.8 + (0.1 * k) / 7)]);
  });

  it('three phases: initial → max, max → initial, initial → min, momentum max → base → max, then held', () => {
    const { lr, momentum } = run({ ...options, threePhase: true }, 10);
    // Phase ends at steps 2, 4 and 9.
    expectClose(lr, [0.25, 0.625, 1, 0.625, 0.25, ...[1, 2, 3, 4, 5].map((k) => 0.25 + ((0.05 - 0.25) * k) / 5)]);
    expectClose(momentum, [0.9, 0.85, 0.8, 0.85, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9]);
  });
});

describe('ChainedScheduler and nested states', () => {
  it('counts its steps in last_epoch and names a state without nested schedulers', () => {
    const g = group(1);
    const s = new ChainedScheduler(g, [new ExponentialLR(g, 0.5), new StepLR(g, 2, 0.5)]);
    s.step();
    s.step();
    expect(s.state().lastEpoch).toBe(2);
    expect(g.lr).toBe(0.125);
    expect(() => { s.load({ lastEpoch: 2 }); }).toThrow('scheduler state holds no nested schedulers, expected 2');
  });
});

function plateau(o: Partial<ReduceLROnPlateauOptions> = {}): ReduceLROnPlateauOptions {
  return { mode: 'min', factor: 0.5, patience: 10, threshold: 0.5, thresholdMode: 'rel', cooldown: 0, minLr: 0, eps: 1e-8, ...o };
}

describe('ReduceLROnPlateau', () => {
  /** Whether `metric` counts as an improvement on `best` (a bad epoch resets nothing, a better one sets best). */
  function improves(o: Partial<ReduceLROnPlateauOptions>, best: number, metric: number): boolean {
    const s = new ReduceLROnPlateau(group(), plateau(o));
    s.step(best);
    s.step(metric);
    return s.best === metric;
  }

  it('min, rel: better only below best·(1 − threshold)', () => {
    expect(improves({ thresholdMode: 'rel' }, 8, 4)).toBe(false);
    expect(improves({ thresholdMode: 'rel' }, 8, 5)).toBe(false);
    expect(improves({ thresholdMode: 'rel' }, 8, 3.5)).toBe(true);
  });

  it('min, abs: better only below best − threshold', () => {
    expect(improves({ thresholdMode: 'abs' }, 8, 7.5)).toBe(false);
    expect(improves({ thresholdMode: 'abs' }, 8, 5)).toBe(true);
  });

  it('max, rel and abs: better only above best·(1 + threshold), best + threshold', () => {
    expect(improves({ mode: 'max', thresholdMode: 'rel' }, 4, 6)).toBe(false);
    expect(improves({ mode: 'max', thresholdMode: 'rel' }, 4, 6.5)).toBe(true);
    expect(improves({ mode: 'max', thresholdMode: 'abs' }, 4, 4.5)).toBe(false);
    expect(improves({ mode: 'max', thresholdMode: 'abs' }, 4, 5)).toBe(true);
  });

  it('needs the metric', () => {
    const s = new ReduceLROnPlateau(group(), plateau());
    expect(() => { s.step(); }).toThrow(new TypeError('ReduceLROnPlateau.step needs the metric of the step just taken'));
    expect(s.lastEpoch).toBe(0);
  });

  it('reduces only when the drop is more than eps', () => {
    const g = group(1);
    const s = new ReduceLROnPlateau(g, plateau({ patience: 0, eps: 0.5 }));
    s.step(1);
    s.step(1);
    expect(g.lr).toBe(1);
    const h = group(1);
    const r = new ReduceLROnPlateau(h, plateau({ patience: 0, eps: 0.25 }));
    r.step(1);
    r.step(1);
    expect(h.lr).toBe(0.5);
  });
});

describe('ClosedFormLR', () => {
  it('jumps to the closed form at step(epoch)', () => {
    const g = group(2);
    const s = new ClosedFormLR(g, 'Halving', (base, t) => base / 2 ** t);
    s.step(3);
    expect(g.lr).toBe(0.25);
  });
});

describe('createLrScheduler', () => {
  it('is a v1 scheduler whose state keeps initial_lr', () => {
    const s = createLrScheduler(stepLR({ stepSize: 1, gamma: 0.5 }), { lr: 0.8 });
    expect(s.specificationVersion).toBe('v1');
    s.step();
    const saved = s.stateDict();
    expect(saved.initialLr).toBe(0.8);
    const t = createLrScheduler(stepLR({ stepSize: 1, gamma: 0.5 }), { lr: 0.8 });
    t.loadStateDict({ ...saved, initialLr: 0.6 });
    expect(t.stateDict().initialLr).toBe(0.6);
    expect(createLrScheduler(reduceLROnPlateau(), { lr: 0.8 }).stateDict().initialLr).toBe(null);
  });

  it('refuses a state of another specification version', () => {
    const s = createLrScheduler(stepLR({ stepSize: 1 }), { lr: 0.8 });
    const saved = { ...s.stateDict(), specificationVersion: 'v2' } as unknown as LrSchedulerStateDictV1;
    expect(() => { s.loadStateDict(saved); }).toThrow(`StepLR.loadStateDict: the state was saved by 'StepLR'`);
  });

  it('refuses a metric that is not a number for ReduceLROnPlateau', () => {
    const s = createLrScheduler(reduceLROnPlateau(), { lr: 0.8 });
    expect(() => { s.step('1' as unknown as number); }).toThrow(new TypeError('ReduceLROnPlateau.step needs the metric of the step just taken'));
    expect(s.stepsTaken).toBe(0);
  });
});

describe('scheduleValues and scheduleFunction', () => {
  it('asks a metric after every step but the last of ReduceLROnPlateau', () => {
    expect(() => scheduleValues(reduceLROnPlateau(), { lr: 1, steps: 3 })).toThrow(
      new InvalidScheduleError('ReduceLROnPlateau needs a metric after every step: 2 metrics for 3 steps, got 0'),
    );
    expect(() => scheduleValues(reduceLROnPlateau(), { lr: 1, steps: 3, metrics: [1] })).toThrow(
      'ReduceLROnPlateau needs a metric after every step: 2 metrics for 3 steps, got 1',
    );
    expect(scheduleValues(reduceLROnPlateau({ patience: 0 }), { lr: 1, steps: 3, metrics: [1, 1] })).toEqual({ lr: [1, 1, 0.1] });
  });

  it('replays from the start only for an earlier step', () => {
    let calls = 0;
    const f = scheduleFunction({ name: 'LambdaLR', lr_lambda: (epoch: number) => { calls++; return 1 / (epoch + 1); } }, 1);
    expect(calls).toBe(1);
    expect(f(3)).toBe(0.25);
    expect(calls).toBe(4);
    expect(f(3)).toBe(0.25);
    expect(f(4)).toBe(0.2);
    expect(calls).toBe(5);
    expect(f(1)).toBe(0.5);
    expect(calls).toBe(7);
  });
});

describe('attachScheduler state checks', () => {
  const make = () => {
    const opt = new HeavyBall([parameter(Float64Array.from([1]))], { lr: 0.1 });
    attachScheduler(opt, stepLR({ stepSize: 1, gamma: 0.5 }));
    return opt;
  };

  it('names a state without schedules, with the wrong count, or with a missing group schedule', () => {
    const opt = make();
    const saved = opt.stateDict() as ScheduledOptimizerStateDictV1;
    const { schedulers, ...bare } = saved;
    expect(() => { opt.loadStateDict(bare); }).toThrow(`heavy-ball.loadStateDict: this optimizer has a StepLR schedule, the state has none`);
    const two = { ...saved, schedulers: [...(schedulers ?? []), ...(schedulers ?? [])] };
    expect(() => { opt.loadStateDict(two); }).toThrow(`heavy-ball.loadStateDict: this optimizer has a StepLR schedule, the state has 2 group schedules`);
    const hole = { ...saved, schedulers: [null] } as unknown as ScheduledOptimizerStateDictV1;
    expect(() => { opt.loadStateDict(hole); }).toThrow(`heavy-ball.loadStateDict: group 0 was scheduled by 'undefined', this one by 'StepLR'`);
  });
});

describe('attachScheduler momentum key', () => {
  it("cycles Adam's beta1 when the optimizer has beta1 and no momentum", () => {
    const opt = new HeavyBall([parameter(Float64Array.from([1]))], { lr: 0.1 });
    const options = opt.paramGroups[0]?.options as unknown as Record<string, unknown>;
    delete options.momentum;
    options.beta1 = 0.9;
    attachScheduler(opt, oneCycleLR({ maxLr: 0.1, totalSteps: 10, maxMomentum: 0.95, baseMomentum: 0.85 }));
    // OneCycleLR starts momentum at max_momentum.
    expect(options.beta1).toBe(0.95);
    expect('momentum' in options).toBe(false);
  });
});
