/** A float32 tensor: a shape and its contiguous row-major data. */
export class Tensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;

  constructor(shape: readonly number[], data?: Float32Array) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new RangeError(`Invalid shape [${shape.join(', ')}]`);
    if (data !== undefined && data.length !== size) {
      throw new RangeError(`Data of length ${String(data.length)} does not fit shape [${shape.join(', ')}] (${String(size)} elements)`);
    }
    this.shape = [...shape];
    this.data = data ?? new Float32Array(size);
  }

  get size(): number {
    return this.data.length;
  }

  /** Row r of a 2D tensor, as a view. */
  row(r: number): Float32Array {
    const cols = this.shape[1] ?? 1;
    return this.data.subarray(r * cols, (r + 1) * cols);
  }
}
