export { Asgd, type AsgdState } from './asgd.js';
export { asgdOptionSpecs, type AsgdOptions } from './asgd-options.js';
export { asgdPlugin } from './asgd-plugin.js';
