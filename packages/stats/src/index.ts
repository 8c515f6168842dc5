// The classification metrics live in @descent/metrics (no dependencies), so that @descent/nn reports with them without
// installing the @stdlib distributions below; re-exported here, one implementation.
export { accuracy, confusionMatrix, matthewsCorrcoef, mccFromConfusion, type Labels } from '@descent/metrics';
export { histogram, mean, median, quantile, standardDeviation, standardError, variance, type Histogram, type Sample } from './descriptive.js';
export {
  kurtosisTest,
  mannWhitneyExactSf,
  mannWhitneyU,
  mannWhitneyUBook,
  normalTest,
  skewTest,
  tTestInd,
  type Alternative,
  type MannWhitneyResult,
  type NormalTestResult,
  type TTestResult,
  type ZTestResult,
} from './hypothesis-tests.js';
export { cohensD, hedgesG } from './effect-size.js';
export { averageRanks } from './ranks.js';
export { chiSquareSf, normalSf, studentTCdf, studentTSf } from './distributions.js';
