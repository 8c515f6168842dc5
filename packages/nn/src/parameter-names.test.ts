import type { Parameter } from '@descent/optim';
import { sgdPlugin } from '@descent/optimizer-sgd';
import { describe, expect, it } from 'vitest';
import { Activation } from './activations.js';
import { Dense } from './dense.js';
import { buildModel, parseModelSpec } from './models.js';
import { Network } from './network.js';

describe('parameter names and shapes', () => {
  it("names every parameter by its layer's index among all layers, as PyTorch's nn.Sequential does, with the shape of its storage", () => {
    // conv (relu inside), pool, conv, pool, flatten, dense: indices 0, 2 and 5 hold parameters.
    const cnn = buildModel('small-cnn', { seed: 1 });
    expect(cnn.parameters().map((p) => [p.name, p.shape])).toEqual([
      ['0.weight', [3, 3, 1, 16]],
      ['0.bias', [16]],
      ['2.weight', [3, 3, 16, 32]],
      ['2.bias', [32]],
      ['5.weight', [800, 10]],
      ['5.bias', [10]],
    ]);
    const mlp = new Network().add(new Dense(5, 4)).add(new Activation(4, 'sigmoid')).add(new Dense(4, 3));
    mlp.compile({ plugin: sgdPlugin, options: { lr: 0.1 } });
    expect(mlp.layerNames).toEqual(['0', '1', '2']);
    expect(mlp.parameters().map((p) => [p.name, p.shape, p.data.length])).toEqual([
      ['0.weight', [5, 4], 20],
      ['0.bias', [4], 4],
      ['2.weight', [4, 3], 12],
      ['2.bias', [3], 3],
    ]);
  });

  it('the book MLP: 0, 2 and 4 (a sigmoid after each dense layer)', () => {
    expect(buildModel('book-mlp').parameters().map((p) => p.name)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias', '4.weight', '4.bias']);
  });

  it('the optimizer receives the named, shaped parameters', () => {
    let received: unknown;
    const recording: typeof sgdPlugin = {
      ...sgdPlugin,
      create: (params, options) => {
        received = params;
        return sgdPlugin.create(params, options);
      },
    };
    new Network().add(new Dense(3, 2), 'fc').compile({ plugin: recording, options: { lr: 0.1 } });
    const params = received as readonly Parameter[];
    expect(params.map((p) => `${p.name ?? ''} ${JSON.stringify(p.shape)}`)).toEqual(['fc.weight [3,2]', 'fc.bias [2]']);
  });

  it('a model spec names its layers: named ones by their name, the rest by index', () => {
    const spec = parseModelSpec({ layers: [{ type: 'dense', units: 8, name: 'hidden' }, { type: 'relu' }, { type: 'dense', units: 2 }] });
    const net = buildModel(spec, { inputShape: { height: 1, width: 1, channels: 4 } });
    expect(net.parameters().map((p) => [p.name, p.shape])).toEqual([
      ['hidden.weight', [4, 8]],
      ['hidden.bias', [8]],
      ['2.weight', [8, 2]],
      ['2.bias', [2]],
    ]);
    expect(net.layerNames).toEqual(['hidden', '1', '2']);
  });

  it('refuses an empty, dotted or repeated layer name, naming the layer', () => {
    expect(() => parseModelSpec({ layers: [{ type: 'dense', units: 2, name: 'a.b' }] })).toThrow(
      `Invalid model: layers[0].name is "a.b" (expected a non-empty name without '.')`,
    );
    expect(() => parseModelSpec({ layers: [{ type: 'dense', units: 2, name: 'x' }, { type: 'dense', units: 2, name: 'x' }] })).toThrow(
      'Invalid model: layers[1].name is "x" (expected a name no other layer has)',
    );
    expect(() => new Network().add(new Dense(2, 2), '')).toThrow(`Invalid layer name: "" (expected a non-empty name without '.')`);
    // An explicit name may not take an index another layer already has.
    expect(() => new Network().add(new Dense(2, 2)).add(new Dense(2, 2), '0')).toThrow("Invalid layer name: '0' is already the name of a layer");
  });
});
