import { DatasetFormatError } from './idx.js';

/** The NumPy dtypes descent reads and writes. */
export type NpyDtype = '|u1' | '<f4' | '<f8' | '<i4' | '<i8';

/** A NumPy array as a `.npy` file holds it: dtype, shape (C order) and the flat data in the matching typed array. */
export interface NpyArray {
  readonly dtype: NpyDtype;
  readonly shape: readonly number[];
  readonly data: Uint8Array | Float32Array | Float64Array | Int32Array | BigInt64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const WIDTH: Record<NpyDtype, number> = { '|u1': 1, '<f4': 4, '<f8': 8, '<i4': 4, '<i8': 8 };

/** Reads a .npy file (format 1.0, 2.0 or 3.0; C order; little-endian numbers or bytes). */
export function parseNpy(bytes: Uint8Array, what = '.npy file'): NpyArray {
  if (bytes.length < 10 || MAGIC.some((m, i) => bytes[i] !== m)) throw new DatasetFormatError(`${what} is not a NumPy .npy file: bad magic number`);
  const major = bytes[6] as number;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  if (bytes.length < headerStart + headerLength) throw new DatasetFormatError(`${what} is truncated in its header`);
  const header = new TextDecoder('latin1').decode(bytes.subarray(headerStart, headerStart + headerLength));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw new DatasetFormatError(`${what} has a header descent cannot read: ${header.trim()}`);
  if (fortran === 'True') throw new DatasetFormatError(`${what} is in Fortran order; save it with C order`);
  const dtype = (descr === '<u1' ? '|u1' : descr) as NpyDtype;
  if (!(dtype in WIDTH)) throw new DatasetFormatError(`${what} has dtype ${descr}; supported: ${Object.keys(WIDTH).join(', ')}`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const start = headerStart + headerLength;
  const byteLength = count * WIDTH[dtype];
  if (bytes.length < start + byteLength) {
    throw new DatasetFormatError(`${what} is truncated: shape (${shape.join(', ')}) of ${dtype} needs ${String(byteLength)} bytes, it has ${String(bytes.length - start)}`);
  }
  // Copy into an aligned buffer of its own (the header length makes the data offset arbitrary). A copy through the
  // Uint8Array constructor: Node's Buffer#slice would return a view of a shared pool instead.
  const raw = new Uint8Array(bytes.subarray(start, start + byteLength)).buffer;
  const data =
    dtype === '|u1' ? new Uint8Array(raw) : dtype === '<f4' ? new Float32Array(raw) : dtype === '<f8' ? new Float64Array(raw) : dtype === '<i4' ? new Int32Array(raw) : new BigInt64Array(raw);
  return { dtype, shape, data };
}

/** Writes a .npy file (format 1.0, C order) that NumPy's np.load reads. */
export function writeNpy(data: Uint8Array | Float32Array | Float64Array | Int32Array, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new RangeError(`${String(data.length)} values do not fit shape (${shape.join(', ')})`);
  const dtype = data instanceof Uint8Array ? '|u1' : data instanceof Float32Array ? '<f4' : data instanceof Float64Array ? '<f8' : '<i4';
  const shapeText = shape.length === 1 ? `(${String(shape[0])},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // Pad with spaces so that magic + version + length + header ends on a multiple of 64, then a newline.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(total + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), total);
  return out;
}
