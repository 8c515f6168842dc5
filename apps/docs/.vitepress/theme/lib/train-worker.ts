// The training demo's Web Worker: the book's network (listing 11-7) on the embedded Fashion-MNIST sample, trained
// off the page's thread so the page stays responsive. Progress and the result are posted back as messages.
import { loadFashionMnistSample } from '@descent/datasets/sample';
import { bookMlp } from '@descent/nn';
import { pluginById } from './optimizers';

export interface TrainRequest {
  readonly type: 'train';
  readonly optimizer: string;
  readonly options: Record<string, number | boolean | string>;
  readonly steps: number;
  readonly batchSize: number;
  readonly seed: number;
}

export type TrainMessage =
  | { readonly type: 'progress'; readonly step: number; readonly steps: number; readonly loss: number; readonly seconds: number }
  | { readonly type: 'done'; readonly steps: number; readonly seconds: number; readonly accuracy: number; readonly mcc: number; readonly confusion: number[][]; readonly stopped: boolean; readonly kernels: string; readonly threads: number }
  | { readonly type: 'error'; readonly message: string };

let stop = false;
const post = (message: TrainMessage) => {
  postMessage(message);
};

onmessage = (event: MessageEvent<TrainRequest | { type: 'stop' }>) => {
  const request = event.data;
  if (request.type === 'stop') {
    stop = true;
    return;
  }
  stop = false;
  void (async () => {
    try {
      // Fetched from the asset URL Vite gives the sample file (see @descent/datasets/sample), once per worker.
      const sample = await loadFashionMnistSample();
      const split = (s: typeof sample.train) => ({ inputs: s.images, labels: s.labels, count: s.count });
      // Every core when the page is cross-origin isolated (shared memory); the network says how many it runs (1 otherwise).
      const net = bookMlp({ seed: request.seed, threads: Math.max(1, navigator.hardwareConcurrency || 1) }).compile({ plugin: pluginById(request.optimizer), options: request.options });
      try {
        const fit = await net.fitAsync(split(sample.train), {
          minibatches: request.steps,
          batchSize: request.batchSize,
          progressEvery: 50,
          shouldStop: () => stop,
          onProgress: (p) => {
            post({ type: 'progress', step: p.step, steps: p.steps, loss: p.loss, seconds: p.seconds });
          },
        });
        const evaluation = net.evaluate(split(sample.test));
        post({ type: 'done', steps: fit.steps, seconds: fit.seconds, accuracy: evaluation.accuracy, mcc: evaluation.mcc, confusion: evaluation.confusion, stopped: fit.stopped, kernels: net.kernelName, threads: net.threads });
      } finally {
        net.close();
      }
    } catch (error) {
      post({ type: 'error', message: (error as Error).message });
    }
  })();
};
