// @descent/benchmark/browser: the parts of the protocol that run anywhere, a browser included: the tuner's
// quasi-random search over a descriptor's search space, performance profiles, and the figures and numbers of a
// benchmark.json. The package's main entry also runs workloads (worker threads, Fashion-MNIST from disk), which a
// browser cannot load; the docs site tunes its races and renders its benchmark page with this entry.
export { defaultLearningRateSpace, searchDimensions, trialOptions, valueAt as searchValueAt, type SearchDimension, type TrialOptions } from './search-space.js';
export { haltonPoints, radicalInverse, seededUniform } from './quasi-random.js';
export { performanceProfile, performanceRatios, profileScores, tauGrid, type ProfileCurve } from './profile.js';
export { curvesFigure, profileFigure, sensitivityFigure } from './figures.js';
export { formatMeanSe } from './report.js';
export type { BenchmarkSummary, MeanSe, MedianOf, OptimizerSummary, PairComparison, TrialSummary, WorkloadSummary } from './summary.js';
