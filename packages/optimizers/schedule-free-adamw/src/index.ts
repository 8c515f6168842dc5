export { ScheduleFreeAdamW, type ScheduleFreeAdamWState } from './schedule-free-adamw.js';
export { scheduleFreeAdamWOptionSpecs, validateScheduleFreeAdamW, type ScheduleFreeAdamWOptions } from './schedule-free-adamw-options.js';
export { scheduleFreeAdamWPlugin } from './schedule-free-adamw-plugin.js';
