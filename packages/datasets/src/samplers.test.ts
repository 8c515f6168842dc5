import { Rng } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import { EpochSampler, RandomMinibatchSampler } from './samplers.js';
import { shrinkTo14 } from './shrink.js';

describe('samplers', () => {
  it('the book’s sampler draws distinct samples every step, repeatably for a seed', () => {
    const a = new RandomMinibatchSampler(1000, 64, new Rng(9));
    const b = new RandomMinibatchSampler(1000, 64, new Rng(9));
    for (let step = 0; step < 50; step++) {
      const batch = [...a.next()];
      expect(new Set(batch).size).toBe(64);
      expect(batch.every((i) => i < 1000)).toBe(true);
      expect([...b.next()]).toEqual(batch);
    }
    expect(() => new RandomMinibatchSampler(10, 64, new Rng(1))).toThrow('Invalid batch size: 64 (expected a whole number from 1 to 10)');
  });

  it('epochs visit every sample once, reshuffled each epoch, with a short last batch', () => {
    const s = new EpochSampler(10, 4, new Rng(2));
    expect(s.batchesPerEpoch).toBe(3);
    const epoch = () => [0, 1, 2].flatMap(() => [...s.next()]);
    const first = epoch();
    expect(s.epoch).toBe(1);
    const second = epoch();
    expect(s.epoch).toBe(2);
    expect([...first].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...second].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(second).not.toEqual(first);
  });
});

describe('shrinkTo14', () => {
  it('rounds each 2×2 block mean half up, as OpenCV’s fixed-point INTER_LINEAR does', () => {
    const image = new Uint8Array(784);
    image.set([1, 2], 0);
    image.set([3, 4], 28); // (1 + 2 + 3 + 4 + 2) >> 2 = 3
    image.set([255, 254], 2);
    image.set([0, 0], 30); // (509 + 2) >> 2 = 127
    const out = shrinkTo14(image, 1);
    expect([out[0], out[1], out[2]]).toEqual([3, 127, 0]);
    expect(() => shrinkTo14(new Uint8Array(10), 1)).toThrow(/expected 1 images of 28×28/);
  });
});
