// Base64 of raw bytes, written out so that it runs the same in Node and in browsers (no Buffer, no btoa on binary
// strings, which breaks on large inputs).
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Uint8Array(128).fill(255);
// Stryker disable next-line EqualityOperator: at i = 64 charCodeAt gives NaN, and a typed array ignores a write to the key 'NaN'
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    chunk += ALPHABET.charAt(n >>> 18) + ALPHABET.charAt((n >>> 12) & 63) + ALPHABET.charAt((n >>> 6) & 63) + ALPHABET.charAt(n & 63);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the threshold only bounds the length of each string concatenated; the parts are joined, so any threshold gives the same text
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    chunk += ALPHABET.charAt(n >>> 18) + ALPHABET.charAt((n >>> 12) & 63) + '==';
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    chunk += ALPHABET.charAt(n >>> 18) + ALPHABET.charAt((n >>> 12) & 63) + ALPHABET.charAt((n >>> 6) & 63) + '=';
  }
  parts.push(chunk);
  return parts.join('');
}

export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  if (text.length % 4 !== 0) throw new Error(`Invalid base64: length ${String(text.length)} is not a multiple of 4`);
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const c = text.charCodeAt(i + k);
      const v = c === 61 /* '=' */ ? 0 : c < 128 ? (LOOKUP[c] as number) : 255;
      if (v === 255) throw new Error(`Invalid base64 character at ${String(i + k)}`);
      n = (n << 6) | v;
    }
    // Stryker disable next-line ConditionalExpression,EqualityOperator: as for the third byte below: once o reaches the end, a write is ignored and o is read only by these checks
    if (o < out.length) out[o++] = (n >>> 16) & 255;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: as for the third byte below
    if (o < out.length) out[o++] = (n >>> 8) & 255;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: only the last group can pass the end, and a typed array ignores a write past its end, so writing anyway changes nothing
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}
