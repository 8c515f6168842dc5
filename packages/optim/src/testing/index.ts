export { describeOptimizerConformance, invalidValuesFor, type ConformanceConfig, type ConvergenceCase } from './conformance.js';
export { allocatesNothing, BACKGROUND_COLLECTIONS, countGarbageCollections } from './gc-counter.js';
export { describeDescriptorReadme } from './readme.js';
export { distance, quadraticProblem, rosenbrockProblem, type TestProblem } from './problems.js';
export {
  describeTorchReplay,
  float32Deviation,
  FLOAT32_EPSILON,
  FLOAT32_UNITS,
  FLOAT32_VS_FLOAT64,
  replayTorchTrajectory,
  torchOptionsToDescent,
  torchTrajectoryMismatch,
  type TorchTrajectoryCase,
  type TorchTrajectoryFixture,
} from './torch-replay.js';
export { describeWeightDecayMask, type WeightDecayMaskConfig } from './weight-decay-mask.js';
export { describeFloat64Replay, type Float64TrajectoryFixture } from './reference-replay.js';
