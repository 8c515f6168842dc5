import { setFlagsFromString } from 'node:v8';

// Tests run the kernels the CLI runs. Node 20 has WebAssembly relaxed SIMD (the fused multiply-add build of the
// tensor kernels) behind a V8 flag, which the CLI sets at startup (`enableRelaxedSimd` in @descent/tensor/node);
// later Nodes have it on. Tests of the plain SIMD build ask for it with `relaxedSimd: false`.
if (process.versions.node.startsWith('20.')) setFlagsFromString('--experimental-wasm-relaxed-simd');
