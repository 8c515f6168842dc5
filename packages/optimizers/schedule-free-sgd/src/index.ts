export { ScheduleFreeSgd, type ScheduleFreeSgdState } from './schedule-free-sgd.js';
export { scheduleFreeSgdOptionSpecs, validateScheduleFreeSgd, type ScheduleFreeSgdOptions } from './schedule-free-sgd-options.js';
export { scheduleFreeSgdPlugin } from './schedule-free-sgd-plugin.js';
