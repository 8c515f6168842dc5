import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from './base64.js';

describe('base64', () => {
  it('matches the RFC 4648 test vectors', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, encoded] of vectors) {
      const bytes = new TextEncoder().encode(plain);
      expect(bytesToBase64(bytes)).toBe(encoded);
      expect(new TextDecoder().decode(base64ToBytes(encoded))).toBe(plain);
    }
  });

  it('round-trips every byte value and long inputs', () => {
    const bytes = new Uint8Array(70_001);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) & 255;
    // Compared as one buffer: toEqual walks 70,001 elements one by one (a second; the mutation run repeats it often).
    expect(Buffer.from(base64ToBytes(bytesToBase64(bytes))).equals(Buffer.from(bytes))).toBe(true);
  });

  it('rejects malformed text', () => {
    expect(() => base64ToBytes('abc')).toThrow(/multiple of 4/);
    expect(() => base64ToBytes('ab!d')).toThrow(/character at 2/);
    // Characters beyond ASCII, the first of them (U+0080) included, are outside the alphabet too.
    expect(() => base64ToBytes('ab\u0080d')).toThrow(/character at 2/);
    expect(() => base64ToBytes('abc\u00e9')).toThrow(/character at 3/);
    expect(() => base64ToBytes('\u{1F600}ab')).toThrow(/character at 0/);
  });
});
