import { describe, expect, it } from 'vitest';
import { quickFormNotice, sizeText, STUDY_SIZES } from '../experiments/training-experiments.js';
import { laggingOptimizer, momentumContradicts, normalityContradicts, quickNote } from './quick-notes.js';

describe('the quick forms say where they are too small to show the book', () => {
  it('figure 11-9: a normal test that does not reject normality (or could not run) contradicts the book’s p ≈ 0', () => {
    expect(normalityContradicts(0.86)).toBe(true);
    expect(normalityContradicts(0.05)).toBe(true);
    expect(normalityContradicts(null)).toBe(true);
    expect(normalityContradicts(0.049)).toBe(false);
    expect(normalityContradicts(1e-12)).toBe(false);
  });

  it('figure 11-8: momentum must be ahead at the 5 % level', () => {
    expect(momentumContradicts(0.864, 0.858, 3e-8)).toBe(false);
    expect(momentumContradicts(0.864, 0.858, 0.2)).toBe(true);
    expect(momentumContradicts(0.85, 0.858, 1e-4)).toBe(true);
    expect(momentumContradicts(0.864, 0.858, null)).toBe(true);
    expect(momentumContradicts(null, 0.858, 0.01)).toBe(true);
  });

  it('figure 11-11: an optimizer more than 2 points below the best has not trained long enough to compare', () => {
    const quick = [
      { name: 'sgd', accuracy: 0.2101 },
      { name: 'rmsprop', accuracy: 0.9512 },
      { name: 'adagrad', accuracy: 0.9433 },
      { name: 'adam', accuracy: 0.9601 },
    ];
    const lagging = laggingOptimizer(quick);
    expect(lagging).toMatchObject({ name: 'sgd', accuracy: 0.2101, best: 'adam' });
    expect(lagging?.gap).toBeCloseTo(0.75, 12);
    // The book's shape: SGD and RMSprop about half a point below Adagrad and Adam.
    expect(laggingOptimizer([{ name: 'sgd', accuracy: 0.984 }, { name: 'rmsprop', accuracy: 0.985 }, { name: 'adagrad', accuracy: 0.989 }, { name: 'adam', accuracy: 0.99 }])).toBeNull();
    // An optimizer with no finished run is not compared.
    expect(laggingOptimizer([{ name: 'sgd', accuracy: null }, { name: 'adam', accuracy: 0.99 }])).toBeNull();
  });

  it('names the book’s effect, what the quick form shows, and the full command with its size', () => {
    expect(
      quickNote({ effect: 'a left-skewed distribution, normaltest p ≈ 0', here: 'normaltest p = 0.86', quickSize: sizeText(STUDY_SIZES['fig-11-9'].quick), command: 'descent reproduce fig-11-9', fullSize: sizeText(STUDY_SIZES['fig-11-9'].full) }),
    ).toBe(
      "the quick form (12 runs × 1,000 minibatches) is too small to show the book's effect (a left-skewed distribution, normaltest p ≈ 0; here normaltest p = 0.86): run `descent reproduce fig-11-9` for the book's 100 runs × 10,000 minibatches",
    );
  });

  it('`reproduce all` says its studies are the quick form, with the sizes it uses and the book’s', () => {
    expect(quickFormNotice()).toBe(
      [
        "The studies run in their quick form here, smaller than the book's:",
        '  fig-11-8: 6 runs × 10,000 minibatches per arm (the book: 22 runs × 40,000 minibatches)',
        '  fig-11-9: 12 runs × 1,000 minibatches per arm (the book: 100 runs × 10,000 minibatches)',
        '  fig-11-11: 2 runs × 2 epochs on 4,096 images per arm (the book: 5 runs × 12 epochs on 16,384 images)',
        "  `descent reproduce fig-11-8` (or fig-11-9, fig-11-11) runs one at the book's size, in its own folder.",
        '',
      ].join('\n'),
    );
  });
});
