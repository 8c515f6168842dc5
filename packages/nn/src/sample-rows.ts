import { Rng } from '@descent/tensor';
import type { LabelledData } from './network.js';

function copyRows(data: LabelledData, rows: Uint32Array, from: number, count: number): LabelledData {
  const features = data.inputs.length / data.count;
  const inputs = data.inputs instanceof Uint8Array ? new Uint8Array(count * features) : new Float32Array(count * features);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const row = rows[from + i] as number;
    inputs.set(data.inputs.subarray(row * features, (row + 1) * features), i * features);
    labels[i] = data.labels[row] as number;
  }
  return { inputs, labels, count };
}

/**
 * `count` distinct rows of `data` drawn at random (a seeded Fisher–Yates shuffle), in the order drawn: figure 11-11
 * trains on 16,384 random training samples. The whole set when `count` is at least its size.
 */
export function sampleRows(data: LabelledData, count: number, seed: number): LabelledData {
  return splitRows(data, count, 0, seed).train;
}

/**
 * `sampleRows`' draw, and `heldOut` more rows drawn after it, which the training rows never include: data to
 * evaluate on during training without touching the test set. Fewer held-out rows when the data runs out.
 */
export function splitRows(data: LabelledData, count: number, heldOut: number, seed: number): { train: LabelledData; heldOut: LabelledData | null } {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`Invalid sample count: ${String(count)} (expected a whole number ≥ 1)`);
  if (!Number.isInteger(heldOut) || heldOut < 0) throw new RangeError(`Invalid held-out count: ${String(heldOut)} (expected a whole number ≥ 0)`);
  if (count >= data.count) return { train: data, heldOut: null };
  const order = new Rng(seed).permutation(new Uint32Array(data.count));
  const rest = Math.min(heldOut, data.count - count);
  return { train: copyRows(data, order, 0, count), heldOut: rest > 0 ? copyRows(data, order, count, rest) : null };
}
