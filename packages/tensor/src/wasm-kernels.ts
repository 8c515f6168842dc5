import { denseBackwardOn, denseForwardOn } from './dense-passes.js';
import { jsKernels } from './js-kernels.js';
import type { Kernels } from './kernels.js';
import {
  KERNEL_RELAXED_SIMD_SHARED_WASM_BASE64,
  KERNEL_RELAXED_SIMD_WASM_BASE64,
  KERNEL_SHARED_WASM_BASE64,
  KERNEL_WASM_BASE64,
} from './tensor-kernels.generated.js';
import { wasmRoutes, type InMemory, type KernelName, type TensorKernelExports } from './wasm-routes.js';

/**
 * The two builds of the kernels, with relaxed SIMD (fused multiply-add) and with SIMD only, each compiled twice: to
 * import an ordinary memory, and a shared one (for threads; the same code, which links only to a shared memory).
 */
const variants = {
  'wasm-relaxed-simd': { plain: KERNEL_RELAXED_SIMD_WASM_BASE64, shared: KERNEL_RELAXED_SIMD_SHARED_WASM_BASE64 },
  'wasm-simd': { plain: KERNEL_WASM_BASE64, shared: KERNEL_SHARED_WASM_BASE64 },
} as const;
export type Variant = keyof typeof variants;

// Only successes are kept: an engine may gain relaxed SIMD after a first look (Node 20 with `enableRelaxedSimd()`
// from @descent/tensor/node). Keyed by variant, and by whether the memory import is declared shared (the same code,
// for a shared memory that threads compute in).
const compiled = new Map<string, WebAssembly.Module>();

function compile(variant: Variant, shared = false): WebAssembly.Module | null {
  const key = shared ? `${variant} shared` : variant;
  let module = compiled.get(key);
  if (module === undefined) {
    const bytes = Uint8Array.from(atob(variants[variant][shared ? 'shared' : 'plain']), (c) => c.charCodeAt(0));
    if (!WebAssembly.validate(bytes)) return null; // the engine lacks the feature: another variant, or JavaScript, runs
    module = new WebAssembly.Module(bytes);
    compiled.set(key, module);
  }
  return module;
}

/** Whether this engine runs the SIMD kernels. */
export function simdAvailable(): boolean {
  return compile('wasm-simd') !== null;
}

/**
 * Whether this engine runs the relaxed-SIMD kernels, whose matrix product uses fused multiply-add (Chrome 114+,
 * Firefox 145+, Node 22+; Node 20 after `enableRelaxedSimd()` from `@descent/tensor/node`).
 */
export function relaxedSimdAvailable(): boolean {
  return compile('wasm-relaxed-simd') !== null;
}

/** Options of `createKernels`: which build runs. */
export interface KernelOptions {
  /** `false` runs the plain JavaScript kernels. Default: SIMD where the engine has it. */
  simd?: boolean;
  /**
   * `false` keeps to the SIMD build without fused multiply-add, whose results are the same on every machine (a fused
   * multiply-add rounds once where the CPU has one, twice where it has not). Default: relaxed SIMD where available.
   */
  relaxedSimd?: boolean;
}

/**
 * Kernels that run as WebAssembly SIMD on arrays living in `memory` (for example an arena from @descent/optim's
 * `createArena`) and fall back to JavaScript for any call whose arrays are elsewhere, or where SIMD is missing.
 * Without a memory, the JavaScript kernels.
 */
export function createKernels(memory?: WebAssembly.Memory, options: KernelOptions = {}): Kernels {
  const chosen = memory === undefined ? undefined : kernelModule(memory, options);
  if (memory === undefined || chosen === undefined) return jsKernels;
  return routedKernels(memory, chosen.variant, new WebAssembly.Instance(chosen.module, { env: { memory } }).exports as unknown as TensorKernelExports);
}

/**
 * The compiled kernels `createKernels` would run over `memory` with these options (their import declared shared when
 * the memory is), or undefined where JavaScript runs.
 */
export function kernelModule(memory: WebAssembly.Memory, options: KernelOptions = {}): { variant: Variant; module: WebAssembly.Module } | undefined {
  if (options.simd === false) return undefined;
  const order: Variant[] = options.relaxedSimd === false ? ['wasm-simd'] : ['wasm-relaxed-simd', 'wasm-simd'];
  const variant = order.find((v) => compile(v) !== null);
  if (variant === undefined) return undefined;
  const module = compile(variant, typeof SharedArrayBuffer === 'function' && memory.buffer instanceof SharedArrayBuffer);
  return module === null ? undefined : { variant, module };
}

/** The kernels over `memory` whose calls go to the instance `wasm` when their arrays are in the memory. */
export function routedKernels(memory: WebAssembly.Memory, variant: Variant, wasm: TensorKernelExports): Kernels {
  // Memory#buffer is a call into the engine; the buffer changes only when the memory grows, which an arena never does,
  // so it is read again only when an array does not match the one seen last.
  let seen = memory.buffer;
  const current = () => (seen = memory.buffer);
  const isIn: InMemory = (a) => a.buffer === seen || a.buffer === current();
  const kernels: Kernels = { ...jsKernels, name: variant };
  for (const name of Object.keys(wasmRoutes) as KernelName[]) {
    (kernels as unknown as Record<KernelName, unknown>)[name] = routed(name, wasm, isIn);
  }
  // The dense passes are compositions, not exports: here they call the routed kernels above.
  kernels.denseForward = (x, w, bias, out, m, k, n, scratch, activation, activated, wT) => {
    denseForwardOn(kernels, x, w, bias, out, m, k, n, scratch, activation, activated, wT);
  };
  kernels.denseBackward = (x, dy, dW, db, m, k, n, scratch, wT, dx) => {
    denseBackwardOn(kernels, x, dy, dW, db, m, k, n, scratch, wT, dx);
  };
  return kernels;
}

/** A call of up to 14 arguments (conv2dBackward has the most), each of any type. */
type Wide<First, R> = (
  first: First,
  a0: unknown, a1: unknown, a2: unknown, a3: unknown, a4: unknown, a5: unknown, a6: unknown,
  a7: unknown, a8: unknown, a9: unknown, a10: unknown, a11: unknown, a12: unknown, a13: unknown,
) => R;

/**
 * The kernel `name` from its route: the export when the route's arrays are in the memory and its condition holds,
 * else `jsKernels[name]`, looked up at each call (tests spy on it to prove the export ran). Fixed arity rather than
 * a rest parameter, and the route's arrays as a bit mask tested argument by argument: a training step calls these
 * thousands of times per second and must not allocate. Arguments past a kernel's own are undefined and ignored.
 */
function routed(name: KernelName, wasm: TensorKernelExports, isIn: InMemory): unknown {
  // The table's types tie each route to its kernel's signature; here every route is called alike.
  const route = wasmRoutes[name] as unknown as { inMemory: readonly number[]; also?: Wide<InMemory, boolean>; call: Wide<TensorKernelExports, void> };
  const bits = route.inMemory.reduce((mask, position) => mask | (1 << position), 0);
  const also = route.also;
  const call = route.call;
  const fallbacks = jsKernels as unknown as Record<KernelName, (...args: unknown[]) => void>;
  const at = isIn as (a: unknown) => boolean; // the same function: `bits` says which arguments are arrays
  return (a0: unknown, a1: unknown, a2: unknown, a3: unknown, a4: unknown, a5: unknown, a6: unknown,
    a7: unknown, a8: unknown, a9: unknown, a10: unknown, a11: unknown, a12: unknown, a13: unknown): void => {
    if (
      ((bits & 0x1) === 0 || at(a0)) && ((bits & 0x2) === 0 || at(a1)) && ((bits & 0x4) === 0 || at(a2)) &&
      ((bits & 0x8) === 0 || at(a3)) && ((bits & 0x10) === 0 || at(a4)) && ((bits & 0x20) === 0 || at(a5)) &&
      ((bits & 0x40) === 0 || at(a6)) && ((bits & 0x80) === 0 || at(a7)) && ((bits & 0x100) === 0 || at(a8)) &&
      ((bits & 0x200) === 0 || at(a9)) && ((bits & 0x400) === 0 || at(a10)) && ((bits & 0x800) === 0 || at(a11)) &&
      ((bits & 0x1000) === 0 || at(a12)) && ((bits & 0x2000) === 0 || at(a13)) &&
      (also === undefined || also(isIn, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13))
    ) {
      call(wasm, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13);
    } else fallbacks[name](a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13);
  };
}
