// The hot kernels of training, four float32 lanes at a time (AssemblyScript, compiled by tooling/build-wasm.mjs).
// Pointers are byte offsets into the imported memory. src/js-kernels.ts computes the same things in plain
// JavaScript; tests hold the two together.

// a·b + c in each lane. Built twice (tooling/build-wasm.mjs): with relaxed SIMD this is one fused multiply-add
// (f32x4.relaxed_madd, rounded once where the CPU has FMA), which doubles the products a core retires per cycle in the
// matrix product; without it, a multiply then an add, each rounded.
@inline
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

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

// eˣ for four lanes: eˣ = 2ⁿ·eʳ with n = round(x·log₂e) and r = x − n·ln 2, |r| ≤ ½ ln 2 (Cody and Waite's reduction:
// ln 2 in two parts, the first with few enough bits that n·C1 and x − n·C1 are exact, so r keeps float32 accuracy
// for large |x|; reducing t = x·log₂e in float32 instead lost |t|·2⁻²⁴, 1.4e-6 relative at x = 30). eʳ by the
// degree-7 polynomial of Cephes' expf (1 + r + r²·p(r)); relative error within 2 float32 ulps.
@inline
function exp4(x: v128): v128 {
  // pmin/pmax are one instruction each (min/max must order ±0 and NaN, which costs several); a NaN passes through.
  const xc = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-87)), f32x4.splat(88));
  const n = f32x4.nearest(f32x4.mul(xc, f32x4.splat(1.4426950408889634)));
  // Plain multiply and subtract (no madd): the split of ln 2 relies on n·C1 being exact and on two roundings.
  let r = f32x4.sub(xc, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = madd(p, r, f32x4.splat(1.3981999507e-3));
  p = madd(p, r, f32x4.splat(8.3334519073e-3));
  p = madd(p, r, f32x4.splat(4.1665795894e-2));
  p = madd(p, r, f32x4.splat(1.6666665459e-1));
  p = madd(p, r, f32x4.splat(5.0000001201e-1));
  const er = f32x4.add(madd(p, f32x4.mul(r, r), r), f32x4.splat(1));
  // n is a whole number in [−126, 127]: adding 1.5·2²³ puts it in the low mantissa bits, a cheaper route to an integer
  // than a saturating conversion.
  const whole = i32x4.sub(f32x4.add(n, f32x4.splat(12582912.0)), i32x4.splat(0x4b400000));
  const scale = i32x4.shl(i32x4.add(whole, i32x4.splat(127)), 23);
  return f32x4.mul(er, scale);
}

// out = 1 / (1 + e⁻ˣ) over len elements.
export function sigmoid(x: usize, out: usize, len: i32): void {
  const bytes = <usize>len << 2;
  const one = f32x4.splat(1);
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) {
    v128.store(out + i, f32x4.div(one, f32x4.add(one, exp4(f32x4.neg(v128.load(x + i))))));
  }
  // The last values through the same exp4 as the lanes: Mathf.exp would bring a lookup table, a data segment that
  // instantiation writes into the caller's memory (see tooling/build-wasm.mjs).
  for (; i < bytes; i += 4) {
    store<f32>(out + i, f32x4.extract_lane(f32x4.div(one, f32x4.add(one, exp4(f32x4.splat(-load<f32>(x + i))))), 0));
  }
}

// out = dy · y · (1 − y): the sigmoid's backward pass from its output y.
export function sigmoidBackward(y: usize, dy: usize, out: usize, len: i32): void {
  const bytes = <usize>len << 2;
  const one = f32x4.splat(1);
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) {
    const yi = v128.load(y + i);
    v128.store(out + i, f32x4.mul(v128.load(dy + i), f32x4.mul(yi, f32x4.sub(one, yi))));
  }
  for (; i < bytes; i += 4) {
    const yi = load<f32>(y + i);
    store<f32>(out + i, load<f32>(dy + i) * yi * (1 - yi));
  }
}

// out[r, :] = pixels[indices[r], :] / 255 for `count` rows of `rowLength` bytes: a minibatch of images read from
// their bytes, four times fewer cache lines than from floats. The division is float32's, correctly rounded, so each
// value is Math.fround(v / 255), what a Float32Array of v / 255 holds. The bytes widen to 0…255, so the signed
// conversion (one instruction; the unsigned one is several on x64) is exact.
export function gatherPixelRows(pixels: usize, indices: usize, count: i32, rowLength: i32, out: usize): void {
  const scale = f32x4.splat(255);
  const wide = rowLength & ~15;
  for (let r = 0; r < count; r++) {
    const src = pixels + <usize>load<i32>(indices + (<usize>r << 2)) * <usize>rowLength;
    const dst = out + ((<usize>r * <usize>rowLength) << 2);
    let j = 0;
    for (; j < wide; j += 16) {
      const bytes = v128.load(src + <usize>j);
      const low = i16x8.extend_low_i8x16_u(bytes);
      const high = i16x8.extend_high_i8x16_u(bytes);
      const at = dst + (<usize>j << 2);
      v128.store(at, f32x4.div(f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_u(low)), scale));
      v128.store(at, f32x4.div(f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_u(low)), scale), 16);
      v128.store(at, f32x4.div(f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_u(high)), scale), 32);
      v128.store(at, f32x4.div(f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_u(high)), scale), 48);
    }
    for (; j < rowLength; j++) store<f32>(dst + (<usize>j << 2), <f32>load<u8>(src + <usize>j) / 255);
  }
}

// out = a − b.
export function sub(a: usize, b: usize, out: usize, len: i32): void {
  const bytes = <usize>len << 2;
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) v128.store(out + i, f32x4.sub(v128.load(a + i), v128.load(b + i)));
  for (; i < bytes; i += 4) store<f32>(out + i, load<f32>(a + i) - load<f32>(b + i));
}

// out = max(x, 0).
export function relu(x: usize, out: usize, len: i32): void {
  const bytes = <usize>len << 2;
  const zero = f32x4.splat(0);
  let i: usize = 0;
  // pmax(x, 0) = x < 0 ? 0 : x is one instruction (max must order ±0, which costs several) and lets a NaN through, as
  // Math.max does, so a diverging network still shows it; only −0 stays −0.
  for (; i + 16 <= bytes; i += 16) v128.store(out + i, f32x4.pmax(v128.load(x + i), zero));
  for (; i < bytes; i += 4) {
    const v = load<f32>(x + i);
    store<f32>(out + i, v < 0 ? 0 : v); // as pmax above
  }
}

// out = dy where x > 0, else 0.
export function reluBackward(x: usize, dy: usize, out: usize, len: i32): void {
  const bytes = <usize>len << 2;
  const zero = f32x4.splat(0);
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) v128.store(out + i, v128.and(v128.load(dy + i), f32x4.gt(v128.load(x + i), zero)));
  for (; i < bytes; i += 4) store<f32>(out + i, load<f32>(x + i) > 0 ? load<f32>(dy + i) : 0);
}

// Copies `bytes` (a multiple of 4) from src to dst, 16 at a time: the spans of im2col are 12 to a few hundred bytes,
// too short for memory.copy's call to pay off.
@inline
function copySpan(dst: usize, src: usize, bytes: usize): void {
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) v128.store(dst + i, v128.load(src + i));
  for (; i < bytes; i += 4) store<f32>(dst + i, load<f32>(src + i));
}

@inline
function zeroSpan(dst: usize, bytes: usize): void {
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) v128.store(dst + i, f32x4.splat(0));
  for (; i < bytes; i += 4) store<f32>(dst + i, 0);
}

// dst += src over `bytes` (a multiple of 4).
@inline
function addSpan(dst: usize, src: usize, bytes: usize): void {
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) v128.store(dst + i, f32x4.add(v128.load(dst + i), v128.load(src + i)));
  for (; i < bytes; i += 4) store<f32>(dst + i, load<f32>(dst + i) + load<f32>(src + i));
}

// im2col for a batch of NHWC images and a kh×kw window at stride 1: row (b, oy, ox) of col holds the window whose
// top-left corner is (oy − padTop, ox − padLeft), ordered ky, kx, channel, with zeros outside the image. In NHWC the
// kw·c values of one window row are contiguous in the image, so each is one copy.
export function im2col(x: usize, col: usize, batch: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, padTop: i32, padLeft: i32, oh: i32, ow: i32): void {
  walkWindows(x, col, batch, h, w, c, kh, kw, padTop, padLeft, oh, ow, false);
}

// The adjoint of im2col: dx = 0, then every window row of dcol is added back where im2col took it from.
export function col2im(dcol: usize, dx: usize, batch: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, padTop: i32, padLeft: i32, oh: i32, ow: i32): void {
  memory.fill(dx, 0, <usize>(batch * h * w * c) << 2);
  walkWindows(dx, dcol, batch, h, w, c, kh, kw, padTop, padLeft, oh, ow, true);
}

// Every window row of a stride-1 convolution over NHWC images, in col's order: copied from the images into col
// (zeros outside them), or, when `add`, col's rows added back into the images. Inlined with a constant `add`, so each
// caller compiles to its own loop.
@inline
function walkWindows(images: usize, col: usize, batch: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, padTop: i32, padLeft: i32, oh: i32, ow: i32, add: bool): void {
  const cB = <usize>c << 2;
  const rowB = <usize>w * cB;
  const imageB = <usize>h * rowB;
  const spanB = <usize>kw * cB;
  let at = col;
  for (let bi = 0; bi < batch; bi++) {
    const image = images + <usize>bi * imageB;
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const x0 = ox - padLeft;
        const kx0 = max(0, -x0);
        const kx1 = min(kw, w - x0);
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy + ky - padTop;
          const inside = iy >= 0 && iy < h && kx1 > kx0;
          if (add) {
            if (inside) addSpan(image + <usize>iy * rowB + <usize>(x0 + kx0) * cB, at + <usize>kx0 * cB, <usize>(kx1 - kx0) * cB);
          } else if (!inside) {
            zeroSpan(at, spanB);
          } else {
            if (kx0 > 0) zeroSpan(at, <usize>kx0 * cB);
            copySpan(at + <usize>kx0 * cB, image + <usize>iy * rowB + <usize>(x0 + kx0) * cB, <usize>(kx1 - kx0) * cB);
            if (kx1 < kw) zeroSpan(at + <usize>kx1 * cB, <usize>(kw - kx1) * cB);
          }
          at += spanB;
        }
      }
    }
  }
}

// Max pooling of NHWC images over size×size windows at stride `size`; a partial last row or column is dropped.
// Four channels at a time: the window's first element seeds the maximum and pmax(best, v) = best < v ? v : best
// keeps the first of equal maxima, one instruction each (no index is kept: the backward pass finds it again).
export function maxPool2d(x: usize, out: usize, batch: i32, h: i32, w: i32, c: i32, size: i32): void {
  const oh = h / size;
  const ow = w / size;
  const pixelB = <usize>c << 2;
  const rowB = <usize>w * pixelB;
  const vectorC = (c & 3) == 0 ? c : 0;
  let o = out;
  for (let bi = 0; bi < batch; bi++) {
    const image = x + <usize>bi * <usize>h * rowB;
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const corner = image + <usize>(oy * size) * rowB + <usize>(ox * size) * pixelB;
        let ch = 0;
        for (; ch < vectorC; ch += 4) {
          const at = corner + (<usize>ch << 2);
          let best = v128.load(at);
          for (let dy = 0; dy < size; dy++) {
            for (let dx = dy == 0 ? 1 : 0; dx < size; dx++) best = f32x4.pmax(best, v128.load(at + <usize>dy * rowB + <usize>dx * pixelB));
          }
          v128.store(o, best);
          o += 16;
        }
        for (; ch < c; ch++) {
          const at = corner + (<usize>ch << 2);
          let best = load<f32>(at);
          for (let dy = 0; dy < size; dy++) {
            for (let dx = dy == 0 ? 1 : 0; dx < size; dx++) {
              const v = load<f32>(at + <usize>dy * rowB + <usize>dx * pixelB);
              if (v > best) best = v;
            }
          }
          store<f32>(o, best);
          o += 4;
        }
      }
    }
  }
}

// The backward pass of maxPool2d from its input x and output y: each window of dx receives its output's gradient at
// the first element equal to the maximum (the one the forward pass kept) and 0 elsewhere, written once (no clearing
// pass over dx); rows and columns the pooling dropped get 0. A NaN maximum equals nothing and passes no gradient.
export function maxPool2dBackward(dy: usize, x: usize, y: usize, dx: usize, batch: i32, h: i32, w: i32, c: i32, size: i32): void {
  const oh = h / size;
  const ow = w / size;
  const pixelB = <usize>c << 2;
  const rowB = <usize>w * pixelB;
  const vectorC = (c & 3) == 0 ? c : 0;
  let o: usize = 0;
  for (let bi = 0; bi < batch; bi++) {
    const imageOffset = <usize>bi * <usize>h * rowB;
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const corner = imageOffset + <usize>(oy * size) * rowB + <usize>(ox * size) * pixelB;
        let ch = 0;
        for (; ch < vectorC; ch += 4) {
          const g = v128.load(dy + o);
          const max = v128.load(y + o);
          let taken = i32x4.splat(0);
          for (let wy = 0; wy < size; wy++) {
            for (let wx = 0; wx < size; wx++) {
              const at = corner + (<usize>ch << 2) + <usize>wy * rowB + <usize>wx * pixelB;
              const hit = v128.andnot(f32x4.eq(v128.load(x + at), max), taken);
              v128.store(dx + at, v128.and(g, hit));
              taken = v128.or(taken, hit);
            }
          }
          o += 16;
        }
        for (; ch < c; ch++) {
          const g = load<f32>(dy + o);
          const max = load<f32>(y + o);
          let taken = false;
          for (let wy = 0; wy < size; wy++) {
            for (let wx = 0; wx < size; wx++) {
              const at = corner + (<usize>ch << 2) + <usize>wy * rowB + <usize>wx * pixelB;
              const hit = !taken && load<f32>(x + at) == max;
              store<f32>(dx + at, hit ? g : 0);
              taken = taken || hit;
            }
          }
          o += 4;
        }
      }
    }
    // What floor division left out: the last rows, and the last columns of the rows above them.
    const image = dx + imageOffset;
    if (oh * size < h) memory.fill(image + <usize>(oh * size) * rowB, 0, <usize>(h - oh * size) * rowB);
    if (ow * size < w) {
      for (let r = 0; r < oh * size; r++) memory.fill(image + <usize>r * rowB + <usize>(ow * size) * pixelB, 0, <usize>(w - ow * size) * pixelB);
    }
  }
}

// A convolution computed directly, without im2col, for a layer with few taps (k = kh·kw·c; the first layer of an
// image network, c = 1, k = 9) and filters a multiple of 4. im2col would copy each pixel k times to feed a matrix
// product of depth k, whose tiles then spend as long loading and storing as multiplying; here each output pixel keeps
// its filters in registers while the k taps go by. The sum runs over the taps in im2col's order from zero, then the
// bias and the ReLU, so the outputs are bit for bit those of conv2dForward; taps outside the image (padding) add
// nothing and are left out.
export function conv2dDirectForward(
  x: usize, weights: usize, bias: usize, out: usize,
  batch: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, padTop: i32, padLeft: i32, oh: i32, ow: i32,
  filters: i32, relu: bool,
): void {
  const tapB = <usize>filters << 2;
  const pixelB = <usize>c << 2;
  const rowB = <usize>w * pixelB;
  const span = kw * c; // one window row: kw pixels of c channels, contiguous in the image and in W's rows
  for (let f0 = 0; f0 < filters; f0 += 4) {
    const wide = filters - f0 >= 16;
    const fB = <usize>f0 << 2;
    const b = bias + fB;
    for (let bi = 0; bi < batch; bi++) {
      const image = x + <usize>(bi * h) * rowB;
      for (let oy = 0; oy < oh; oy++) {
        const ky0 = max(0, padTop - oy);
        const ky1 = min(kh, h + padTop - oy);
        let o = out + <usize>((bi * oh + oy) * ow) * tapB + fB;
        let ox = 0;
        while (ox < ow) {
          // Two pixels whose windows lie inside the image on every row (the usual case) take the fast path.
          if (wide && ky0 == 0 && ky1 == kh && ox >= padLeft && ox + 1 + kw - padLeft <= w && ox + 1 < ow) {
            const corner = image + <usize>(oy - padTop) * rowB + <usize>(ox - padLeft) * pixelB;
            directPair16(corner, rowB, pixelB, span, kh, weights + fB, tapB, o, b, relu);
            o += 2 * tapB;
            ox += 2;
            continue;
          }
          directPixel(image, weights + fB, o, b, oy, ox, ky0, ky1, h, w, c, kw, padTop, padLeft, tapB, pixelB, wide, relu);
          o += tapB;
          ox++;
        }
      }
    }
    if (wide) f0 += 12; // 16 filters at a time, then four at a time for the rest
  }
}

// Two neighbouring output pixels × 16 filters: eight independent sums, enough to keep both FMA units busy through
// their latency; the taps run row by row, each row `span` values long, W's rows in the same order.
@inline
function directPair16(corner: usize, rowB: usize, pixelB: usize, span: i32, kh: i32, wt0: usize, tapB: usize, o: usize, b: usize, relu: bool): void {
  const zero = f32x4.splat(0);
  let a0 = zero, a1 = zero, a2 = zero, a3 = zero;
  let e0 = zero, e1 = zero, e2 = zero, e3 = zero;
  let row = corner;
  let wt = wt0;
  for (let ky = 0; ky < kh; ky++) {
    let p = row;
    for (let j = 0; j < span; j++) {
      const s = v128.load32_splat(p);
      const t = v128.load32_splat(p + pixelB);
      const w0 = v128.load(wt);
      const w1 = v128.load(wt, 16);
      const w2 = v128.load(wt, 32);
      const w3 = v128.load(wt, 48);
      a0 = madd(s, w0, a0);
      a1 = madd(s, w1, a1);
      a2 = madd(s, w2, a2);
      a3 = madd(s, w3, a3);
      e0 = madd(t, w0, e0);
      e1 = madd(t, w1, e1);
      e2 = madd(t, w2, e2);
      e3 = madd(t, w3, e3);
      p += 4;
      wt += tapB;
    }
    row += rowB;
  }
  storeConvOutput(o, a0, b, relu);
  storeConvOutput(o + 16, a1, b + 16, relu);
  storeConvOutput(o + 32, a2, b + 32, relu);
  storeConvOutput(o + 48, a3, b + 48, relu);
  const q = o + tapB;
  storeConvOutput(q, e0, b, relu);
  storeConvOutput(q + 16, e1, b + 16, relu);
  storeConvOutput(q + 32, e2, b + 32, relu);
  storeConvOutput(q + 48, e3, b + 48, relu);
}

// One output pixel × 16 filters (or 4 when not `wide`), leaving out the taps outside the image: the edges.
function directPixel(
  image: usize, wt0: usize, o: usize, b: usize, oy: i32, ox: i32, ky0: i32, ky1: i32,
  h: i32, w: i32, c: i32, kw: i32, padTop: i32, padLeft: i32, tapB: usize, pixelB: usize, wide: bool, relu: bool,
): void {
  const zero = f32x4.splat(0);
  const kx0 = max(0, padLeft - ox);
  const kx1 = min(kw, w + padLeft - ox);
  let a0 = zero, a1 = zero, a2 = zero, a3 = zero;
  for (let ky = ky0; ky < ky1; ky++) {
    const row = image + <usize>((oy + ky - padTop) * w + ox - padLeft) * pixelB;
    for (let kx = kx0; kx < kx1; kx++) {
      const px = row + <usize>kx * pixelB;
      let wt = wt0 + <usize>((ky * kw + kx) * c) * tapB;
      for (let ci = 0; ci < c; ci++) {
        const s = v128.load32_splat(px + (<usize>ci << 2));
        a0 = madd(s, v128.load(wt), a0);
        if (wide) {
          a1 = madd(s, v128.load(wt, 16), a1);
          a2 = madd(s, v128.load(wt, 32), a2);
          a3 = madd(s, v128.load(wt, 48), a3);
        }
        wt += tapB;
      }
    }
  }
  storeConvOutput(o, a0, b, relu);
  if (wide) {
    storeConvOutput(o + 16, a1, b + 16, relu);
    storeConvOutput(o + 32, a2, b + 32, relu);
    storeConvOutput(o + 48, a3, b + 48, relu);
  }
}

// out = sum + bias, then max(·, 0) when `relu` (pmax, as the relu kernel).
@inline
function storeConvOutput(out: usize, sum: v128, bias: usize, relu: bool): void {
  let v = f32x4.add(sum, v128.load(bias));
  if (relu) v = f32x4.pmax(v, f32x4.splat(0));
  v128.store(out, v);
}

// The weight and bias gradients of conv2dDirectForward (a first layer: no input gradient), without im2col: a few
// samples at a time (`chunk`, so their gradients stay in cache across the passes), δ masked by y > 0 when `relu`
// (into the start of `masked`, reused by every chunk, so the masked copy never leaves the cache) while Δbias sums
// it, then for each tap t = (ky, kx, channel) one pass over the positions where it falls inside the image:
// ΔW[t, 16 filters] += x_t · δ, two positions at a time into two sets of four registers (eight independent sums, as
// in the forward pass), added together at the end. ΔW and Δbias are overwritten.
export function conv2dDirectBackward(
  dy: usize, y: usize, x: usize, dW: usize, db: usize, masked: usize,
  batch: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, padTop: i32, padLeft: i32, oh: i32, ow: i32,
  filters: i32, relu: bool, chunk: i32,
): void {
  const k = kh * kw * c;
  const tapB = <usize>filters << 2;
  const pixelB = <usize>c << 2;
  const positions = oh * ow;
  const zero = f32x4.splat(0);
  memory.fill(dW, 0, <usize>k * tapB);
  memory.fill(db, 0, tapB);
  for (let s0 = 0; s0 < batch; s0 += chunk) {
    const n = min(chunk, batch - s0);
    const first = <usize>(s0 * positions) * tapB;
    let g = dy + first;
    if (relu) {
      reluBackward(y + first, g, masked, n * positions * filters);
      g = masked;
    }
    addRowSums(g, db, n * positions, filters);
    for (let f0 = 0; f0 < filters; f0 += 4) {
      const wide = filters - f0 >= 16;
      const fB = <usize>f0 << 2;
      for (let t = 0; t < k; t++) {
        const ci = t % c;
        const kx = (t / c) % kw;
        const ky = t / (c * kw);
        const oy0 = max(0, padTop - ky);
        const oy1 = min(oh, h + padTop - ky);
        const ox0 = max(0, padLeft - kx);
        const ox1 = min(ow, w + padLeft - kx);
        const pairs = (ox1 - ox0) & ~1;
        let a0 = zero, a1 = zero, a2 = zero, a3 = zero;
        let e0 = zero, e1 = zero, e2 = zero, e3 = zero;
        for (let si = 0; si < n; si++) {
          const image = x + <usize>((s0 + si) * h * w) * pixelB + (<usize>ci << 2);
          const gs = g + <usize>(si * positions) * tapB + fB;
          for (let oy = oy0; oy < oy1; oy++) {
            let gp = gs + <usize>(oy * ow + ox0) * tapB;
            let xp = image + <usize>((oy + ky - padTop) * w + ox0 + kx - padLeft) * pixelB;
            let ox = 0;
            if (wide) {
              for (; ox < pairs; ox += 2) {
                const s = v128.load32_splat(xp);
                const u = v128.load32_splat(xp + pixelB);
                a0 = madd(s, v128.load(gp), a0);
                a1 = madd(s, v128.load(gp, 16), a1);
                a2 = madd(s, v128.load(gp, 32), a2);
                a3 = madd(s, v128.load(gp, 48), a3);
                const gq = gp + tapB;
                e0 = madd(u, v128.load(gq), e0);
                e1 = madd(u, v128.load(gq, 16), e1);
                e2 = madd(u, v128.load(gq, 32), e2);
                e3 = madd(u, v128.load(gq, 48), e3);
                gp += 2 * tapB;
                xp += 2 * pixelB;
              }
            }
            for (; ox < ox1 - ox0; ox++) {
              const s = v128.load32_splat(xp);
              a0 = madd(s, v128.load(gp), a0);
              if (wide) {
                a1 = madd(s, v128.load(gp, 16), a1);
                a2 = madd(s, v128.load(gp, 32), a2);
                a3 = madd(s, v128.load(gp, 48), a3);
              }
              gp += tapB;
              xp += pixelB;
            }
          }
        }
        const row = dW + <usize>t * tapB + fB;
        v128.store(row, f32x4.add(v128.load(row), f32x4.add(a0, e0)));
        if (wide) {
          v128.store(row, f32x4.add(v128.load(row, 16), f32x4.add(a1, e1)), 16);
          v128.store(row, f32x4.add(v128.load(row, 32), f32x4.add(a2, e2)), 32);
          v128.store(row, f32x4.add(v128.load(row, 48), f32x4.add(a3, e3)), 48);
        }
      }
      if (wide) f0 += 12;
    }
  }
}

// A convolution layer's forward pass, in chunks of `chunk` samples so that each chunk's im2col rows are still in
// cache when the matrix product reads them: col = im2col(x); out = col·W + bias, then max(·, 0) when `relu`.
// col keeps every chunk's rows for the backward pass.
export function conv2dForward(
  x: usize, col: usize, weights: usize, bias: usize, out: usize,
  batch: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, padTop: i32, padLeft: i32, oh: i32, ow: i32,
  filters: i32, relu: bool, chunk: i32,
): void {
  const k = kh * kw * c;
  const positions = oh * ow;
  const imageB = <usize>(h * w * c) << 2;
  const colB = <usize>(positions * k) << 2;
  const outB = <usize>(positions * filters) << 2;
  for (let s0 = 0; s0 < batch; s0 += chunk) {
    const n = min(chunk, batch - s0);
    const colAt = col + <usize>s0 * colB;
    const outAt = out + <usize>s0 * outB;
    im2col(x + <usize>s0 * imageB, colAt, n, h, w, c, kh, kw, padTop, padLeft, oh, ow);
    gemm(colAt, k, 1, weights, outAt, n * positions, k, filters, false);
    addRowVector(outAt, bias, n * positions, filters);
    if (relu) reluInPlace(outAt, n * positions * filters);
  }
}

@inline
function reluInPlace(a: usize, len: i32): void {
  relu(a, a, len);
}

// The backward pass of conv2dForward, chunk by chunk: g = δ, masked by y > 0 when `relu` (into `masked`);
// ΔW = Σ colᵀ g and Δbias = Σ g over the chunks; when `withDx`, dcol = g Wᵀ (weightsT, made here) and dx = col2im(dcol).
export function conv2dBackward(
  dy: usize, y: usize, col: usize, weights: usize, weightsT: usize, dW: usize, db: usize, masked: usize, dcol: usize, dx: usize,
  batch: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, padTop: i32, padLeft: i32, oh: i32, ow: i32,
  filters: i32, relu: bool, chunk: i32, withDx: bool,
): void {
  const k = kh * kw * c;
  const positions = oh * ow;
  const imageB = <usize>(h * w * c) << 2;
  const colB = <usize>(positions * k) << 2;
  const outB = <usize>(positions * filters) << 2;
  memory.fill(dW, 0, <usize>(k * filters) << 2);
  memory.fill(db, 0, <usize>filters << 2);
  if (withDx) transposeInto(weights, weightsT, k, filters);
  for (let s0 = 0; s0 < batch; s0 += chunk) {
    const n = min(chunk, batch - s0);
    const rows = n * positions;
    let g = dy + <usize>s0 * outB;
    if (relu) {
      const m = masked + <usize>s0 * outB;
      reluBackward(y + <usize>s0 * outB, g, m, rows * filters);
      g = m;
    }
    const colAt = col + <usize>s0 * colB;
    addRowSums(g, db, rows, filters);
    gemm(colAt, 1, k, g, dW, k, rows, filters, true);
    if (withDx) {
      const dcolAt = dcol + <usize>s0 * colB;
      gemm(g, filters, 1, weightsT, dcolAt, rows, filters, k, false);
      col2im(dcolAt, dx + <usize>s0 * imageB, n, h, w, c, kh, kw, padTop, padLeft, oh, ow);
    }
  }
}

// out (cols×rows) = aᵀ (a dense layer's Wᵀ for its input gradient, each step).
export function transpose(a: usize, out: usize, rows: i32, cols: i32): void {
  transposeInto(a, out, rows, cols);
}

@inline
function transposeInto(a: usize, out: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) store<f32>(out + (<usize>(j * rows + i) << 2), load<f32>(a + (<usize>(i * cols + j) << 2)));
  }
}

// out[j] += Σᵢ a[i, j].
function addRowSums(a: usize, out: usize, m: i32, n: i32): void {
  accumulateRows(a, out, m, n, true);
}
