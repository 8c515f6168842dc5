export { Adopt, type AdoptState } from './adopt.js';
export { adoptOptionSpecs, type AdoptOptions } from './adopt-options.js';
export { adoptPlugin } from './adopt-plugin.js';
