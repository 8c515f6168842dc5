import { optionValidator, type OptimizerPluginV1 } from '@descent/optim';
import { Muon } from './muon.js';
import { muonOptionSpecs, validateMuonOptions, type MuonOptions } from './muon-options.js';

/**
 * Muon (Jordan et al. 2024) as a descent optimizer plugin, id `muon`. Momentum orthogonalized by Newton–Schulz, for
 * weight matrices: each step moves every singular direction alike. The plugin holds the descriptor (update rule, the
 * comparison with PyTorch, references), validates options and creates the optimizer (`Muon`); `Network.compile` and
 * the CLI's optimizer registry take it.
 */
export const muonPlugin: OptimizerPluginV1<MuonOptions> = {
  specificationVersion: 'v1',
  id: 'muon',
  name: 'Muon',
  packageName: '@descent/optimizer-muon',
  definedBy: { source: 'pytorch', version: '2.9' },
  summary: 'Momentum orthogonalized by Newton–Schulz, for weight matrices: each step moves every singular direction alike.',
  updateRule:
    'B \\leftarrow \\mu B + (1-\\mu) g;\\ U = (1-\\mu) g + \\mu B \\text{ (Nesterov) or } B;\\ O = \\mathrm{NS}^{(a,b,c)}_k(U / \\max(\\lVert U\\rVert_F, \\varepsilon));\\ \\theta \\leftarrow \\theta (1 - \\eta\\lambda) - \\eta \\sqrt{\\max(1, A/B)}\\, O',
  bookMapping:
    'Not in the book: chapter 11 ends with Adam. Muon is momentum (equation 11.5) whose step is replaced by the nearest orthogonal matrix, so that every parameter must be a matrix: create it with parameter(data, { shape: [A, B] }) (@descent/nn shapes its weights). The recipe is Muon for 2-D weights and AdamW for biases and the rest: splitForMuon(network.parameters()) returns { muon, other }, and `descent train --optimizer muon` does that split itself.',
  pytorch:
    'torch.optim.Muon of PyTorch 2.9 (torch/optim/_muon.py), with its defaults and checks; ns_coefficients are the options nsA, nsB, nsC and adjust_lr_fn is adjustLrFn, None spelled "original". PyTorch 1.13 has no Muon, so the tests replay scripts/numpy-muon-fixtures.py, a NumPy transcription of that source, to 1e-9 in float64. One difference: PyTorch runs Newton–Schulz in bfloat16, this package in float64. A dense weight here is stored inputs × outputs (y = xW), the transpose of torch.nn.Linear\'s, so A/B in the learning-rate adjustment is inputs/outputs.',
  options: muonOptionSpecs,
  references: [
    { authors: 'K. Jordan, Y. Jin, V. Boza, J. You, F. Cesista, L. Newhouse, J. Bernstein', title: 'Muon: An optimizer for hidden layers in neural networks', year: 2024, url: 'https://kellerjordan.github.io/posts/muon/' },
    { authors: 'J. Liu et al.', title: 'Muon is Scalable for LLM Training', year: 2025, url: 'https://arxiv.org/abs/2502.16982' },
  ],
  validate: optionValidator('Muon', muonOptionSpecs, validateMuonOptions),
  create: (params, options) => new Muon(params, options),
};
