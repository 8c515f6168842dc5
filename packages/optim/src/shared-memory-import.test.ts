import { describe, expect, it } from 'vitest';
import { arenaOf, createArena } from './arena.js';
import { isSharedMemory, withSharedMemoryImport } from './shared-memory-import.js';
import { kernelSumOfSquares, normKernelFor } from './transforms/norm-kernel.js';
import { LOADS_FIRST_FLOAT } from './__fixtures__/loads-first-float.js';

describe('withSharedMemoryImport', () => {
  it('rewrites the memory import to shared, so the same code runs over a shared memory', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true });
    new Float32Array(memory.buffer)[0] = 2.5;
    expect(() => new WebAssembly.Instance(new WebAssembly.Module(LOADS_FIRST_FLOAT), { env: { memory } })).toThrow(WebAssembly.LinkError);
    const patched = withSharedMemoryImport(LOADS_FIRST_FLOAT);
    const { first } = new WebAssembly.Instance(new WebAssembly.Module(patched), { env: { memory } }).exports as { first: () => number };
    expect(first()).toBe(2.5);
    expect(withSharedMemoryImport(patched)).toBe(patched);
  });

  it('refuses a module that imports no memory', () => {
    const noImports = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    expect(() => withSharedMemoryImport(noImports)).toThrow(/imports no memory/);
  });
});

// Modules assembled from sections, for the import kinds a kernel might carry before its memory.
function leb128(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  do {
    const low = rest % 128;
    rest = Math.floor(rest / 128);
    out.push(rest === 0 ? low : low + 128);
  } while (rest !== 0);
  return out;
}
const utf8 = (text: string): number[] => [text.length, ...new TextEncoder().encode(text)];
const section = (id: number, content: number[]): number[] => [id, ...leb128(content.length), ...content];
const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/**
 * A module whose imports are `imports` (each: module, name, kind and description bytes), with types 0: () → f32 and
 * 1: () → (), and one function `first() → f32.load(0)`, exported.
 */
function moduleWith(imports: number[][], importedFunctions = 0): Uint8Array<ArrayBuffer> {
  const code = [0x00, 0x41, 0x00, 0x2a, 0x02, 0x00, 0x0b];
  return Uint8Array.from([
    ...HEADER,
    ...section(0, [...utf8('note'), 1, 2, 3]), // a custom section, skipped
    ...section(1, [0x02, 0x60, 0x00, 0x01, 0x7d, 0x60, 0x00, 0x00]),
    ...section(2, [imports.length, ...imports.flat()]),
    ...section(3, [0x01, 0x00]),
    ...section(7, [0x01, ...utf8('first'), 0x00, importedFunctions]),
    ...section(10, [0x01, code.length, ...code]),
  ]);
}
const FUNCTION = [...utf8('env'), ...utf8('f'), 0x00, 0x00];
const TABLE = [...utf8('env'), ...utf8('t'), 0x01, 0x70, 0x01, 0x01, 0x02]; // funcref, min 1, max 2
const GLOBAL = [...utf8('env'), ...utf8('g'), 0x03, 0x7f, 0x00]; // const i32
const TAG = [...utf8('env'), ...utf8('e'), 0x04, 0x00, 0x01]; // an exception tag of type () → ()
// WebAssembly.Tag (the exception-handling JS API) is in Node 20, not yet in TypeScript's lib.
const { Tag } = WebAssembly as unknown as { Tag: new (type: { parameters: string[] }) => WebAssembly.ImportValue };
const memoryImport = (limits: number[]): number[] => [...utf8('env'), ...utf8('memory'), 0x02, ...limits];

describe('withSharedMemoryImport over other imports', () => {
  it('skips function, table, global and tag imports before the memory, and keeps a large minimum', () => {
    // min 200 pages (two LEB128 bytes), max 300: the maximum becomes 65,536, any shared memory's fits under it.
    const bytes = moduleWith([FUNCTION, TABLE, GLOBAL, TAG, memoryImport([0x01, ...leb128(200), ...leb128(300)])], 1);
    const memory = new WebAssembly.Memory({ initial: 200, maximum: 300, shared: true });
    new Float32Array(memory.buffer)[0] = -3.25;
    const imports = {
      env: {
        memory,
        f: () => 0,
        t: new WebAssembly.Table({ initial: 1, maximum: 2, element: 'anyfunc' }),
        g: new WebAssembly.Global({ value: 'i32', mutable: false }, 0),
        e: new Tag({ parameters: [] }),
      },
    };
    expect(() => new WebAssembly.Instance(new WebAssembly.Module(bytes), imports)).toThrow(/shared/);
    const patched = withSharedMemoryImport(bytes);
    const { first } = new WebAssembly.Instance(new WebAssembly.Module(patched), imports).exports as { first: () => number };
    expect(first()).toBe(-3.25);
    // Byte for byte the module written with a shared memory import: nothing else changed.
    const shared = moduleWith([FUNCTION, TABLE, GLOBAL, TAG, memoryImport([0x03, ...leb128(200), ...leb128(65_536)])], 1);
    expect([...patched]).toEqual([...shared]);
  });

  it('reads limits without a maximum: a table, and a memory followed by another import', () => {
    const tableNoMax = [...utf8('env'), ...utf8('t'), 0x01, 0x70, 0x00, 0x01]; // funcref, min 1
    const bytes = moduleWith([tableNoMax, memoryImport([0x00, 0x01]), GLOBAL]);
    const shared = moduleWith([tableNoMax, memoryImport([0x03, 0x01, ...leb128(65_536)]), GLOBAL]);
    expect([...withSharedMemoryImport(bytes)]).toEqual([...shared]);
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    new Float32Array(memory.buffer)[0] = 0.5;
    const imports = { env: { memory, t: new WebAssembly.Table({ initial: 1, element: 'anyfunc' }), g: new WebAssembly.Global({ value: 'i32', mutable: false }, 0) } };
    const { first } = new WebAssembly.Instance(new WebAssembly.Module(withSharedMemoryImport(bytes)), imports).exports as { first: () => number };
    expect(first()).toBe(0.5);
  });

  it('refuses a module cut right after the import section header', () => {
    const whole = moduleWith([memoryImport([0x00, 0x01])]);
    const importSection = whole.indexOf(0x02, HEADER.length + 8 + 10);
    expect(() => withSharedMemoryImport(whole.slice(0, importSection + 2))).toThrow('Invalid WebAssembly module: truncated');
  });

  it('refuses an unknown import kind, a truncated module, and imports without a memory', () => {
    expect(() => withSharedMemoryImport(moduleWith([[...utf8('env'), ...utf8('x'), 0x09, 0x00]]))).toThrow('Invalid WebAssembly module: import kind 9');
    const whole = moduleWith([FUNCTION, memoryImport([0x00, 0x01])], 1);
    const importSection = whole.indexOf(0x02, HEADER.length + 8 + 10);
    expect(() => withSharedMemoryImport(whole.slice(0, importSection + 12))).toThrow('Invalid WebAssembly module: truncated');
    expect(() => withSharedMemoryImport(moduleWith([FUNCTION, GLOBAL], 1))).toThrow('Invalid kernel module: it imports no memory');
  });
});

describe('a shared arena', () => {
  it('has a shared memory, and a kernel loads and computes over it as over an ordinary one', () => {
    const shared = createArena({ bytes: 1 << 16, shared: true });
    const plain = createArena({ bytes: 1 << 16 });
    expect(isSharedMemory(shared.memory)).toBe(true);
    expect(isSharedMemory(plain.memory)).toBe(false);
    expect(arenaOf(shared.float32(1))).toBe(shared);
    const sums = [shared, plain].map((arena) => {
      const a = arena.float32(5);
      a.set([1, 2, 3, 4, 5]);
      const kernel = normKernelFor([a]);
      expect(kernel).toBeDefined();
      return kernel === undefined ? Number.NaN : kernelSumOfSquares(kernel, [a]);
    });
    expect(sums).toEqual([55, 55]);
  });
});
