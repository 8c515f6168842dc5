import { enableRelaxedSimd } from '../packages/tensor/src/node.js';

// Tests run the kernels the CLI runs: relaxed SIMD on, as the descent binary turns it on at startup (Node 20 has it
// behind a V8 flag). Tests of the plain SIMD build ask for it with `relaxedSimd: false`.
enableRelaxedSimd();
