export { Adam, type AdamState } from './adam.js';
export { adamOptionSpecs, type AdamOptions } from './adam-options.js';
export { adamPlugin } from './adam-plugin.js';
