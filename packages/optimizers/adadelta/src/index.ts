export { Adadelta, type AdadeltaState } from './adadelta.js';
export { adadeltaOptionSpecs, type AdadeltaOptions } from './adadelta-options.js';
export { adadeltaPlugin } from './adadelta-plugin.js';
