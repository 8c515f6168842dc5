import { arenaOf } from './arena.js';
import { base64ToBytes } from './base64.js';
import { isSharedMemory, withSharedMemoryImport } from './shared-memory-import.js';
import type { FloatArray } from './optimizer-types.js';

/**
 * Loads a compiled kernel (base64 WebAssembly importing `env.memory`) once per memory. Returns `undefined` where
 * the engine lacks WebAssembly SIMD or refuses the module, and the caller takes its JavaScript path. Over a shared
 * memory (an arena made with `shared: true`, for threads) the same code is compiled with its import declared shared.
 */
export function createKernelLoader<E extends WebAssembly.Exports>(base64: string): (memory: WebAssembly.Memory) => E | undefined {
  // [ordinary memory, shared memory]: undefined until compiled, null where the engine refuses the module.
  // Stryker disable next-line ArrayDeclaration: reading either index of [] also gives undefined
  const modules: (WebAssembly.Module | null | undefined)[] = [undefined, undefined];
  const instances = new WeakMap<WebAssembly.Memory, E>();
  return (memory) => {
    const shared = isSharedMemory(memory) ? 1 : 0;
    let module = modules[shared];
    if (module === undefined) {
      try {
        const bytes = base64ToBytes(base64);
        // Stryker disable next-line ConditionalExpression: without WebAssembly the constructor throws here, and the catch gives null all the same
        module = typeof WebAssembly === 'object' ? new WebAssembly.Module(shared === 1 ? withSharedMemoryImport(bytes) : bytes) : null;
      } catch {
        module = null;
      }
      modules[shared] = module;
    }
    if (module === null) return undefined;
    let instance = instances.get(memory);
    if (instance === undefined) {
      instance = new WebAssembly.Instance(module, { env: { memory } }).exports as E;
      instances.set(memory, instance);
    }
    return instance;
  };
}

/**
 * The kernel for one update, when a float32 parameter, its gradient and every state array given live in one arena;
 * otherwise undefined, and the optimizer runs its JavaScript loop.
 */
export function kernelInArena<E>(
  load: (memory: WebAssembly.Memory) => E | undefined,
  param: FloatArray,
  grad: FloatArray,
  // Fixed optional arguments rather than an array: this runs for every parameter on every step and must not allocate.
  s1?: FloatArray,
  s2?: FloatArray,
  s3?: FloatArray,
): E | undefined {
  if (!(param instanceof Float32Array)) return undefined;
  const arena = arenaOf(param);
  if (arena === undefined || !arena.owns(grad)) return undefined;
  if ((s1 !== undefined && !arena.owns(s1)) || (s2 !== undefined && !arena.owns(s2)) || (s3 !== undefined && !arena.owns(s3))) return undefined;
  return load(arena.memory);
}
