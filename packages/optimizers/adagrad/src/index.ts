export { Adagrad, type AdagradState } from './adagrad.js';
export { adagradOptionSpecs, type AdagradOptions } from './adagrad-options.js';
export { adagradPlugin } from './adagrad-plugin.js';
