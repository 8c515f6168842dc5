// Yogi's update for float32 arrays in WebAssembly memory, four lanes at a time (AssemblyScript, compiled by
// tooling/build-wasm.mjs). Pointers are byte offsets into the imported memory. Same rule as src/yogi.ts, in float32
// and in optax's order of operations:
//   m ← (1 − β₁)g + β₁m;  v ← v − ((1 − β₂)·sign(v − g²))·g²;  θ ← θ − η·(m / c₁) / (√(v / c₂) + ε)
// with c₁ = 1 − β₁ᵗ, c₂ = 1 − β₂ᵗ, and 1 − β rounded from float64 by the caller (as optax rounds the Python float).
// The four lanes multiply by 1/c₁ and 1/c₂ (a vector division costs several multiplications); the tail divides.

// sign(d)·y lane by lane for y ≥ 0 (y = g²): y with d's sign bit, and 0 where d is 0 (d ≠ 0 is the mask). The same
// numbers as multiplying by sign(d) ∈ {−1, 0, 1}, in three bit operations and one comparison instead of a multiply,
// two comparisons and three masks. (A NaN d, from a NaN v or g², leaves v NaN either way.)
@inline
function signTimes4(d: v128, y: v128): v128 {
  const signBit = i32x4.splat(0x80000000);
  return v128.and(v128.or(y, v128.and(d, signBit)), f32x4.ne(d, f32x4.splat(0)));
}

export function yogiF32(
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  n: i32,
  beta1: f32,
  oneMinusBeta1: f32,
  oneMinusBeta2: f32,
  biasCorrection1: f32,
  biasCorrection2: f32,
  eps: f32,
  lr: f32,
): void {
  const b1 = f32x4.splat(beta1);
  const a1 = f32x4.splat(oneMinusBeta1);
  const a2 = f32x4.splat(oneMinusBeta2);
  const c1 = f32x4.splat(1 / biasCorrection1);
  const c2 = f32x4.splat(1 / biasCorrection2);
  const e = f32x4.splat(eps);
  const eta = f32x4.splat(lr);
  const vectorBytes = (<usize>n & ~3) << 2;
  let i: usize = 0;
  for (; i < vectorBytes; i += 16) {
    const grad = v128.load(g + i);
    const g2 = f32x4.mul(grad, grad);
    const mi = f32x4.add(f32x4.mul(a1, grad), f32x4.mul(b1, v128.load(m + i)));
    const vOld = v128.load(v + i);
    // (1 − β₂)·(sign·g²) equals ((1 − β₂)·sign)·g² exactly: multiplying by ±1 or 0 only sets the sign or zeroes.
    const vi = f32x4.sub(vOld, f32x4.mul(a2, signTimes4(f32x4.sub(vOld, g2), g2)));
    v128.store(m + i, mi);
    v128.store(v + i, vi);
    const update = f32x4.div(f32x4.mul(mi, c1), f32x4.add(f32x4.sqrt(f32x4.mul(vi, c2)), e));
    v128.store(p + i, f32x4.sub(v128.load(p + i), f32x4.mul(eta, update)));
  }
  const bytes = <usize>n << 2;
  for (; i < bytes; i += 4) {
    const grad = load<f32>(g + i);
    const g2 = grad * grad;
    const mi: f32 = oneMinusBeta1 * grad + beta1 * load<f32>(m + i);
    const vOld = load<f32>(v + i);
    const d = vOld - g2;
    const s: f32 = d > 0 ? 1 : d < 0 ? -1 : 0;
    const vi: f32 = vOld - oneMinusBeta2 * s * g2;
    store<f32>(m + i, mi);
    store<f32>(v + i, vi);
    store<f32>(p + i, load<f32>(p + i) - lr * (mi / biasCorrection1 / (sqrt<f32>(vi / biasCorrection2) + eps)));
  }
}
