// Gradient clipping's two passes for float32 arrays in WebAssembly memory, four lanes at a time (AssemblyScript,
// compiled by tooling/build-wasm.mjs). Pointers are byte offsets into the imported memory.

// Σ x² over n float32 values, at about the speed of memory: the squares of 32 values (eight per lane) are taken and
// added in float32, as a tree of depth 3, and each such block's four lane sums are added in float64. Converting every
// square to float64 instead (sumOfSquaresExactF32) costs twice this pass, bound by the conversions, and the whole
// guard (clipping and the non-finite check) must stay within 15% of an Adam step. All terms are ≥ 0, so the result
// is within 4·2⁻²⁴ (2.4e-7) of the exact sum, relatively, as long as no square or block sum leaves float32's range:
// a square that overflows (|x| ≥ 1.8e19) makes the sum +∞ and one that underflows (|x| < 1e-19) is lost, so the
// caller takes the exact sum when this one is not finite or tiny (src/transforms/norm-kernel.ts). NaN and ±∞ give a
// non-finite sum.
export function sumOfSquaresF32(x: usize, n: i32): f64 {
  let low = f64x2.splat(0);
  let high = f64x2.splat(0);
  const blockBytes = (<usize>n & ~31) << 2;
  let i: usize = 0;
  for (; i < blockBytes; i += 128) {
    const s0 = f32x4.add(f32x4.add(square(v128.load(x + i)), square(v128.load(x + i, 16))), f32x4.add(square(v128.load(x + i, 32)), square(v128.load(x + i, 48))));
    const s1 = f32x4.add(f32x4.add(square(v128.load(x + i, 64)), square(v128.load(x + i, 80))), f32x4.add(square(v128.load(x + i, 96)), square(v128.load(x + i, 112))));
    const s = f32x4.add(s0, s1);
    low = f64x2.add(low, f64x2.promote_low_f32x4(s));
    high = f64x2.add(high, f64x2.promote_low_f32x4(v128.shuffle<f32>(s, s, 2, 3, 0, 1)));
  }
  const both = f64x2.add(low, high);
  let sum = f64x2.extract_lane(both, 0) + f64x2.extract_lane(both, 1);
  const bytes = <usize>n << 2;
  for (; i < bytes; i += 4) {
    const v = <f64>load<f32>(x + i);
    sum += v * v;
  }
  return sum;
}

// x² in each of four float32 lanes (inlined).
@inline
function square(v: v128): v128 {
  return f32x4.mul(v, v);
}

// Σ x² over n float32 values, each squared and added in float64 (two f64x2 accumulators: lanes 0–1 and 2–3). A f32's
// square is at most 1.2e77, so a finite array never overflows: the sum is non-finite exactly when a value is NaN or
// ±∞, which is how skipNonFinite reads finiteness from the same pass.
export function sumOfSquaresExactF32(x: usize, n: i32): f64 {
  let low = f64x2.splat(0);
  let high = f64x2.splat(0);
  const vectorBytes = (<usize>n & ~3) << 2;
  let i: usize = 0;
  for (; i < vectorBytes; i += 16) {
    const v = v128.load(x + i);
    const a = f64x2.promote_low_f32x4(v);
    const b = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
    low = f64x2.add(low, f64x2.mul(a, a));
    high = f64x2.add(high, f64x2.mul(b, b));
  }
  let sum = f64x2.extract_lane(low, 0) + f64x2.extract_lane(low, 1) + (f64x2.extract_lane(high, 0) + f64x2.extract_lane(high, 1));
  const bytes = <usize>n << 2;
  for (; i < bytes; i += 4) {
    const v = <f64>load<f32>(x + i);
    sum += v * v;
  }
  return sum;
}

// x ← x·factor in float32, in place (PyTorch multiplies a float32 gradient by a float32 clip coefficient).
export function scaleF32(x: usize, n: i32, factor: f32): void {
  const f = f32x4.splat(factor);
  const vectorBytes = (<usize>n & ~3) << 2;
  let i: usize = 0;
  for (; i < vectorBytes; i += 16) v128.store(x + i, f32x4.mul(v128.load(x + i), f));
  const bytes = <usize>n << 2;
  for (; i < bytes; i += 4) store<f32>(x + i, load<f32>(x + i) * factor);
}
