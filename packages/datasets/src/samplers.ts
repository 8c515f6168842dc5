import type { Rng } from '@descent/tensor';

/**
 * The book's minibatches (NN.py): every step draws `batchSize` distinct samples at random from the whole training
 * set, as "a fresh random permutation, first 64". Some samples may never be used, others several times.
 */
export class RandomMinibatchSampler {
  private readonly pool: Uint32Array;
  // Made once: subarray allocates, and a training step must not.
  private readonly batch: Uint32Array;

  constructor(
    count: number,
    readonly batchSize: number,
    private readonly rng: Rng,
  ) {
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > count) {
      throw new RangeError(`Invalid batch size: ${String(batchSize)} (expected a whole number from 1 to ${String(count)})`);
    }
    this.pool = new Uint32Array(count);
    for (let i = 0; i < count; i++) this.pool[i] = i;
    this.batch = this.pool.subarray(0, batchSize);
  }

  /** The indices of the next minibatch: a view, valid until the next call. */
  next(): Uint32Array {
    this.rng.sampleInto(this.pool, this.batchSize);
    return this.batch;
  }
}

/**
 * Epochs as Keras and scikit-learn count them: a fresh shuffle of all samples each epoch, then consecutive batches;
 * the last batch of an epoch holds what is left.
 */
export class EpochSampler {
  private readonly order: Uint32Array;
  // One view per batch of an epoch, made once: subarray allocates, and a training step must not.
  private readonly batches: Uint32Array[];
  private position: number;
  /** Completed epochs. */
  epoch = 0;

  constructor(
    count: number,
    readonly batchSize: number,
    private readonly rng: Rng,
  ) {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`Invalid batch size: ${String(batchSize)} (expected a whole number ≥ 1)`);
    this.order = new Uint32Array(count);
    this.batches = Array.from({ length: Math.ceil(count / batchSize) }, (_, b) => this.order.subarray(b * batchSize, Math.min(count, (b + 1) * batchSize)));
    this.position = count; // shuffle on the first call
  }

  /** Batches per epoch. */
  get batchesPerEpoch(): number {
    return Math.ceil(this.order.length / this.batchSize);
  }

  /** The indices of the next batch: a view, valid until the next call. */
  next(): Uint32Array {
    if (this.position >= this.order.length) {
      this.rng.permutation(this.order);
      this.position = 0;
    }
    const batch = this.batches[this.position / this.batchSize] as Uint32Array;
    this.position = Math.min(this.position + this.batchSize, this.order.length);
    if (this.position === this.order.length) this.epoch++;
    return batch;
  }
}
