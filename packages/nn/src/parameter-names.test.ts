import { sgdPlugin } from '@descent/optimizer-sgd';
import { describe, expect, it } from 'vitest';
import { Activation } from './activations.js';
import { Dense } from './dense.js';
import { buildModel } from './models.js';
import { Network } from './network.js';

describe('parameter names and shapes', () => {
  it('names every parameter by its layer kind and index, as PyTorch reads them, with the shape of its storage', () => {
    const cnn = buildModel('small-cnn', { seed: 1 });
    expect(cnn.parameters().map((p) => [p.name, p.shape])).toEqual([
      ['conv0.weight', [3, 3, 1, 16]],
      ['conv0.bias', [16]],
      ['conv1.weight', [3, 3, 16, 32]],
      ['conv1.bias', [32]],
      ['dense0.weight', [800, 10]],
      ['dense0.bias', [10]],
    ]);
    const mlp = new Network().add(new Dense(5, 4)).add(new Activation(4, 'sigmoid')).add(new Dense(4, 3));
    mlp.compile({ plugin: sgdPlugin, options: { lr: 0.1 } });
    expect(mlp.parameters().map((p) => [p.name, p.shape, p.data.length])).toEqual([
      ['dense0.weight', [5, 4], 20],
      ['dense0.bias', [4], 4],
      ['dense1.weight', [4, 3], 12],
      ['dense1.bias', [3], 3],
    ]);
  });
});
