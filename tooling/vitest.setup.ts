import { afterEach } from 'vitest';
import { enableRelaxedSimd } from '../packages/tensor/src/node.js';

// Tests run the kernels the CLI runs: relaxed SIMD on, as the descent binary turns it on at startup (Node 20 has it
// behind a V8 flag). Tests of the plain SIMD build ask for it with `relaxedSimd: false`.
enableRelaxedSimd();

// Vitest's worker reports each test's result to the main process and waits at most 60 s for the answer. The answer
// arrives as a message, which the worker reads only when its event loop turns; between tests vitest awaits promises
// only, so a row of long synchronous tests (tensor's kernel checks take 14 + 21 + 26 s on a loaded machine) gave it no
// turn for over 60 s, and the run failed with "Timeout calling onTaskUpdate" though every test passed. One macrotask
// turn after each test lets the answers in.
afterEach(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
