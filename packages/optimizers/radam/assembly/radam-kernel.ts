// RAdam's update for float32 arrays in WebAssembly memory, four lanes at a time (AssemblyScript, compiled by
// tooling/build-wasm.mjs). Pointers are byte offsets into the imported memory. Same rule as src/radam.ts, in float32:
//   θ ← θ·d;  g ← g + λθ;  m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²
//   rectified:    θ ← θ − s·m / (√v + ε),   s = η·r_t·√(1 − β₂ᵗ) / (1 − β₁ᵗ)
//   otherwise:    θ ← θ − s·m,              s = η / (1 − β₁ᵗ)
// with d = 1 − ηλ and λ = 0 when the decay is decoupled (d = 1 and λ as given otherwise).

// 1 − β₁ and 1 − β₂ arrive computed in float64 and rounded once, as PyTorch's alpha=1 - beta: computed in float32
// from β₂ = 0.999f, 1 − β₂ would be 1.3e-5 too small on every step.
export function radamF32(
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  n: i32,
  beta1: f32,
  beta2: f32,
  oneMinusBeta1: f32,
  oneMinusBeta2: f32,
  stepSize: f32,
  rectified: i32,
  eps: f32,
  weightDecay: f32,
  decay: f32,
): void {
  const b1 = f32x4.splat(beta1);
  const a1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2);
  const a2 = f32x4.splat(oneMinusBeta2);
  const s = f32x4.splat(stepSize);
  const e = f32x4.splat(eps);
  const wd = f32x4.splat(weightDecay);
  const d = f32x4.splat(decay);
  const vectorBytes = (<usize>n & ~3) << 2;
  let i: usize = 0;
  if (rectified != 0) {
    for (; i < vectorBytes; i += 16) {
      const theta = f32x4.mul(v128.load(p + i), d);
      const grad = f32x4.add(v128.load(g + i), f32x4.mul(wd, theta));
      const mi = f32x4.add(f32x4.mul(b1, v128.load(m + i)), f32x4.mul(a1, grad));
      const vi = f32x4.add(f32x4.mul(b2, v128.load(v + i)), f32x4.mul(a2, f32x4.mul(grad, grad)));
      v128.store(m + i, mi);
      v128.store(v + i, vi);
      v128.store(p + i, f32x4.sub(theta, f32x4.div(f32x4.mul(s, mi), f32x4.add(f32x4.sqrt(vi), e))));
    }
  } else {
    // The first steps (ρ_t ≤ 5): momentum SGD with a bias-corrected mean; v is still accumulated.
    for (; i < vectorBytes; i += 16) {
      const theta = f32x4.mul(v128.load(p + i), d);
      const grad = f32x4.add(v128.load(g + i), f32x4.mul(wd, theta));
      const mi = f32x4.add(f32x4.mul(b1, v128.load(m + i)), f32x4.mul(a1, grad));
      const vi = f32x4.add(f32x4.mul(b2, v128.load(v + i)), f32x4.mul(a2, f32x4.mul(grad, grad)));
      v128.store(m + i, mi);
      v128.store(v + i, vi);
      v128.store(p + i, f32x4.sub(theta, f32x4.mul(s, mi)));
    }
  }
  const bytes = <usize>n << 2;
  for (; i < bytes; i += 4) {
    const theta = load<f32>(p + i) * decay;
    const grad = load<f32>(g + i) + weightDecay * theta;
    const mi = beta1 * load<f32>(m + i) + oneMinusBeta1 * grad;
    const vi = beta2 * load<f32>(v + i) + oneMinusBeta2 * grad * grad;
    store<f32>(m + i, mi);
    store<f32>(v + i, vi);
    store<f32>(p + i, rectified != 0 ? theta - (stepSize * mi) / (sqrt(vi) + eps) : theta - stepSize * mi);
  }
}
