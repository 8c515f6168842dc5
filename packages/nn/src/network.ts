import { createArena, type FloatArena, type OptimizerPluginV1, type OptimizerV1, type Parameter } from '@descent/optim';
import { accuracy as accuracyOf, confusionMatrix, mccFromConfusion } from '@descent/metrics';
import { canBlock, createKernels, createThreadedKernels, jsKernels, Rng, sharedMemoryAvailable, threadControlLength, type Kernels, type ThreadedKernels } from '@descent/tensor';
import { nnPyOptimizer } from './book-aliases.js';
import { Dense } from './dense.js';
import { InputGatherer, type LabelledData } from './input-gathering.js';
import type { BuildContext, Layer } from './layer.js';
import { bookMseLoss, type Loss } from './losses.js';
import { readInputs, type Inputs } from './pixel-rows.js';
import { trainingLoop, type FitOptions, type FitResult } from './trainer.js';
import { PrefixViews } from './views.js';

// The model: layers, their buffers in one arena, the optimizer, a training step, prediction and evaluation. The
// training loop lives in trainer.ts, the gathering of a minibatch's rows in input-gathering.ts.

export type { LabelledData } from './input-gathering.js';
export type { EpochReport, FitOptions, FitResult, Progress } from './trainer.js';

/** An optimizer for `Network.compile`: a plugin (e.g. `adamPlugin`) and its options, which the plugin validates. */
export interface OptimizerChoice {
  readonly plugin: OptimizerPluginV1;
  readonly options?: Readonly<Record<string, unknown>>;
}

/** How a `Network` is made: its seed, batch capacity, loss and kernels. */
export interface NetworkOptions {
  /** Seeds the one generator of the run: initial weights, then minibatch draws. Default 0. */
  readonly seed?: number;
  /** The largest batch for training and evaluation. Default 64. */
  readonly maxBatch?: number;
  /** The training loss. Default `bookMseLoss`, NN.py's ½·mean((y − ŷ)²). */
  readonly loss?: Loss;
  /** Place every buffer in a WebAssembly arena so the SIMD kernels run (default true); false runs plain JavaScript. */
  readonly simd?: boolean;
  /**
   * With SIMD, use the relaxed-SIMD build (fused multiply-add in the matrix product) where the engine has it (default
   * true); false keeps to plain SIMD, whose results do not depend on whether the CPU has FMA.
   */
  readonly relaxedSimd?: boolean;
  /**
   * Threads that compute each step, as `torch.set_num_threads` (default 1): matrix products, convolutions and pooling
   * are shared out over worker threads in one shared memory, split by output, so the weights and losses are bit for bit
   * those of one thread. More than 1 needs SIMD and shared memory: where there is none (a browser page that is not
   * cross-origin isolated, or its main thread, which may not block) the network runs on 1 thread; `threads` says how
   * many run. `close()` stops the threads.
   */
  readonly threads?: number;
}

/** What `Network.evaluate` measures on labelled data. */
export interface Evaluation {
  /** Counts by true class (row) and predicted class (column). */
  readonly confusion: number[][];
  /** The fraction of rows predicted right, in [0, 1]. */
  readonly accuracy: number;
  /** The multiclass Matthews correlation coefficient (Gorodkin's R_K), in [−1, 1]. */
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
  private readonly requestedThreads: number;
  private threaded: ThreadedKernels | undefined;
  private rng: Rng;
  private kernels: Kernels = jsKernels;
  private optimizers: OptimizerV1[] = [];
  private built = false;
  private inputBuffer = new PrefixViews(new Float32Array(0));
  private targetBuffer = new PrefixViews(new Float32Array(0));
  private gradientBuffer = new PrefixViews(new Float32Array(0));
  private arena: FloatArena | undefined;
  private gatherer: InputGatherer | undefined;

  constructor(options: NetworkOptions = {}) {
    this.seed = options.seed ?? 0;
    this.maxBatch = options.maxBatch ?? 64;
    if (!Number.isInteger(this.maxBatch) || this.maxBatch < 1) throw new RangeError(`Invalid maxBatch: ${String(this.maxBatch)} (expected a whole number ≥ 1)`);
    this.loss = options.loss ?? bookMseLoss;
    this.simd = options.simd ?? true;
    this.relaxedSimd = options.relaxedSimd ?? true;
    this.requestedThreads = options.threads ?? 1;
    if (!Number.isInteger(this.requestedThreads) || this.requestedThreads < 1) throw new RangeError(`Invalid threads: ${String(this.requestedThreads)} (expected a whole number ≥ 1)`);
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
    this.layers.forEach((l, i) => l.fuseWith?.(this.layers[i + 1]));
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
    // Threads share one memory: more than one only where shared memory exists and this thread may wait for the others.
    const threads = this.simd && this.requestedThreads > 1 && sharedMemoryAvailable() && canBlock() ? this.requestedThreads : 1;
    // The pool's control block, and room for the scratch each further thread takes at a layer's first call (Winograd's
    // products, the fused first layer's rows: well under 1 MiB per thread for the models here).
    const controlFloats = threads > 1 ? threadControlLength(threads) + 4 + (threads - 1) * (1 << 18) : 0;
    // Room for every buffer, and for up to three state arrays per parameter (Adam with AMSGrad).
    this.arena = this.simd ? createArena({ bytes: 4 * (floats.count + ioFloats + 3 * parameterFloats + controlFloats) + 65_536, shared: threads > 1 }) : undefined;
    const arena = this.arena;
    if (arena !== undefined && threads > 1) {
      const control = new Int32Array(arena.memory.buffer, arena.float32(threadControlLength(threads)).byteOffset, threadControlLength(threads));
      this.threaded = createThreadedKernels(arena.memory, { threads, control, relaxedSimd: this.relaxedSimd, alloc: (n) => arena.float32(n) });
      this.kernels = this.threaded;
    } else {
      this.kernels = arena === undefined ? jsKernels : createKernels(arena.memory, { relaxedSimd: this.relaxedSimd });
    }
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
    this.gatherer = new InputGatherer(this.inputSize, this.outputSize, this.maxBatch, arena);
    this.built = true;
  }

  /** How many threads compute each step (1 until the network is built, and where threads are not available). */
  get threads(): number {
    return this.threaded?.threads ?? 1;
  }

  /**
   * Resolves when the network's threads have started (at once without threads). `fitAsync` awaits it; in a browser,
   * await it before `fit`, `trainStep` or `predict`: a Web Worker starts only once the thread that made it is idle.
   */
  async ready(): Promise<void> {
    await this.threaded?.ready();
  }

  /** Stops the network's threads, if any (idle ones never hold the process open). The network cannot train or predict after. */
  close(): void {
    this.threaded?.close();
  }

  /** Which kernels run: `wasm-relaxed-simd`, `wasm-simd` or `js`. */
  get kernelName(): string {
    return this.kernels.name;
  }

  private forward(input: Float32Array, batch: number, training: boolean): Float32Array {
    let x = input;
    for (const layer of this.layers) x = layer.forward(x, batch, training);
    return x;
  }

  /** One training step on the rows `indices` of `data`; returns the batch loss. */
  trainStep(data: LabelledData, indices: ArrayLike<number>, batch: number): number {
    const input = this.inputBuffer.get(batch * this.inputSize);
    const target = this.targetBuffer.get(batch * this.outputSize);
    (this.gatherer as InputGatherer).gather(data, indices, batch, input, this.targetBuffer.buffer);
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

  /**
   * Trains as `fit` does, step for step with the same result for the same seed, but yields to the event loop (a
   * zero-delay timer) after every progress report, so signal handlers, timers and a page's rendering keep running.
   */
  async fitAsync(data: LabelledData, options: FitOptions = {}): Promise<FitResult> {
    const run = this.training(data, options);
    await this.ready();
    for (;;) {
      const next = run.next();
      if (next.done === true) return next.value;
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    }
  }

  /** The training loop (trainer.ts), after compiling NN.py's default optimizer if `compile` was not called. */
  private training(data: LabelledData, options: FitOptions): Generator<undefined, FitResult> {
    if (!this.built || this.optimizers.length === 0) {
      if (options.lr === undefined) throw new Error('compile() the network with an optimizer, or give fit() an lr (NN.py style)');
      const { choice, layerOptions } = nnPyOptimizer(options.lr, this.trainable());
      this.compile(choice, layerOptions);
    }
    return trainingLoop(this, this.rng, data, options);
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

  /**
   * Replaces every trainable array with `weights`, in `getWeights` order (layer by layer, weights then bias). Throws a
   * RangeError when the number of arrays or an array's length does not match the network.
   */
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
