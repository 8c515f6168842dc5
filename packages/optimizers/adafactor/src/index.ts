export { Adafactor, type AdafactorState } from './adafactor.js';
export { adafactorOptionSpecs, type AdafactorOptions } from './adafactor-options.js';
export { adafactorPlugin } from './adafactor-plugin.js';
