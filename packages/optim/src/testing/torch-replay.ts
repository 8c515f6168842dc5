import { describe, expect, it } from 'vitest';
import { createArena } from '../arena.js';
import { parameter } from '../parameter.js';
import type { OptimizerPluginV1 } from '../plugin.js';
import type { BaseOptimizerOptions, FloatArray } from '../optimizer-types.js';

/** The JSON that `scripts/torch-optimizer-fixtures.py` writes for each optimizer package. */
export interface TorchTrajectoryFixture {
  readonly torch: string;
  readonly class: string;
  readonly start: readonly number[];
  readonly scales: readonly number[];
  readonly noise: readonly (readonly number[])[];
  readonly cases: readonly {
    readonly options: Readonly<Record<string, unknown>>;
    readonly float64: readonly (readonly number[])[];
    readonly float32: readonly (readonly number[])[];
  }[];
}

/** PyTorch's option names to ours: `weight_decay` → `weightDecay`, `betas: [a, b]` → `beta1`, `beta2`. */
export function torchOptionsToDescent(options: Readonly<Record<string, unknown>>, drop: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (drop.includes(key)) continue;
    if (key === 'betas' && Array.isArray(value)) {
      out.beta1 = value[0];
      out.beta2 = value[1];
      continue;
    }
    out[key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = value;
  }
  return out;
}

/** Replays the fixture's gradients g_t = c ⊙ θ + noise_t through the plugin and returns θ after every step. */
export function replayTorchTrajectory<O extends BaseOptimizerOptions>(
  plugin: OptimizerPluginV1<O>,
  fixture: TorchTrajectoryFixture,
  options: Partial<O>,
  dtype: 'float32' | 'float64',
  inArena = false,
): number[][] {
  const make = (values: readonly number[]): FloatArray => (dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values));
  const p = inArena ? createArena({ bytes: 1 << 16 }).parameter(fixture.start.length, dtype) : parameter(make(fixture.start));
  p.data.set(fixture.start);
  const scales = make(fixture.scales);
  const opt = plugin.create([p], options);
  return fixture.noise.map((row) => {
    const noise = make(row);
    // In float32 each operation rounds, as it does in PyTorch: c·θ, then + noise.
    for (let i = 0; i < p.data.length; i++) {
      const product = dtype === 'float32' ? Math.fround((scales[i] as number) * (p.data[i] as number)) : (scales[i] as number) * (p.data[i] as number);
      p.grad[i] = product + (noise[i] as number);
    }
    opt.step();
    return [...p.data];
  });
}

/**
 * Tests that the plugin follows PyTorch's trajectory for every case of the fixture: float64 to 1e-9 relative (the
 * issue's bar), float32 to a few float32 ulps per step.
 */
export function describeTorchReplay<O extends BaseOptimizerOptions>(
  plugin: OptimizerPluginV1<O>,
  fixture: TorchTrajectoryFixture,
  settings: {
    readonly dropOptions?: readonly string[];
    readonly extraOptions?: Partial<O>;
    /** Also replay float32 with the parameter in an arena, for optimizers with a WebAssembly kernel. */
    readonly arena?: boolean;
  } = {},
): void {
  describe(`${plugin.id} matches ${fixture.class} (torch ${fixture.torch})`, () => {
    for (const c of fixture.cases) {
      const options = { ...torchOptionsToDescent(c.options, settings.dropOptions), ...settings.extraOptions } as Partial<O>;
      const runs = [
        ['float64', false],
        ['float32', false],
        ...(settings.arena === true ? [['float32', true] as const] : []),
      ] as const;
      for (const [dtype, inArena] of runs) {
        it(`${JSON.stringify(c.options)} in ${dtype}${inArena ? ' in an arena' : ''}`, () => {
          const ours = replayTorchTrajectory(plugin, fixture, options, dtype, inArena);
          const theirs = c[dtype];
          const relative = dtype === 'float64' ? 1e-9 : 2e-5;
          const absolute = dtype === 'float64' ? 1e-12 : 2e-6;
          ours.forEach((row, t) => {
            row.forEach((value, i) => {
              const expected = theirs[t]?.[i] as number;
              const bound = relative * Math.abs(expected) + absolute;
              if (Math.abs(value - expected) > bound) {
                expect.fail(`step ${String(t + 1)}, θ[${String(i)}]: ${String(value)} vs torch ${String(expected)} (bound ${String(bound)})`);
              }
            });
          });
        });
      }
    }
  });
}
