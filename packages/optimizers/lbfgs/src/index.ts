export { Lbfgs } from './lbfgs.js';
export { evaluationBudget, lbfgsOptionSpecs, validateLbfgsOptions, type LbfgsOptions } from './lbfgs-options.js';
export { lbfgsPlugin } from './lbfgs-plugin.js';
export { cubicInterpolate, lineSearchBuffers, strongWolfe, type DirectionalEvaluation, type LineSearchBuffers } from './strong-wolfe.js';
