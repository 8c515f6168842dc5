// Adam's update for float32 arrays in WebAssembly memory, four lanes at a time (AssemblyScript, compiled by
// tooling/build-wasm.mjs). Pointers are byte offsets into the imported memory; `vmax` is 0 unless AMSGrad is on.
// Same rule as src/adam.ts, computed in float32 as PyTorch does for float32 parameters:
//   g ← g·k + λθ;  m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  θ ← θ − s·m / (√v · c + ε)
// with s = η / (1 − β₁ᵗ) and c = 1 / √(1 − β₂ᵗ). k is a gradient scale (gradient clipping's factor, 1 otherwise):
// when it is not 1 the scaled gradient g·k is also stored back, as `clip_grad_norm_` leaves the gradient clipped, so
// that clipping costs one multiply and one store inside this pass instead of a pass of its own over the gradients.

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
  gradScale: f32,
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
  const k = f32x4.splat(gradScale);
  const scaled = gradScale != 1;
  const vectorBytes = (<usize>n & ~3) << 2;
  let i: usize = 0;
  if (vmax == 0 && weightDecay == 0 && !scaled) {
    // The common case, without the penalty's multiply or AMSGrad's branch: this loop is bound by memory traffic.
    for (; i < vectorBytes; i += 16) plainLanes(p + i, m + i, v + i, v128.load(g + i), b1, a1, b2, a2, s, c, e);
  } else if (vmax == 0 && weightDecay == 0) {
    // Clipping folded in: the same update of g·k, which is written back.
    for (; i < vectorBytes; i += 16) {
      const grad = f32x4.mul(v128.load(g + i), k);
      v128.store(g + i, grad);
      plainLanes(p + i, m + i, v + i, grad, b1, a1, b2, a2, s, c, e);
    }
  }
  for (; i < vectorBytes; i += 16) {
    const theta = v128.load(p + i);
    // Multiplying by k = 1 is exact, so the scale is applied always and stored only when it changed something.
    const clipped = f32x4.mul(v128.load(g + i), k);
    if (scaled) v128.store(g + i, clipped);
    const grad = f32x4.add(clipped, f32x4.mul(wd, theta));
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
    const clipped = load<f32>(g + i) * gradScale;
    if (scaled) store<f32>(g + i, clipped);
    const grad = clipped + weightDecay * theta;
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

// Four lanes of the update without weight decay or AMSGrad, from their gradient (inlined into each loop).
@inline
function plainLanes(p: usize, m: usize, v: usize, grad: v128, b1: v128, a1: v128, b2: v128, a2: v128, s: v128, c: v128, e: v128): void {
  const mi = f32x4.add(f32x4.mul(b1, v128.load(m)), f32x4.mul(a1, grad));
  const vi = f32x4.add(f32x4.mul(b2, v128.load(v)), f32x4.mul(a2, f32x4.mul(grad, grad)));
  v128.store(m, mi);
  v128.store(v, vi);
  const denom = f32x4.add(f32x4.mul(f32x4.sqrt(vi), c), e);
  v128.store(p, f32x4.sub(v128.load(p), f32x4.div(f32x4.mul(s, mi), denom)));
}
