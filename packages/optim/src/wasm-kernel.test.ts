import { afterEach, describe, expect, it, vi } from 'vitest';
import { createArena } from './arena.js';
import { bytesToBase64 } from './base64.js';
import { createKernelLoader, kernelInArena } from './wasm-kernel.js';
import { LOADS_FIRST_FLOAT } from './__fixtures__/loads-first-float.js';

interface FirstExports extends WebAssembly.Exports {
  first: () => number;
}

// Counts attempts to compile: WebAssembly.Module replaced by a subclass for the test's duration.
const Module = WebAssembly.Module;
let compiled = 0;
function countCompilations(): void {
  compiled = 0;
  WebAssembly.Module = class extends Module {
    constructor(bytes: BufferSource) {
      compiled++;
      super(bytes);
    }
  };
}
afterEach(() => {
  WebAssembly.Module = Module;
});

describe('createKernelLoader', () => {
  it('instantiates the kernel over the memory it is given, once per memory, compiling once per kind of memory', () => {
    countCompilations();
    const load = createKernelLoader<FirstExports>(bytesToBase64(LOADS_FIRST_FLOAT));
    const a = new WebAssembly.Memory({ initial: 1 });
    const b = new WebAssembly.Memory({ initial: 1 });
    new Float32Array(a.buffer)[0] = 1.5;
    new Float32Array(b.buffer)[0] = -4;
    const onA = load(a);
    expect(onA?.first()).toBe(1.5);
    expect(load(a)).toBe(onA);
    const onB = load(b);
    expect(onB).not.toBe(onA);
    expect(onB?.first()).toBe(-4);
    expect(compiled).toBe(1);
    const shared = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    new Float32Array(shared.buffer)[0] = 7;
    expect(load(shared)?.first()).toBe(7);
    expect(load(new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }))?.first()).toBe(0);
    expect(compiled).toBe(2);
  });

  it('gives undefined, for every memory and without compiling again, where the engine refuses the module', () => {
    countCompilations();
    const notWasm = createKernelLoader(bytesToBase64(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8])));
    const memory = new WebAssembly.Memory({ initial: 1 });
    expect(notWasm(memory)).toBeUndefined();
    expect(notWasm(new WebAssembly.Memory({ initial: 1 }))).toBeUndefined();
    expect(compiled).toBe(1);
    // A module that imports no memory cannot be made shared: refused over a shared memory too.
    const noMemory = createKernelLoader(bytesToBase64(Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00])));
    expect(noMemory(new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }))).toBeUndefined();
  });
});

describe('kernelInArena', () => {
  const kernel = { name: 'the kernel' };

  it('loads the kernel over the arena when a float32 parameter, its gradient and every state array live in it', () => {
    const arena = createArena({ bytes: 4096 });
    const load = vi.fn<(memory: WebAssembly.Memory) => typeof kernel>(() => kernel);
    const p = arena.parameter(4);
    const [s1, s2, s3] = [arena.float32(4), arena.float32(4), arena.float32(4)];
    expect(kernelInArena(load, p.data, p.grad)).toBe(kernel);
    expect(kernelInArena(load, p.data, p.grad, s1)).toBe(kernel);
    expect(kernelInArena(load, p.data, p.grad, s1, s2, s3)).toBe(kernel);
    expect(load).toHaveBeenCalledTimes(3);
    expect(load.mock.calls.every(([memory]) => memory === arena.memory)).toBe(true);
  });

  it('is undefined (the JavaScript path) for float64, or when any array lives elsewhere', () => {
    const arena = createArena({ bytes: 4096 });
    const load = vi.fn<(memory: WebAssembly.Memory) => typeof kernel>(() => kernel);
    const p = arena.parameter(4);
    const inside = arena.float32(4);
    const outside = new Float32Array(4);
    const wide = arena.parameter(4, 'float64');
    expect(kernelInArena(load, wide.data, wide.grad)).toBeUndefined();
    expect(kernelInArena(load, new Float32Array(4), p.grad)).toBeUndefined();
    expect(kernelInArena(load, p.data, outside)).toBeUndefined();
    expect(kernelInArena(load, p.data, p.grad, outside)).toBeUndefined();
    expect(kernelInArena(load, p.data, p.grad, inside, outside)).toBeUndefined();
    expect(kernelInArena(load, p.data, p.grad, inside, inside, outside)).toBeUndefined();
    expect(kernelInArena(load, p.data, p.grad, undefined, undefined, outside)).toBeUndefined();
    expect(load).not.toHaveBeenCalled();
    // A gradient in another arena is elsewhere too.
    expect(kernelInArena(load, p.data, createArena({ bytes: 64 }).float32(4))).toBeUndefined();
  });
});
