// A third-party optimizer as a user would write it, outside this repository: sign descent, θ ← θ − η·sign(g).
// It implements the V1 contract structurally, with no import of ours.
class SignDescent {
  specificationVersion = 'v1';
  id = 'sign-descent';
  stepCount = 0;
  constructor(params, options) {
    this.paramGroups = [{ params: [...params], options }];
  }
  step() {
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        if (p.grad === null) continue;
        for (let i = 0; i < p.data.length; i++) p.data[i] -= group.options.lr * Math.sign(p.grad[i]);
      }
    }
    this.stepCount++;
    return undefined;
  }
  zeroGrad() {}
  currentLr() {
    return this.paramGroups[0].options.lr;
  }
}

export const signDescentPlugin = {
  specificationVersion: 'v1',
  id: 'sign-descent',
  name: 'SignDescent',
  packageName: 'sign-descent-example',
  summary: 'Steps a fixed distance against the sign of each gradient component.',
  updateRule: '\\theta \\leftarrow \\theta - \\eta\\,\\mathrm{sign}(g)',
  bookMapping: 'Not in the book.',
  options: [
    { name: 'lr', type: 'learning-rate', default: 0.1, min: 0, description: 'Step length.' },
    { name: 'shrink', type: 'number', default: 1, min: 0, max: 1, description: 'Unused, shows a custom flag.' },
  ],
  references: [{ authors: 'example', title: 'example', year: 2024 }],
  create: (params, options) => new SignDescent(params, { lr: 0.1, shrink: 1, ...options }),
};
