export { AdamW, type AdamWState } from './adamw.js';
export { adamwOptionSpecs, type AdamWOptions } from './adamw-options.js';
export { adamwPlugin } from './adamw-plugin.js';
