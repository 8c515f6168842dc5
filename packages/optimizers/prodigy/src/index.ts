export { Prodigy, type ProdigyState } from './prodigy.js';
export { prodigyOptionSpecs, type ProdigyOptions } from './prodigy-options.js';
export { prodigyPlugin } from './prodigy-plugin.js';
