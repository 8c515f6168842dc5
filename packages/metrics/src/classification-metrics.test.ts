import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/classification.json' with { type: 'json' };
import { accuracy, confusionMatrix, matthewsCorrcoef } from './classification-metrics.js';

describe(`classification metrics match scikit-learn ${fixture.sklearn}`, () => {
  for (const c of fixture.cases) {
    it(`case: ${c.name}`, () => {
      expect(confusionMatrix(c.true, c.pred, c.classes)).toEqual(c.confusion);
      expect(accuracy(c.true, c.pred)).toBeCloseTo(c.accuracy, 15);
      const mcc = matthewsCorrcoef(c.true, c.pred);
      expect(Math.abs(mcc - c.mcc)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(c.mcc)));
    });
  }

  it('rejects labels of different lengths or out of range', () => {
    expect(() => accuracy([1, 2], [1])).toThrow('true and predicted labels differ in length: 2 and 1');
    expect(() => confusionMatrix([0, 5], [0, 1], 3)).toThrow(/label pair \(5, 1\) at 1 is outside 0 … 2/);
  });
});
