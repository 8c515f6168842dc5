// Saved state is little-endian whatever the machine: checked here against bytes DataView writes in a stated byte
// order, on this (little-endian) machine and on a simulated big-endian one. Also the keys of a version-2 state.
import { describe, expect, it } from 'vitest';
import { encodeArray, decodeArray, parameterKeys } from './state-dict.js';
import type * as StateDictModule from './state-dict.js';

/** Base64 of `values` as float32 or float64 in the byte order asked for, written by DataView (the reference). */
function base64Of(values: number[], dtype: 'float32' | 'float64', littleEndian: boolean): string {
  const width = dtype === 'float32' ? 4 : 8;
  const view = new DataView(new ArrayBuffer(values.length * width));
  values.forEach((v, i) => {
    if (dtype === 'float32') view.setFloat32(i * width, v, littleEndian);
    else view.setFloat64(i * width, v, littleEndian);
  });
  return Buffer.from(view.buffer).toString('base64');
}

/**
 * A second copy of state-dict.ts evaluated while Uint16Array stores its elements big-endian, so the copy takes the
 * machine for a big-endian one and byte-swaps as it would there. On this little-endian machine its output is then
 * big-endian: what shows that it swaps, both ways.
 */
async function loadAsOnBigEndian(): Promise<typeof StateDictModule> {
  const real = globalThis.Uint16Array;
  class BigEndianUint16Array extends real {
    constructor(values: number[]) {
      super(values.map((v) => ((v & 0xff) << 8) | (v >>> 8)));
    }
  }
  globalThis.Uint16Array = BigEndianUint16Array as unknown as Uint16ArrayConstructor;
  try {
    const specifier = './state-dict.js?big-endian';
    return (await import(/* @vite-ignore */ specifier)) as typeof StateDictModule;
  } finally {
    globalThis.Uint16Array = real;
  }
}

describe('encoded arrays are little-endian', () => {
  it('on this machine: the bytes of each element, least significant first', () => {
    expect(new Uint8Array(Uint16Array.of(1).buffer)[0]).toBe(1); // the premise: this machine is little-endian
    const values = [1, -2, Math.PI, 1e-310];
    expect(encodeArray(Float64Array.from(values))).toEqual({ dtype: 'float64', length: 4, base64: base64Of(values, 'float64', true) });
    expect(encodeArray(Float32Array.from([1, -2]))).toEqual({ dtype: 'float32', length: 2, base64: 'AACAPwAAAMA=' });
    expect(base64Of([1, -2], 'float32', true)).toBe('AACAPwAAAMA=');
    expect([...decodeArray({ dtype: 'float64', length: 4, base64: base64Of(values, 'float64', true) })]).toEqual(values);
  });

  it('on a big-endian machine (simulated): each element byte-swapped on encode and on decode, the array left as it was', async () => {
    const bigEndian = await loadAsOnBigEndian();
    expect(bigEndian.encodeArray).not.toBe(encodeArray);
    const array = Float32Array.from([1, -2]);
    // This machine's memory holds little-endian floats; the copy, taking them for big-endian ones, reverses them.
    expect(bigEndian.encodeArray(array).base64).toBe(base64Of([1, -2], 'float32', false));
    expect([...array]).toEqual([1, -2]);
    expect([...bigEndian.decodeArray({ dtype: 'float32', length: 2, base64: base64Of([1, -2], 'float32', false) })]).toEqual([1, -2]);
    const wide = Float64Array.from([Math.PI, -1e300]);
    expect(bigEndian.encodeArray(wide).base64).toBe(base64Of([Math.PI, -1e300], 'float64', false));
    expect([...bigEndian.decodeArray(bigEndian.encodeArray(wide))]).toEqual([Math.PI, -1e300]);
    expect([...wide]).toEqual([Math.PI, -1e300]);
  });
});

describe('version-2 state keys', () => {
  it('keys a parameter by its name, but by position when the name starts with "#" (a position key\'s form)', () => {
    expect(parameterKeys([{ data: new Float64Array(1), name: 'a#' }, { data: new Float64Array(1), name: 'b' }])).toEqual(['a#', 'b']);
    // '#1' as a name would collide with the key of the unnamed parameter at position 1.
    expect(parameterKeys([{ data: new Float64Array(1), name: '#1' }, { data: new Float64Array(1) }])).toEqual(['#0', '#1']);
  });
});
