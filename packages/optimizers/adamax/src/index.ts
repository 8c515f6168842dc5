export { Adamax, type AdamaxState } from './adamax.js';
export { adamaxOptionSpecs, type AdamaxOptions } from './adamax-options.js';
export { adamaxPlugin } from './adamax-plugin.js';
