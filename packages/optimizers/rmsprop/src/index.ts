export { Rmsprop, type RmspropState } from './rmsprop.js';
export { rmspropOptionSpecs, validateRmspropOptions, type RmspropOptions } from './rmsprop-options.js';
export { rmspropPlugin } from './rmsprop-plugin.js';
