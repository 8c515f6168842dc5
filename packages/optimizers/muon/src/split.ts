import type { Parameter } from '@descent/optim';

/**
 * The usual Muon recipe sorts a network's parameters by shape: matrices (2-D: dense weights) to Muon, everything
 * else (biases, convolution kernels, parameters without a shape) to AdamW.
 *
 * @example
 * const { muon, other } = splitForMuon(network.parameters());
 * const optimizers = [new Muon(muon, { lr: 0.02 }), new AdamW(other, { lr: 1e-3 })];
 */
export function splitForMuon<P extends Parameter>(params: Iterable<P>): { muon: P[]; other: P[] } {
  const muon: P[] = [];
  const other: P[] = [];
  for (const p of params) (p.shape?.length === 2 ? muon : other).push(p);
  return { muon, other };
}
