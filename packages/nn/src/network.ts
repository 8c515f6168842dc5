import { createArena, type FloatArena, type OptimizerPluginV1, type OptimizerV1, type Parameter } from '@descent/optim';
import { momentumPlugin } from '@descent/optimizer-momentum';
import { EpochSampler, RandomMinibatchSampler } from '@descent/datasets';
import { accuracy as accuracyOf, confusionMatrix, mccFromConfusion } from '@descent/metrics';
import { createKernels, jsKernels, Rng, type Kernels } from '@descent/tensor';
import { Dense } from './dense.js';
import type { BuildContext, Layer } from './layer.js';
import { bookMseLoss, type Loss } from './losses.js';
import { PixelRows, readInputs, type Inputs } from './pixel-rows.js';
import { PrefixViews } from './views.js';

export interface OptimizerChoice {
  readonly plugin: OptimizerPluginV1;
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface NetworkOptions {
  /** Seeds the one generator of the run: initial weights, then minibatch draws. Default 0. */
  readonly seed?: number;
  /** The largest batch for training and evaluation. Default 64. */
  readonly maxBatch?: number;
  readonly loss?: Loss;
  /** Place every buffer in a WebAssembly arena so the SIMD kernels run (default true); false runs plain JavaScript. */
  readonly simd?: boolean;
  /**
   * With SIMD, use the relaxed-SIMD build (fused multiply-add in the matrix product) where the engine has it (default
   * true); false keeps to plain SIMD, whose results do not depend on whether the CPU has FMA.
   */
  readonly relaxedSimd?: boolean;
}

/** Training data: `count` rows of features and their class labels. */
export interface LabelledData {
  /**
   * `count` rows of features: floats, or pixel bytes (0–255) that the network reads as value / 255, as
   * torchvision's ToTensor does — four times less memory, and faster minibatches with the SIMD kernels. With SIMD a
   * network copies a byte array into WebAssembly memory the first time it trains on it and reads that copy from then
   * on: to train on changed bytes, pass a new array.
   */
  readonly inputs: Inputs;
  readonly labels: ArrayLike<number>;
  readonly count: number;
}

export interface Progress {
  readonly step: number;
  readonly steps: number;
  /** Mean loss over the steps since the last report. */
  readonly loss: number;
  readonly seconds: number;
  readonly stepsPerSecond: number;
  readonly epoch?: number;
}

export interface FitOptions {
  /** The book's way: this many steps, each on `batchSize` distinct random samples. */
  readonly minibatches?: number;
  /** Keras' way: this many passes over a fresh shuffle of the data. */
  readonly epochs?: number;
  readonly batchSize?: number;
  /** For NN.py-style use without compile(): momentum SGD at this rate, with each layer's own momentum. */
  readonly learningRate?: number;
  readonly onProgress?: (progress: Progress) => void;
  /** Steps between progress reports (default 200). */
  readonly progressEvery?: number;
  /** Polled at every report; true stops training after the current step (Ctrl-C). */
  readonly shouldStop?: () => boolean;
  /** Held-out data evaluated at the end of every epoch (epoch training only) and reported through `onEpoch`. */
  readonly validation?: LabelledData;
  /** Called at the end of every epoch (epoch training only). */
  readonly onEpoch?: (report: EpochReport) => void;
}

export interface EpochReport {
  /** 1-based. */
  readonly epoch: number;
  readonly epochs: number;
  /** Mean training loss over the epoch's steps. */
  readonly loss: number;
  /** On the `validation` data, when given. */
  readonly accuracy?: number;
  readonly seconds: number;
}

export interface FitResult {
  /** Steps taken, the diverged one included. */
  readonly steps: number;
  readonly seconds: number;
  readonly stopped: boolean;
  /** Mean loss over the last report's steps; the non-finite loss itself when the run diverged. */
  readonly loss: number;
  /**
   * Present when a minibatch's loss was not finite (NaN or ±Infinity): its 1-based step. Training stops there; the
   * weights hold that step's update and are not worth using.
   */
  readonly diverged?: { readonly step: number };
}

export interface Evaluation {
  readonly confusion: number[][];
  readonly accuracy: number;
  readonly mcc: number;
}

/**
 * A feed-forward network as NN.py builds it: `add` layers, then `fit` by minibatch count (the book) or by epochs,
 * `predict`, `evaluate`. Any optimizer plugin trains it, one for all layers or one per layer.
 */
export class Network {
  readonly layers: Layer[] = [];
  /** Each layer's name, by position: its index (`'0'`) unless `add` was given one. */
  readonly layerNames: string[] = [];
  readonly seed: number;
  readonly maxBatch: number;
  readonly loss: Loss;
  private readonly simd: boolean;
  private readonly relaxedSimd: boolean;
  private rng: Rng;
  private kernels: Kernels = jsKernels;
  private optimizers: OptimizerV1[] = [];
  private built = false;
  private inputBuffer = new PrefixViews(new Float32Array(0));
  private targetBuffer = new PrefixViews(new Float32Array(0));
  private gradientBuffer = new PrefixViews(new Float32Array(0));
  private arena: FloatArena | undefined;
  private readonly rowViews = new WeakMap<Float32Array, (Float32Array | undefined)[]>();
  /** Pixel-byte data sets copied into WebAssembly memory for the SIMD gather, one per data set seen. */
  private readonly pixelRows = new WeakMap<Uint8Array, PixelRows>();

  constructor(options: NetworkOptions = {}) {
    this.seed = options.seed ?? 0;
    this.maxBatch = options.maxBatch ?? 64;
    if (!Number.isInteger(this.maxBatch) || this.maxBatch < 1) throw new RangeError(`Invalid maxBatch: ${String(this.maxBatch)} (expected a whole number ≥ 1)`);
    this.loss = options.loss ?? bookMseLoss;
    this.simd = options.simd ?? true;
    this.relaxedSimd = options.relaxedSimd ?? true;
    this.rng = new Rng(this.seed);
  }

  /**
   * Appends a layer. Its parameters are named as PyTorch's `nn.Sequential` names them: the layer's index among all
   * layers (activations and pooling included) and the parameter's own name, `0.weight`, `0.bias`, `2.weight`; or
   * `name.weight` when `name` is given (a model spec's layer `name`). A name is unique and has no dot.
   */
  add(layer: Layer, name?: string): this {
    if (this.built) throw new Error('layers cannot be added after the network was compiled');
    const previous = this.layers[this.layers.length - 1];
    if (previous !== undefined) layer.fitTo?.(previous.outputSize);
    if (previous !== undefined && layer.inputSize !== previous.outputSize) {
      throw new RangeError(`a ${layer.kind} layer of ${String(layer.inputSize)} inputs cannot follow one of ${String(previous.outputSize)} outputs`);
    }
    const layerName = name ?? String(this.layers.length);
    if (name !== undefined && (name === '' || name.includes('.'))) throw new RangeError(`Invalid layer name: ${JSON.stringify(name)} (expected a non-empty name without '.')`);
    if (this.layerNames.includes(layerName)) throw new RangeError(`Invalid layer name: '${layerName}' is already the name of a layer`);
    for (const p of layer.parameters()) Object.assign(p, { name: `${layerName}.${p.name ?? 'parameter'}` });
    this.layers.push(layer);
    this.layerNames.push(layerName);
    return this;
  }

  get inputSize(): number {
    return this.layers[0]?.inputSize ?? 0;
  }

  get outputSize(): number {
    return this.layers[this.layers.length - 1]?.outputSize ?? 0;
  }

  /** Every layer's parameters in order, named (`0.weight`) and shaped (`[784, 100]`), e.g. to split into groups. */
  parameters(): Parameter<Float32Array>[] {
    return this.layers.flatMap((l) => l.parameters());
  }

  /** Trainable layers, in order. */
  private trainable(): Layer[] {
    return this.layers.filter((l) => l.parameters().length > 0 || l instanceof Dense);
  }

  /**
   * Makes the buffers (in a WebAssembly arena unless `simd: false`), draws the initial weights from the run's
   * generator, and creates the optimizer: one plugin for all layers, or one per trainable layer. `layerOptions`
   * overrides options per layer (the book's per-layer momentum).
   */
  compile(optimizer: OptimizerChoice | readonly OptimizerChoice[], layerOptions?: readonly Readonly<Record<string, unknown>>[]): this {
    if (this.layers.length === 0) throw new Error('the network has no layers');
    this.build();
    const layers = this.trainable();
    if (Array.isArray(optimizer)) {
      const choices = optimizer as readonly OptimizerChoice[];
      if (choices.length !== layers.length) throw new RangeError(`${String(choices.length)} optimizers given for ${String(layers.length)} trainable layers`);
      this.optimizers = layers.map((layer, i) => {
        const choice = choices[i] as OptimizerChoice;
        return choice.plugin.create([{ params: layer.parameters(), ...(layerOptions?.[i] ?? {}) }] as never, choice.options as never);
      });
    } else {
      const choice = optimizer as OptimizerChoice;
      // Without per-layer options, one flat list of parameters, as `torch.optim.Adam(model.parameters())` takes
      // them: the simplest form of the contract, which every optimizer plugin accepts.
      const params = layerOptions === undefined ? layers.flatMap((layer) => layer.parameters()) : layers.map((layer, i) => ({ params: layer.parameters(), ...(layerOptions[i] ?? {}) }));
      this.optimizers = [choice.plugin.create(params as never, choice.options as never)];
    }
    return this;
  }

  private build(): void {
    if (this.built) return;
    const floats = { count: 0 };
    const counting: BuildContext = {
      kernels: jsKernels,
      rng: new Rng(0),
      maxBatch: this.maxBatch,
      alloc: (n) => {
        floats.count += n + 4;
        return new Float32Array(n);
      },
    };
    this.layers.forEach((l, i) => {
      l.build(counting, i > 0);
    });
    const parameterFloats = this.layers.reduce((s, l) => s + l.parameters().reduce((t, p) => t + p.data.length + 4, 0), 0);
    const ioFloats = this.maxBatch * (this.inputSize + 2 * this.outputSize) + 12;
    // Room for every buffer, and for up to three state arrays per parameter (Adam with AMSGrad).
    this.arena = this.simd ? createArena({ bytes: 4 * (floats.count + ioFloats + 3 * parameterFloats) + 65_536 }) : undefined;
    const arena = this.arena;
    this.kernels = arena === undefined ? jsKernels : createKernels(arena.memory, { relaxedSimd: this.relaxedSimd });
    const context: BuildContext = {
      kernels: this.kernels,
      rng: this.rng,
      maxBatch: this.maxBatch,
      alloc: (n) => (arena === undefined ? new Float32Array(n) : arena.float32(n)),
    };
    this.layers.forEach((l, i) => {
      l.build(context, i > 0);
    });
    this.inputBuffer = new PrefixViews(context.alloc(this.maxBatch * this.inputSize));
    this.targetBuffer = new PrefixViews(context.alloc(this.maxBatch * this.outputSize));
    this.gradientBuffer = new PrefixViews(context.alloc(this.maxBatch * this.outputSize));
    this.built = true;
  }

  /** Which kernels run: `wasm-relaxed-simd`, `wasm-simd` or `js`. */
  get kernelName(): string {
    return this.kernels.name;
  }

  private gather(data: LabelledData, indices: ArrayLike<number>, batch: number): void {
    const n = this.inputSize;
    const k = this.outputSize;
    const input = this.inputBuffer.get(batch * n);
    const target = this.targetBuffer.buffer;
    const source = data.inputs;
    target.fill(0, 0, batch * k);
    for (let b = 0; b < batch; b++) target[b * k + (data.labels[indices[b] as number] as number)] = 1;
    if (source instanceof Uint8Array) {
      if (this.arena === undefined) {
        jsKernels.gatherPixelRows(source, indices, batch, n, input);
        return;
      }
      let rows = this.pixelRows.get(source);
      if (rows === undefined) {
        rows = new PixelRows(source, n, this.maxBatch);
        this.pixelRows.set(source, rows);
      }
      rows.gather(indices, batch, input);
      return;
    }
    // Rows are copied with set() (a memcpy, four times a JavaScript loop) from views made once per row and kept.
    let views = this.rowViews.get(source);
    if (views === undefined) {
      views = new Array<Float32Array | undefined>(data.count);
      this.rowViews.set(source, views);
    }
    for (let b = 0; b < batch; b++) {
      const row = indices[b] as number;
      let view = views[row];
      if (view === undefined) views[row] = view = source.subarray(row * n, (row + 1) * n);
      input.set(view, b * n);
    }
  }

  private forward(input: Float32Array, batch: number, training: boolean): Float32Array {
    let x = input;
    for (const layer of this.layers) x = layer.forward(x, batch, training);
    return x;
  }

  /** One training step on the rows `indices` of `data`; returns the batch loss. */
  trainStep(data: LabelledData, indices: ArrayLike<number>, batch: number): number {
    this.gather(data, indices, batch);
    const input = this.inputBuffer.get(batch * this.inputSize);
    const target = this.targetBuffer.get(batch * this.outputSize);
    const output = this.forward(input, batch, true);
    const loss = this.loss.value(output, target, batch, this.outputSize);
    let gradient = this.gradientBuffer.get(batch * this.outputSize);
    this.loss.gradient(output, target, gradient, batch, this.outputSize, this.kernels);
    for (let i = this.layers.length - 1; i >= 0; i--) gradient = (this.layers[i] as Layer).backward(gradient, batch);
    for (const optimizer of this.optimizers) optimizer.step();
    return loss;
  }

  /**
   * Trains synchronously. For a program that must stay responsive (a Ctrl-C handler, a page), `fitAsync` does the
   * same steps and lets the event loop run at every progress report.
   */
  fit(data: LabelledData, options: FitOptions = {}): FitResult {
    const run = this.training(data, options);
    for (;;) {
      const next = run.next();
      if (next.done === true) return next.value;
    }
  }

  async fitAsync(data: LabelledData, options: FitOptions = {}): Promise<FitResult> {
    const run = this.training(data, options);
    for (;;) {
      const next = run.next();
      if (next.done === true) return next.value;
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    }
  }

  /** The training loop, pausing (yield) after each progress report. */
  private *training(data: LabelledData, options: FitOptions): Generator<undefined, FitResult> {
    if (!this.built || this.optimizers.length === 0) {
      if (options.learningRate === undefined) throw new Error('compile() the network with an optimizer, or give fit() a learningRate (NN.py style)');
      const momentum = this.trainable().map((l) => ({ momentum: l instanceof Dense && 'momentum' in l ? (l as { momentum: number }).momentum : 0 }));
      this.compile({ plugin: momentumPlugin as unknown as OptimizerPluginV1, options: { lr: options.learningRate } }, momentum);
    }
    const batchSize = options.batchSize ?? Math.min(64, this.maxBatch);
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > this.maxBatch || batchSize > data.count) {
      throw new RangeError(`Invalid batch size: ${String(batchSize)} (expected a whole number from 1 to ${String(Math.min(this.maxBatch, data.count))})`);
    }
    if (data.inputs.length !== data.count * this.inputSize) {
      throw new RangeError(`inputs hold ${String(data.inputs.length)} values; ${String(data.count)} rows of ${String(this.inputSize)} need ${String(data.count * this.inputSize)}`);
    }
    const byEpochs = options.epochs !== undefined;
    // The book draws each minibatch at random (NN.py, Caffe); Keras and scikit-learn shuffle once per epoch. Both
    // samplers draw from the network's generator, so the seed decides the whole run.
    const sampler = byEpochs ? new EpochSampler(data.count, batchSize, this.rng) : new RandomMinibatchSampler(data.count, batchSize, this.rng);
    const batchesPerEpoch = Math.ceil(data.count / batchSize);
    const steps = byEpochs ? (options.epochs as number) * batchesPerEpoch : (options.minibatches ?? 1000);
    const every = options.progressEvery ?? 200;
    const start = performance.now();
    let lossSum = 0;
    let lossCount = 0;
    let epochLoss = 0;
    let lastLoss = Number.NaN;
    let step = 0;
    let stopped = false;
    while (step < steps) {
      const indices = sampler.next();
      const batch = indices.length;
      const loss = this.trainStep(data, indices, batch);
      // The loss is computed anyway: one comparison per step sees the weights blow up. Once it is NaN every later
      // step is NaN too, so there is nothing to gain by going on.
      if (!Number.isFinite(loss)) {
        step++;
        return { steps: step, seconds: (performance.now() - start) / 1000, stopped: false, loss, diverged: { step } };
      }
      lossSum += loss;
      epochLoss += loss;
      lossCount++;
      step++;
      if (byEpochs && step % batchesPerEpoch === 0 && options.onEpoch !== undefined) {
        const accuracy = options.validation === undefined ? undefined : this.evaluate(options.validation).accuracy;
        options.onEpoch({
          epoch: step / batchesPerEpoch,
          epochs: options.epochs as number,
          loss: epochLoss / batchesPerEpoch,
          ...(accuracy === undefined ? {} : { accuracy }),
          seconds: (performance.now() - start) / 1000,
        });
        epochLoss = 0;
      }
      if (step % every === 0 || step === steps) {
        lastLoss = lossSum / lossCount;
        const seconds = (performance.now() - start) / 1000;
        options.onProgress?.({
          step,
          steps,
          loss: lastLoss,
          seconds,
          stepsPerSecond: step / seconds,
          ...(byEpochs ? { epoch: Math.floor(step / batchesPerEpoch) } : {}),
        });
        lossSum = 0;
        lossCount = 0;
        if (step < steps) {
          yield undefined;
          if (options.shouldStop?.() === true) {
            stopped = true;
            break;
          }
        }
      }
    }
    return { steps: step, seconds: (performance.now() - start) / 1000, stopped, loss: lastLoss };
  }

  /** The network's outputs for `count` rows (a copy), `count` ≤ maxBatch. */
  predictLogits(inputs: Inputs, count: number): Float32Array {
    this.build();
    if (count > this.maxBatch) throw new RangeError(`predictLogits takes at most ${String(this.maxBatch)} rows, got ${String(count)}`);
    const input = this.inputBuffer.get(count * this.inputSize);
    readInputs(inputs, 0, count * this.inputSize, input);
    return this.atEvaluationPoint(() => this.forward(input, count, false).slice());
  }

  /** Class predictions (argmax of the outputs) for `count` rows. */
  predict(inputs: Inputs, count: number): Uint8Array {
    this.build();
    return this.atEvaluationPoint(() => this.predictAtCurrentWeights(inputs, count));
  }

  /**
   * Runs `work` with the weights an evaluation should see. Optimizers that take gradients at one point and evaluate at
   * another (Schedule-Free's average x) swap it in with `eval()` and back with `train()` after; optimizers without the
   * switch, or already in eval mode, are left as they are.
   */
  private atEvaluationPoint<T>(work: () => T): T {
    const switching = this.optimizers.filter((o) => o.mode === 'train' && o.eval !== undefined);
    for (const o of switching) o.eval?.();
    try {
      return work();
    } finally {
      for (const o of switching) o.train?.();
    }
  }

  private predictAtCurrentWeights(inputs: Inputs, count: number): Uint8Array {
    const out = new Uint8Array(count);
    const indices = new Int32Array(this.maxBatch);
    const n = this.inputSize;
    for (let start = 0; start < count; start += this.maxBatch) {
      const batch = Math.min(this.maxBatch, count - start);
      const input = this.inputBuffer.get(batch * n);
      readInputs(inputs, start * n, batch * n, input);
      const output = this.forward(input, batch, false);
      this.kernels.argmaxRows(output, indices, batch, this.outputSize);
      for (let b = 0; b < batch; b++) out[start + b] = indices[b] as number;
    }
    return out;
  }

  /** The confusion matrix (rows = true class), accuracy and multiclass MCC on labelled data. */
  evaluate(data: LabelledData): Evaluation {
    const predicted = this.predict(data.inputs, data.count);
    const confusion = confusionMatrix(data.labels, predicted, this.outputSize);
    return { confusion, accuracy: accuracyOf(data.labels, predicted), mcc: mccFromConfusion(confusion) };
  }

  /** Every trainable array, in layer order (weights, then bias), as plain numbers for JSON. */
  getWeights(): number[][] {
    this.build();
    return this.layers.flatMap((l) => l.parameters().map((p) => Array.from(p.data)));
  }

  setWeights(weights: readonly (readonly number[])[]): void {
    this.build();
    const params = this.layers.flatMap((l) => l.parameters());
    if (weights.length !== params.length) throw new RangeError(`${String(weights.length)} arrays given for ${String(params.length)} parameters`);
    params.forEach((p, i) => {
      const w = weights[i] as readonly number[];
      if (w.length !== p.data.length) throw new RangeError(`parameter ${String(i)} has ${String(p.data.length)} values, ${String(w.length)} given`);
      p.data.set(w);
    });
  }
}
