import type { FloatArena } from '@descent/optim';
import { jsKernels } from '@descent/tensor';
import { PixelRows, type Inputs } from './pixel-rows.js';

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

/**
 * Copies a minibatch's rows into the network's input buffer and its one-hot targets into the target buffer, by one
 * of three paths: pixel bytes through the SIMD gather of their own WebAssembly copy (`PixelRows`), pixel bytes in
 * JavaScript when there is no arena, or float rows with `set()` from views made once per row. Nothing allocates
 * after a data set's first minibatch.
 */
export class InputGatherer {
  private readonly rowViews = new WeakMap<Float32Array, (Float32Array | undefined)[]>();
  /** Pixel-byte data sets copied into WebAssembly memory for the SIMD gather, one per data set seen. */
  private readonly pixelRows = new WeakMap<Uint8Array, PixelRows>();

  constructor(
    private readonly inputSize: number,
    private readonly outputSize: number,
    private readonly maxBatch: number,
    /** The network's arena, when it has one: then byte rows are gathered by the SIMD kernels. */
    private readonly arena: FloatArena | undefined,
  ) {}

  /** Rows `indices[0 … batch)` of `data` into `input` (batch × inputSize) and their one-hot labels into `target`. */
  gather(data: LabelledData, indices: ArrayLike<number>, batch: number, input: Float32Array, target: Float32Array): void {
    const n = this.inputSize;
    const k = this.outputSize;
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
}
