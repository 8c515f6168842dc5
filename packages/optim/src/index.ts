export type {
  BaseOptimizerOptions,
  FloatArray,
  LearningRate,
  LearningRateSchedule,
  ParamGroup,
  ParamGroupInput,
  Parameter,
  ParamsInput,
  ParamState,
} from './optimizer-types.js';
export { Optimizer, type OptimizerDefinition, type OptimizerV1 } from './optimizer.js';
export {
  parameter,
  shapeMismatch,
  zerosLike,
  isFloatArray,
  dtypeOf,
  groupsByName,
  type NamedGroupInput,
  type ParameterOptions,
  type ParameterSelector,
} from './parameter.js';
export { arenaOf, createArena, stateLike, type FloatArena } from './arena.js';
export { createKernelLoader, kernelInArena } from './wasm-kernel.js';
export { isSharedMemory, withSharedMemoryImport } from './shared-memory-import.js';
export {
  describeChoices,
  describeRange,
  inRange,
  learningRateSpec,
  maximizeSpec,
  resolveOptions,
  validateOption,
  weightDecaySpec,
  type OptimizerOptionSpecV1,
  type OptionSearchSpaceV1,
} from './option-spec.js';
export {
  defaultOptions,
  definedByLabel,
  isOptimizerPlugin,
  optionValidator,
  validatePluginOptions,
  type OptimizerDefinitionV1,
  type OptimizerPlugin,
  type OptimizerPluginV1,
  type OptimizerReferenceV1,
} from './plugin.js';
export { adaptPlugin, createOptimizerRegistry, type OptimizerRegistry } from './registry.js';
export { cosineDecay, exponentialDecay, inverseTimeDecay, linearWarmup, stepDecay } from './schedules.js';
export {
  attachScheduler,
  createLrScheduler,
  scheduleFunction,
  scheduleValues,
  type AttachedSchedulerV1,
  type LrSchedulerStateDictV1,
  type LrSchedulerV1,
  type ScheduledOptimizerStateDictV1,
} from './lr-schedulers.js';
export { InvalidScheduleError, parseScheduleSpec, SCHEDULER_NAMES, validateScheduleSpec, type ScheduleSpec } from './lr-scheduler-spec.js';
export type { LrSchedulerStateV1 } from './lr-scheduler.js';
export { LAMBDA_NAMES, parseLrLambda } from './lr-lambda-expression.js';
export * from './lr-scheduler-constructors.js';
export { decodeArray, encodeArray, type EncodedArrayV1, type EncodedStateValueV1, type OptimizerStateDictV1 } from './state-dict.js';
export {
  InvalidOptionError,
  InvalidParamsError,
  StateDictMismatchError,
  UnknownOptimizerError,
  UnsupportedSpecificationVersionError,
} from './errors.js';
export * from './transforms/index.js';
export { parameterKeys, type Keyed, type OptimizerStateDict, type OptimizerStateDictV2 } from './state-dict.js';
export {
  isBiasOrNorm,
  noDecayBiasSpec,
  ParameterMask,
  WeightDecayMask,
  withWeightDecayMask,
  type ParameterPredicate,
  type WeightDecayMaskOptions,
} from './parameter-mask.js';
export {
  averagingWeight,
  roundingFor,
  ScheduleFreeOptimizer,
  warmupIndexingSpec,
  warmupLearningRates,
  type ScheduleFreeOptions,
  type ScheduleFreeState,
  type WarmupIndexing,
} from './schedule-free.js';
