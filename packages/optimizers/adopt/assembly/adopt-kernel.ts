// ADOPT's update for float32 arrays in WebAssembly memory, four lanes at a time (AssemblyScript, compiled by
// tooling/build-wasm.mjs). Pointers are byte offsets into the imported memory. Same rule as src/adopt.ts, in float32
// and in optax's order of operations:
//   ĝ = clip(g / max(√v, ε), ±c);  v ← (1 − β₂)g² + β₂v;  m ← (1 − β₁)ĝ + β₁m;  θ ← θ − η·m (Nesterov: (1 − β₁)ĝ + β₁m)
// The caller passes the step's β₁, β₂ (1 and 0 at the first step), 1 − β rounded from float64, and c (+∞ without
// clipping).

export function adoptF32(
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  n: i32,
  beta1: f32,
  oneMinusBeta1: f32,
  beta2: f32,
  oneMinusBeta2: f32,
  eps: f32,
  clip: f32,
  nesterov: i32,
  lr: f32,
): void {
  const b1 = f32x4.splat(beta1);
  const a1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2);
  const a2 = f32x4.splat(oneMinusBeta2);
  const e = f32x4.splat(eps);
  const hi = f32x4.splat(clip);
  const lo = f32x4.splat(-clip);
  const eta = f32x4.splat(lr);
  const vectorBytes = (<usize>n & ~3) << 2;
  let i: usize = 0;
  for (; i < vectorBytes; i += 16) {
    const grad = v128.load(g + i);
    const vOld = v128.load(v + i);
    v128.store(v + i, f32x4.add(f32x4.mul(a2, f32x4.mul(grad, grad)), f32x4.mul(b2, vOld)));
    // pmin/pmax (a < b ? b : a and its mirror) are one instruction each where min/max must order ±0 and NaN, which
    // costs several; in this order a NaN still reaches θ, as with optax's maximum and clip.
    const normalized = f32x4.pmin(f32x4.pmax(f32x4.div(grad, f32x4.pmax(f32x4.sqrt(vOld), e)), lo), hi);
    const scaled = f32x4.mul(a1, normalized);
    const mi = f32x4.add(scaled, f32x4.mul(b1, v128.load(m + i)));
    v128.store(m + i, mi);
    const update = nesterov ? f32x4.add(scaled, f32x4.mul(b1, mi)) : mi;
    v128.store(p + i, f32x4.sub(v128.load(p + i), f32x4.mul(eta, update)));
  }
  const bytes = <usize>n << 2;
  for (; i < bytes; i += 4) {
    const grad = load<f32>(g + i);
    const vOld = load<f32>(v + i);
    store<f32>(v + i, oneMinusBeta2 * (grad * grad) + beta2 * vOld);
    const normalized = min<f32>(max<f32>(grad / max<f32>(sqrt<f32>(vOld), eps), -clip), clip);
    const mi: f32 = oneMinusBeta1 * normalized + beta1 * load<f32>(m + i);
    store<f32>(m + i, mi);
    const update: f32 = nesterov ? oneMinusBeta1 * normalized + beta1 * mi : mi;
    store<f32>(p + i, load<f32>(p + i) - lr * update);
  }
}
