import { base64ToBytes } from './base64.js';

/**
 * Loads a compiled kernel (base64 WebAssembly importing `env.memory`) once per memory. Returns `undefined` where
 * the engine lacks WebAssembly SIMD or refuses the module, and the caller takes its JavaScript path.
 */
export function createKernelLoader<E extends WebAssembly.Exports>(base64: string): (memory: WebAssembly.Memory) => E | undefined {
  let module: WebAssembly.Module | null | undefined;
  const instances = new WeakMap<WebAssembly.Memory, E>();
  return (memory) => {
    if (module === undefined) {
      try {
        module = typeof WebAssembly === 'object' ? new WebAssembly.Module(base64ToBytes(base64)) : null;
      } catch {
        module = null;
      }
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
