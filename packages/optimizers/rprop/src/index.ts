export { Rprop, type RpropState } from './rprop.js';
export { rpropOptionSpecs, validateRpropOptions, type RpropOptions } from './rprop-options.js';
export { rpropPlugin } from './rprop-plugin.js';
