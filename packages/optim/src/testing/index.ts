export { describeOptimizerConformance, invalidValuesFor, type ConformanceConfig, type ConvergenceCase } from './conformance.js';
export { allocatesNothing, BACKGROUND_COLLECTIONS, countGarbageCollections } from './gc-counter.js';
export { distance, quadraticProblem, rosenbrockProblem, type TestProblem } from './problems.js';
export {
  describeTorchReplay,
  replayTorchTrajectory,
  torchOptionsToDescent,
  type TorchTrajectoryFixture,
} from './torch-replay.js';
