import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bookFixture } from './test-paths.js';
import { DatasetFormatError, parseIdx } from './idx.js';
import { parseNpy, writeNpy } from './npy.js';

function idx(shape: number[], data: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * shape.length + data.length);
  out.set([0, 0, 8, shape.length]);
  const view = new DataView(out.buffer);
  shape.forEach((d, i) => { view.setUint32(4 + 4 * i, d, false); });
  out.set(data, 4 + 4 * shape.length);
  return out;
}

describe('IDX', () => {
  it('reads the shape and the bytes', () => {
    const parsed = parseIdx(idx([2, 3], [1, 2, 3, 4, 5, 6]));
    expect(parsed.shape).toEqual([2, 3]);
    expect([...parsed.data]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('names a bad magic number, a truncated file, an unsupported type and gzip', () => {
    expect(() => parseIdx(Uint8Array.from([1, 2, 3, 4]), 'x.idx')).toThrow('x.idx is not an IDX file: bad magic number 01 02 03 04');
    expect(() => parseIdx(idx([2, 3], [1, 2, 3]), 'x.idx')).toThrow('x.idx is truncated: shape [2, 3] needs 6 bytes of data, it has 3');
    expect(() => parseIdx(Uint8Array.from([0, 0, 0x0d, 1, 0, 0, 0, 1]))).toThrow(/type 0xd; only unsigned bytes/);
    expect(() => parseIdx(Uint8Array.from([0x1f, 0x8b, 8, 0]))).toThrow(DatasetFormatError);
  });
});

describe('.npy', () => {
  it("reads the book's files: 22 MCCs as float64 and the 14×14 test images as uint8", () => {
    const runs = parseNpy(readFileSync(bookFixture('fmnist_w_momentum_runs.npy')));
    expect(runs.dtype).toBe('<f8');
    expect(runs.shape).toEqual([22]);
    expect((runs.data[0] as number) > 0.8 && (runs.data[0] as number) < 0.9).toBe(true);
    const images = parseNpy(readFileSync(bookFixture('fmnist_test_images_small.npy')));
    expect(images.dtype).toBe('|u1');
    expect(images.shape).toEqual([10000, 14, 14]);
  });

  it('writes files it reads back, for every dtype it writes, 64-byte aligned as NumPy writes them', () => {
    for (const data of [Uint8Array.from([0, 255, 7]), Float32Array.from([1.5, -2, 3]), Float64Array.from([Math.PI, -0, 1e-300]), Int32Array.from([-5, 6, 7])]) {
      const bytes = writeNpy(data, [3]);
      const headerEnd = new DataView(bytes.buffer).getUint16(8, true) + 10;
      expect(headerEnd % 64).toBe(0);
      const back = parseNpy(bytes);
      expect(back.shape).toEqual([3]);
      expect([...back.data]).toEqual([...data]);
    }
    const matrix = parseNpy(writeNpy(new Uint8Array(6), [2, 3]));
    expect(matrix.shape).toEqual([2, 3]);
  });

  it('names a bad magic number, Fortran order, an unknown dtype and a truncated body', () => {
    const good = writeNpy(Float64Array.from([1, 2]), [2]);
    expect(() => parseNpy(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 'a.npy')).toThrow('a.npy is not a NumPy .npy file: bad magic number');
    expect(() => parseNpy(good.subarray(0, good.length - 1), 'a.npy')).toThrow(/a\.npy is truncated: shape \(2\) of <f8 needs 16 bytes, it has 15/);
    const text = Buffer.from(good).toString('latin1');
    const fortran = Buffer.from(text.replace("'fortran_order': False", "'fortran_order': True "), 'latin1');
    expect(() => parseNpy(fortran, 'a.npy')).toThrow(/Fortran order/);
    const complex = Buffer.from(text.replace("'<f8'", "'<c8'"), 'latin1');
    expect(() => parseNpy(complex, 'a.npy')).toThrow(/dtype <c8; supported/);
    expect(() => writeNpy(new Float64Array(3), [2, 2])).toThrow('3 values do not fit shape (2, 2)');
  });
});
