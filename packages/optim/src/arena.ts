import { InvalidParamsError } from './errors.js';
import type { FloatArray, Parameter } from './optimizer-types.js';

/**
 * A fixed block of WebAssembly memory from which parameters, gradients and optimizer state are carved. Arrays that
 * live in an arena can be updated by an optimizer's WebAssembly SIMD kernel in place, with no copying; arrays
 * anywhere else take the plain JavaScript path. The memory never grows (growing would detach every view), so
 * its size is chosen when it is created.
 */
export interface FloatArena {
  readonly memory: WebAssembly.Memory;
  /** Total bytes. */
  readonly capacity: number;
  /** Bytes handed out so far. */
  readonly used: number;
  /** A zeroed, 16-byte-aligned Float32Array in the arena. */
  float32(length: number): Float32Array;
  /** A zeroed, 16-byte-aligned Float64Array in the arena. */
  float64(length: number): Float64Array;
  /** A parameter whose data and gradient both live in the arena. */
  parameter(length: number, dtype?: 'float32' | 'float64'): Parameter & { grad: FloatArray };
  /** Whether an array is a view of this arena's memory. */
  owns(array: ArrayBufferView): boolean;
  /** Room for `bytes` more bytes (with alignment)? */
  fits(bytes: number): boolean;
}

const PAGE = 65_536;
// The first bytes stay unused, so that no array starts at address 0, which kernels may treat as "no array".
const RESERVED = 64;
// An arena is found from its memory's buffer, where it is kept under a key of the global symbol registry: every
// copy of @descent/optim (ESM beside CommonJS, two installed versions) then finds an arena any other copy made, so
// an optimizer loaded from another copy still runs its kernel. A module-level WeakMap would be one map per copy.
// The key carries the contract version: an arena of an incompatible future shape is not mistaken for this one.
const ARENA: unique symbol = Symbol.for('@descent/optim.arena.v1');

type ArenaBuffer = ArrayBufferLike & { readonly [ARENA]?: FloatArena };

// A shared memory's buffer is not extensible (the engine freezes it), so shared arenas are found through a WeakMap
// kept on the global object under a key of the same registry, one map for every copy of the package.
const SHARED_ARENAS: unique symbol = Symbol.for('@descent/optim.sharedArenas.v1');
function sharedArenas(): WeakMap<ArrayBufferLike, FloatArena> {
  const holder = globalThis as { [SHARED_ARENAS]?: WeakMap<ArrayBufferLike, FloatArena> };
  return (holder[SHARED_ARENAS] ??= new WeakMap());
}

/** The arena an array lives in, if any (made by this or any other copy of `@descent/optim`). */
export function arenaOf(array: ArrayBufferView): FloatArena | undefined {
  return (array.buffer as ArenaBuffer)[ARENA] ?? (Object.isExtensible(array.buffer) ? undefined : sharedArenas().get(array.buffer));
}

/**
 * Creates an arena of at least `bytes` bytes (rounded up to 64 KiB pages). With `shared: true` its memory is a shared
 * one (a SharedArrayBuffer underneath), which worker threads can compute in at the same time (`@descent/tensor`'s
 * thread pool); kernels load over it as over any other. Shared memory needs a cross-origin isolated page in browsers.
 *
 * @example
 * const arena = createArena({ bytes: 64 << 20 });
 * const w = arena.parameter(1_000_000); // Float32Array data and grad, ready for Adam's SIMD kernel
 */
export function createArena({ bytes, shared = false }: { bytes: number; shared?: boolean }): FloatArena {
  if (!Number.isFinite(bytes) || bytes <= 0 || bytes > 2 ** 32 - PAGE) {
    throw new RangeError(`Invalid arena size: ${String(bytes)} bytes (expected a number in (0, 4 GiB))`);
  }
  const pages = Math.ceil((bytes + RESERVED) / PAGE);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared });
  const capacity = pages * PAGE;
  let offset = RESERVED;
  const take = (byteLength: number): number => {
    const start = Math.ceil(offset / 16) * 16;
    if (start + byteLength > capacity) {
      throw new InvalidParamsError(`Arena full: ${String(byteLength)} bytes asked, ${String(capacity - start)} free of ${String(capacity)}`);
    }
    offset = start + byteLength;
    return start;
  };
  // The memory never grows, so its buffer never changes; reading Memory#buffer is a call into the engine each time.
  const buffer = memory.buffer;
  const float32 = (length: number) => new Float32Array(buffer, take(length * 4), length);
  const float64 = (length: number) => new Float64Array(buffer, take(length * 8), length);
  const arena: FloatArena = {
    memory,
    capacity,
    get used() {
      return offset;
    },
    float32,
    float64,
    parameter(length, dtype = 'float32') {
      const make = dtype === 'float32' ? float32 : float64;
      return { data: make(length), grad: make(length) };
    },
    owns: (array) => array.buffer === buffer,
    fits: (byteLength) => Math.ceil(offset / 16) * 16 + byteLength <= capacity,
  };
  // Not enumerable, not writable: the buffer belongs to the arena for its whole life.
  if (Object.isExtensible(buffer)) Object.defineProperty(buffer, ARENA, { value: arena });
  else sharedArenas().set(buffer, arena);
  return arena;
}

/** A state array like `param`: in the same arena when there is room (so kernels can reach it), else on the heap. */
export function stateLike<A extends FloatArray>(param: A): A {
  const arena = arenaOf(param);
  if (arena !== undefined && arena.fits(param.byteLength)) {
    return (param instanceof Float32Array ? arena.float32(param.length) : arena.float64(param.length)) as A;
  }
  return (param instanceof Float32Array ? new Float32Array(param.length) : new Float64Array(param.length)) as A;
}
