// Gradient transformations beside Adam (issue 15), one step over 1,000,000 float32 parameters:
// * Adam with clip-by-global-norm and skip-non-finite before its step (the CLI's --clip-grad-norm --skip-nonfinite)
//   against plain Adam, both on parameters in an arena (WASM SIMD). Target: ≤ 1.15×. One pass over the gradients
//   gives the norm and the finiteness (float32 squares in blocks of 32, at about memory speed); the clip factor is then
//   multiplied inside Adam's kernel (stepWithScaledGradients), so the guard costs one read of the gradients. The
//   gradients are not rewritten between steps here, so clipping scales them (by about 1 − 1e-6) on every step.
// * A chain equal to Adam, chain(scaleByAdam(), scaleByLearningRate()), against the Adam class on the same kind of
//   arrays (heap: the JavaScript path of both; the chain runs its two members and the apply as one pass). Target: ≤ 1.3×.
import { chain, clipByGlobalNorm, createArena, fromTransformation, scaleByAdam, scaleByLearningRate, skipNonFinite, transformedPlugin } from '@descent/optim';
import { compare, report } from '../../../../tooling/bench.mjs';
import { adamPlugin } from '../dist/index.js';

const N = 1_000_000;
const fill = (p) => {
  for (let i = 0; i < N; i++) {
    p.data[i] = Math.sin(i);
    p.grad[i] = Math.cos(i) * 1e-2;
  }
  return p;
};
const arena = createArena({ bytes: 64 << 20 });
const plain = adamPlugin.create([fill(arena.parameter(N))], { lr: 1e-3 });
const guarded = transformedPlugin(adamPlugin, () => ({ before: chain(skipNonFinite(), clipByGlobalNorm(1)) })).create([fill(arena.parameter(N))], { lr: 1e-3 });
const heapParam = () => fill({ data: new Float32Array(N), grad: new Float32Array(N) });
const adamHeap = adamPlugin.create([heapParam()], { lr: 1e-3 });
const chainHeap = fromTransformation(() => chain(scaleByAdam(), scaleByLearningRate()), [heapParam()], { lr: 1e-3 });

const guard = compare([
  { name: 'Adam.step, arena (WASM SIMD)', run: () => plain.step() },
  { name: 'Adam + clipByGlobalNorm + skipNonFinite, arena', run: () => guarded.step() },
]);
report('Adam with global-norm clipping and a non-finite guard (target ≤ 1.15× plain Adam)', guard, { baseline: 'Adam.step, arena (WASM SIMD)' });
const chained = compare([
  { name: 'Adam class, heap (JS)', run: () => adamHeap.step() },
  { name: 'chain(scaleByAdam, scaleByLearningRate), heap', run: () => chainHeap.step() },
]);
report('A chain equal to Adam (target ≤ 1.3× the Adam class)', chained, { baseline: 'Adam class, heap (JS)' });
