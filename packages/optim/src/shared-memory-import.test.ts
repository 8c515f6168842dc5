import { describe, expect, it } from 'vitest';
import { arenaOf, createArena } from './arena.js';
import { isSharedMemory, withSharedMemoryImport } from './shared-memory-import.js';
import { kernelSumOfSquares, normKernelFor } from './transforms/norm-kernel.js';

// A module importing env.memory (limits: min 1, no maximum), with one function `first() → f32.load(0)`, written out
// in the binary format so that the test does not depend on any build.
const LOADS_FIRST_FLOAT = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7d, // type section: () → f32
  0x02, 0x0f, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x01, // import env.memory {min 1}
  0x03, 0x02, 0x01, 0x00, // function section
  0x07, 0x09, 0x01, 0x05, 0x66, 0x69, 0x72, 0x73, 0x74, 0x00, 0x00, // export "first"
  0x0a, 0x09, 0x01, 0x07, 0x00, 0x41, 0x00, 0x2a, 0x02, 0x00, 0x0b, // code: i32.const 0; f32.load; end
]);

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
