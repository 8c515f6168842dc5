// Adam's update for float32 arrays in WebAssembly memory, four lanes at a time (AssemblyScript, compiled by
// tooling/build-wasm.mjs). Pointers are byte offsets into the imported memory; `vmax` is 0 unless AMSGrad is on.
// Same rule as src/adam.ts, computed in float32 as PyTorch does for float32 parameters:
//   g ← g + λθ;  m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  θ ← θ − s·m / (√v · c + ε)
// with s = η / (1 − β₁ᵗ) and c = 1 / √(1 − β₂ᵗ).

export function adamF32(
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  vmax: usize,
  n: i32,
  beta1: f32,
  beta2: f32,
  oneMinusBeta1: f32,
  oneMinusBeta2: f32,
  stepSize: f32,
  invBiasCorrection2Sqrt: f32,
  eps: f32,
  weightDecay: f32,
): void {
  const b1 = f32x4.splat(beta1);
  // 1 − β comes in computed in float64 and rounded once, as PyTorch's `alpha = 1 - beta` is: 1 − f32(β₂) in float32
  // would be 1.3e-5 relatively too small for β₂ = 0.999, a bias on every step.
  const a1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2);
  const a2 = f32x4.splat(oneMinusBeta2);
  const s = f32x4.splat(stepSize);
  const c = f32x4.splat(invBiasCorrection2Sqrt);
  const e = f32x4.splat(eps);
  const wd = f32x4.splat(weightDecay);
  const vectorBytes = (<usize>n & ~3) << 2;
  let i: usize = 0;
  if (vmax == 0 && weightDecay == 0) {
    // The common case, without the penalty's multiply or AMSGrad's branch: this loop is bound by memory traffic.
    for (; i < vectorBytes; i += 16) {
      const grad = v128.load(g + i);
      const mi = f32x4.add(f32x4.mul(b1, v128.load(m + i)), f32x4.mul(a1, grad));
      const vi = f32x4.add(f32x4.mul(b2, v128.load(v + i)), f32x4.mul(a2, f32x4.mul(grad, grad)));
      v128.store(m + i, mi);
      v128.store(v + i, vi);
      const denom = f32x4.add(f32x4.mul(f32x4.sqrt(vi), c), e);
      v128.store(p + i, f32x4.sub(v128.load(p + i), f32x4.div(f32x4.mul(s, mi), denom)));
    }
  }
  for (; i < vectorBytes; i += 16) {
    const theta = v128.load(p + i);
    const grad = f32x4.add(v128.load(g + i), f32x4.mul(wd, theta));
    const mi = f32x4.add(f32x4.mul(b1, v128.load(m + i)), f32x4.mul(a1, grad));
    let vi = f32x4.add(f32x4.mul(b2, v128.load(v + i)), f32x4.mul(a2, f32x4.mul(grad, grad)));
    v128.store(m + i, mi);
    v128.store(v + i, vi);
    if (vmax != 0) {
      vi = f32x4.max(v128.load(vmax + i), vi);
      v128.store(vmax + i, vi);
    }
    const denom = f32x4.add(f32x4.mul(f32x4.sqrt(vi), c), e);
    v128.store(p + i, f32x4.sub(theta, f32x4.div(f32x4.mul(s, mi), denom)));
  }
  const bytes = <usize>n << 2;
  for (; i < bytes; i += 4) {
    const theta = load<f32>(p + i);
    const grad = load<f32>(g + i) + weightDecay * theta;
    const mi = beta1 * load<f32>(m + i) + oneMinusBeta1 * grad;
    let vi = beta2 * load<f32>(v + i) + oneMinusBeta2 * grad * grad;
    store<f32>(m + i, mi);
    store<f32>(v + i, vi);
    if (vmax != 0) {
      vi = max(load<f32>(vmax + i), vi);
      store<f32>(vmax + i, vi);
    }
    store<f32>(p + i, theta - (stepSize * mi) / (sqrt(vi) * invBiasCorrection2Sqrt + eps));
  }
}
