import { faultyDescriptor } from './faulty-sgd.mjs';

export const throwingSgdPlugin = faultyDescriptor('throwing-sgd', []);
