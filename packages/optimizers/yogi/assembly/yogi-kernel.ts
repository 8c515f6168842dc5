// Yogi's update for float32 arrays in WebAssembly memory, four lanes at a time (AssemblyScript, compiled by
// tooling/build-wasm.mjs). Pointers are byte offsets into the imported memory. Same rule as src/yogi.ts, in float32:
//   m ← (1 − β₁)g + β₁m;  v ← v − ((1 − β₂)g²)·sign(v − g²);  θ ← θ − s·m / (√v + ε̂)
// with s = η·√c₂ / c₁ and ε̂ = ε·√c₂ (c₁ = 1 − β₁ᵗ, c₂ = 1 − β₂ᵗ), computed by the caller in float64: optax's
// η·(m / c₁) / (√(v / c₂) + ε) multiplied through by √c₂, the form PyTorch's Adam uses too. 1 − β is rounded from
// float64 by the caller (as optax rounds the Python float).
//
// Why this form: the loop over 1e6 parameters is bound by the latency of the chain from the load of v to the store
// of θ (sub, sign, sub, √, add, ÷, sub), not by memory; the bias corrections and η as scalars, and (1 − β₂)g² off
// that chain, took a step from 1.6–2× Adam's to Adam's (bench/step.bench.mjs).

// sign(d)·y lane by lane for y ≥ 0 (y = (1 − β₂)g²): y with d's sign bit, and 0 where d is 0 (d ≠ 0 is the mask). The same
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
  stepSize: f32,
  epsHat: f32,
): void {
  const b1 = f32x4.splat(beta1);
  const a1 = f32x4.splat(oneMinusBeta1);
  const a2 = f32x4.splat(oneMinusBeta2);
  const s = f32x4.splat(stepSize);
  const e = f32x4.splat(epsHat);
  const vectorBytes = (<usize>n & ~3) << 2;
  let i: usize = 0;
  for (; i < vectorBytes; i += 16) {
    const theta = v128.load(p + i);
    const grad = v128.load(g + i);
    const g2 = f32x4.mul(grad, grad);
    const mi = f32x4.add(f32x4.mul(a1, grad), f32x4.mul(b1, v128.load(m + i)));
    const vOld = v128.load(v + i);
    // ((1 − β₂)g²)·sign equals (1 − β₂)·(sign·g²) exactly: multiplying by ±1 or 0 only sets the sign or zeroes.
    const vi = f32x4.sub(vOld, signTimes4(f32x4.sub(vOld, g2), f32x4.mul(a2, g2)));
    v128.store(m + i, mi);
    v128.store(v + i, vi);
    v128.store(p + i, f32x4.sub(theta, f32x4.div(f32x4.mul(s, mi), f32x4.add(f32x4.sqrt(vi), e))));
  }
  const bytes = <usize>n << 2;
  for (; i < bytes; i += 4) {
    const grad = load<f32>(g + i);
    const g2 = grad * grad;
    const mi: f32 = oneMinusBeta1 * grad + beta1 * load<f32>(m + i);
    const vOld = load<f32>(v + i);
    const d = vOld - g2;
    const sign: f32 = d > 0 ? 1 : d < 0 ? -1 : 0;
    const vi: f32 = vOld - oneMinusBeta2 * g2 * sign;
    store<f32>(m + i, mi);
    store<f32>(v + i, vi);
    store<f32>(p + i, load<f32>(p + i) - (stepSize * mi) / (sqrt<f32>(vi) + epsHat));
  }
}
