import { createArena } from '@descent/optim';
import { createKernels, type Kernels } from '@descent/tensor';
import { PrefixViews } from './views.js';

/** Inputs as a network reads them: floats, or pixel bytes that it reads as value / 255 (torchvision's ToTensor). */
export type Inputs = Float32Array | Uint8Array;

/** inputs[from … from + length) into `into` (floats; bytes scaled by 1 / 255, each exactly what toFloat32 gives). */
export function readInputs(inputs: Inputs, from: number, length: number, into: Float32Array): void {
  if (inputs instanceof Float32Array) {
    into.set(inputs.subarray(from, from + length));
    return;
  }
  for (let i = 0; i < length; i++) into[i] = (inputs[from + i] as number) / 255;
}

/**
 * A data set's pixel bytes, copied once into their own WebAssembly memory so that the SIMD kernels gather and scale
 * a minibatch. Random rows of a 60,000-image set are mostly cache misses: a 14×14 row is 4 cache lines as bytes and
 * 13 as floats, and after the matrix products these misses were the larger part of a step of the book's network.
 * The rows land in a staging buffer of this memory; one copy moves them to the network's input (another memory).
 */
export class PixelRows {
  private readonly kernels: Kernels;
  private readonly pixels: Uint8Array;
  private readonly indices: Int32Array;
  private readonly staging: PrefixViews;

  constructor(
    source: Uint8Array,
    private readonly rowLength: number,
    maxBatch: number,
  ) {
    const arena = createArena({ bytes: source.length + 4 * maxBatch * (rowLength + 1) + 64 });
    const bytes = arena.float32(Math.ceil(source.length / 4));
    this.pixels = new Uint8Array(bytes.buffer, bytes.byteOffset, source.length);
    this.pixels.set(source);
    const indices = arena.float32(maxBatch);
    this.indices = new Int32Array(indices.buffer, indices.byteOffset, maxBatch);
    this.staging = new PrefixViews(arena.float32(maxBatch * rowLength));
    this.kernels = createKernels(arena.memory);
  }

  /** Rows `rows[0 … batch)` as floats into `out` (batch × rowLength). */
  gather(rows: ArrayLike<number>, batch: number, out: Float32Array): void {
    for (let b = 0; b < batch; b++) this.indices[b] = rows[b] as number;
    const staging = this.staging.get(batch * this.rowLength);
    this.kernels.gatherPixelRows(this.pixels, this.indices, batch, this.rowLength, staging);
    out.set(staging);
  }
}
