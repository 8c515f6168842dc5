// Matrix products of the book's network (batch 64): GFLOP/s of the WebAssembly kernels (relaxed SIMD with fused
// multiply-add, and plain SIMD) beside the JavaScript kernel, measured in the same process (`pnpm bench`). Issue
// target: about 44 GFLOP/s for 64×196·196×100.
import { createArena } from '@descent/optim';
import { compare, report } from '../../../tooling/bench.mjs';
import { createKernels, jsKernels } from '../dist/index.js';
import { enableRelaxedSimd } from '../dist/node.js';

enableRelaxedSimd();
const arena = createArena({ bytes: 8 << 20 });
const relaxed = createKernels(arena.memory);
const simd = createKernels(arena.memory, { relaxedSimd: false });
for (const [m, k, n] of [
  [64, 196, 100],
  [64, 100, 50],
  [196, 64, 100],
]) {
  // Filled in place: Float32Array.map would return a copy outside the arena.
  const a = arena.float32(m * k);
  const b = arena.float32(k * n);
  for (let i = 0; i < a.length; i++) a[i] = Math.sin(i);
  for (let i = 0; i < b.length; i++) b[i] = Math.cos(i);
  const c = arena.float32(m * n);
  const results = compare(
    [
      { name: `${relaxed.name} gemm`, run: () => relaxed.gemm(a, k, 1, b, c, m, k, n, false) },
      { name: 'wasm-simd gemm', run: () => simd.gemm(a, k, 1, b, c, m, k, n, false) },
      { name: 'js gemm', run: () => jsKernels.gemm(a, k, 1, b, c, m, k, n, false) },
    ],
    { samples: 101, callsPerSample: 20 },
  );
  report(`gemm ${m}×${k}·${k}×${n}`, results, { baseline: 'js gemm' });
  for (const r of results) console.log(`  ${r.name}: ${((2 * m * k * n) / (r.medianMs * 1e6)).toFixed(1)} GFLOP/s`);
}
