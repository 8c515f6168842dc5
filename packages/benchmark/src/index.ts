// @descent/benchmark: the AlgoPerf/DeepOBS protocol at laptop scale. Workloads are data; every optimizer gets the
// same number of quasi-random trials over its declared search space; the best is re-run over seeds and measured by
// steps and seconds to a fixed target; performance profiles summarise across workloads.
export { CALIBRATION_OPTIMIZERS, getWorkload, reaches, UnknownWorkloadError, WORKLOADS, type ProblemSpec, type Workload } from './workloads.js';
export { evaluationSteps, executeBenchmarkRun, type BenchmarkRunResult, type BenchmarkRunSpec, type CurvePoint, type RunEnvironment } from './run.js';
export { defaultLearningRateSpace, searchDimensions, trialOptions, valueAt as searchValueAt, type SearchDimension, type TrialOptions } from './search-space.js';
export { gaussian, haltonPoints, radicalInverse, seededUniform } from './quasi-random.js';
export { promote, REDUCTION_FACTOR, rungSteps } from './pruner.js';
export { performanceProfile, performanceRatios, profileScores, tauGrid, type ProfileCurve } from './profile.js';
export { holmAdjust } from './holm.js';
export {
  confirmationSeed,
  finalCost,
  firstReach,
  runBenchmark,
  type BenchmarkOptimizer,
  type BenchmarkSettings,
  type OptimizerRuns,
  type RunBatch,
  type TrialRecord,
  type WorkloadRuns,
} from './protocol.js';
export {
  compareOptimizers,
  medianOrNull,
  summarizeBenchmark,
  type BenchmarkSummary,
  type MeanSe,
  type MedianOf,
  type OptimizerSummary,
  type PairComparison,
  type TrialSummary,
  type WorkloadSummary,
} from './summary.js';
export { calibratedTargets, type CalibratedTarget } from './calibrate.js';
export { benchmarkFigures, curvesFigure, profileFigure, sensitivityFigure, type BenchmarkFigure } from './figures.js';
export { benchmarkReport, formatMeanSe } from './report.js';
export { BenchmarkPool, BenchmarkRunError, serveBenchmarkRuns } from './worker-pool.js';
export { parseTrials, specKey, TRIALS_FILE, type ParsedTrials, type TrialLine } from './trials-file.js';
