import { describe, expect, it } from 'vitest';
import { NonFiniteGradientError, skipNonFinite, zeroNans, type TransformContext } from './index.js';

const contextNamed = (names: (string | undefined)[]): TransformContext => ({ step: 0, names, lr: new Float64Array(names.length), options: names.map(() => ({})), skip: false });

describe('NonFiniteGradientError', () => {
  it('is named NonFiniteGradientError and keeps the parameters', () => {
    const error = new NonFiniteGradientError('message', ['w']);
    expect(error.name).toBe('NonFiniteGradientError');
    expect(error.parameters).toEqual(['w']);
    expect(NonFiniteGradientError.isInstance(error)).toBe(true);
  });

  it("recognises another copy's error by the registry symbol @descent/optim.error.NonFiniteGradientError", () => {
    expect(NonFiniteGradientError.isInstance({ [Symbol.for('@descent/optim.error.NonFiniteGradientError')]: true })).toBe(true);
    expect(NonFiniteGradientError.isInstance({ [Symbol.for('')]: true })).toBe(false);
    expect(NonFiniteGradientError.isInstance(new Error('x'))).toBe(false);
  });
});

describe('skipNonFinite: maxConsecutive', () => {
  it('refuses a negative or fractional maxConsecutive, with the value and what was expected', () => {
    expect(() => skipNonFinite({ maxConsecutive: -1 })).toThrow(new RangeError('Invalid maxConsecutive for skipNonFinite: -1 (expected a whole number ≥ 0)'));
    expect(() => skipNonFinite({ maxConsecutive: 1.5 })).toThrow(new RangeError('Invalid maxConsecutive for skipNonFinite: 1.5 (expected a whole number ≥ 0)'));
  });

  it('with maxConsecutive 0 throws at the first non-finite step, naming each non-finite parameter (#index when unnamed)', () => {
    const t = skipNonFinite({ maxConsecutive: 0 });
    const state = t.init([], { names: [] });
    const updates = [Float64Array.from([1]), Float64Array.from([Number.NaN]), Float64Array.from([2, Number.NEGATIVE_INFINITY])];
    let thrown: unknown;
    try {
      t.update(updates, state, [], contextNamed(['a', 'b', undefined]));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(NonFiniteGradientError);
    expect((thrown as NonFiniteGradientError).message).toBe(
      "skipNonFinite: 1 consecutive steps had a non-finite gradient (at most 0 may be skipped); non-finite now in 'b', '#2'",
    );
    expect((thrown as NonFiniteGradientError).parameters).toEqual(['b', '#2']);
  });

  it('with maxConsecutive 2 skips two non-finite steps in a row and throws at the third', () => {
    const t = skipNonFinite({ maxConsecutive: 2 });
    const state = t.init([], { names: [] });
    const step = () => {
      const context = contextNamed(['w']);
      t.update([Float64Array.from([Number.POSITIVE_INFINITY])], state, [], context);
      return context.skip;
    };
    expect([step(), step()]).toEqual([true, true]);
    expect(state).toEqual({ skipped: 2, consecutive: 2 });
    expect(step).toThrow(new NonFiniteGradientError("skipNonFinite: 3 consecutive steps had a non-finite gradient (at most 2 may be skipped); non-finite now in 'w'", ['w']));
  });
});

describe('zeroNans', () => {
  it('is named zeroNans and replaces NaN by 0, leaving ±∞', () => {
    const t = zeroNans();
    expect(t.name).toBe('zeroNans');
    const updates = [Float32Array.from([Number.NaN, 1, Number.POSITIVE_INFINITY]), Float64Array.from([Number.NaN])];
    t.update(updates, {}, updates, contextNamed([undefined, undefined]));
    expect(updates.map((u) => [...u])).toEqual([[0, 1, Number.POSITIVE_INFINITY], [0]]);
  });
});
