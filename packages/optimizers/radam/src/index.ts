export { RAdam, type RAdamState } from './radam.js';
export { radamOptionSpecs, type RAdamOptions } from './radam-options.js';
export { radamPlugin } from './radam-plugin.js';
