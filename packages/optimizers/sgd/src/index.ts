export { Sgd } from './sgd.js';
export { sgdOptionSpecs, type SgdOptions } from './sgd-options.js';
export { sgdPlugin } from './sgd-plugin.js';
