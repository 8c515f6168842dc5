export { Nesterov, type NesterovState } from './nesterov.js';
export { nesterovOptionSpecs, type NesterovOptions } from './nesterov-options.js';
export { nesterovPlugin } from './nesterov-plugin.js';
