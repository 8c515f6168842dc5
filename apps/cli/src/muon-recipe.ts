import type { OptimizerPluginV1, OptimizerV1, Parameter, ParamGroupInput } from '@descent/optim';
import { adamwPlugin } from '@descent/optimizer-adamw';
import { splitForMuon } from '@descent/optimizer-muon';

/** What `train --optimizer muon` tells the user it does with the network's parameters. */
export const MUON_RECIPE_NOTE =
  'Muon takes the 2-D weights (dense layers); AdamW, at its defaults (lr=0.001 weightDecay=0.01), takes the biases and convolution kernels';

/**
 * The usual Muon recipe as a plugin: `create` sends the matrices among the parameters it is given to Muon (with the
 * options given) and everything else to AdamW at its defaults, and returns one optimizer that steps both. For
 * `descent train`, whose network hands its optimizer every parameter at once; its state is two optimizers' and is not
 * saved (`stateDict` says so), as `train` saves weights only.
 */
export function muonRecipe(muon: OptimizerPluginV1): OptimizerPluginV1 {
  return {
    ...muon,
    create(params, options) {
      const flat = [...(params as Iterable<Parameter | ParamGroupInput>)].flatMap((item) => ('params' in item ? [...item.params] : [item]));
      const { muon: matrices, other } = splitForMuon(flat);
      const parts = [muon.create(matrices, options), ...(other.length > 0 ? [adamwPlugin.create(other) as unknown as OptimizerV1] : [])];
      return combined(parts);
    },
  };
}

/** Several optimizers over disjoint parameters, stepped together as one. */
function combined(parts: readonly OptimizerV1[]): OptimizerV1 {
  const first = parts[0] as OptimizerV1;
  const groupOwner = (index: number): [OptimizerV1, number] => {
    let rest = index;
    for (const part of parts) {
      if (rest < part.paramGroups.length) return [part, rest];
      rest -= part.paramGroups.length;
    }
    throw new RangeError(`No parameter group ${String(index)}`);
  };
  const unsupported = (what: string): never => {
    throw new Error(`${what} is not supported by the Muon + AdamW recipe (two optimizers); save the weights instead`);
  };
  return {
    specificationVersion: 'v1',
    id: first.id,
    get paramGroups() {
      return parts.flatMap((part) => part.paramGroups);
    },
    get stepCount() {
      return first.stepCount;
    },
    step(closure) {
      const loss = closure?.();
      for (const part of parts) part.step();
      return loss;
    },
    zeroGrad() {
      for (const part of parts) part.zeroGrad();
    },
    addParamGroup: () => unsupported('addParamGroup'),
    currentLr(groupIndex = 0) {
      const [part, index] = groupOwner(groupIndex);
      return part.currentLr(index);
    },
    stateDict: () => unsupported('stateDict'),
    loadStateDict: () => unsupported('loadStateDict'),
  };
}
