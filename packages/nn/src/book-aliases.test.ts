import { loadFashionMnistSample } from '@descent/datasets/sample';
import { momentumPlugin } from '@descent/optimizer-momentum';
import { describe, expect, it } from 'vitest';
import { ActivationLayer, FullyConnectedLayer } from './book-aliases.js';
import { Network } from './network.js';

// NN.py's fit({ lr }) trains with the book's own momentum rule, built into @descent/nn: for a constant η it
// must land where PyTorch's momentum SGD (@descent/optimizer-momentum, one group per layer with its μ) does.

const sample = await loadFashionMnistSample();
const train = { inputs: sample.train.images, labels: sample.train.labels, count: sample.train.count };

function nnPyNetwork(): Network {
  return new Network({ seed: 5, simd: false })
    .add(new FullyConnectedLayer(196, 20, { momentum: 0.9 }))
    .add(new ActivationLayer())
    .add(new FullyConnectedLayer(20, 10, { momentum: 0.5 }))
    .add(new ActivationLayer());
}

describe("NN.py's lr without compile()", () => {
  it("steps as momentum SGD with each layer's own μ", () => {
    const book = nnPyNetwork();
    book.fit(train, { minibatches: 40, lr: 0.2 });
    const torch = nnPyNetwork().compile({ plugin: momentumPlugin, options: { lr: 0.2, dampening: 0 } }, [{ momentum: 0.9 }, { momentum: 0.5 }]);
    torch.fit(train, { minibatches: 40 });
    const a = book.getWeights().flat();
    const b = torch.getWeights().flat();
    const scale = Math.max(...b.map(Math.abs));
    // Two float32 roundings of the same sums (v ← μv − ηg, W ← W + v against b ← μb + g, W ← W − ηb).
    expect(Math.max(...a.map((x, i) => Math.abs(x - (b[i] as number))))).toBeLessThan(1e-4 * scale);
    // And the weights did move: the comparison is not between two untrained networks.
    const start = nnPyNetwork().getWeights().flat();
    expect(Math.max(...a.map((x, i) => Math.abs(x - (start[i] as number))))).toBeGreaterThan(1e-3);
  });
});
