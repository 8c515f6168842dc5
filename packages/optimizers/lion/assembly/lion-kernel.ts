// Lion's update for float32 arrays in WebAssembly memory, four lanes at a time (AssemblyScript, compiled by
// tooling/build-wasm.mjs). Pointers are byte offsets into the imported memory. Same rule as src/lion.ts, in float32
// as optax computes for float32 parameters:
//   u ← sign(β₁m + (1 − β₁)g);  m ← β₂m + (1 − β₂)g;  θ ← θ − η(u + λθ)
// 1 − β is rounded from float64 by the caller, as optax rounds the Python float (1 − β in float32 is off by up to 1e-5).

// sign(x) lane by lane: +1 where x > 0, −1 where x < 0, 0 elsewhere (0 and NaN), from two comparisons and masks.
@inline
function sign4(x: v128): v128 {
  const zero = f32x4.splat(0);
  return v128.or(v128.and(f32x4.gt(x, zero), f32x4.splat(1)), v128.and(f32x4.lt(x, zero), f32x4.splat(-1)));
}

export function lionF32(p: usize, g: usize, m: usize, n: i32, beta1: f32, oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32, lr: f32, weightDecay: f32): void {
  const b1 = f32x4.splat(beta1);
  const a1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2);
  const a2 = f32x4.splat(oneMinusBeta2);
  const eta = f32x4.splat(lr);
  const wd = f32x4.splat(weightDecay);
  const vectorBytes = (<usize>n & ~3) << 2;
  let i: usize = 0;
  for (; i < vectorBytes; i += 16) {
    const theta = v128.load(p + i);
    const grad = v128.load(g + i);
    const mi = v128.load(m + i);
    const u = sign4(f32x4.add(f32x4.mul(a1, grad), f32x4.mul(b1, mi)));
    v128.store(m + i, f32x4.add(f32x4.mul(a2, grad), f32x4.mul(b2, mi)));
    v128.store(p + i, f32x4.sub(theta, f32x4.mul(eta, f32x4.add(u, f32x4.mul(wd, theta)))));
  }
  const bytes = <usize>n << 2;
  for (; i < bytes; i += 4) {
    const theta = load<f32>(p + i);
    const grad = load<f32>(g + i);
    const mi = load<f32>(m + i);
    const x: f32 = oneMinusBeta1 * grad + beta1 * mi;
    const u: f32 = x > 0 ? 1 : x < 0 ? -1 : 0;
    store<f32>(m + i, oneMinusBeta2 * grad + beta2 * mi);
    store<f32>(p + i, theta - lr * (u + weightDecay * theta));
  }
}
