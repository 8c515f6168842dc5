import { Rng } from '@descent/tensor';
import type { LabelledData } from './network.js';

/**
 * `count` distinct rows of `data` drawn at random (a seeded partial Fisher–Yates), in the order drawn: figure 11-11
 * trains on 16,384 random training samples. The whole set when `count` is at least its size.
 */
export function sampleRows(data: LabelledData, count: number, seed: number): LabelledData {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`Invalid sample count: ${String(count)} (expected a whole number ≥ 1)`);
  if (count >= data.count) return data;
  const features = data.inputs.length / data.count;
  const pool = new Rng(seed).permutation(new Uint32Array(data.count));
  const inputs = new Float32Array(count * features);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const row = pool[i] as number;
    inputs.set(data.inputs.subarray(row * features, (row + 1) * features), i * features);
    labels[i] = data.labels[row] as number;
  }
  return { inputs, labels, count };
}
