// Matrix products (gemm, gemmSkipZeros) and the row chores of a dense layer around them: bias rows, row sums,
// transpose.
import { madd } from './lanes';

// C (m×n) = A·B, or C += A·B when `accumulate`. A is m×k, read as A[i, p] = a[i·rs + p·cs], so Aᵀ is a stride swap;
// B is k×n row-major. Tiles of 4 rows × 8 columns keep 8 accumulators in registers while p runs.
//
// A long k (a weight gradient summed over 15,488 convolution windows) is cut into blocks of KC_LONG rows of B, each
// added into C: the block of A and B that a column of tiles re-reads then stays in cache instead of streaming from
// memory (128 rows: 8 % faster than 256 for the small CNN's second weight gradient). A k up to KC is one block, as
// a split would cost the book's products (k = 196) a second pass over C.
const KC = 256;
const KC_LONG = 128;
export function gemm(a: usize, rs: i32, cs: i32, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: bool): void {
  const csB = <usize>cs << 2;
  const rowB = <usize>n << 2;
  const block = k <= KC ? KC : KC_LONG;
  for (let p0 = 0; p0 < k; p0 += block) {
    const kc = min(block, k - p0);
    gemmBlock(a + <usize>p0 * csB, rs, cs, b + <usize>p0 * rowB, c, m, kc, n, accumulate || p0 > 0);
  }
  if (k == 0 && !accumulate) memory.fill(c, 0, <usize>m * rowB);
}

// gemm that, for each pair of rows of A, leaves out the p where both A values are zero (±0): a product 0·b adds
// nothing, so C is bit for bit what gemm gives (for finite B: each sum still runs over p in order from zero), and an
// input with many zeros — the black background of an image — costs less. Pairs rather than gemm's blocks of four:
// two pixels are both black more often than four. `list` is room for 3·KC int32: the kept columns of a pair of rows
// packed two floats each (read from one moving pointer), then the byte offsets of their rows of B.
export function gemmSkipZeros(a: usize, rs: i32, cs: i32, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: bool, list: usize): void {
  const csB = <usize>cs << 2;
  const rowB = <usize>n << 2;
  const block = k <= KC ? KC : KC_LONG;
  for (let p0 = 0; p0 < k; p0 += block) {
    const kc = min(block, k - p0);
    gemmSkipZerosBlock(a + <usize>p0 * csB, rs, cs, b + <usize>p0 * rowB, c, m, kc, n, accumulate || p0 > 0, list);
  }
  if (k == 0 && !accumulate) memory.fill(c, 0, <usize>m * rowB);
}

function gemmSkipZerosBlock(a: usize, rs: i32, cs: i32, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: bool, list: usize): void {
  const rowB = <usize>n << 2;
  const rsB = <usize>rs << 2;
  const csB = <usize>cs << 2;
  const offsets = list + (<usize>KC << 3);
  for (let i = 0; i < m; i += 2) {
    const two = i + 1 < m;
    const a0 = a + <usize>i * rsB;
    const a1 = two ? a0 + rsB : a0; // a last single row is read twice and its twin's sums dropped
    const c0 = c + <usize>i * rowB;
    const c1 = c0 + rowB;
    // Pack the kept columns. Every column is written and the count moves only for a kept one (no branch); the sign
    // bit is shifted out so that −0 counts as zero.
    let kept = 0;
    let ap0 = a0;
    let ap1 = a1;
    for (let p = 0; p < k; p++) {
      const x0 = load<u32>(ap0);
      const x1 = load<u32>(ap1);
      const at = list + (<usize>kept << 3);
      store<u32>(at, x0);
      store<u32>(at, x1, 4);
      store<u32>(offsets + (<usize>kept << 2), <u32>(<usize>p * rowB));
      kept += i32(((x0 | x1) << 1) != 0);
      ap0 += csB;
      ap1 += csB;
    }
    let j = 0;
    // 2 rows × 16 columns: eight sums in registers.
    for (; j + 16 <= n; j += 16) {
      const bj = b + (<usize>j << 2);
      let s00 = f32x4.splat(0), s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00;
      let panel = list;
      let offset = offsets;
      for (let q = 0; q < kept; q++) {
        const bp = bj + <usize>load<u32>(offset);
        const b0 = v128.load(bp);
        const b1 = v128.load(bp, 16);
        const b2 = v128.load(bp, 32);
        const b3 = v128.load(bp, 48);
        const x0 = v128.load32_splat(panel);
        const x1 = v128.load32_splat(panel, 4);
        s00 = madd(x0, b0, s00);
        s01 = madd(x0, b1, s01);
        s02 = madd(x0, b2, s02);
        s03 = madd(x0, b3, s03);
        s10 = madd(x1, b0, s10);
        s11 = madd(x1, b1, s11);
        s12 = madd(x1, b2, s12);
        s13 = madd(x1, b3, s13);
        panel += 8;
        offset += 4;
      }
      const r0 = c0 + (<usize>j << 2);
      storeSums(r0, s00, accumulate);
      storeSums(r0 + 16, s01, accumulate);
      storeSums(r0 + 32, s02, accumulate);
      storeSums(r0 + 48, s03, accumulate);
      if (two) {
        const r1 = c1 + (<usize>j << 2);
        storeSums(r1, s10, accumulate);
        storeSums(r1 + 16, s11, accumulate);
        storeSums(r1 + 32, s12, accumulate);
        storeSums(r1 + 48, s13, accumulate);
      }
    }
    // Four columns at a time, then one.
    for (; j + 4 <= n; j += 4) {
      const bj = b + (<usize>j << 2);
      let s0 = f32x4.splat(0), s1 = s0;
      for (let q = 0; q < kept; q++) {
        const b0 = v128.load(bj + <usize>load<u32>(offsets + (<usize>q << 2)));
        s0 = madd(v128.load32_splat(list + (<usize>q << 3)), b0, s0);
        s1 = madd(v128.load32_splat(list + (<usize>q << 3) + 4), b0, s1);
      }
      storeSums(c0 + (<usize>j << 2), s0, accumulate);
      if (two) storeSums(c1 + (<usize>j << 2), s1, accumulate);
    }
    // The last one to three columns: lane 0 of the same madd, so each value is rounded as gemm's tiles round it.
    for (; j < n; j++) {
      const bj = b + (<usize>j << 2);
      let s0 = f32x4.splat(0), s1 = s0;
      for (let q = 0; q < kept; q++) {
        const bv = v128.load32_splat(bj + <usize>load<u32>(offsets + (<usize>q << 2)));
        s0 = madd(v128.load32_splat(list + (<usize>q << 3)), bv, s0);
        s1 = madd(v128.load32_splat(list + (<usize>q << 3) + 4), bv, s1);
      }
      const at0 = c0 + (<usize>j << 2);
      const v0 = f32x4.extract_lane(s0, 0);
      store<f32>(at0, accumulate ? load<f32>(at0) + v0 : v0);
      if (two) {
        const at1 = c1 + (<usize>j << 2);
        const v1 = f32x4.extract_lane(s1, 0);
        store<f32>(at1, accumulate ? load<f32>(at1) + v1 : v1);
      }
    }
  }
}

// C's four values = sums, or C + sums when accumulating.
@inline
function storeSums(at: usize, sums: v128, accumulate: bool): void {
  v128.store(at, accumulate ? f32x4.add(sums, v128.load(at)) : sums);
}

function gemmBlock(a: usize, rs: i32, cs: i32, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: bool): void {
  const n8 = n & ~7;
  const m4 = m & ~3;
  const rowB = <usize>n << 2;
  const rsB = <usize>rs << 2;
  const csB = <usize>cs << 2;
  let i = 0;
  for (; i < m4; i += 4) {
    const a0 = a + <usize>i * rsB;
    const c0 = c + <usize>i * rowB;
    let j = 0;
    for (; j < n8; j += 8) {
      const jb = <usize>j << 2;
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      // Four row pointers into A, each stepping by one column; load32_splat reads and broadcasts in one go.
      let ap0 = a0;
      let ap1 = a0 + rsB;
      let ap2 = ap1 + rsB;
      let ap3 = ap2 + rsB;
      let bp = b + jb;
      for (let p = 0; p < k; p++) {
        const b0 = v128.load(bp);
        const b1 = v128.load(bp, 16);
        const x0 = v128.load32_splat(ap0);
        const x1 = v128.load32_splat(ap1);
        const x2 = v128.load32_splat(ap2);
        const x3 = v128.load32_splat(ap3);
        c00 = madd(x0, b0, c00);
        c01 = madd(x0, b1, c01);
        c10 = madd(x1, b0, c10);
        c11 = madd(x1, b1, c11);
        c20 = madd(x2, b0, c20);
        c21 = madd(x2, b1, c21);
        c30 = madd(x3, b0, c30);
        c31 = madd(x3, b1, c31);
        ap0 += csB;
        ap1 += csB;
        ap2 += csB;
        ap3 += csB;
        bp += rowB;
      }
      const r0 = c0 + jb;
      const r1 = r0 + rowB;
      const r2 = r1 + rowB;
      const r3 = r2 + rowB;
      if (accumulate) {
        c00 = f32x4.add(c00, v128.load(r0)); c01 = f32x4.add(c01, v128.load(r0, 16));
        c10 = f32x4.add(c10, v128.load(r1)); c11 = f32x4.add(c11, v128.load(r1, 16));
        c20 = f32x4.add(c20, v128.load(r2)); c21 = f32x4.add(c21, v128.load(r2, 16));
        c30 = f32x4.add(c30, v128.load(r3)); c31 = f32x4.add(c31, v128.load(r3, 16));
      }
      v128.store(r0, c00); v128.store(r0, c01, 16);
      v128.store(r1, c10); v128.store(r1, c11, 16);
      v128.store(r2, c20); v128.store(r2, c21, 16);
      v128.store(r3, c30); v128.store(r3, c31, 16);
    }
    // The columns past the last multiple of 8, four at a time as 4×4 tiles (n = 100 leaves 4 after 96). For the last
    // one to three columns the tile covers the last four columns (n ≥ 4) and only its new lanes are written: the
    // columns it shares with the tile before are computed in the same order, but not stored twice.
    while (j < n && n >= 4) {
      const start = min(j, n - 4);
      const jb = <usize>start << 2;
      let d0 = f32x4.splat(0), d1 = f32x4.splat(0), d2 = f32x4.splat(0), d3 = f32x4.splat(0);
      let ap0 = a0;
      let ap1 = a0 + rsB;
      let ap2 = ap1 + rsB;
      let ap3 = ap2 + rsB;
      let bp = b + jb;
      for (let p = 0; p < k; p++) {
        const b0 = v128.load(bp);
        d0 = madd(v128.load32_splat(ap0), b0, d0);
        d1 = madd(v128.load32_splat(ap1), b0, d1);
        d2 = madd(v128.load32_splat(ap2), b0, d2);
        d3 = madd(v128.load32_splat(ap3), b0, d3);
        ap0 += csB;
        ap1 += csB;
        ap2 += csB;
        ap3 += csB;
        bp += rowB;
      }
      for (let lane = j - start; lane < 4; lane++) {
        const offset = c0 + jb + (<usize>lane << 2);
        storeLane(offset, d0, lane, accumulate);
        storeLane(offset + rowB, d1, lane, accumulate);
        storeLane(offset + 2 * rowB, d2, lane, accumulate);
        storeLane(offset + 3 * rowB, d3, lane, accumulate);
      }
      j = start + 4;
    }
    // Columns left over when n < 4, one at a time.
    for (; j < n; j++) {
      for (let r = 0; r < 4; r++) {
        const ar = a0 + <usize>r * rsB;
        const sum = dotColumn(ar, csB, b + (<usize>j << 2), rowB, k);
        const cp = c0 + <usize>r * rowB + (<usize>j << 2);
        store<f32>(cp, accumulate ? load<f32>(cp) + sum : sum);
      }
    }
  }
  // Rows left over past the last multiple of 4: one row, four columns at a time.
  for (; i < m; i++) {
    const ar = a + <usize>i * rsB;
    const cr = c + <usize>i * rowB;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      let acc = f32x4.splat(0);
      for (let p = 0; p < k; p++) {
        acc = madd(f32x4.splat(load<f32>(ar + <usize>p * csB)), v128.load(b + <usize>p * rowB + (<usize>j << 2)), acc);
      }
      const cp = cr + (<usize>j << 2);
      v128.store(cp, accumulate ? f32x4.add(acc, v128.load(cp)) : acc);
    }
    for (; j < n; j++) {
      const sum = dotColumn(ar, csB, b + (<usize>j << 2), rowB, k);
      const cp = cr + (<usize>j << 2);
      store<f32>(cp, accumulate ? load<f32>(cp) + sum : sum);
    }
  }
}

// Σ_p A[p]·B[p] down one column of B, in lane 0 of the same madd as the tiles, so a value is rounded alike whichever
// path computed it (fused where relaxed SIMD fuses).
@inline
function dotColumn(a: usize, csB: usize, b: usize, rowB: usize, k: i32): f32 {
  let sum = f32x4.splat(0);
  for (let p = 0; p < k; p++) sum = madd(v128.load32_splat(a + <usize>p * csB), v128.load32_splat(b + <usize>p * rowB), sum);
  return f32x4.extract_lane(sum, 0);
}

@inline
function storeLane(at: usize, v: v128, lane: i32, accumulate: bool): void {
  const x: f32 = lane == 0 ? f32x4.extract_lane(v, 0) : lane == 1 ? f32x4.extract_lane(v, 1) : lane == 2 ? f32x4.extract_lane(v, 2) : f32x4.extract_lane(v, 3);
  store<f32>(at, accumulate ? load<f32>(at) + x : x);
}

// a[i, :] += bias for each of m rows of length n.
export function addRowVector(a: usize, bias: usize, m: i32, n: i32): void {
  const row = <usize>n << 2;
  for (let i = 0; i < m; i++) {
    const r = a + <usize>i * row;
    let j: usize = 0;
    for (; j + 16 <= row; j += 16) v128.store(r + j, f32x4.add(v128.load(r + j), v128.load(bias + j)));
    for (; j < row; j += 4) store<f32>(r + j, load<f32>(r + j) + load<f32>(bias + j));
  }
}

// out[j] = Σᵢ a[i, j] (a bias gradient summed over the minibatch).
export function sumRows(a: usize, out: usize, m: i32, n: i32): void {
  accumulateRows(a, out, m, n, false);
}

// out[j] (+)= Σᵢ a[i, j] in one pass over the rows per 16 columns: four accumulators take a 64-byte block of each
// row, so a convolution's 16 or 32 filters are summed in one or two passes over a large gradient, not four or eight.
@inline
function accumulateRows(a: usize, out: usize, m: i32, n: i32, add: bool): void {
  const row = <usize>n << 2;
  let j: usize = 0;
  for (; j + 64 <= row; j += 64) {
    let s0 = add ? v128.load(out + j) : f32x4.splat(0);
    let s1 = add ? v128.load(out + j, 16) : f32x4.splat(0);
    let s2 = add ? v128.load(out + j, 32) : f32x4.splat(0);
    let s3 = add ? v128.load(out + j, 48) : f32x4.splat(0);
    let p = a + j;
    for (let i = 0; i < m; i++, p += row) {
      s0 = f32x4.add(s0, v128.load(p));
      s1 = f32x4.add(s1, v128.load(p, 16));
      s2 = f32x4.add(s2, v128.load(p, 32));
      s3 = f32x4.add(s3, v128.load(p, 48));
    }
    v128.store(out + j, s0);
    v128.store(out + j, s1, 16);
    v128.store(out + j, s2, 32);
    v128.store(out + j, s3, 48);
  }
  for (; j + 16 <= row; j += 16) {
    let acc = add ? v128.load(out + j) : f32x4.splat(0);
    for (let i = 0; i < m; i++) acc = f32x4.add(acc, v128.load(a + <usize>i * row + j));
    v128.store(out + j, acc);
  }
  for (; j < row; j += 4) {
    let sum: f32 = add ? load<f32>(out + j) : 0;
    for (let i = 0; i < m; i++) sum += load<f32>(a + <usize>i * row + j);
    store<f32>(out + j, sum);
  }
}

// out[j] += Σᵢ a[i, j].
export function addRowSums(a: usize, out: usize, m: i32, n: i32): void {
  accumulateRows(a, out, m, n, true);
}

// out (cols×rows) = aᵀ (a dense layer's Wᵀ for its input gradient, each step).
export function transpose(a: usize, out: usize, rows: i32, cols: i32): void {
  transposeInto(a, out, rows, cols);
}

@inline
export function transposeInto(a: usize, out: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) store<f32>(out + (<usize>(j * rows + i) << 2), load<f32>(a + (<usize>(i * cols + j) << 2)));
  }
}
