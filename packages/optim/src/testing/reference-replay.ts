import { describe, expect, it } from 'vitest';
import type { BaseOptimizerOptions } from '../optimizer-types.js';
import type { OptimizerPluginV1 } from '../plugin.js';
import { replayTorchTrajectory, torchOptionsToDescent, torchTrajectoryMismatch, type TorchTrajectoryFixture } from './torch-replay.js';

/** A reference run in float64 only: a fixture like PyTorch's, whose cases have no float32 trajectory. */
export interface Float64TrajectoryFixture extends Omit<TorchTrajectoryFixture, 'cases'> {
  readonly cases: readonly { readonly options: Readonly<Record<string, unknown>>; readonly float64: readonly (readonly number[])[] }[];
}

/**
 * Tests that the plugin follows a float64 reference trajectory for every case, to 1e-9 relative: for a second
 * definition of a rule (an optimizer's authors' code beside optax's), ported in its own order of operations, where
 * only exact arithmetic is comparable.
 */
export function describeFloat64Replay<O extends BaseOptimizerOptions>(plugin: OptimizerPluginV1<O>, fixture: Float64TrajectoryFixture): void {
  describe(`${plugin.id} matches ${fixture.class} (${fixture.torch})`, () => {
    for (const c of fixture.cases) {
      it(`${JSON.stringify(c.options)} in float64`, () => {
        const full = { ...fixture, cases: [] } as TorchTrajectoryFixture;
        const ours = replayTorchTrajectory(plugin, full, torchOptionsToDescent(c.options) as Partial<O>, 'float64');
        const mismatch = torchTrajectoryMismatch(ours, { float64: c.float64, float32: [] }, 'float64');
        if (mismatch !== undefined) expect.fail(mismatch);
      });
    }
  });
}
