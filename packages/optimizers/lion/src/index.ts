export { Lion, type LionState } from './lion.js';
export { lionOptionSpecs, type LionOptions } from './lion-options.js';
export { lionPlugin } from './lion-plugin.js';
