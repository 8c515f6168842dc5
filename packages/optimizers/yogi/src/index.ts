export { Yogi, YOGI_INITIAL_ACCUMULATOR, type YogiState } from './yogi.js';
export { yogiOptionSpecs, type YogiOptions } from './yogi-options.js';
export { yogiPlugin } from './yogi-plugin.js';
