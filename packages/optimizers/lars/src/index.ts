export { Lars, type LarsMaskOptions, type LarsState } from './lars.js';
export { larsOptionSpecs, type LarsOptions } from './lars-options.js';
export { larsPlugin } from './lars-plugin.js';
