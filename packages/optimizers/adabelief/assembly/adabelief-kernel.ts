// AdaBelief's update for float32 arrays in WebAssembly memory, four lanes at a time (AssemblyScript, compiled by
// tooling/build-wasm.mjs). Pointers are byte offsets into the imported memory. Same rule as src/adabelief.ts, in
// float32 as optax computes for float32 parameters:
//   m ← (1 − β₁)g + β₁m;  s ← (1 − β₂)(g − m)² + β₂s + ε_root;  u = m̂ / (√(s / c₂) + ε);  θ ← θ − η(u + λθ)
// with c₁ = 1 − β₁ᵗ, c₂ = 1 − β₂ᵗ and m̂ = m / c₁, or with Nesterov β₁·(m / c₁') + (1 − β₁)·(g / c₁), c₁' = 1 − β₁ᵗ⁺¹.
// The four lanes multiply by the reciprocals of the corrections (a vector division costs several multiplications;
// the replay against optax's float32 trajectory stays within its bound); the scalar tail divides, as optax. 1 − β is
// rounded from float64 by the caller (1 − β in float32 is 1.3e-5 off for β₂ = 0.999, which shifts every step).

export function adabeliefF32(
  p: usize,
  g: usize,
  m: usize,
  s: usize,
  n: i32,
  beta1: f32,
  oneMinusBeta1: f32,
  beta2: f32,
  oneMinusBeta2: f32,
  epsRoot: f32,
  nesterov: i32,
  biasCorrection1: f32,
  biasCorrection1Next: f32,
  biasCorrection2: f32,
  eps: f32,
  lr: f32,
  weightDecay: f32,
): void {
  const b1 = f32x4.splat(beta1);
  const a1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2);
  const a2 = f32x4.splat(oneMinusBeta2);
  const er = f32x4.splat(epsRoot);
  const c1 = f32x4.splat(1 / biasCorrection1);
  const c1Next = f32x4.splat(1 / biasCorrection1Next);
  const c2 = f32x4.splat(1 / biasCorrection2);
  const e = f32x4.splat(eps);
  const eta = f32x4.splat(lr);
  const wd = f32x4.splat(weightDecay);
  const vectorBytes = (<usize>n & ~3) << 2;
  let i: usize = 0;
  if (nesterov == 0 && weightDecay == 0) {
    // The common case, without Nesterov's branch or the decay's multiply and add (the same numbers: u + 0·θ = u for
    // finite θ), as Adam's kernel does: fewer instructions per lane for a loop that is otherwise memory-bound.
    for (; i < vectorBytes; i += 16) {
      const grad = v128.load(g + i);
      const mi = f32x4.add(f32x4.mul(a1, grad), f32x4.mul(b1, v128.load(m + i)));
      const error = f32x4.sub(grad, mi);
      const si = f32x4.add(f32x4.add(f32x4.mul(a2, f32x4.mul(error, error)), f32x4.mul(b2, v128.load(s + i))), er);
      v128.store(m + i, mi);
      v128.store(s + i, si);
      const update = f32x4.div(f32x4.mul(mi, c1), f32x4.add(f32x4.sqrt(f32x4.mul(si, c2)), e));
      v128.store(p + i, f32x4.sub(v128.load(p + i), f32x4.mul(eta, update)));
    }
  }
  for (; i < vectorBytes; i += 16) {
    const theta = v128.load(p + i);
    const grad = v128.load(g + i);
    const mi = f32x4.add(f32x4.mul(a1, grad), f32x4.mul(b1, v128.load(m + i)));
    const error = f32x4.sub(grad, mi);
    const si = f32x4.add(f32x4.add(f32x4.mul(a2, f32x4.mul(error, error)), f32x4.mul(b2, v128.load(s + i))), er);
    v128.store(m + i, mi);
    v128.store(s + i, si);
    const mHat = nesterov
      ? f32x4.add(f32x4.mul(b1, f32x4.mul(mi, c1Next)), f32x4.mul(a1, f32x4.mul(grad, c1)))
      : f32x4.mul(mi, c1);
    const update = f32x4.div(mHat, f32x4.add(f32x4.sqrt(f32x4.mul(si, c2)), e));
    v128.store(p + i, f32x4.sub(theta, f32x4.mul(eta, f32x4.add(update, f32x4.mul(wd, theta)))));
  }
  const bytes = <usize>n << 2;
  for (; i < bytes; i += 4) {
    const theta = load<f32>(p + i);
    const grad = load<f32>(g + i);
    const mi: f32 = oneMinusBeta1 * grad + beta1 * load<f32>(m + i);
    const error = grad - mi;
    const si: f32 = oneMinusBeta2 * (error * error) + beta2 * load<f32>(s + i) + epsRoot;
    store<f32>(m + i, mi);
    store<f32>(s + i, si);
    const mHat: f32 = nesterov ? beta1 * (mi / biasCorrection1Next) + oneMinusBeta1 * (grad / biasCorrection1) : mi / biasCorrection1;
    const update = mHat / (sqrt<f32>(si / biasCorrection2) + eps);
    store<f32>(p + i, theta - lr * (update + weightDecay * theta));
  }
}
