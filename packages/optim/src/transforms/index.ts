export type { GradientTransformation, TransformContext, TransformInit, TransformState } from './types.js';
export { chain, findTransformState, type ChainState } from './chain.js';
export {
  addDecayedWeights,
  scale,
  scaleByAdam,
  scaleByLearningRate,
  trace,
  type AddDecayedWeightsOptions,
  type ScaleByAdamOptions,
  type ScaleByAdamState,
  type TraceOptions,
  type TraceState,
} from './scale.js';
export { clipByGlobalNorm, clipByNormPerParameter, clipByValue, type ClipNormState } from './clipping.js';
export { NonFiniteGradientError, skipNonFinite, zeroNans, type SkipNonFiniteOptions, type SkipNonFiniteState } from './guards.js';
export { accumulate, ema, lookahead, swa, type AccumulateState, type AverageState, type LookaheadState } from './averaging.js';
export {
  ChainOptimizer,
  chainPlugin,
  fromTransformation,
  type ChainOptimizerDefinition,
  type ChainOptions,
  type ChainPluginDefinition,
} from './chain-optimizer.js';
export { TransformedOptimizer, transformedPlugin, type AroundOptimizer } from './wrap.js';
