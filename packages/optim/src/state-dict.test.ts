import { describe, expect, it } from 'vitest';
import { decodeArray, encodeArray } from './state-dict.js';

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
