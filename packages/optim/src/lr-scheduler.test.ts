import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/torch-schedulers.json' with { type: 'json' };
import { HeavyBall } from './__fixtures__/heavy-ball.js';
import { parseLrLambda } from './lr-lambda-expression.js';
import {
  chainedScheduler,
  constantLR,
  cosineAnnealingLR,
  cosineAnnealingWarmRestarts,
  cyclicLR,
  exponentialLR,
  lambdaLR,
  linearLR,
  oneCycleLR,
  reduceLROnPlateau,
  sequentialLR,
  warmupCosineLR,
  warmupStableDecayLR,
} from './lr-scheduler-constructors.js';
import { InvalidScheduleError, SCHEDULER_NAMES, type ScheduleSpec } from './lr-scheduler-spec.js';
import {
  attachScheduler,
  createLrScheduler,
  scheduleFunction,
  scheduleValues,
  type LrSchedulerStateDictV1,
  type ScheduledOptimizerStateDictV1,
} from './lr-schedulers.js';
import { parameter } from './parameter.js';

interface FixtureCase {
  spec: ScheduleSpec;
  lr: number;
  steps: number;
  metrics?: number[];
  optimizer?: string;
  lr_sequence: number[];
  momentum_sequence?: number[];
}
const cases = fixture.cases as unknown as FixtureCase[];

/** Same to 1e-12 relative (the recursive forms round like PyTorch's, but Math.cos may differ from libm in the last bit). */
function expectClose(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((e, i) => {
    const a = actual[i] as number;
    if (Math.abs(a - e) > 1e-12 * Math.abs(e) + 1e-300) expect.fail(`value ${String(i)}: ${String(a)}, PyTorch ${String(e)}`);
  });
}

const label = (c: FixtureCase): string => JSON.stringify(c.spec).slice(0, 150);

describe(`every scheduler against PyTorch ${fixture.torch}`, () => {
  it('covers all fifteen of torch.optim.lr_scheduler', () => {
    const covered = new Set<string>();
    const visit = (s: ScheduleSpec): void => {
      covered.add(s.name);
      (s.schedulers as ScheduleSpec[] | undefined)?.forEach(visit);
    };
    cases.forEach((c) => { visit(c.spec); });
    expect([...covered].sort()).toEqual(SCHEDULER_NAMES.filter((n) => !n.startsWith('Warmup')).sort());
    expect(SCHEDULER_NAMES).toHaveLength(17);
  });

  it.each(cases.map((c) => [label(c), c] as const))('%s', (_, c) => {
    const values = scheduleValues(c.spec, { lr: c.lr, steps: c.steps, ...(c.metrics === undefined ? {} : { metrics: c.metrics }) });
    expectClose(values.lr, c.lr_sequence);
    if (c.momentum_sequence === undefined) expect(values.momentum).toBeUndefined();
    else expectClose(values.momentum ?? [], c.momentum_sequence);
  });

  it.each(cases.map((c) => [label(c), c] as const))('saved mid-run and loaded into a fresh scheduler, continues exactly: %s', (_, c) => {
    const cut = Math.floor(c.steps / 2);
    const first = createLrScheduler(c.spec, { lr: c.lr });
    const seen: number[] = [];
    for (let t = 0; t < cut; t++) {
      seen.push(first.lr);
      first.step(c.metrics?.[t]);
    }
    const saved = JSON.parse(JSON.stringify(first.stateDict())) as LrSchedulerStateDictV1;
    const resumed = createLrScheduler(c.spec, { lr: c.lr });
    resumed.loadStateDict(saved);
    for (let t = cut; t < c.steps; t++) {
      seen.push(resumed.lr);
      if (t < c.steps - 1) resumed.step(c.metrics?.[t]);
    }
    expectClose(seen, c.lr_sequence);
  });
});

describe('scheduler state', () => {
  it('refuses a state saved by another scheduler, or one with a counter missing, and writes ±Infinity as text', () => {
    const plateau = createLrScheduler(reduceLROnPlateau({ mode: 'max' }), { lr: 0.1 });
    const saved = plateau.stateDict();
    expect(saved.state.best).toBe('-Infinity');
    const round = createLrScheduler(reduceLROnPlateau({ mode: 'max' }), { lr: 0.1 });
    round.loadStateDict(JSON.parse(JSON.stringify(saved)) as LrSchedulerStateDictV1);
    round.step(-5);
    expect(round.stateDict().state.best).toBe(-5);
    expect(() => { createLrScheduler(exponentialLR({ gamma: 0.5 }), { lr: 0.1 }).loadStateDict(saved); }).toThrow(
      "ExponentialLR.loadStateDict: the state was saved by 'ReduceLROnPlateau'",
    );
    const partial = Object.fromEntries(Object.entries(saved.state).filter(([key]) => key !== 'lastEpoch'));
    expect(() => { round.loadStateDict({ ...saved, state: partial }); }).toThrow("scheduler state has no number 'lastEpoch' (got nothing)");
    const chained = createLrScheduler(chainedScheduler({ schedulers: [linearLR(), exponentialLR({ gamma: 0.5 })] }), { lr: 0.1 });
    const chainedState = chained.stateDict();
    expect(() => { chained.loadStateDict({ ...chainedState, state: { ...chainedState.state, schedulers: [] } }); }).toThrow(
      'scheduler state holds 0 nested schedulers, expected 2',
    );
  });
});

describe('the two conveniences', () => {
  it('WarmupCosineLR: base·(s + (1−s)·t/W) for t < W, then η_min + (base − η_min)(1 + cos(π(t − W)/(T − W)))/2, then η_min', () => {
    const { lr } = scheduleValues(warmupCosineLR({ warmupSteps: 4, totalSteps: 8, etaMin: 0.01 }), { lr: 0.1, steps: 10 });
    const c = (k: number) => 0.01 + (0.09 * (1 + Math.cos((Math.PI * k) / 4))) / 2;
    expectClose(lr, [0, 0.025, 0.05, 0.075, 0.1, c(1), c(2), c(3), 0.01, 0.01]);
    expect(lr[6]).toBeCloseTo(0.055, 15);
    const started = scheduleValues(warmupCosineLR({ warmupSteps: 2, totalSteps: 4, warmupStartFactor: 0.5 }), { lr: 1, steps: 3 });
    expectClose(started.lr, [0.5, 0.75, 1]);
  });

  it('WarmupStableDecayLR: warmup, the base lr until T − D, then linear, cosine or 1 − √p down to min_lr', () => {
    const run = (decayShape: 'linear' | 'cosine' | '1-sqrt') =>
      scheduleValues(warmupStableDecayLR({ warmupSteps: 2, decaySteps: 4, totalSteps: 10, minLr: 0.2, decayShape }), { lr: 1, steps: 12 }).lr;
    const head = [0, 0.5, 1, 1, 1, 1];
    expectClose(run('linear'), [...head, 1, 0.8, 0.6, 0.4, 0.2, 0.2]);
    expectClose(run('cosine'), [...head, 1, 0.2 + 0.8 * (1 + Math.SQRT1_2) / 2, 0.6, 0.2 + 0.8 * (1 - Math.SQRT1_2) / 2, 0.2, 0.2]);
    expectClose(run('1-sqrt'), [...head, 1, 0.2 + 0.8 * (1 - 0.5), 0.2 + 0.8 * (1 - Math.SQRT1_2), 0.2 + 0.8 * (1 - Math.sqrt(0.75)), 0.2, 0.2]);
  });
});

describe('specs', () => {
  it('typed camelCase constructors write PyTorch names', () => {
    expect(oneCycleLR({ maxLr: 0.1, totalSteps: 100 })).toEqual({ name: 'OneCycleLR', max_lr: 0.1, total_steps: 100 });
    expect(cosineAnnealingLR({ tMax: 10, etaMin: 0.01 })).toEqual({ name: 'CosineAnnealingLR', T_max: 10, eta_min: 0.01 });
    expect(cosineAnnealingWarmRestarts({ t0: 3, tMult: 2 })).toEqual({ name: 'CosineAnnealingWarmRestarts', T_0: 3, T_mult: 2 });
    expect(reduceLROnPlateau({ thresholdMode: 'abs', minLr: 0.1 })).toEqual({ name: 'ReduceLROnPlateau', threshold_mode: 'abs', min_lr: 0.1 });
    const nested = sequentialLR({ schedulers: [constantLR({ factor: 0.1, totalIters: 2 }), exponentialLR({ gamma: 0.9 })], milestones: [2] });
    const json = cases.find((c) => isDeepStrictEqual(c.spec, nested));
    expect(json).toBeDefined();
    expectClose(scheduleValues(nested, { lr: 1, steps: 10 }).lr, json?.lr_sequence ?? []);
    expect(cyclicLR({ baseLr: 0.1, maxLr: 1, stepSizeDown: undefined })).toEqual({ name: 'CyclicLR', base_lr: 0.1, max_lr: 1 });
    expect(chainedScheduler({ schedulers: [linearLR()] })).toEqual({ name: 'ChainedScheduler', schedulers: [{ name: 'LinearLR' }] });
  });

  it('take a function or a Python expression as lr_lambda', () => {
    const fromFunction = scheduleValues(lambdaLR({ lrLambda: (e) => 0.95 ** e }), { lr: 0.1, steps: 20 }).lr;
    expectClose(fromFunction, cases[0]?.lr_sequence ?? []);
    expect(scheduleValues('{"name": "LambdaLR", "lr_lambda": "0.95 ** epoch"}', { lr: 0.1, steps: 3 }).lr[2]).toBeCloseTo(0.09025, 15);
  });

  it.each([
    [{ name: 'CosineAnnealing' }, `unknown scheduler 'CosineAnnealing' (known: ${SCHEDULER_NAMES.join(', ')})`],
    [{ name: 'CosineAnnealingLR', tmax: 10 }, "unknown argument 'tmax' for CosineAnnealingLR (known: T_max, eta_min)"],
    [{ name: 'CosineAnnealingLR' }, "CosineAnnealingLR needs 'T_max'"],
    [{ name: 'StepLR', step_size: 0 }, 'invalid step_size for StepLR: 0 (expected a whole number ≥ 1)'],
    [{ name: 'ExponentialLR', gamma: -0.5 }, 'invalid gamma for ExponentialLR: -0.5 (expected a number ≥ 0)'],
    [{ name: 'CyclicLR', base_lr: 0.1, max_lr: 1, mode: 'exp_range', gamma: 0 }, 'invalid gamma for CyclicLR: 0 (expected a number > 0)'],
    [{ name: 'MultiStepLR', milestones: [2, 1.5] }, 'invalid milestones for MultiStepLR: [2,1.5] (expected a list of whole numbers ≥ 0)'],
    [{ name: 'CyclicLR', base_lr: 0.1, max_lr: 1, cycle_momentum: 1 }, 'invalid cycle_momentum for CyclicLR: 1 (expected true or false)'],
    [{ name: 'ChainedScheduler', schedulers: [] }, 'invalid schedulers for ChainedScheduler: [] (expected a non-empty list of schedules)'],
    [{ name: 'WarmupCosineLR', warmup_steps: 10, total_steps: 10 }, 'WarmupCosineLR needs warmup_steps < total_steps, got 10 and 10'],
    [{ name: 'LambdaLR', lr_lambda: 3 }, 'invalid lr_lambda for LambdaLR: 3 (expected a Python expression in epoch, e.g. "0.95 ** epoch")'],
    [{ name: 'OneCycleLR', max_lr: 0.1, anneal_strategy: 'cosine' }, 'invalid anneal_strategy for OneCycleLR: "cosine" (expected one of "cos", "linear")'],
    [{ name: 'OneCycleLR', max_lr: 0.1 }, 'OneCycleLR needs total_steps, or epochs and steps_per_epoch'],
    [{ max_lr: 0.1 }, 'a schedule needs a "name"'],
    [[1], 'a schedule is an object like {"name": "StepLR", "step_size": 10}, got [1]'],
    [{ name: 'SequentialLR', schedulers: [{ name: 'ConstantLR' }], milestones: [2] }, 'SequentialLR needs one milestone fewer than schedulers: 1 schedulers, 1 milestones'],
    [{ name: 'SequentialLR', schedulers: [{ name: 'ConstantLR' }, { name: 'Step' }], milestones: [2] }, "schedulers[1]: unknown scheduler 'Step'"],
    [{ name: 'ChainedScheduler', schedulers: [{ name: 'ReduceLROnPlateau' }] }, 'schedulers[0]: ReduceLROnPlateau cannot be nested in ChainedScheduler (it steps on a metric)'],
    [{ name: 'SequentialLR', schedulers: [{ name: 'ConstantLR' }, { name: 'ChainedScheduler', schedulers: [{ name: 'ConstantLR' }] }], milestones: [2] }, 'schedulers[1]: ChainedScheduler cannot be nested in SequentialLR'],
    [{ name: 'LambdaLR', lr_lambda: '0.95 ^ epoch' }, "invalid lr_lambda for LambdaLR: \"0.95 ^ epoch\" (expected a Python expression in epoch (unexpected '^' at position 5 of '0.95 ^ epoch'))"],
    [{ name: 'WarmupStableDecayLR', warmup_steps: 5, decay_steps: 6, total_steps: 10 }, 'WarmupStableDecayLR needs warmup_steps + decay_steps ≤ total_steps, got 5 + 6 > 10'],
  ])('refuse %j', (spec, message) => {
    expect(() => createLrScheduler(spec as unknown as ScheduleSpec, { lr: 0.1 })).toThrow(message);
    expect(() => createLrScheduler(spec as unknown as ScheduleSpec, { lr: 0.1 })).toThrow(InvalidScheduleError);
  });

  it('take PyTorch\'s defaults for what is left out, and null as PyTorch\'s None', () => {
    expectClose(scheduleValues({ name: 'StepLR', step_size: 2, gamma: null }, { lr: 1, steps: 3 }).lr, [1, 1, 0.1]);
    expectClose(scheduleValues({ name: 'ExponentialLR', gamma: 0 }, { lr: 1, steps: 3 }).lr, [1, 0, 0]);
  });

  it('refuse JSON that does not parse, a bad base lr, and OneCycleLR past total_steps (as PyTorch does)', () => {
    expect(() => createLrScheduler('{"name": ', { lr: 0.1 })).toThrow(/^a schedule must be JSON: /);
    expect(() => createLrScheduler({ name: 'StepLR', step_size: 2 }, { lr: -1 })).toThrow('invalid base lr for a schedule: -1 (expected a number ≥ 0)');
    const s = createLrScheduler(oneCycleLR({ maxLr: 0.1, totalSteps: 3 }), { lr: 0 });
    s.step();
    s.step();
    s.step();
    expect(() => { s.step(); }).toThrow('OneCycleLR: tried to step 5 times; its total_steps is 3');
    expect(() => scheduleValues(reduceLROnPlateau(), { lr: 0.1, steps: 4, metrics: [1] })).toThrow(
      'ReduceLROnPlateau needs a metric after every step: 3 metrics for 4 steps, got 1',
    );
  });
});

describe('Python expressions for lr_lambda', () => {
  it.each([
    ['-2 ** 2', 0, -4],
    ['2 ** -1', 0, 0.5],
    ['2 ** 3 ** 2', 0, 512],
    ['-7 // 2', 0, -4],
    ['-7 % 3', 0, 2],
    ['7 % -3', 0, -2],
    ['epoch // 30 + epoch % 30 / 10', 65, 2.5],
    ['min(1, (epoch + 1) / 10) * max(0.1, cos(pi * epoch / 20))', 4, 0.5 * Math.cos(Math.PI / 5)],
    ['1e-1 * .5 + exp(0) - sqrt(4) + abs(-1) + floor(2.5) - ceil(0.5) + log(e) - sin(0)', 0, 0.05 + 1 - 2 + 1 + 2 - 1 + 1],
    // Every spelling of a number Python's float() reads: exponents signed or not, of several digits, after a bare fraction.
    ['1e10 / 1e+10 + 1E-10 * 1e10 + .25 + .5e1 + .5E+1 + .5e-1 * 10 + 2.5e1 + 10.', 0, 1 + 1 + 0.25 + 5 + 5 + 0.5 + 25 + 10],
    ['+2 - -3 * +epoch', 1, 5],
    ['7 % 3 + 6 % -3', 0, 1],
    ['epoch + 1  ', 2, 3],
  ])('%s at epoch %d is %d', (text, epoch, value) => {
    expect(parseLrLambda(text)(epoch)).toBeCloseTo(value, 14);
  });
  it.each([
    ['', 'an empty expression'],
    ['epoch +', "unexpected end in 'epoch +'"],
    ['(epoch', "expected ')' but found the end in '(epoch'"],
    ['lambda epoch: 1', "write only the body of the lambda, without 'lambda epoch:', in 'lambda epoch: 1'"],
    ['epoch ** lambd', "unknown name 'lambd' (known: epoch, pi, e, min, max, abs, exp, log, sqrt, cos, sin, floor, ceil)"],
    ['epoch $ 2', "unexpected '$' at position 6 of 'epoch $ 2'"],
    ['epoch epoch', "unexpected 'epoch' in 'epoch epoch'"],
    ['  lambda epoch: 1', "write only the body of the lambda, without 'lambda epoch:', in '  lambda epoch: 1'"],
    ['2 * lambda', "unknown name 'lambda' (known: epoch, pi, e, min, max, abs, exp, log, sqrt, cos, sin, floor, ceil) in '2 * lambda'"],
    ['epoch * )', "unexpected ')' in 'epoch * )'"],
    ['min(1 2)', "expected ')' but found '2' in 'min(1 2)'"],
  ])('%j is refused', (text, message) => {
    expect(() => parseLrLambda(text)).toThrow(message);
  });
});

describe('schedules and optimizers', () => {
  it('scheduleFunction gives the same lr as the scheduler, for steps asked in any order', () => {
    const spec = cases.find((c) => c.spec.name === 'CosineAnnealingWarmRestarts') as FixtureCase;
    const f = scheduleFunction(spec.spec, spec.lr);
    const order = [5, 6, 2, 16, 0, 16, 9];
    expectClose(order.map(f), order.map((t) => spec.lr_sequence[t] as number));
    expect(() => scheduleFunction(reduceLROnPlateau(), 0.1)).toThrow('ReduceLROnPlateau steps on a metric, so it cannot be a function of the step');
  });

  function run(spec: ScheduleSpec, steps: number, cut?: number): { x: number[]; lr: number[]; momentum: number[] } {
    const make = () => {
      const p = parameter(Float64Array.from([1.5, -0.5]));
      const opt = new HeavyBall([p], { lr: 0.05, momentum: 0.5 });
      return { p, opt, attached: attachScheduler(opt, spec) };
    };
    let { p, opt } = make();
    const out = { x: [] as number[], lr: [] as number[], momentum: [] as number[] };
    for (let t = 0; t < steps; t++) {
      if (t === cut) {
        const saved = JSON.parse(JSON.stringify(opt.stateDict())) as ScheduledOptimizerStateDictV1;
        ({ p, opt } = make());
        p.data.set(out.x.slice(-2));
        opt.loadStateDict(saved);
      }
      out.lr.push(opt.currentLr());
      out.momentum.push(opt.paramGroups[0]?.options.momentum as number);
      p.grad.set([2 * (p.data[0] as number), 4 * (p.data[1] as number)]);
      opt.step();
      out.x.push(...p.data);
    }
    return out;
  }

  it('attachScheduler drives lr and momentum as PyTorch writes them into param_groups', () => {
    const c = cases.find((x) => x.spec.name === 'CyclicLR' && x.momentum_sequence !== undefined) as FixtureCase;
    const r = run(c.spec, c.steps);
    expectClose(r.lr, c.lr_sequence);
    expectClose(r.momentum, c.momentum_sequence ?? []);
  });

  it.each([
    ['OneCycleLR', oneCycleLR({ maxLr: 0.2, totalSteps: 30 })],
    ['SequentialLR', sequentialLR({ schedulers: [linearLR({ startFactor: 0.1, totalIters: 5 }), cosineAnnealingLR({ tMax: 10 })], milestones: [5] })],
  ])('a run saved mid-way (optimizer state dict) and loaded into a fresh optimizer continues exactly: %s', (_, spec) => {
    const whole = run(spec, 30);
    const resumed = run(spec, 30, 13);
    expect(resumed.x).toEqual(whole.x);
    expect(resumed.lr).toEqual(whole.lr);
    expect(resumed.momentum).toEqual(whole.momentum);
  });

  it('with every: k, steps the schedule once every k optimizer steps, also across a resume', () => {
    const lrs = (cut?: number) => {
      const make = () => {
        const o = new HeavyBall([parameter(Float64Array.from([1]))], { lr: 1 });
        attachScheduler(o, exponentialLR({ gamma: 0.5 }), { every: 3 });
        return o;
      };
      let opt = make();
      const seen: number[] = [];
      for (let t = 0; t < 8; t++) {
        if (t === cut) {
          const saved = opt.stateDict();
          opt = make();
          opt.loadStateDict(saved);
        }
        seen.push(opt.currentLr());
        opt.step();
      }
      return seen;
    };
    expect(lrs()).toEqual([1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25]);
    expect(lrs(4)).toEqual(lrs());
    expect(() => attachScheduler(new HeavyBall([parameter(new Float64Array(1))]), exponentialLR({ gamma: 0.5 }), { every: 0 })).toThrow(
      'invalid every for attachScheduler: 0 (expected a whole number ≥ 1)',
    );
  });

  it('steps ReduceLROnPlateau on the metric given, saves its counters and refuses a state without the schedule', () => {
    const p = parameter(Float64Array.from([1]));
    const opt = new HeavyBall([p], { lr: 0.1 });
    const attached = attachScheduler(opt, reduceLROnPlateau({ patience: 0 }));
    p.grad[0] = 1;
    opt.step();
    attached.step(1);
    opt.step();
    attached.step(2);
    expect(opt.currentLr()).toBeCloseTo(0.01, 15);
    const saved = opt.stateDict() as ScheduledOptimizerStateDictV1;
    expect(saved.schedulers?.[0]?.state).toEqual({ lastEpoch: 2, best: 1, numBadEpochs: 0, cooldownCounter: 0 });
    expect(() => { opt.loadStateDict({ ...saved, schedulers: undefined } as never); }).toThrow(
      'heavy-ball.loadStateDict: this optimizer has a ReduceLROnPlateau schedule, the state has none',
    );
    expect(() => { opt.loadStateDict({ ...saved, schedulers: [{ ...saved.schedulers?.[0], scheduler: 'StepLR' }] } as never); }).toThrow(
      "group 0 was scheduled by 'StepLR', this one by 'ReduceLROnPlateau'",
    );
    expect(() => { attachScheduler(new HeavyBall([parameter(new Float64Array(1))]), exponentialLR({ gamma: 0.5 })).step(1); }).toThrow(
      'ExponentialLR steps with the optimizer; it takes no metric',
    );
  });

  it('refuses to cycle momentum on an optimizer that has none, and to schedule a learning-rate function', () => {
    const fake = new HeavyBall([parameter(new Float64Array(1))]);
    delete (fake.paramGroups[0]?.options as unknown as Partial<Record<string, unknown>>).momentum;
    expect(() => attachScheduler(fake, oneCycleLR({ maxLr: 0.1, totalSteps: 10 }))).toThrow(
      `OneCycleLR cycles momentum, but optimizer 'heavy-ball' has neither momentum nor beta1 (set "cycle_momentum": false)`,
    );
    expect(() => attachScheduler(new HeavyBall([parameter(new Float64Array(1))], { lr: () => 0.1 }), exponentialLR({ gamma: 0.5 }))).toThrow(
      'parameter group 0 already has a learning-rate function',
    );
  });
});
