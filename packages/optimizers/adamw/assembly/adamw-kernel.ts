// AdamW's update for float32 arrays in WebAssembly memory, four lanes at a time (AssemblyScript, compiled by
// tooling/build-wasm.mjs). Pointers are byte offsets into the imported memory; `vmax` is 0 unless AMSGrad is on.
// Same rule as src/adamw.ts, computed in float32 as PyTorch does for float32 parameters:
//   θ ← θ·d;  m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  θ ← θ − s·m / (√v · c + ε)
// with d = 1 − ηλ (decoupled weight decay), s = η / (1 − β₁ᵗ) and c = 1 / √(1 − β₂ᵗ).

// 1 − β₁ and 1 − β₂ arrive computed in float64 and rounded once, as PyTorch's alpha=1 - beta: computed in float32
// from β₂ = 0.999f, 1 − β₂ would be 1.3e-5 too small on every step.
export function adamwF32(
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
  decay: f32,
): void {
  const b1 = f32x4.splat(beta1);
  const a1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2);
  const a2 = f32x4.splat(oneMinusBeta2);
  const s = f32x4.splat(stepSize);
  const c = f32x4.splat(invBiasCorrection2Sqrt);
  const e = f32x4.splat(eps);
  const d = f32x4.splat(decay);
  const vectorBytes = (<usize>n & ~3) << 2;
  let i: usize = 0;
  if (vmax == 0) {
    // Without AMSGrad's extra load, store and branch: this loop is bound by memory traffic, as Adam's is.
    for (; i < vectorBytes; i += 16) {
      const theta = f32x4.mul(v128.load(p + i), d);
      const grad = v128.load(g + i);
      const mi = f32x4.add(f32x4.mul(b1, v128.load(m + i)), f32x4.mul(a1, grad));
      const vi = f32x4.add(f32x4.mul(b2, v128.load(v + i)), f32x4.mul(a2, f32x4.mul(grad, grad)));
      v128.store(m + i, mi);
      v128.store(v + i, vi);
      const denom = f32x4.add(f32x4.mul(f32x4.sqrt(vi), c), e);
      v128.store(p + i, f32x4.sub(theta, f32x4.div(f32x4.mul(s, mi), denom)));
    }
  }
  for (; i < vectorBytes; i += 16) {
    const theta = f32x4.mul(v128.load(p + i), d);
    const grad = v128.load(g + i);
    const mi = f32x4.add(f32x4.mul(b1, v128.load(m + i)), f32x4.mul(a1, grad));
    const vi = f32x4.add(f32x4.mul(b2, v128.load(v + i)), f32x4.mul(a2, f32x4.mul(grad, grad)));
    v128.store(m + i, mi);
    v128.store(v + i, vi);
    const vm = f32x4.max(v128.load(vmax + i), vi);
    v128.store(vmax + i, vm);
    const denom = f32x4.add(f32x4.mul(f32x4.sqrt(vm), c), e);
    v128.store(p + i, f32x4.sub(theta, f32x4.div(f32x4.mul(s, mi), denom)));
  }
  const bytes = <usize>n << 2;
  for (; i < bytes; i += 4) {
    const theta = load<f32>(p + i) * decay;
    const grad = load<f32>(g + i);
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
