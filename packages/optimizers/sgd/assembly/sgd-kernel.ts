// SGD's update for float32 arrays in WebAssembly memory, four lanes at a time (compiled by tooling/build-wasm.mjs):
//   θ ← θ − η (g + λθ)       (the same rule as src/sgd.ts)
export function sgdF32(p: usize, g: usize, n: i32, lr: f32, weightDecay: f32): void {
  const eta = f32x4.splat(lr);
  const wd = f32x4.splat(weightDecay);
  const vectorBytes = (<usize>n & ~3) << 2;
  let i: usize = 0;
  for (; i < vectorBytes; i += 16) {
    const theta = v128.load(p + i);
    v128.store(p + i, f32x4.sub(theta, f32x4.mul(eta, f32x4.add(v128.load(g + i), f32x4.mul(wd, theta)))));
  }
  const bytes = <usize>n << 2;
  for (; i < bytes; i += 4) {
    const theta = load<f32>(p + i);
    store<f32>(p + i, theta - lr * (load<f32>(g + i) + weightDecay * theta));
  }
}
