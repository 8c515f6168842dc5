export { accuracy, confusionMatrix, matthewsCorrcoef, mccFromConfusion, type Labels } from './classification-metrics.js';
