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
    expect(() => arena.float64(10_000)).toThrow('Arena full: 80000 bytes asked, 65472 free of 65536');
    arena.float32(3);
    expect(() => arena.float64(10_000)).toThrow('Arena full: 80000 bytes asked, 65456 free of 65536');
    for (const bytes of [-1, 0, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 32 - 65_536 + 1]) {
      expect(() => createArena({ bytes })).toThrow(`Invalid arena size: ${String(bytes)} bytes (expected a number in (0, 4 GiB))`);
    }
  });

  it('holds at least the bytes asked for, besides the 64 it keeps unused, and fills up exactly', () => {
    const arena = createArena({ bytes: 65_536 });
    expect(arena.capacity).toBe(2 * 65_536);
    expect(arena.used).toBe(64);
    const full = createArena({ bytes: 65_536 - 64 });
    expect(full.capacity).toBe(65_536);
    expect(full.fits(65_536 - 64)).toBe(true);
    expect(full.fits(65_536 - 63)).toBe(false);
    const all = full.float32((65_536 - 64) / 4);
    expect(all.byteOffset + all.byteLength).toBe(65_536);
    expect(full.used).toBe(65_536);
    expect(full.fits(0)).toBe(true);
    expect(full.fits(1)).toBe(false);
  });

  it('makes float64 parameters when asked, float32 ones by default', () => {
    const arena = createArena({ bytes: 1000 });
    const wide = arena.parameter(3, 'float64');
    expect(wide.data).toBeInstanceOf(Float64Array);
    expect(wide.grad).toBeInstanceOf(Float64Array);
    expect(arena.parameter(3, 'float32').data).toBeInstanceOf(Float32Array);
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

  it('keeps shared arenas in one map on the global object, under a registry key every copy finds', () => {
    const arena = createArena({ bytes: 1000, shared: true });
    const map = (globalThis as Record<symbol, unknown>)[Symbol.for('@descent/optim.sharedArenas.v1')];
    expect(map).toBeInstanceOf(WeakMap);
    expect((map as WeakMap<object, unknown>).get(arena.float32(1).buffer)).toBe(arena);
  });

  it('leaves no enumerable trace on the memory', () => {
    const arena = createArena({ bytes: 1000 });
    expect(Object.keys(arena.memory.buffer)).toEqual([]);
    expect(Object.getOwnPropertySymbols(arena.memory.buffer)).toEqual([Symbol.for('@descent/optim.arena.v1')]);
  });
});

describe('createArena at its upper bound', () => {
  it('takes 4 GiB less one page, the largest size its message allows, as a whole 4 GiB memory', () => {
    // A WebAssembly memory of 65,536 pages reserves address space; its pages are only touched when written.
    const arena = createArena({ bytes: 2 ** 32 - 65_536 });
    expect(arena.capacity).toBe(2 ** 32);
  });
});
