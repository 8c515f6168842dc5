// NAdam's update for float32 arrays in WebAssembly memory, four lanes at a time (AssemblyScript, compiled by
// tooling/build-wasm.mjs). Pointers are byte offsets into the imported memory. Same rule as src/nadam.ts, in float32:
//   θ ← θ·d;  g ← g + λθ;  m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  θ ← θ + a·g / (√v · c + ε) + b·m / (√v · c + ε)
// with d = 1 − ηλ and λ = 0 when the decay is decoupled (d = 1 and λ as given otherwise), the per-step coefficients
// a = −η(1 − μ_t)/(1 − Πμ_{1..t}) and b = −η·μ_{t+1}/(1 − Πμ_{1..t+1}), and c = 1 / √(1 − β₂ᵗ). One division for
// both terms where PyTorch's two addcdiv_ calls have two: the same value to float32 rounding (the replays check it),
// and a loop that stays bound by memory rather than by the divider.

// 1 − β₁ and 1 − β₂ arrive computed in float64 and rounded once, as PyTorch's alpha=1 - beta: computed in float32
// from β₂ = 0.999f, 1 − β₂ would be 1.3e-5 too small on every step.
export function nadamF32(
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  n: i32,
  beta1: f32,
  beta2: f32,
  oneMinusBeta1: f32,
  oneMinusBeta2: f32,
  coefGrad: f32,
  coefAvg: f32,
  invBiasCorrection2Sqrt: f32,
  eps: f32,
  weightDecay: f32,
  decay: f32,
): void {
  const b1 = f32x4.splat(beta1);
  const a1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2);
  const a2 = f32x4.splat(oneMinusBeta2);
  const ca = f32x4.splat(coefGrad);
  const cb = f32x4.splat(coefAvg);
  const c = f32x4.splat(invBiasCorrection2Sqrt);
  const e = f32x4.splat(eps);
  const wd = f32x4.splat(weightDecay);
  const d = f32x4.splat(decay);
  const vectorBytes = (<usize>n & ~3) << 2;
  let i: usize = 0;
  if (weightDecay == 0 && decay == 1) {
    // The common case, without the decay's multiplies: with the second term this loop has more arithmetic than
    // Adam's, and the three saved operations keep it within Adam's time.
    for (; i < vectorBytes; i += 16) {
      const grad = v128.load(g + i);
      const mi = f32x4.add(f32x4.mul(b1, v128.load(m + i)), f32x4.mul(a1, grad));
      const vi = f32x4.add(f32x4.mul(b2, v128.load(v + i)), f32x4.mul(a2, f32x4.mul(grad, grad)));
      v128.store(m + i, mi);
      v128.store(v + i, vi);
      const denom = f32x4.add(f32x4.mul(f32x4.sqrt(vi), c), e);
      const numer = f32x4.add(f32x4.mul(ca, grad), f32x4.mul(cb, mi));
      v128.store(p + i, f32x4.add(v128.load(p + i), f32x4.div(numer, denom)));
    }
  }
  for (; i < vectorBytes; i += 16) {
    const theta = f32x4.mul(v128.load(p + i), d);
    const grad = f32x4.add(v128.load(g + i), f32x4.mul(wd, theta));
    const mi = f32x4.add(f32x4.mul(b1, v128.load(m + i)), f32x4.mul(a1, grad));
    const vi = f32x4.add(f32x4.mul(b2, v128.load(v + i)), f32x4.mul(a2, f32x4.mul(grad, grad)));
    v128.store(m + i, mi);
    v128.store(v + i, vi);
    const denom = f32x4.add(f32x4.mul(f32x4.sqrt(vi), c), e);
    // One division for both terms (the loop would otherwise be bound by the divider, not by memory).
    const numer = f32x4.add(f32x4.mul(ca, grad), f32x4.mul(cb, mi));
    v128.store(p + i, f32x4.add(theta, f32x4.div(numer, denom)));
  }
  const bytes = <usize>n << 2;
  for (; i < bytes; i += 4) {
    const theta = load<f32>(p + i) * decay;
    const grad = load<f32>(g + i) + weightDecay * theta;
    const mi = beta1 * load<f32>(m + i) + oneMinusBeta1 * grad;
    const vi = beta2 * load<f32>(v + i) + oneMinusBeta2 * grad * grad;
    store<f32>(m + i, mi);
    store<f32>(v + i, vi);
    const denom = sqrt(vi) * invBiasCorrection2Sqrt + eps;
    store<f32>(p + i, theta + (coefGrad * grad) / denom + (coefAvg * mi) / denom);
  }
}
