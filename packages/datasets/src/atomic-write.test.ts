import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write.js';

const folder = () => mkdtempSync(join(tmpdir(), 'descent-atomic-'));

describe('writeFileAtomic', () => {
  it('writes text and bytes, creating missing folders, and leaves no temporary name behind', () => {
    const dir = folder();
    writeFileAtomic(join(dir, 'a', 'b', 'text.json'), '{"x": 1}\n');
    writeFileAtomic(join(dir, 'bytes.bin'), new Uint8Array([0, 1, 255]));
    expect(readFileSync(join(dir, 'a', 'b', 'text.json'), 'utf8')).toBe('{"x": 1}\n');
    expect([...readFileSync(join(dir, 'bytes.bin'))]).toEqual([0, 1, 255]);
    expect(readdirSync(dir).sort()).toEqual(['a', 'bytes.bin']);
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['text.json']);
  });

  it('replaces an existing file whole', () => {
    const dir = folder();
    const file = join(dir, 'out.txt');
    writeFileSync(file, 'old and longer than the new text');
    writeFileAtomic(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['out.txt']);
  });

  it('a byte view is written as its own bytes, not its whole buffer', () => {
    const dir = folder();
    const buffer = new Uint8Array([9, 9, 1, 2, 3, 9]);
    writeFileAtomic(join(dir, 'view.bin'), buffer.subarray(2, 5));
    expect([...readFileSync(join(dir, 'view.bin'))]).toEqual([1, 2, 3]);
  });

  it('an error at the rename leaves the old file intact and no temporary file', () => {
    const dir = folder();
    // The target is a non-empty folder: writing the temporary file works, the rename over it fails.
    const target = join(dir, 'taken');
    mkdirSync(target);
    writeFileSync(join(target, 'inside.txt'), 'old');
    expect(() => {
      writeFileAtomic(target, 'new');
    }).toThrow(/EISDIR|ENOTEMPTY|EEXIST|EPERM/);
    expect(readFileSync(join(target, 'inside.txt'), 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['taken']);
  });
});
