/**
 * Prefix views of a buffer, one per batch size, made once: `subarray` allocates a new object on every call, and a
 * training step must not allocate.
 */
export class PrefixViews {
  private readonly cache = new Map<number, Float32Array>();

  constructor(readonly buffer: Float32Array) {}

  /** The first `length` elements. */
  get(length: number): Float32Array {
    let view = this.cache.get(length);
    if (view === undefined) {
      view = this.buffer.subarray(0, length);
      this.cache.set(length, view);
    }
    return view;
  }
}
