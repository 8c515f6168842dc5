import { describe, expect, it } from 'vitest';
import { HeavyBall, heavyBallPlugin, type HeavyBallOptions } from '../__fixtures__/heavy-ball.js';
import fixture from '../__fixtures__/torch-heavy-ball.json' with { type: 'json' };
import type { FloatArray } from '../optimizer-types.js';
import type { OptimizerPluginV1 } from '../plugin.js';
import {
  describeTorchReplay,
  float32Deviation,
  FLOAT32_EPSILON,
  FLOAT32_UNITS,
  replayTorchTrajectory,
  torchTrajectoryMismatch,
  type TorchTrajectoryFixture,
} from './torch-replay.js';

// The replay is the main external check of every optimizer: these tests make sure that it fails when it must.
const torch = fixture as TorchTrajectoryFixture;
const firstCase = torch.cases[0] as TorchTrajectoryFixture['cases'][number];
const options = { lr: 0.05, momentum: 0.9 };

// The heavy-ball fixture optimizer is torch's SGD with momentum and no dampening: it must pass its own replay.
describeTorchReplay(heavyBallPlugin, torch);

/** A heavy ball that writes NaN into θ[2] from step `from` on, as a diverging or buggy update would. */
function nanFrom(from: number): OptimizerPluginV1<HeavyBallOptions> {
  class NanBall extends HeavyBall {
    protected override updateParameter(param: FloatArray, grad: FloatArray, state: { buffer: FloatArray; calls: number }, o: HeavyBallOptions, lr: number) {
      super.updateParameter(param, grad, state, o, lr);
      if (state.calls >= from) param[2] = Number.NaN;
    }
  }
  return { ...heavyBallPlugin, create: (params, o) => new NanBall(params, o) };
}

describe('torchTrajectoryMismatch', () => {
  it('passes the heavy ball in both precisions', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      expect(torchTrajectoryMismatch(replayTorchTrajectory(heavyBallPlugin, torch, options, dtype), firstCase, dtype)).toBeUndefined();
    }
  });

  it('fails an optimizer that produces NaN, in either precision, naming the step and entry', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const ours = replayTorchTrajectory(nanFrom(7), torch, options, dtype);
      expect(torchTrajectoryMismatch(ours, firstCase, dtype)).toBe('step 7, θ[2]: ours is NaN');
    }
  });

  it('fails an infinite value', () => {
    const ours = firstCase.float64.map((row) => [...row]);
    (ours[29] as number[])[0] = Number.POSITIVE_INFINITY;
    expect(torchTrajectoryMismatch(ours, firstCase, 'float64')).toBe('step 30, θ[0]: ours is Infinity');
  });

  it('fails when steps are missing on either side, or a row is short', () => {
    const full = replayTorchTrajectory(heavyBallPlugin, torch, options, 'float64');
    expect(torchTrajectoryMismatch(full.slice(0, 29), firstCase, 'float64')).toBe('29 steps replayed, torch has 30');
    const shortFixture = { float64: firstCase.float64.slice(0, 20), float32: firstCase.float32 };
    expect(torchTrajectoryMismatch(full, shortFixture, 'float64')).toBe('30 steps replayed, torch has 20');
    const shortRow = full.map((row, t) => (t === 4 ? row.slice(1) : row));
    expect(torchTrajectoryMismatch(shortRow, firstCase, 'float64')).toBe('step 5: 5 parameters, torch has 6');
  });

  it('fails on a non-finite value in the fixture itself', () => {
    const broken = { ...firstCase, float64: firstCase.float64.map((row, t) => (t === 3 ? row.map(() => Number.NaN) : row)) };
    const ours = replayTorchTrajectory(heavyBallPlugin, torch, options, 'float64');
    expect(torchTrajectoryMismatch(ours, broken, 'float64')).toBe('step 4, θ[0]: the fixture holds NaN');
  });

  it('fails a float64 trajectory offered as float32: torch\'s own float64 run, and ours rounded to float32', () => {
    expect(torchTrajectoryMismatch(firstCase.float64, firstCase, 'float32')).toMatch(/as much as a float64 computation/);
    const ours64 = replayTorchTrajectory(heavyBallPlugin, torch, options, 'float64').map((row) => row.map(Math.fround));
    expect(torchTrajectoryMismatch(ours64, firstCase, 'float32')).toMatch(/not float32 arithmetic/);
  });

  it('holds a WebAssembly kernel (closerThanFloat64: false) to the units bound only', () => {
    const ours64 = firstCase.float64.map((row) => row.map(Math.fround));
    expect(torchTrajectoryMismatch(ours64, firstCase, 'float32', { closerThanFloat64: false })).toBeUndefined();
    const nan = ours64.map((row, t) => (t === 2 ? [Number.NaN, ...row.slice(1)] : row));
    expect(torchTrajectoryMismatch(nan, firstCase, 'float32', { closerThanFloat64: false })).toBe('step 3, θ[0]: ours is NaN');
  });

  it('fails a float32 run that is off by more than float32 rounding, at the first step', () => {
    const ours = replayTorchTrajectory(heavyBallPlugin, torch, options, 'float32');
    // One step's rounding of the row's largest entry is one unit; three units at step 1 is beyond the bound.
    const row = ours[0] as number[];
    row[1] = (row[1] as number) + 3 * FLOAT32_EPSILON * Math.max(...(firstCase.float32[0] as number[]).map(Math.abs));
    expect(torchTrajectoryMismatch(ours, firstCase, 'float32')).toMatch(/by 3\.0\d\d float32 rounding units \(bound 1\)/);
  });

  it('fails a float64 replay off by more than 1e-9 relative', () => {
    const ours = replayTorchTrajectory(heavyBallPlugin, torch, options, 'float64');
    const row = ours[10] as number[];
    row[3] = (row[3] as number) * (1 + 3e-9);
    expect(torchTrajectoryMismatch(ours, firstCase, 'float64')).toMatch(/^step 11, θ\[3\]: /);
  });
});

describe('float32Deviation', () => {
  it('measures in roundings of the row\'s largest entry per step taken', () => {
    const reference = [
      [2, -1],
      [4, 1],
    ];
    // Step 1: 2 ε₃₂·2 off → 2 units; step 2: ε₃₂·4·2 off on a row of scale 4 → 2 units / 2 steps = 1.
    expect(float32Deviation([[2 + 4 * FLOAT32_EPSILON, -1], [4, 1]], reference)).toBeCloseTo(2, 12);
    expect(float32Deviation([[2, -1], [4, 1 + 8 * FLOAT32_EPSILON]], reference)).toBeCloseTo(1, 12);
    expect(float32Deviation(reference, reference)).toBe(0);
  });

  it('puts torch\'s float64 run more than twice as far from its float32 run as our float32 replay', () => {
    const ours = replayTorchTrajectory(heavyBallPlugin, torch, options, 'float32');
    const float64Apart = float32Deviation(firstCase.float64, firstCase.float32);
    expect(float32Deviation(ours, firstCase.float32)).toBeLessThan(FLOAT32_UNITS);
    expect(float64Apart).toBeGreaterThan(2 * float32Deviation(ours, firstCase.float32));
  });
});
