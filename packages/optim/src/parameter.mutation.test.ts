// parameter(), shapeMismatch() and groupsByName() cases the other tests leave open: what a parameter object holds,
// shapes with zero and negative dimensions, and messages that list several parameters.
import { describe, expect, it } from 'vitest';
import { groupsByName, parameter, shapeMismatch } from './parameter.js';

describe('parameter()', () => {
  it('holds data and grad only, with no name or shape key, when given neither', () => {
    const p = parameter(new Float64Array(2));
    expect(Object.keys(p)).toEqual(['data', 'grad']);
    expect(Object.keys(parameter(new Float32Array(2), { shape: [2] }))).toEqual(['data', 'grad', 'shape']);
    expect(Object.keys(parameter(new Float32Array(2), 'b'))).toEqual(['data', 'grad', 'name']);
  });
});

describe('shapeMismatch', () => {
  it('takes a dimension of 0 (an empty tensor), as PyTorch does', () => {
    expect(shapeMismatch([0, 3], 0)).toBeUndefined();
    expect(shapeMismatch([0], 0)).toBeUndefined();
    expect(parameter(new Float64Array(0), { shape: [3, 0] }).shape).toEqual([3, 0]);
  });

  it('refuses negative dimensions even when their product is the length', () => {
    expect(shapeMismatch([-1, -2], 2)).toBe('shape [-1,-2] is not a list of whole numbers ≥ 0');
    expect(shapeMismatch([2, -1], -2)).toBe('shape [2,-1] is not a list of whole numbers ≥ 0');
  });
});

describe('groupsByName messages', () => {
  it('lists every unnamed parameter, comma-separated', () => {
    const params = [parameter(new Float64Array(1)), parameter(new Float64Array(1), 'w'), parameter(new Float64Array(1))];
    expect(() => groupsByName(params, [{ params: /w/ }])).toThrow('groupsByName: parameters #0, #2 have no name');
  });

  it('lists every parameter two groups claim, comma-separated', () => {
    const params = ['a', 'b'].map((name) => parameter(new Float64Array(1), name));
    expect(() => groupsByName(params, [{ params: /a|b/ }, { params: () => true }])).toThrow(
      "groupsByName: claimed by more than one group: 'a' (groups 0 and 1), 'b' (groups 0 and 1)",
    );
  });
});
