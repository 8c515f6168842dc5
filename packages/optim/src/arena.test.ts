import { describe, expect, it } from 'vitest';
import { arenaOf, createArena, stateLike } from './arena.js';
import { parameter } from './parameter.js';

describe('createArena', () => {
  it('hands out zeroed, 16-byte-aligned views of one fixed memory', () => {
    const arena = createArena({ bytes: 100_000 });
    expect(arena.capacity).toBe(2 * 65_536);
    const a = arena.float32(3);
    const b = arena.float64(5);
    const p = arena.parameter(7);
    for (const x of [a, b, p.data, p.grad]) {
      expect(x.byteOffset % 16).toBe(0);
      expect(x.byteOffset).toBeGreaterThan(0);
      expect(arena.owns(x)).toBe(true);
      expect(arenaOf(x)).toBe(arena);
      expect([...x].every((v) => v === 0)).toBe(true);
    }
    expect(b.byteOffset).toBeGreaterThanOrEqual(a.byteOffset + 12);
    expect(arena.owns(new Float32Array(3))).toBe(false);
    expect(arenaOf(new Float32Array(3))).toBeUndefined();
  });

  it('refuses what does not fit and a bad size', () => {
    const arena = createArena({ bytes: 1000 });
    expect(() => arena.float64(10_000)).toThrow(/Arena full: 80000 bytes asked/);
    expect(() => createArena({ bytes: -1 })).toThrow(/Invalid arena size: -1 bytes/);
  });

  it('places optimizer state beside its parameter: in the arena while there is room, else on the heap', () => {
    const arena = createArena({ bytes: 60_000 });
    const p = arena.parameter(5000);
    const first = stateLike(p.data);
    expect(arena.owns(first)).toBe(true);
    const overflow = stateLike(p.data);
    expect(arena.owns(overflow)).toBe(false);
    expect(overflow).toBeInstanceOf(Float32Array);
    expect(arena.owns(stateLike(parameter(new Float64Array(2)).data))).toBe(false);
  });
});
