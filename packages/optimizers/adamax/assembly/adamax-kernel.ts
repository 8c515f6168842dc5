// Adamax's update for float32 arrays in WebAssembly memory, four lanes at a time (AssemblyScript, compiled by
// tooling/build-wasm.mjs). Pointers are byte offsets into the imported memory. Same rule as src/adamax.ts, computed
// in float32 as PyTorch does for float32 parameters:
//   g ← g + λθ;  m ← β₁m + (1 − β₁)g;  u ← max(β₂u, |g| + ε);  θ ← θ − s·m / u
// with s = η / (1 − β₁ᵗ).

// 1 − β₁ arrives computed in float64 and rounded once, as PyTorch's alpha=1 - beta1 (in float32 from β₁ = 0.9f it
// would be 2.4e-7 too large on every step).
export function adamaxF32(
  p: usize,
  g: usize,
  m: usize,
  u: usize,
  n: i32,
  beta1: f32,
  beta2: f32,
  oneMinusBeta1: f32,
  stepSize: f32,
  eps: f32,
  weightDecay: f32,
): void {
  const b1 = f32x4.splat(beta1);
  const a1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2);
  const s = f32x4.splat(stepSize);
  const e = f32x4.splat(eps);
  const wd = f32x4.splat(weightDecay);
  const vectorBytes = (<usize>n & ~3) << 2;
  let i: usize = 0;
  if (weightDecay == 0) {
    // The common case, without the penalty's load of θ into the gradient and its multiply.
    for (; i < vectorBytes; i += 16) {
      const grad = v128.load(g + i);
      const mi = f32x4.add(f32x4.mul(b1, v128.load(m + i)), f32x4.mul(a1, grad));
      const ui = f32x4.max(f32x4.mul(b2, v128.load(u + i)), f32x4.add(f32x4.abs(grad), e));
      v128.store(m + i, mi);
      v128.store(u + i, ui);
      v128.store(p + i, f32x4.sub(v128.load(p + i), f32x4.div(f32x4.mul(s, mi), ui)));
    }
  }
  for (; i < vectorBytes; i += 16) {
    const theta = v128.load(p + i);
    const grad = f32x4.add(v128.load(g + i), f32x4.mul(wd, theta));
    const mi = f32x4.add(f32x4.mul(b1, v128.load(m + i)), f32x4.mul(a1, grad));
    const ui = f32x4.max(f32x4.mul(b2, v128.load(u + i)), f32x4.add(f32x4.abs(grad), e));
    v128.store(m + i, mi);
    v128.store(u + i, ui);
    v128.store(p + i, f32x4.sub(theta, f32x4.div(f32x4.mul(s, mi), ui)));
  }
  const bytes = <usize>n << 2;
  for (; i < bytes; i += 4) {
    const theta = load<f32>(p + i);
    const grad = load<f32>(g + i) + weightDecay * theta;
    const mi = beta1 * load<f32>(m + i) + oneMinusBeta1 * grad;
    const ui = max(beta2 * load<f32>(u + i), abs(grad) + eps);
    store<f32>(m + i, mi);
    store<f32>(u + i, ui);
    store<f32>(p + i, theta - (stepSize * mi) / ui);
  }
}
