// Optimizers that go wrong on purpose, for the study tests (each has its own file, as a plugin file holds one
// descriptor): plain SGD that writes NaN into every parameter after `nanAfter` steps (a run that diverges), and one
// whose step throws (a worker that fails).
class FaultySgd {
  specificationVersion = 'v1';
  stepCount = 0;
  constructor(id, params, options) {
    this.id = id;
    this.paramGroups = [{ params: [...params], options }];
  }
  step() {
    if (this.id === 'throwing-sgd') throw new Error('this optimizer always fails');
    this.stepCount++;
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        for (let i = 0; i < p.data.length; i++) p.data[i] = this.stepCount > group.options.nanAfter ? Number.NaN : p.data[i] - group.options.lr * p.grad[i];
      }
    }
    return undefined;
  }
  zeroGrad() {}
  currentLr() {
    return this.paramGroups[0].options.lr;
  }
}

export const faultyDescriptor = (id, extra) => ({
  specificationVersion: 'v1',
  id,
  name: id,
  packageName: `${id}-example`,
  summary: 'A test optimizer that goes wrong on purpose.',
  updateRule: '\\theta \\leftarrow \\theta - \\eta g',
  bookMapping: 'Not in the book.',
  options: [{ name: 'lr', type: 'learning-rate', default: 0.1, min: 0, description: 'Step length.' }, ...extra],
  references: [{ authors: 'test', title: 'test', year: 2026 }],
  create: (params, options) => new FaultySgd(id, params, { lr: 0.1, nanAfter: Infinity, ...options }),
});

