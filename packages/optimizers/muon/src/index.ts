export { Muon, type MuonState } from './muon.js';
export { DEFAULT_NS_COEFFICIENTS, muonOptionSpecs, validateMuonOptions, type MuonOptions } from './muon-options.js';
export { muonPlugin } from './muon-plugin.js';
export { splitForMuon } from './split.js';
