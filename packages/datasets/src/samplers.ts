import type { Rng } from '@descent/tensor';

/**
 * The book's minibatches (NN.py): every step draws `batchSize` distinct samples at random from the whole training
 * set, as "a fresh random permutation, first 64". Some samples may never be used, others several times.
 */
export class RandomMinibatchSampler {
  private readonly pool: Uint32Array;

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
  }

  /** The indices of the next minibatch: a view, valid until the next call. */
  next(): Uint32Array {
    this.rng.sampleInto(this.pool, this.batchSize);
    return this.pool.subarray(0, this.batchSize);
  }
}

/**
 * Epochs as Keras and scikit-learn count them: a fresh shuffle of all samples each epoch, then consecutive batches;
 * the last batch of an epoch holds what is left.
 */
export class EpochSampler {
  private readonly order: Uint32Array;
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
    const start = this.position;
    this.position = Math.min(start + this.batchSize, this.order.length);
    if (this.position === this.order.length) this.epoch++;
    return this.order.subarray(start, this.position);
  }
}
