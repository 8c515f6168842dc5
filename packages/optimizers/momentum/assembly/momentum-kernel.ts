// Momentum's update for float32 arrays in WebAssembly memory, four lanes at a time (compiled by
// tooling/build-wasm.mjs), the same rule as src/momentum.ts:
//   g ← g + λθ;  b ← keep·b + take·g;  θ ← θ − ηb      (keep = 0, take = 1 on the first step, as PyTorch starts b)
export function momentumF32(p: usize, g: usize, b: usize, n: i32, lr: f32, keep: f32, take: f32, weightDecay: f32): void {
  const eta = f32x4.splat(lr);
  const k = f32x4.splat(keep);
  const t = f32x4.splat(take);
  const wd = f32x4.splat(weightDecay);
  const vectorBytes = (<usize>n & ~3) << 2;
  let i: usize = 0;
  for (; i < vectorBytes; i += 16) {
    const theta = v128.load(p + i);
    const grad = f32x4.add(v128.load(g + i), f32x4.mul(wd, theta));
    const buffer = f32x4.add(f32x4.mul(k, v128.load(b + i)), f32x4.mul(t, grad));
    v128.store(b + i, buffer);
    v128.store(p + i, f32x4.sub(theta, f32x4.mul(eta, buffer)));
  }
  const bytes = <usize>n << 2;
  for (; i < bytes; i += 4) {
    const theta = load<f32>(p + i);
    const buffer = keep * load<f32>(b + i) + take * (load<f32>(g + i) + weightDecay * theta);
    store<f32>(b + i, buffer);
    store<f32>(p + i, theta - lr * buffer);
  }
}
