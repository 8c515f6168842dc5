import { describe, expect, it } from 'vitest';
import { dtypeOf } from './parameter.js';
import { decodeArray, decodeStateArray, encodeArray, isEncodedArray, swapBytes } from './state-dict.js';

describe('typed arrays in state dicts', () => {
  it('round-trips float32 and float64 bit for bit, including NaN, infinities and −0', () => {
    const specials = [0, -0, 1e-310, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Math.PI, -1e300];
    for (const array of [Float64Array.from(specials), Float32Array.from(specials)]) {
      const back = decodeArray(JSON.parse(JSON.stringify(encodeArray(array))) as ReturnType<typeof encodeArray>);
      expect(back.constructor).toBe(array.constructor);
      expect(new Uint8Array(back.buffer)).toEqual(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    }
  });

  it('encodes a subarray view, not its whole buffer', () => {
    const whole = Float64Array.from([1, 2, 3, 4]);
    const encoded = encodeArray(whole.subarray(1, 3));
    expect(encoded.length).toBe(2);
    expect([...decodeArray(encoded)]).toEqual([2, 3]);
  });

  it('rejects an encoding whose byte count does not match its length', () => {
    const encoded = encodeArray(Float32Array.from([1, 2]));
    expect(() => decodeArray({ ...encoded, length: 3 })).toThrow(/length 3 but holds 8 bytes/);
  });
});

describe('a saved state array for a parameter', () => {
  const param = new Float64Array(2);

  it('decodes when it is an encoded array of the parameter\'s length and dtype', () => {
    const decoded = decodeStateArray(encodeArray(Float64Array.from([1, -2])), param);
    expect('array' in decoded && [...decoded.array]).toEqual([1, -2]);
    const factor = decodeStateArray(encodeArray(Float64Array.from([5])), param, 1);
    expect('array' in factor && [...factor.array]).toEqual([5]);
  });

  it('says why it does not fit: malformed, another length, another dtype, bytes that do not decode', () => {
    for (const malformed of ['AAAA', null, 3, { dtype: 'float16', length: 2, base64: '' }, { dtype: 'float64', length: '2', base64: '' }, { dtype: 'float64', length: 2 }]) {
      expect(decodeStateArray(malformed, param)).toEqual({ problem: 'is malformed' });
    }
    expect(decodeStateArray(encodeArray(new Float64Array(3)), param)).toEqual({ problem: 'has length 3, the parameter has 2' });
    expect(decodeStateArray(encodeArray(new Float64Array(3)), param, 4)).toEqual({ problem: 'has length 3, expected 4' });
    expect(decodeStateArray(encodeArray(new Float32Array(2)), param)).toEqual({ problem: 'is float32, the parameter is float64' });
    expect(decodeStateArray(encodeArray(new Float64Array(2)), new Float32Array(2))).toEqual({ problem: 'is float64, the parameter is float32' });
    expect(decodeStateArray({ dtype: 'float64', length: 2, base64: 'AAAA' }, param)).toEqual({
      problem: 'cannot be decoded: Encoded float64 array says length 2 but holds 3 bytes',
    });
  });

  it('recognises an encoded array by its three fields', () => {
    expect(isEncodedArray(encodeArray(new Float32Array(1)))).toBe(true);
    expect(isEncodedArray({ dtype: 'float32', length: 1, base64: 3 })).toBe(false);
    expect(isEncodedArray(undefined)).toBe(false);
  });

  it("names each array's dtype as NumPy does", () => {
    expect([dtypeOf(new Float32Array(1)), dtypeOf(new Float64Array(1))]).toEqual(['float32', 'float64']);
  });
});

describe('swapBytes (what a big-endian machine does to keep saved states little-endian)', () => {
  it('reverses the bytes of every element, and twice is the identity', () => {
    const bytes = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    swapBytes(bytes, 4);
    expect([...bytes]).toEqual([4, 3, 2, 1, 8, 7, 6, 5]);
    swapBytes(bytes, 4);
    swapBytes(bytes, 8);
    expect([...bytes]).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    // A float64's big-endian bytes, swapped, are its little-endian bytes.
    const view = new DataView(new ArrayBuffer(16));
    view.setFloat64(0, Math.PI, false);
    view.setFloat64(8, -1e-300, false);
    swapBytes(new Uint8Array(view.buffer), 8);
    expect([view.getFloat64(0, true), view.getFloat64(8, true)]).toEqual([Math.PI, -1e-300]);
  });
});
