/**
 * The IDX format of MNIST and Fashion-MNIST: a magic number (two zero bytes, a type byte, the number of
 * dimensions), the dimensions as big-endian 32-bit integers, then the data. Only unsigned bytes (type 0x08) occur in
 * these data sets.
 */
export interface IdxArray {
  readonly shape: readonly number[];
  readonly data: Uint8Array;
}

/** Thrown when a data set's bytes are not what its format promises (bad magic number, truncated, gzip not undone). */
export class DatasetFormatError extends Error {
  override readonly name = 'DatasetFormatError';
}

/**
 * Reads an uncompressed IDX file's bytes into its shape and data (a view of `bytes`, not a copy). `what` names the
 * file in the DatasetFormatError thrown for a gzip, a bad magic number, a type other than unsigned bytes, or a
 * truncation.
 */
export function parseIdx(bytes: Uint8Array, what = 'IDX file'): IdxArray {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new DatasetFormatError(`${what} is gzip-compressed; decompress it first (readIdxFile does)`);
  }
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DatasetFormatError(`${what} is not an IDX file: bad magic number ${[...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ')}`);
  }
  const type = bytes[2] as number;
  const dims = bytes[3] as number;
  if (type !== 0x08) throw new DatasetFormatError(`${what} holds IDX type 0x${type.toString(16)}; only unsigned bytes (0x08) are supported`);
  if (dims < 1 || bytes.length < 4 + 4 * dims) throw new DatasetFormatError(`${what} is truncated in its header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const size = shape.reduce((a, b) => a * b, 1);
  const start = 4 + 4 * dims;
  if (bytes.length < start + size) {
    throw new DatasetFormatError(`${what} is truncated: shape [${shape.join(', ')}] needs ${String(size)} bytes of data, it has ${String(bytes.length - start)}`);
  }
  return { shape, data: bytes.subarray(start, start + size) };
}
