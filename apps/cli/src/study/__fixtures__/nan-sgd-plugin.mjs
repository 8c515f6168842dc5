import { faultyDescriptor } from './faulty-sgd.mjs';

export const nanSgdPlugin = faultyDescriptor('nan-sgd', [{ name: 'nanAfter', type: 'number', default: 100, min: 0, description: 'Steps before the parameters become NaN.' }]);
