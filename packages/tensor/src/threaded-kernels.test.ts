import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createArena, type FloatArena } from '@descent/optim';
import { afterAll, describe, expect, it } from 'vitest';
import { convGeometry } from './conv-geometry.js';
import { GEMM_SKIP_ZEROS_SCRATCH, type Kernels } from './kernels.js';
import { Rng } from './rng.js';
import { ThreadPool, threadControlLength } from './thread-pool.js';
import { createThreadedKernels, type ThreadedKernels } from './threaded-kernels.js';
import { createKernels, kernelModule } from './wasm-kernels.js';
import { directPoolBackwardScratch } from './wasm-routes.js';
import { winogradSizes } from './winograd.js';

// Every split kernel on 2 and 3 real worker threads against the same kernel on one thread: the same bits. The inputs
// are random, with sizes that leave remainders (rows not a multiple of 4, a batch not a multiple of the threads) and
// a depth past the product's first block (k > 256), and enough work that each kernel does split.

const single = createArena({ bytes: 16 << 20 });
const one = createKernels(single.memory);
const pools: { arena: FloatArena; kernels: ThreadedKernels }[] = [2, 3].map((threads) => {
  const arena = createArena({ bytes: 16 << 20, shared: true });
  const control = new Int32Array(arena.memory.buffer, arena.float32(threadControlLength(threads)).byteOffset, threadControlLength(threads));
  return { arena, kernels: createThreadedKernels(arena.memory, { threads, control, alloc: (n) => arena.float32(n) }) };
});
afterAll(() => {
  for (const { kernels } of pools) kernels.close();
});

/** The same random values (seeded) in each arena: one array per arena, single-threaded first. */
function inputs(length: number, seed: number, zeros = 0): Float32Array[] {
  const rng = new Rng(seed);
  const values = Float32Array.from({ length }, () => (rng.uniform() < zeros ? 0 : rng.uniformIn(-1, 1)));
  return [single, ...pools.map((p) => p.arena)].map((arena) => {
    const a = arena.float32(length);
    a.set(values);
    return a;
  });
}
const outputs = (length: number) => [single, ...pools.map((p) => p.arena)].map((arena) => arena.float32(length));
const kernelsAt = (i: number): Kernels => (i === 0 ? one : (pools[i - 1] as (typeof pools)[number]).kernels);
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

/** The rounds each pool has run: a kernel that split its work ran at least one. */
const rounds = () => pools.map((p) => p.kernels.rounds);

/** Expects every arena's copy of each array to hold the single-threaded bits (and something other than zeros). */
function expectSameBits(...arrays: Float32Array[][]): void {
  for (const copies of arrays) {
    const [first, ...rest] = copies as [Float32Array, ...Float32Array[]];
    expect(first.some((v) => v !== 0)).toBe(true);
    for (const copy of rest) expect(bits(copy)).toEqual(bits(first));
  }
}

describe('threaded kernels: bit for bit the single thread, on 2 and 3 threads', () => {
  it('start the threads they were asked for', () => {
    expect(pools.map((p) => p.kernels.threads)).toEqual([2, 3]);
    expect(pools.every((p) => p.kernels.name === one.name)).toBe(true);
  });

  it('gemm and gemmSkipZeros, split by rows of C (plain and transposed A, with and without accumulate)', () => {
    const [m, k, n] = [37, 300, 45];
    const a = inputs(m * k, 1, 0.5);
    const b = inputs(k * n, 2);
    const c = inputs(m * n, 3);
    const cT = inputs(m * n, 4);
    const skip = inputs(m * n, 5);
    const scratch = [single, ...pools.map((p) => p.arena)].map((arena) => new Int32Array(arena.memory.buffer, arena.float32(GEMM_SKIP_ZEROS_SCRATCH).byteOffset, GEMM_SKIP_ZEROS_SCRATCH));
    const before = rounds();
    a.forEach((_, i) => {
      const kernels = kernelsAt(i);
      kernels.gemm(a[i] as Float32Array, k, 1, b[i] as Float32Array, c[i] as Float32Array, m, k, n, true);
      kernels.gemm(a[i] as Float32Array, 1, m, b[i] as Float32Array, cT[i] as Float32Array, m, k, n, false); // A read as the transpose of a k×m array
      kernels.gemmSkipZeros(a[i] as Float32Array, k, 1, b[i] as Float32Array, skip[i] as Float32Array, m, k, n, false, scratch[i] as Int32Array);
    });
    expect(rounds().map((r, i) => r - (before[i] as number))).toEqual([3, 3]);
    expectSameBits(c, cT, skip);
  });

  it('denseForward: product, bias and activation in one round by rows (sigmoid, relu, tanh, none; skip-zeros A; Wᵀ on the side)', () => {
    const [m, k, n] = [37, 300, 45];
    const x = inputs(m * k, 30, 0.5);
    const w = inputs(k * n, 31);
    const bias = inputs(n, 32);
    const scratch = [single, ...pools.map((p) => p.arena)].map((arena) => new Int32Array(arena.memory.buffer, arena.float32(GEMM_SKIP_ZEROS_SCRATCH).byteOffset, GEMM_SKIP_ZEROS_SCRATCH));
    const activations = ['sigmoid', 'relu', 'tanh', 'none'] as const;
    const results = activations.map(() => ({ out: outputs(m * n), activated: outputs(m * n) }));
    const wT = outputs(n * k);
    const before = rounds();
    x.forEach((_, i) => {
      activations.forEach((activation, j) => {
        const { out, activated } = results[j] as (typeof results)[number];
        // relu reads A with its zeros skipped; sigmoid also makes Wᵀ in the round.
        kernelsAt(i).denseForward(
          x[i] as Float32Array, w[i] as Float32Array, bias[i] as Float32Array, out[i] as Float32Array, m, k, n,
          activation === 'relu' ? (scratch[i] as Int32Array) : null, activation, activated[i] as Float32Array, activation === 'sigmoid' ? (wT[i] as Float32Array) : null,
        );
      });
    });
    expect(rounds().map((r, i) => r - (before[i] as number))).toEqual([4, 4]);
    for (const [j, { out, activated }] of results.entries()) {
      expectSameBits(out);
      if (activations[j] !== 'none') expectSameBits(activated);
    }
    expectSameBits(wT);
    // And each is the separate kernels' result on one thread: out = xW + b, then the activation of it, and Wᵀ.
    const [x0, w0, b0] = [x[0], w[0], bias[0]] as [Float32Array, Float32Array, Float32Array];
    const out = single.float32(m * n);
    one.gemm(x0, k, 1, w0, out, m, k, n, false);
    one.addRowVector(out, b0, m, n);
    const sigmoid = single.float32(m * n);
    one.sigmoid(out, sigmoid);
    const transposed = single.float32(n * k);
    one.transpose(w0, transposed, k, n);
    expect(bits((results[0] as (typeof results)[number]).out[0] as Float32Array)).toEqual(bits(out));
    expect(bits((results[0] as (typeof results)[number]).activated[0] as Float32Array)).toEqual(bits(sigmoid));
    expect(bits(wT[0] as Float32Array)).toEqual(bits(transposed));
  });

  it('denseBackward: rows of ΔW, rows of dx and Δbias in one round (with and without dx, skip-zeros A)', () => {
    const [m, k, n] = [37, 300, 45];
    const x = inputs(m * k, 33, 0.5);
    const dy = inputs(m * n, 34);
    const wT = inputs(n * k, 35);
    const scratch = [single, ...pools.map((p) => p.arena)].map((arena) => new Int32Array(arena.memory.buffer, arena.float32(GEMM_SKIP_ZEROS_SCRATCH).byteOffset, GEMM_SKIP_ZEROS_SCRATCH));
    const [dW, db, dx, dWFirst, dbFirst] = [outputs(k * n), outputs(n), outputs(m * k), outputs(k * n), outputs(n)];
    const before = rounds();
    x.forEach((_, i) => {
      const kernels = kernelsAt(i);
      kernels.denseBackward(x[i] as Float32Array, dy[i] as Float32Array, dW[i] as Float32Array, db[i] as Float32Array, m, k, n, null, wT[i] as Float32Array, dx[i] as Float32Array);
      // A first layer: no input gradient (and no Wᵀ: an empty array, outside the memory), A's zeros skipped.
      kernels.denseBackward(x[i] as Float32Array, dy[i] as Float32Array, dWFirst[i] as Float32Array, dbFirst[i] as Float32Array, m, k, n, scratch[i] as Int32Array, new Float32Array(0), null);
    });
    expect(rounds().map((r, i) => r - (before[i] as number))).toEqual([2, 2]);
    expectSameBits(dW, db, dx, dWFirst, dbFirst);
    // The separate kernels' result on one thread: ΔW = xᵀδ, Δbias = Σ rows of δ, dx = δWᵀ.
    const [x0, dy0, wT0] = [x[0], dy[0], wT[0]] as [Float32Array, Float32Array, Float32Array];
    const [dW1, db1, dx1] = [single.float32(k * n), single.float32(n), single.float32(m * k)];
    one.gemm(x0, 1, k, dy0, dW1, k, m, n, false);
    one.sumRows(dy0, db1, m, n);
    one.gemm(dy0, n, 1, wT0, dx1, m, n, k, false);
    expect([bits(dW[0] as Float32Array), bits(db[0] as Float32Array), bits(dx[0] as Float32Array)]).toEqual([bits(dW1), bits(db1), bits(dx1)]);
  });

  it('the im2col convolution forward and backward (ReLU, input gradient), split by images and by rows of ΔW', () => {
    // 16×16×8 images: 3 per chunk of conv2dBackward, so ΔW is a sum over 3 chunks (of 768 rows: past a product block).
    const g = convGeometry(16, 16, 8, 3, 'same');
    const [batch, filters, k] = [7, 8, 72];
    const positions = g.outHeight * g.outWidth;
    const x = inputs(batch * 16 * 16 * 8, 6);
    const weights = inputs(k * filters, 7);
    const bias = inputs(filters, 8);
    const col = outputs(batch * positions * k);
    const y = outputs(batch * positions * filters);
    const dy = inputs(batch * positions * filters, 9);
    const [weightsT, dW, db, masked, dcol, dx] = [k * filters, k * filters, filters, batch * positions * filters, batch * positions * k, batch * 16 * 16 * 8].map(outputs);
    const before = rounds();
    x.forEach((_, i) => {
      const kernels = kernelsAt(i);
      const at = (list: Float32Array[][]) => list.map((l) => l[i] as Float32Array);
      const [xi, wi, bi, ci, yi, dyi, wTi, dWi, dbi, mi, dci, dxi] = at([x, weights, bias, col, y, dy, weightsT as Float32Array[], dW as Float32Array[], db as Float32Array[], masked as Float32Array[], dcol as Float32Array[], dx as Float32Array[]]) as Float32Array[];
      kernels.conv2dForward(xi as Float32Array, ci as Float32Array, wi as Float32Array, bi as Float32Array, yi as Float32Array, g, filters, batch, true);
      kernels.conv2dBackward(dyi as Float32Array, yi as Float32Array, ci as Float32Array, wi as Float32Array, wTi as Float32Array, dWi as Float32Array, dbi as Float32Array, mi as Float32Array, dci as Float32Array, dxi as Float32Array, g, filters, batch, true);
    });
    expect(rounds().map((r, i) => r - (before[i] as number))).toEqual([3, 3]); // forward; mask and Wᵀ; ΔW, Δbias and Δx
    expectSameBits(col, y, dW as Float32Array[], db as Float32Array[], dx as Float32Array[]);
  });

  it('the direct convolution of a first layer forward and backward, split by images and by taps', () => {
    const g = convGeometry(14, 14, 1, 3, 'valid');
    const [batch, filters] = [9, 16];
    const size = batch * g.outHeight * g.outWidth * filters;
    const x = inputs(batch * 14 * 14, 10);
    const weights = inputs(9 * filters, 11);
    const bias = inputs(filters, 12);
    const dy = inputs(size, 13);
    const [y, dW, db, masked] = [size, 9 * filters, filters, size].map(outputs) as Float32Array[][];
    const before = rounds();
    x.forEach((_, i) => {
      const kernels = kernelsAt(i);
      const pick = (l: Float32Array[] | undefined) => (l as Float32Array[])[i] as Float32Array;
      kernels.conv2dDirectForward(pick(x), pick(weights), pick(bias), pick(y), g, filters, batch, true);
      kernels.conv2dDirectBackward(pick(dy), pick(y), pick(x), pick(dW), pick(db), pick(masked), g, filters, batch, true);
    });
    expect(rounds().map((r, i) => r - (before[i] as number))).toEqual([2, 2]);
    expectSameBits(y as Float32Array[], dW as Float32Array[], db as Float32Array[]);
  });

  it('Winograd F(2×2, 3×3) forward (by images) and backward (ΔU by its planes, Δx by images, dM of other images only in the planes summed), Δbias on one thread', () => {
    const g = convGeometry(11, 11, 8, 3, 'valid'); // small-cnn's second convolution at 28×28 has 13×13×16 inputs
    const [batch, filters] = [5, 8];
    const sizes = winogradSizes(g, filters);
    const outSize = batch * g.outHeight * g.outWidth * filters;
    const x = inputs(batch * 11 * 11 * 8, 20);
    const weights = inputs(9 * 8 * filters, 21);
    const bias = inputs(filters, 22);
    const dy = inputs(outSize, 23);
    const [u, uT, v, m, out, dU, db, dv, dx, dU2, db2] = [sizes.filters, sizes.filters, batch * sizes.inputPerImage, sizes.products, outSize, sizes.filters, filters, sizes.inputGradient, batch * 11 * 11 * 8, sizes.filters, filters].map(outputs) as Float32Array[][];
    const before = rounds();
    x.forEach((_, i) => {
      const kernels = kernelsAt(i);
      const pick = (l: Float32Array[] | undefined) => (l as Float32Array[])[i] as Float32Array;
      kernels.winogradFilters(pick(weights), pick(u), pick(uT), 8, filters);
      kernels.conv2dWinogradForward(pick(x), pick(u), pick(bias), pick(v), pick(m), pick(out), g, filters, batch, true);
      kernels.conv2dWinogradBackward(pick(dy), pick(out), pick(v), pick(uT), pick(dU), pick(db), pick(m), pick(dv), pick(dx), g, filters, batch, true);
      // Without Δx (a first layer) and without the ReLU: every thread makes only its own planes of dM, for every image.
      kernels.conv2dWinogradBackward(pick(dy), pick(out), pick(v), pick(uT), pick(dU2), pick(db2), pick(m), pick(dv), null, g, filters, batch, false);
    });
    expect(rounds().map((r, i) => r - (before[i] as number))).toEqual([3, 3]);
    expectSameBits(v as Float32Array[], out as Float32Array[], dU as Float32Array[], db as Float32Array[], dx as Float32Array[], dU2 as Float32Array[], db2 as Float32Array[]);
    // The ReLU's mask is in the first backward, not in the second.
    expect(bits((dU2 as Float32Array[])[0] as Float32Array)).not.toEqual(bits((dU as Float32Array[])[0] as Float32Array));
  });

  it('the fused first layer (direct convolution, ReLU, max pool) and its unpooling by images, its backward pass by filters (by taps under 8 filters)', () => {
    // 16 filters: one block of 16 (2 threads: 8 + 8; 3 threads: 4 + 4 + 8); 20: a block of 16 and four filters past it,
    // summed without the even/odd split (2 threads: 8 + 12; 3: 4 + 8 + 8); 4: too few to split, by taps.
    for (const [filters, seed] of [[16, 24], [20, 34], [4, 44]] as const) {
      const g = convGeometry(14, 14, 1, 3, 'valid');
      const [batch, size] = [7, 2];
      const pooled = batch * 6 * 6 * filters;
      const x = inputs(batch * 14 * 14, seed);
      const weights = inputs(9 * filters, seed + 1);
      const bias = inputs(filters, seed + 2);
      const dy = inputs(pooled, seed + 3);
      const [out, rows, full, dW, db, scratchG] = [pooled, size * g.outWidth * filters, batch * g.outHeight * g.outWidth * filters, 9 * filters, filters, directPoolBackwardScratch(g, filters)].map(outputs) as Float32Array[][];
      const argmax = [single, ...pools.map((p) => p.arena)].map((arena) => new Uint8Array(arena.memory.buffer, arena.float32(pooled / 4).byteOffset, pooled));
      const before = rounds();
      x.forEach((_, i) => {
        const kernels = kernelsAt(i);
        const pick = (l: Float32Array[] | undefined) => (l as Float32Array[])[i] as Float32Array;
        kernels.conv2dDirectReluPool(pick(x), pick(weights), pick(bias), pick(out), argmax[i] as Uint8Array, pick(rows), g, filters, batch, size);
        kernels.maxPoolUnpool(pick(dy), argmax[i] as Uint8Array, pick(full), batch, g.outHeight, g.outWidth, filters, size);
        kernels.conv2dDirectPoolBackward(pick(dy), argmax[i] as Uint8Array, pick(x), pick(dW), pick(db), pick(scratchG), g, filters, batch, size);
      });
      expect(rounds().map((r, i) => r - (before[i] as number))).toEqual([3, 3]);
      expectSameBits(dW as Float32Array[], db as Float32Array[]);
      expect(Array.from(argmax[1] as Uint8Array)).toEqual(Array.from(argmax[0] as Uint8Array));
      expect(Array.from(argmax[2] as Uint8Array)).toEqual(Array.from(argmax[0] as Uint8Array));
      expectSameBits(out as Float32Array[], full as Float32Array[]);
    }
  });

  it('max pooling forward and backward, split by images', () => {
    const [batch, h, w, c] = [5, 12, 12, 8];
    const x = inputs(batch * h * w * c, 14);
    const dy = inputs(batch * 6 * 6 * c, 15);
    const [y, dx] = [batch * 6 * 6 * c, batch * h * w * c].map(outputs) as Float32Array[][];
    const before = rounds();
    x.forEach((_, i) => {
      const kernels = kernelsAt(i);
      const pick = (l: Float32Array[] | undefined) => (l as Float32Array[])[i] as Float32Array;
      kernels.maxPool2d(pick(x), pick(y), batch, h, w, c, 2);
      kernels.maxPool2dBackward(pick(dy), pick(x), pick(y), pick(dx), batch, h, w, c, 2);
    });
    expect(rounds().map((r, i) => r - (before[i] as number))).toEqual([2, 2]);
    expectSameBits(y as Float32Array[], dx as Float32Array[]);
  });
});

describe('ThreadPool', () => {
  const arena = createArena({ bytes: 1 << 20, shared: true });
  const chosen = kernelModule(arena.memory);
  const control = () => new Int32Array(arena.memory.buffer, arena.float32(threadControlLength(3)).byteOffset, threadControlLength(3));

  it('runs each thread its own calls: a worker computes the rows given to it alone', () => {
    if (chosen === undefined) throw new Error('the engine has no WebAssembly SIMD');
    const pool = new ThreadPool(arena.memory, chosen.module, control(), 3);
    try {
      const a = arena.float32(8);
      const b = arena.float32(1);
      const c = arena.float32(8);
      a.set([1, 2, 3, 4, 5, 6, 7, 8]);
      b[0] = 10;
      const gemm = pool.exportIndex('gemm');
      pool.begin();
      pool.add(2, gemm, a.byteOffset + 16, 1, 1, b.byteOffset, c.byteOffset + 16, 4, 1, 1, 0); // rows 4–7 on thread 2 only
      pool.run();
      expect(Array.from(c)).toEqual([0, 0, 0, 0, 50, 60, 70, 80]);
      pool.begin();
      pool.add(0, gemm, a.byteOffset, 1, 1, b.byteOffset, c.byteOffset, 4, 1, 1, 0);
      pool.add(1, gemm, a.byteOffset + 16, 1, 1, b.byteOffset, c.byteOffset + 16, 4, 1, 1, 1); // accumulate
      pool.run();
      expect(Array.from(c)).toEqual([10, 20, 30, 40, 100, 120, 140, 160]);
    } finally {
      pool.close();
    }
  });

  it('a thread whose call fails (a trap) makes run() throw and close the pool, instead of waiting for ever', () => {
    if (chosen === undefined) throw new Error('the engine has no WebAssembly SIMD');
    const pool = new ThreadPool(arena.memory, chosen.module, control(), 2);
    const gemm = pool.exportIndex('gemm');
    pool.begin();
    pool.add(1, gemm, 0x7fff_fff0, 1, 1, 0x7fff_fff0, 0x7fff_fff0, 4, 4, 4, 0); // out of the memory's bounds: a trap
    expect(() => {
      pool.run();
    }).toThrow(/a thread of the pool failed/);
    expect(() => {
      pool.run();
    }).toThrow(/closed/);
  });

  it('ready() resolves once every worker has started (a browser starts them only while the caller is idle)', async () => {
    if (chosen === undefined) throw new Error('the engine has no WebAssembly SIMD');
    const pool = new ThreadPool(arena.memory, chosen.module, control(), 3);
    try {
      await pool.ready();
      expect(pool.started).toBe(true);
      // The control block counts each worker once, after it instantiated the module: both are now sleeping on a round.
      pool.begin();
      pool.run();
      expect(pool.rounds).toBe(1);
    } finally {
      pool.close();
    }
    await expect(pool.ready()).rejects.toThrow(/closed/);
    const closed = new ThreadPool(arena.memory, chosen.module, control(), 2);
    closed.close();
    await expect(closed.ready()).rejects.toThrow(/closed/);
  });

  it('refuses to run after close(), and close() twice is harmless', () => {
    if (chosen === undefined) throw new Error('the engine has no WebAssembly SIMD');
    const pool = new ThreadPool(arena.memory, chosen.module, control(), 2);
    pool.close();
    pool.close();
    expect(() => {
      pool.run();
    }).toThrow(/closed/);
  });

  it('refuses a bad thread count, a control block too small or outside the memory, and an export it does not have', () => {
    if (chosen === undefined) throw new Error('the engine has no WebAssembly SIMD');
    expect(() => new ThreadPool(arena.memory, chosen.module, control(), 0)).toThrow(/Invalid threads: 0/);
    expect(() => new ThreadPool(arena.memory, chosen.module, new Int32Array(arena.memory.buffer, arena.float32(8).byteOffset, 8), 2)).toThrow(/needs \d+ int32/);
    expect(() => new ThreadPool(arena.memory, chosen.module, new Int32Array(threadControlLength(2)), 2)).toThrow(/in its shared memory/);
    const pool = new ThreadPool(arena.memory, chosen.module, control(), 1);
    expect(() => pool.exportIndex('nope')).toThrow(/no export nope/);
  });

  it('keeps no worker referenced: a process that never closes its pool still exits (the built package, in a child)', () => {
    // A Worker holds its process open until it ends, unless unreferenced; the child computes on 3 threads, leaves
    // the pool open and returns from its script. It must exit by itself, well within the timeout.
    const script = `
      import { createArena } from '@descent/optim';
      import { createThreadedKernels, threadControlLength } from '@descent/tensor';
      const arena = createArena({ bytes: 1 << 22, shared: true });
      const n = threadControlLength(3);
      const control = new Int32Array(arena.memory.buffer, arena.float32(n).byteOffset, n);
      const kernels = createThreadedKernels(arena.memory, { threads: 3, control });
      const [a, b, c] = [arena.float32(64 * 64), arena.float32(64 * 64), arena.float32(64 * 64)];
      a.fill(1); b.fill(2);
      kernels.gemm(a, 64, 1, b, c, 64, 64, 64, false);
      console.log(kernels.threads, kernels.rounds, c[64 * 64 - 1]);
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('..', import.meta.url)), encoding: 'utf8', timeout: 30_000 });
    expect(out.trim()).toBe('3 1 128');
  });

  it('needs a shared memory for more than one thread', () => {
    const plain = createArena({ bytes: 1 << 16 });
    const ints = new Int32Array(plain.memory.buffer, plain.float32(threadControlLength(2)).byteOffset, threadControlLength(2));
    expect(() => createThreadedKernels(plain.memory, { threads: 2, control: ints })).toThrow(/shared memory/);
    expect(createThreadedKernels(plain.memory, { threads: 1, control: ints }).threads).toBe(1);
  });
});
