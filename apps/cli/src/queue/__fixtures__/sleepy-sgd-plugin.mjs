// Plain SGD that sleeps `pause` milliseconds at every step (without using the CPU): a run that lasts long enough for
// the queue's fault tests to kill a worker or restart Redis in its middle, on a machine whose cores are busy.
const pauser = new Int32Array(new SharedArrayBuffer(4));

class SleepySgd {
  specificationVersion = 'v1';
  id = 'sleepy-sgd';
  stepCount = 0;
  constructor(params, options) {
    this.paramGroups = [{ params: [...params], options }];
  }
  step() {
    Atomics.wait(pauser, 0, 0, this.paramGroups[0].options.pause);
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        if (p.grad === null) continue;
        for (let i = 0; i < p.data.length; i++) p.data[i] -= group.options.lr * p.grad[i];
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

export const sleepySgdPlugin = {
  specificationVersion: 'v1',
  id: 'sleepy-sgd',
  name: 'SleepySgd',
  packageName: 'sleepy-sgd-example',
  summary: 'SGD that pauses at every step, for tests.',
  updateRule: '\\theta \\leftarrow \\theta - \\eta g',
  bookMapping: 'Not in the book.',
  options: [
    { name: 'lr', type: 'learning-rate', default: 0.1, min: 0, description: 'Step length.' },
    { name: 'pause', type: 'number', default: 2, min: 0, max: 1000, description: 'Milliseconds of sleep per step.' },
  ],
  references: [{ authors: 'example', title: 'example', year: 2024 }],
  create: (params, options) => new SleepySgd(params, { lr: 0.1, pause: 2, ...options }),
};
