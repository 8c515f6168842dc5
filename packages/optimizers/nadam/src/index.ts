export { NAdam, type NAdamState } from './nadam.js';
export { nadamOptionSpecs, type NAdamOptions } from './nadam-options.js';
export { nadamPlugin } from './nadam-plugin.js';
