import { strykerConfig } from '../../tooling/stryker.base.mjs';

// src/testing is test code (the conformance suite and the PyTorch replay that other packages' tests run), not
// measured by mutation, like the *.test.ts files.
export default strykerConfig({ breakAt: 85, mutate: ['!src/testing/**'] });
