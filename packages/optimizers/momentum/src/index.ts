export { Momentum, type MomentumState } from './momentum.js';
export { momentumOptionSpecs, type MomentumOptions } from './momentum-options.js';
export { momentumPlugin } from './momentum-plugin.js';
