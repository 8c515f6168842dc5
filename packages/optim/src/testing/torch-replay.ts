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
  /** Set for closure-driven optimizers (LBFGS): the objective whose loss and gradient the closure returns. */
  readonly closure?: string;
  readonly cases: readonly (TorchTrajectoryCase & { readonly options: Readonly<Record<string, unknown>> })[];
}

/** PyTorch's pairs, split into two options as the packages name them. */
const TORCH_PAIRS: Readonly<Record<string, readonly [string, string]>> = {
  betas: ['beta1', 'beta2'],
  etas: ['etaMinus', 'etaPlus'],
  step_sizes: ['stepSizeMin', 'stepSizeMax'],
};

/**
 * PyTorch's option names to ours: `weight_decay` → `weightDecay`, `betas: [a, b]` → `beta1`, `beta2` (and Rprop's
 * `etas`, `step_sizes` likewise).
 */
export function torchOptionsToDescent(options: Readonly<Record<string, unknown>>, drop: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (drop.includes(key)) continue;
    const pair = TORCH_PAIRS[key];
    if (pair !== undefined && Array.isArray(value)) {
      out[pair[0]] = value[0];
      out[pair[1]] = value[1];
      continue;
    }
    out[key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = value;
  }
  return out;
}

/**
 * Replays the fixture's gradients g_t = c ⊙ θ + noise_t through the plugin and returns θ after every step. With
 * `drive: 'closure'` (optimizers such as LBFGS that evaluate the objective themselves), each step is one
 * `step(closure)` whose closure writes g_t at the current θ and returns f_t(θ) = Σ ½cᵢθᵢ² + noise_t,i·θᵢ.
 */
export function replayTorchTrajectory<O extends BaseOptimizerOptions>(
  plugin: OptimizerPluginV1<O>,
  fixture: TorchTrajectoryFixture,
  options: Partial<O>,
  dtype: 'float32' | 'float64',
  inArena = false,
  drive: 'gradient' | 'closure' = 'gradient',
): number[][] {
  const make = (values: readonly number[]): FloatArray => (dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values));
  // In float32 each operation rounds, as it does in PyTorch.
  const round = dtype === 'float32' ? Math.fround : (x: number) => x;
  const p = inArena ? createArena({ bytes: 1 << 16 }).parameter(fixture.start.length, dtype) : parameter(make(fixture.start));
  p.data.set(fixture.start);
  const scales = make(fixture.scales);
  const opt = plugin.create([p], options);
  return fixture.noise.map((row) => {
    const noise = make(row);
    const writeGradient = () => {
      // c·θ, then + noise.
      for (let i = 0; i < p.data.length; i++) p.grad[i] = round((scales[i] as number) * (p.data[i] as number)) + (noise[i] as number);
    };
    if (drive === 'closure') {
      opt.step(() => {
        writeGradient();
        // PyTorch's (0.5 * c * θ * θ + noise * θ).sum(), one rounding per operation, summed in order.
        let loss = 0;
        for (let i = 0; i < p.data.length; i++) {
          const theta = p.data[i] as number;
          const square = round(round(0.5 * (scales[i] as number) * theta) * theta);
          loss = round(loss + round(square + round((noise[i] as number) * theta)));
        }
        return loss;
      });
    } else {
      writeGradient();
      opt.step();
    }
    return [...p.data];
  });
}

/** float32's machine epsilon, 2⁻²³: the spacing of float32 numbers in [1, 2). */
export const FLOAT32_EPSILON = 2 ** -23;

/** What a replay is measured against: the fixture's trajectories for one option set. */
export interface TorchTrajectoryCase {
  readonly float64: readonly (readonly number[])[];
  readonly float32: readonly (readonly number[])[];
}

/**
 * The worst deviation of `rows` from `reference` in float32 rounding units: max over steps t = 1, 2, … and entries i of
 * |rows[t][i] − reference[t][i]| / (ε₃₂ · t · max_j |reference[t][j]|). One unit is one rounding of the row's largest
 * entry per step taken, the most that independent float32 rounding errors of that size add up to after t steps.
 */
export function float32Deviation(rows: readonly (readonly number[])[], reference: readonly (readonly number[])[]): number {
  let worst = 0;
  rows.forEach((row, t) => {
    const expected = reference[t] ?? [];
    const scale = Math.max(...expected.map(Math.abs));
    row.forEach((value, i) => {
      const difference = Math.abs(value - (expected[i] as number));
      if (difference > 0) worst = Math.max(worst, difference / (FLOAT32_EPSILON * (t + 1) * scale));
    });
  });
  return worst;
}

/** Row counts and lengths equal, every value finite: otherwise why not, in one line. */
function shapeFailure(ours: readonly (readonly number[])[], theirs: readonly (readonly number[])[]): string | undefined {
  if (ours.length !== theirs.length) return `${String(ours.length)} steps replayed, torch has ${String(theirs.length)}`;
  for (let t = 0; t < ours.length; t++) {
    const row = ours[t] as readonly number[];
    const expected = theirs[t] as readonly number[];
    if (row.length !== expected.length) return `step ${String(t + 1)}: ${String(row.length)} parameters, torch has ${String(expected.length)}`;
    for (let i = 0; i < row.length; i++) {
      // Every comparison with NaN is false, so a bound alone would let a NaN through: check finiteness first.
      if (!Number.isFinite(row[i])) return `step ${String(t + 1)}, θ[${String(i)}]: ours is ${String(row[i])}`;
      if (!Number.isFinite(expected[i])) return `step ${String(t + 1)}, θ[${String(i)}]: the fixture holds ${String(expected[i])}`;
    }
  }
  return undefined;
}

/**
 * Float32 replays may deviate from torch's float32 trajectory by at most this many float32 rounding units
 * (`float32Deviation`). The seven book optimizers reach 0.25 (RMSprop with momentum and Adagrad at lr 0.1, where the
 * order of roundings differs from torch's); 1 leaves room for new optimizers and is still 10–100× under the old
 * 2e-5 relative bound.
 */
export const FLOAT32_UNITS = 1;

/**
 * A float32 replay whose parameters and state are rounded to float32 at every step, as torch's are, follows torch's
 * float32 trajectory more closely than exact arithmetic does: its deviation must stay under this fraction of the
 * float64 trajectory's own deviation from torch's float32 one. A computation that keeps float64 parameters or state
 * has a ratio of 1 and fails; the book's optimizers' JavaScript loops (float64 arithmetic, float32 stores) reach 0.5
 * at most (Adagrad at lr 0.1). WebAssembly kernels round every operation in float32 in an order of their own: Adam's
 * sits at 0.01–0.1 of the float64 trajectory's deviation (it sat at 1.4 while it took 1 − β in float32, 1.3e-5
 * relatively too small for β₂ = 0.999), but NAdam's reaches 0.84 with no such bias, so arena replays are held to the
 * units bound only.
 */
export const FLOAT32_VS_FLOAT64 = 0.75;

/**
 * Compares a replay with the fixture and returns why it does not match, or undefined. Float64: every entry to 1e-9
 * relative + 1e-12 absolute. Float32: every entry within `FLOAT32_UNITS` rounding units and, unless
 * `closerThanFloat64` is false, closer to torch's float32 trajectory than torch's float64 one is (`FLOAT32_VS_FLOAT64`),
 * so that a computation that keeps float64 parameters or state fails.
 */
export function torchTrajectoryMismatch(
  ours: readonly (readonly number[])[],
  fixtureCase: TorchTrajectoryCase,
  dtype: 'float32' | 'float64',
  { closerThanFloat64 = true }: { readonly closerThanFloat64?: boolean } = {},
): string | undefined {
  const theirs = fixtureCase[dtype];
  const shape = shapeFailure(ours, theirs);
  if (shape !== undefined) return shape;
  if (dtype === 'float64') {
    for (let t = 0; t < ours.length; t++) {
      const row = ours[t] as readonly number[];
      for (let i = 0; i < row.length; i++) {
        const expected = (theirs[t] as readonly number[])[i] as number;
        const bound = 1e-9 * Math.abs(expected) + 1e-12;
        const value = row[i] as number;
        if (Math.abs(value - expected) > bound) return `step ${String(t + 1)}, θ[${String(i)}]: ${String(value)} vs torch ${String(expected)} (bound ${String(bound)})`;
      }
    }
    return undefined;
  }
  const deviation = float32Deviation(ours, theirs);
  if (deviation > FLOAT32_UNITS) return `deviates from torch's float32 trajectory by ${deviation.toFixed(3)} float32 rounding units (bound ${String(FLOAT32_UNITS)})`;
  const float64Deviation = float32Deviation(fixtureCase.float64, theirs);
  if (closerThanFloat64 && deviation > FLOAT32_VS_FLOAT64 * float64Deviation) {
    return `deviates from torch's float32 trajectory by ${deviation.toFixed(3)} rounding units, as much as a float64 computation (${float64Deviation.toFixed(3)}): not float32 arithmetic`;
  }
  return undefined;
}

/**
 * Tests that the plugin follows PyTorch's trajectory for every case of the fixture (`torchTrajectoryMismatch`): float64
 * to 1e-9 relative; float32 within float32 rounding, and (outside an arena) closer to torch's float32 trajectory than
 * exact arithmetic is.
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
          const drive = fixture.closure === undefined ? 'gradient' : 'closure';
          const mismatch = torchTrajectoryMismatch(replayTorchTrajectory(plugin, fixture, options, dtype, inArena, drive), c, dtype, { closerThanFloat64: !inArena });
          if (mismatch !== undefined) expect.fail(mismatch);
        });
      }
      if (settings.arena === true) {
        // Both paths pass the replay, so a kernel that silently fell back to JavaScript would too. The kernel rounds
        // every operation in float32 where the JavaScript loop computes in float64 and rounds once per store, so over
        // 30 steps their trajectories differ in some bits: that difference shows that the kernel ran.
        it(`${JSON.stringify(c.options)} in an arena runs the WebAssembly kernel, not the JavaScript loop`, () => {
          const kernel = replayTorchTrajectory(plugin, fixture, options, 'float32', true).flat();
          const loop = replayTorchTrajectory(plugin, fixture, options, 'float32', false).flat();
          expect(kernel.filter((value, i) => value !== loop[i]).length).toBeGreaterThan(0);
        });
      }
    }
  });
}
