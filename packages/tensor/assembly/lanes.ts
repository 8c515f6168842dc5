// Helpers shared by the kernel families, inlined wherever they are called: the multiply-add of every product and the
// four-lane exponential of the sigmoid.

// a·b + c in each lane. Built twice (tooling/build-wasm.mjs): with relaxed SIMD this is one fused multiply-add
// (f32x4.relaxed_madd, rounded once where the CPU has FMA), which doubles the products a core retires per cycle in the
// matrix product; without it, a multiply then an add, each rounded.
@inline
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

// eˣ for four lanes: eˣ = 2ⁿ·eʳ with n = round(x·log₂e) and r = x − n·ln 2, |r| ≤ ½ ln 2 (Cody and Waite's reduction:
// ln 2 in two parts, the first with few enough bits that n·C1 and x − n·C1 are exact, so r keeps float32 accuracy
// for large |x|; reducing t = x·log₂e in float32 instead lost |t|·2⁻²⁴, 1.4e-6 relative at x = 30). eʳ by the
// degree-7 polynomial of Cephes' expf (1 + r + r²·p(r)); relative error within 2 float32 ulps.
@inline
export function exp4(x: v128): v128 {
  // pmin/pmax are one instruction each (min/max must order ±0 and NaN, which costs several); a NaN passes through.
  const xc = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-87)), f32x4.splat(88));
  const n = f32x4.nearest(f32x4.mul(xc, f32x4.splat(1.4426950408889634)));
  // Plain multiply and subtract (no madd): the split of ln 2 relies on n·C1 being exact and on two roundings.
  let r = f32x4.sub(xc, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = madd(p, r, f32x4.splat(1.3981999507e-3));
  p = madd(p, r, f32x4.splat(8.3334519073e-3));
  p = madd(p, r, f32x4.splat(4.1665795894e-2));
  p = madd(p, r, f32x4.splat(1.6666665459e-1));
  p = madd(p, r, f32x4.splat(5.0000001201e-1));
  const er = f32x4.add(madd(p, f32x4.mul(r, r), r), f32x4.splat(1));
  // n is a whole number in [−126, 127]: adding 1.5·2²³ puts it in the low mantissa bits, a cheaper route to an integer
  // than a saturating conversion.
  const whole = i32x4.sub(f32x4.add(n, f32x4.splat(12582912.0)), i32x4.splat(0x4b400000));
  const scale = i32x4.shl(i32x4.add(whole, i32x4.splat(127)), 23);
  return f32x4.mul(er, scale);
}
