export { Lamb, type LambState } from './lamb.js';
export { lambOptionSpecs, type LambOptions } from './lamb-options.js';
export { lambPlugin } from './lamb-plugin.js';
