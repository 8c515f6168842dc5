import { describe, expect, it } from 'vitest';
import { FIGURE_11_11, FIGURE_11_8, FIGURE_11_9, LISTING_11_7, runLengthOf, runLengthText, stepsOf } from './book-settings.js';
import { MODEL_IMAGE_SIZE, MODELS } from './models.js';

describe('run lengths', () => {
  it('minibatches are steps; epochs are passes of ceil(count / batchSize) batches, the last one short', () => {
    expect(stepsOf({ minibatches: 40_000 }, 60_000, 64)).toBe(40_000);
    expect(stepsOf({ epochs: 12 }, 16_384, 128)).toBe(12 * 128);
    expect(stepsOf({ epochs: 2 }, 1000, 64)).toBe(2 * 16);
  });

  it('runLengthOf takes epochs before minibatches, and the fallback when neither is there', () => {
    expect(runLengthOf({ epochs: 3, minibatches: 10 }, { minibatches: 1 })).toEqual({ epochs: 3 });
    expect(runLengthOf({ minibatches: 10 }, { epochs: 1 })).toEqual({ minibatches: 10 });
    expect(runLengthOf({}, { minibatches: 40_000 })).toEqual({ minibatches: 40_000 });
    expect(runLengthOf({ epochs: undefined, minibatches: undefined }, { epochs: 12 })).toEqual({ epochs: 12 });
  });

  it('says a run length in words', () => {
    expect(runLengthText({ minibatches: 40_000 })).toBe('40,000 minibatches');
    expect(runLengthText({ epochs: 12 })).toBe('12 epochs');
  });
});

describe("the book's settings", () => {
  it("listing 11-7: the book's MLP at 14×14, 40,000 minibatches of 64, η = 1.0 without momentum, η = 0.2 and μ = 0.9 with it", () => {
    expect(LISTING_11_7.model in MODELS).toBe(true);
    expect(LISTING_11_7.imageSize).toBe(MODEL_IMAGE_SIZE[LISTING_11_7.model]);
    expect(LISTING_11_7).toMatchObject({ batchSize: 64, length: { minibatches: 40_000 } });
    expect(LISTING_11_7.noMomentum).toMatchObject({ optimizer: 'sgd', options: { lr: 1.0 } });
    expect(LISTING_11_7.momentum).toMatchObject({ optimizer: 'momentum', options: { lr: 0.2, momentum: 0.9 } });
  });

  it('figures 11-8, 11-9 and 11-11: runs and lengths as the chapter gives them', () => {
    expect(FIGURE_11_8).toEqual({ runs: 22, length: LISTING_11_7.length });
    expect(FIGURE_11_9).toEqual({ runs: 100, length: { minibatches: 10_000 } });
    expect(FIGURE_11_11.model in MODELS).toBe(true);
    expect(FIGURE_11_11.imageSize).toBe(MODEL_IMAGE_SIZE[FIGURE_11_11.model]);
    expect(FIGURE_11_11).toMatchObject({ batchSize: 128, samples: 16_384, runs: 5, length: { epochs: 12 } });
    expect(Object.keys(FIGURE_11_11.optimizers)).toEqual(['sgd', 'rmsprop', 'adagrad', 'adam']);
  });
});
