import { describe, expect, it } from 'vitest';
import { arenaOf, createArena, stateLike } from './arena.js';
import { parameter } from './parameter.js';
import type * as ArenaModule from './arena.js';

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

describe('arenaOf across copies of @descent/optim', () => {
  it('finds an arena made by another copy of this module (its own module instance)', async () => {
    // A query string makes the module loader evaluate the file again: a second copy with its own module state.
    const specifier = './arena.js?second-copy';
    const other = (await import(/* @vite-ignore */ specifier)) as typeof ArenaModule;
    expect(other.createArena).not.toBe(createArena);
    const arena = other.createArena({ bytes: 1000 });
    const view = arena.float32(4);
    expect(arenaOf(view)).toBe(arena);
    // The state an optimizer of this copy allocates lands in the other copy's arena, beside its parameter.
    expect(arena.owns(stateLike(view))).toBe(true);
    const mine = createArena({ bytes: 1000 });
    expect(other.arenaOf(mine.float64(2))).toBe(mine);
  });

  it('leaves no enumerable trace on the memory', () => {
    const arena = createArena({ bytes: 1000 });
    expect(Object.keys(arena.memory.buffer)).toEqual([]);
    expect(Object.getOwnPropertySymbols(arena.memory.buffer)).toEqual([Symbol.for('@descent/optim.arena.v1')]);
  });
});
