// Winograd's F(2×2, 3×3) convolution (Lavin and Gray, 2015) for a 3×3 window at stride 1, NHWC, with its backward
// pass. Each 2×2 block of outputs (a tile) comes from a 4×4 block of input:
//   Y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A,   summed over the input channels,
// so 16 products per channel and filter give four outputs, where the direct sum spends 36. Across a tile's channels
// the element-wise products are 16 matrix products (one per position ξ of the 4×4 transform):
//   M[ξ] (tiles × F) = V[ξ] (tiles × C) · U[ξ] (C × F),
// done by gemm. The layouts, per image: V[ξ][tile][c], M[ξ][tile][f]; U[ξ][c][f] and its transpose Uᵀ[ξ][f][c] for the
// whole layer, made once per step from the weights (HWIO: [ky][kx][c][f]). Tile t = ty·tilesX + tx covers outputs
// (2ty, 2tx) to (2ty + 1, 2tx + 1); an odd output side gets a last tile whose second row or column is computed from
// zeros and not stored. Four channels or four filters at a time: the transforms are additions of whole vectors.
//
// The backward pass is the exact adjoint of these steps (the gradient of the computation done, which is the gradient
// of the convolution): dM = A dY Aᵀ; dU[ξ] += V[ξ]ᵀ dM[ξ]; dV[ξ] = dM[ξ] Uᵀ[ξ]; dx += B dV Bᵀ, tiles overlapping by two
// rows and columns; at the end dW = Gᵀ dU G. Every step is per image except the sums dU and Δbias, which run over the
// images in order.
import { gemm } from './gemm';

// The transform matrices, written out in the code below:
//   Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1],  G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1],  Aᵀ = [1 1 1 0; 0 1 −1 −1].

/** Tiles per image: ⌈oh/2⌉·⌈ow/2⌉. */
@inline
export function tilesOf(oh: i32, ow: i32): i32 {
  return ((oh + 1) >> 1) * ((ow + 1) >> 1);
}

// U[ξ][c][f] = (G g Gᵀ)[ξ] and Uᵀ[ξ][f][c], for every channel c and filter f (filters a multiple of 4): once per step,
// before the forward pass (which reads U) and the backward pass (which reads Uᵀ).
export function winogradFilters(weights: usize, u: usize, uT: usize, c: i32, f: i32): void {
  const tapB = <usize>(c * f) << 2; // one tap (ky, kx) of the weights: c rows of f
  const planeB = tapB; // one ξ of U: c × f
  for (let ci = 0; ci < c; ci++) {
    for (let f0 = 0; f0 < f; f0 += 4) {
      const at = weights + (<usize>(ci * f + f0) << 2);
      // g[ky][kx] for four filters; Gg (4×3), then (Gg)Gᵀ (4×4).
      const g00 = v128.load(at), g01 = v128.load(at + tapB), g02 = v128.load(at + 2 * tapB);
      const g10 = v128.load(at + 3 * tapB), g11 = v128.load(at + 4 * tapB), g12 = v128.load(at + 5 * tapB);
      const g20 = v128.load(at + 6 * tapB), g21 = v128.load(at + 7 * tapB), g22 = v128.load(at + 8 * tapB);
      const half = f32x4.splat(0.5);
      // Rows of Gg: g0, ½(g0 + g1 + g2), ½(g0 − g1 + g2), g2, column by column; (g0 + g2) first, in both builds and in JS.
      const s0 = f32x4.add(g00, g20), s1 = f32x4.add(g01, g21), s2 = f32x4.add(g02, g22);
      const p10 = f32x4.mul(f32x4.add(s0, g10), half), p11 = f32x4.mul(f32x4.add(s1, g11), half), p12 = f32x4.mul(f32x4.add(s2, g12), half);
      const p20 = f32x4.mul(f32x4.sub(s0, g10), half), p21 = f32x4.mul(f32x4.sub(s1, g11), half), p22 = f32x4.mul(f32x4.sub(s2, g12), half);
      const o = <usize>(ci * f + f0) << 2;
      filterRow(u + o, planeB, g00, g01, g02);
      filterRow(u + o + 4 * planeB, planeB, p10, p11, p12);
      filterRow(u + o + 8 * planeB, planeB, p20, p21, p22);
      filterRow(u + o + 12 * planeB, planeB, g20, g21, g22);
    }
  }
  // Uᵀ[ξ] = U[ξ]ᵀ, f × c.
  for (let xi = 0; xi < 16; xi++) {
    const from = u + <usize>xi * planeB;
    const to = uT + <usize>xi * planeB;
    for (let ci = 0; ci < c; ci++) {
      for (let fi = 0; fi < f; fi++) store<f32>(to + (<usize>(fi * c + ci) << 2), load<f32>(from + (<usize>(ci * f + fi) << 2)));
    }
  }
}

// One row of (Gg)Gᵀ from one row (r0, r1, r2) of Gg: r0, ½(r0 + r1 + r2), ½(r0 − r1 + r2), r2, stored a plane apart.
@inline
function filterRow(at: usize, planeB: usize, r0: v128, r1: v128, r2: v128): void {
  const half = f32x4.splat(0.5);
  const s = f32x4.add(r0, r2);
  v128.store(at, r0);
  v128.store(at + planeB, f32x4.mul(f32x4.add(s, r1), half));
  v128.store(at + 2 * planeB, f32x4.mul(f32x4.sub(s, r1), half));
  v128.store(at + 3 * planeB, r2);
}

// The forward pass over `batch` images (h×w×c, 3×3 window, stride 1, padding padTop/padLeft, oh×ow outputs of
// `filters`, channels and filters multiples of 4): per image, V = Bᵀ d B of every tile (kept in `v` for the backward
// pass), the 16 products into `m` (scratch for one image: 16·tiles·filters), then Y = Aᵀ M A + bias, and max(·, 0)
// when `relu`.
export function conv2dWinogradForward(
  x: usize, u: usize, bias: usize, v: usize, m: usize, out: usize,
  batch: i32, h: i32, w: i32, c: i32, padTop: i32, padLeft: i32, oh: i32, ow: i32,
  filters: i32, relu: bool,
): void {
  const tiles = tilesOf(oh, ow);
  const imageB = <usize>(h * w * c) << 2;
  const vImageB = <usize>(16 * tiles * c) << 2;
  const outImageB = <usize>(oh * ow * filters) << 2;
  const vPlane = tiles * c;
  const mPlane = tiles * filters;
  const uPlane = c * filters;
  for (let bi = 0; bi < batch; bi++) {
    const vi = v + <usize>bi * vImageB;
    inputTransform(x + <usize>bi * imageB, vi, h, w, c, padTop, padLeft, oh, ow);
    for (let xi = 0; xi < 16; xi++) {
      gemm(vi + (<usize>(xi * vPlane) << 2), c, 1, u + (<usize>(xi * uPlane) << 2), m + (<usize>(xi * mPlane) << 2), tiles, c, filters, false);
    }
    outputTransform(m, bias, out + <usize>bi * outImageB, oh, ow, filters, relu);
  }
}

// V[ξ][t][c] = (Bᵀ d B)[ξ] for each tile t of one image, d the tile's 4×4 input block (zeros outside the image).
function inputTransform(image: usize, v: usize, h: i32, w: i32, c: i32, padTop: i32, padLeft: i32, oh: i32, ow: i32): void {
  const tilesX = (ow + 1) >> 1;
  const tiles = tilesOf(oh, ow);
  const pixelB = <usize>c << 2;
  const rowB = <usize>w * pixelB;
  const planeB = <usize>(tiles * c) << 2;
  const zero = f32x4.splat(0);
  for (let t = 0; t < tiles; t++) {
    const iy0 = ((t / tilesX) << 1) - padTop;
    const ix0 = ((t % tilesX) << 1) - padLeft;
    const inside = iy0 >= 0 && ix0 >= 0 && iy0 + 4 <= h && ix0 + 4 <= w;
    const corner = image + <usize>iy0 * rowB + <usize>ix0 * pixelB; // used only where inside (wraps otherwise)
    for (let c0 = 0; c0 < c; c0 += 4) {
      const at = corner + (<usize>c0 << 2);
      let d00 = zero, d01 = zero, d02 = zero, d03 = zero, d10 = zero, d11 = zero, d12 = zero, d13 = zero;
      let d20 = zero, d21 = zero, d22 = zero, d23 = zero, d30 = zero, d31 = zero, d32 = zero, d33 = zero;
      if (inside) {
        d00 = v128.load(at); d01 = v128.load(at + pixelB); d02 = v128.load(at + 2 * pixelB); d03 = v128.load(at + 3 * pixelB);
        const r1 = at + rowB;
        d10 = v128.load(r1); d11 = v128.load(r1 + pixelB); d12 = v128.load(r1 + 2 * pixelB); d13 = v128.load(r1 + 3 * pixelB);
        const r2 = r1 + rowB;
        d20 = v128.load(r2); d21 = v128.load(r2 + pixelB); d22 = v128.load(r2 + 2 * pixelB); d23 = v128.load(r2 + 3 * pixelB);
        const r3 = r2 + rowB;
        d30 = v128.load(r3); d31 = v128.load(r3 + pixelB); d32 = v128.load(r3 + 2 * pixelB); d33 = v128.load(r3 + 3 * pixelB);
      } else {
        d00 = pixelAt(image, iy0, ix0, h, w, rowB, pixelB, c0); d01 = pixelAt(image, iy0, ix0 + 1, h, w, rowB, pixelB, c0);
        d02 = pixelAt(image, iy0, ix0 + 2, h, w, rowB, pixelB, c0); d03 = pixelAt(image, iy0, ix0 + 3, h, w, rowB, pixelB, c0);
        d10 = pixelAt(image, iy0 + 1, ix0, h, w, rowB, pixelB, c0); d11 = pixelAt(image, iy0 + 1, ix0 + 1, h, w, rowB, pixelB, c0);
        d12 = pixelAt(image, iy0 + 1, ix0 + 2, h, w, rowB, pixelB, c0); d13 = pixelAt(image, iy0 + 1, ix0 + 3, h, w, rowB, pixelB, c0);
        d20 = pixelAt(image, iy0 + 2, ix0, h, w, rowB, pixelB, c0); d21 = pixelAt(image, iy0 + 2, ix0 + 1, h, w, rowB, pixelB, c0);
        d22 = pixelAt(image, iy0 + 2, ix0 + 2, h, w, rowB, pixelB, c0); d23 = pixelAt(image, iy0 + 2, ix0 + 3, h, w, rowB, pixelB, c0);
        d30 = pixelAt(image, iy0 + 3, ix0, h, w, rowB, pixelB, c0); d31 = pixelAt(image, iy0 + 3, ix0 + 1, h, w, rowB, pixelB, c0);
        d32 = pixelAt(image, iy0 + 3, ix0 + 2, h, w, rowB, pixelB, c0); d33 = pixelAt(image, iy0 + 3, ix0 + 3, h, w, rowB, pixelB, c0);
      }
      // Bᵀ d: rows d0 − d2, d1 + d2, d2 − d1, d1 − d3 (column by column).
      const e00 = f32x4.sub(d00, d20), e01 = f32x4.sub(d01, d21), e02 = f32x4.sub(d02, d22), e03 = f32x4.sub(d03, d23);
      const e10 = f32x4.add(d10, d20), e11 = f32x4.add(d11, d21), e12 = f32x4.add(d12, d22), e13 = f32x4.add(d13, d23);
      const e20 = f32x4.sub(d20, d10), e21 = f32x4.sub(d21, d11), e22 = f32x4.sub(d22, d12), e23 = f32x4.sub(d23, d13);
      const e30 = f32x4.sub(d10, d30), e31 = f32x4.sub(d11, d31), e32 = f32x4.sub(d12, d32), e33 = f32x4.sub(d13, d33);
      // (Bᵀ d) B: the same along each row, stored at ξ = 4·row + column.
      const o = v + (<usize>(t * c + c0) << 2);
      inputRow(o, planeB, e00, e01, e02, e03);
      inputRow(o + 4 * planeB, planeB, e10, e11, e12, e13);
      inputRow(o + 8 * planeB, planeB, e20, e21, e22, e23);
      inputRow(o + 12 * planeB, planeB, e30, e31, e32, e33);
    }
  }
}

// Four channels of the pixel (iy, ix), or zeros outside the image.
@inline
function pixelAt(image: usize, iy: i32, ix: i32, h: i32, w: i32, rowB: usize, pixelB: usize, c0: i32): v128 {
  if (iy < 0 || iy >= h || ix < 0 || ix >= w) return f32x4.splat(0);
  return v128.load(image + <usize>iy * rowB + <usize>ix * pixelB + (<usize>c0 << 2));
}

@inline
function inputRow(at: usize, planeB: usize, e0: v128, e1: v128, e2: v128, e3: v128): void {
  v128.store(at, f32x4.sub(e0, e2));
  v128.store(at + planeB, f32x4.add(e1, e2));
  v128.store(at + 2 * planeB, f32x4.sub(e2, e1));
  v128.store(at + 3 * planeB, f32x4.sub(e1, e3));
}

// Y = Aᵀ M A for each tile of one image, plus the bias (and max(·, 0)), stored where the output exists.
function outputTransform(m: usize, bias: usize, out: usize, oh: i32, ow: i32, filters: i32, relu: bool): void {
  const tilesX = (ow + 1) >> 1;
  const tiles = tilesOf(oh, ow);
  const planeB = <usize>(tiles * filters) << 2;
  const pixelB = <usize>filters << 2;
  const rowB = <usize>ow * pixelB;
  for (let t = 0; t < tiles; t++) {
    const oy = (t / tilesX) << 1;
    const ox = (t % tilesX) << 1;
    const second = oy + 1 < oh; // the tile's second row exists
    const right = ox + 1 < ow; // its second column
    const o = out + <usize>oy * rowB + <usize>ox * pixelB;
    for (let f0 = 0; f0 < filters; f0 += 4) {
      const at = m + (<usize>(t * filters + f0) << 2);
      // M A along each row: (m0 + m1 + m2, m1 − m2 − m3).
      const r0 = at, r1 = at + 4 * planeB, r2 = at + 8 * planeB, r3 = at + 12 * planeB;
      const n00 = rowSum(r0, planeB), n01 = rowDifference(r0, planeB);
      const n10 = rowSum(r1, planeB), n11 = rowDifference(r1, planeB);
      const n20 = rowSum(r2, planeB), n21 = rowDifference(r2, planeB);
      const n30 = rowSum(r3, planeB), n31 = rowDifference(r3, planeB);
      // Aᵀ (M A): (n0 + n1 + n2, n1 − n2 − n3) down each column.
      const b = v128.load(bias + (<usize>f0 << 2));
      const fB = <usize>f0 << 2;
      storeOutput(o + fB, f32x4.add(f32x4.add(n00, n10), n20), b, relu);
      if (right) storeOutput(o + pixelB + fB, f32x4.add(f32x4.add(n01, n11), n21), b, relu);
      if (second) {
        storeOutput(o + rowB + fB, f32x4.sub(f32x4.sub(n10, n20), n30), b, relu);
        if (right) storeOutput(o + rowB + pixelB + fB, f32x4.sub(f32x4.sub(n11, n21), n31), b, relu);
      }
    }
  }
}

@inline
function rowSum(at: usize, planeB: usize): v128 {
  return f32x4.add(f32x4.add(v128.load(at), v128.load(at + planeB)), v128.load(at + 2 * planeB));
}

@inline
function rowDifference(at: usize, planeB: usize): v128 {
  return f32x4.sub(f32x4.sub(v128.load(at + planeB), v128.load(at + 2 * planeB)), v128.load(at + 3 * planeB));
}

@inline
function storeOutput(at: usize, y: v128, bias: v128, relu: bool): void {
  let r = f32x4.add(y, bias);
  if (relu) r = f32x4.pmax(r, f32x4.splat(0));
  v128.store(at, r);
}

// The backward pass of conv2dWinogradForward: g = dy, masked by y > 0 when `relu`; Δbias = Σ g; dU = Σ V[ξ]ᵀ dM[ξ] over
// the images (dU and Δbias overwritten); when dx ≠ 0, dx = the adjoint of the input transform applied to
// dV[ξ] = dM[ξ] Uᵀ[ξ]. `m` (16·tiles·filters) and `dv` (16·tiles·c) are scratch for one image.
export function conv2dWinogradBackward(
  dy: usize, y: usize, v: usize, uT: usize, dU: usize, db: usize, m: usize, dv: usize, dx: usize,
  batch: i32, h: i32, w: i32, c: i32, padTop: i32, padLeft: i32, oh: i32, ow: i32,
  filters: i32, relu: bool,
): void {
  const tiles = tilesOf(oh, ow);
  const vImageB = <usize>(16 * tiles * c) << 2;
  const outImageB = <usize>(oh * ow * filters) << 2;
  const imageB = <usize>(h * w * c) << 2;
  const vPlane = tiles * c;
  const mPlane = tiles * filters;
  const uPlane = c * filters;
  memory.fill(dU, 0, <usize>(16 * uPlane) << 2);
  memory.fill(db, 0, <usize>filters << 2);
  for (let bi = 0; bi < batch; bi++) {
    const vi = v + <usize>bi * vImageB;
    outputAdjoint(dy + <usize>bi * outImageB, y + <usize>bi * outImageB, m, db, oh, ow, filters, relu);
    for (let xi = 0; xi < 16; xi++) {
      const mAt = m + (<usize>(xi * mPlane) << 2);
      // dU[ξ] (c × f) += V[ξ]ᵀ dM[ξ]: V[ξ] is tiles × c, read transposed.
      gemm(vi + (<usize>(xi * vPlane) << 2), 1, c, mAt, dU + (<usize>(xi * uPlane) << 2), c, tiles, filters, true);
      if (dx != 0) gemm(mAt, filters, 1, uT + (<usize>(xi * uPlane) << 2), dv + (<usize>(xi * vPlane) << 2), tiles, filters, c, false);
    }
    if (dx != 0) inputAdjoint(dv, dx + <usize>bi * imageB, h, w, c, padTop, padLeft, oh, ow);
  }
}

// dM = A g Aᵀ for each tile of one image (g = dy, masked by y > 0 when `relu`; zero past the output's edge), and
// Δbias += g.
export function outputAdjoint(dy: usize, y: usize, m: usize, db: usize, oh: i32, ow: i32, filters: i32, relu: bool): void {
  outputAdjointPlanes(dy, y, m, db, true, oh, ow, filters, relu, 0, 16);
}

// outputAdjoint's planes ξ in [xi0, xi1) of dM only (the others are not written), and Δbias += g when `bias`: what a
// thread that sums only those planes of ΔU needs from another thread's image (assembly/thread-parts.ts). Each plane's
// values are the same whichever planes are made beside it.
@inline
export function outputAdjointPlanes(dy: usize, y: usize, m: usize, db: usize, bias: bool, oh: i32, ow: i32, filters: i32, relu: bool, xi0: i32, xi1: i32): void {
  const tilesX = (ow + 1) >> 1;
  const tiles = tilesOf(oh, ow);
  const planeB = <usize>(tiles * filters) << 2;
  const pixelB = <usize>filters << 2;
  const rowB = <usize>ow * pixelB;
  const zero = f32x4.splat(0);
  for (let t = 0; t < tiles; t++) {
    const oy = (t / tilesX) << 1;
    const ox = (t % tilesX) << 1;
    const second = oy + 1 < oh;
    const right = ox + 1 < ow;
    const o = <usize>oy * rowB + <usize>ox * pixelB;
    for (let f0 = 0; f0 < filters; f0 += 4) {
      const fB = <usize>f0 << 2;
      const g00 = gradientAt(dy, y, o + fB, relu);
      const g01 = right ? gradientAt(dy, y, o + pixelB + fB, relu) : zero;
      const g10 = second ? gradientAt(dy, y, o + rowB + fB, relu) : zero;
      const g11 = second && right ? gradientAt(dy, y, o + rowB + pixelB + fB, relu) : zero;
      if (bias) {
        const bAt = db + fB;
        v128.store(bAt, f32x4.add(v128.load(bAt), f32x4.add(f32x4.add(g00, g01), f32x4.add(g10, g11))));
      }
      // A g: rows g0, g0 + g1, g0 − g1, −g1 (g0, g1 the two rows), then the same along each row; row r of the result
      // is the planes 4r … 4r + 3.
      const at = m + (<usize>(t * filters + f0) << 2);
      if (xi0 < 4) adjointRow(at, planeB, g00, g01, 0, xi0, xi1);
      if (xi0 < 8 && xi1 > 4) adjointRow(at + 4 * planeB, planeB, f32x4.add(g00, g10), f32x4.add(g01, g11), 4, xi0, xi1);
      if (xi0 < 12 && xi1 > 8) adjointRow(at + 8 * planeB, planeB, f32x4.sub(g00, g10), f32x4.sub(g01, g11), 8, xi0, xi1);
      if (xi1 > 12) adjointRow(at + 12 * planeB, planeB, f32x4.neg(g10), f32x4.neg(g11), 12, xi0, xi1);
    }
  }
}

@inline
function gradientAt(dy: usize, y: usize, offset: usize, relu: bool): v128 {
  const g = v128.load(dy + offset);
  if (!relu) return g;
  return v128.and(g, f32x4.gt(v128.load(y + offset), f32x4.splat(0)));
}

// One row (p0, p1) of A g, times Aᵀ: p0, p0 + p1, p0 − p1, −p1, the planes first … first + 3, those in [xi0, xi1).
@inline
function adjointRow(at: usize, planeB: usize, p0: v128, p1: v128, first: i32, xi0: i32, xi1: i32): void {
  if (first >= xi0 && first < xi1) v128.store(at, p0);
  if (first + 1 >= xi0 && first + 1 < xi1) v128.store(at + planeB, f32x4.add(p0, p1));
  if (first + 2 >= xi0 && first + 2 < xi1) v128.store(at + 2 * planeB, f32x4.sub(p0, p1));
  if (first + 3 >= xi0 && first + 3 < xi1) v128.store(at + 3 * planeB, f32x4.neg(p1));
}

// dx = Σ over tiles of B dV Bᵀ, added where each tile's 4×4 block lies inside the image (dx cleared first).
// B = (Bᵀ)ᵀ: (B X) rows are X0, X1 − X2 + X3, −X0 + X1 + X2, −X3.
export function inputAdjoint(dv: usize, dx: usize, h: i32, w: i32, c: i32, padTop: i32, padLeft: i32, oh: i32, ow: i32): void {
  const tilesX = (ow + 1) >> 1;
  const tiles = tilesOf(oh, ow);
  const pixelB = <usize>c << 2;
  const rowB = <usize>w * pixelB;
  const planeB = <usize>(tiles * c) << 2;
  memory.fill(dx, 0, <usize>h * rowB);
  for (let t = 0; t < tiles; t++) {
    const iy0 = ((t / tilesX) << 1) - padTop;
    const ix0 = ((t % tilesX) << 1) - padLeft;
    for (let c0 = 0; c0 < c; c0 += 4) {
      const at = dv + (<usize>(t * c + c0) << 2);
      // Along each row of dV first (X Bᵀ), then down the columns (B ·).
      const q0 = at, q1 = at + 4 * planeB, q2 = at + 8 * planeB, q3 = at + 12 * planeB;
      const a00 = v128.load(q0), a01 = adjointMiddle1(q0, planeB), a02 = adjointMiddle2(q0, planeB), a03 = f32x4.neg(v128.load(q0 + 3 * planeB));
      const a10 = v128.load(q1), a11 = adjointMiddle1(q1, planeB), a12 = adjointMiddle2(q1, planeB), a13 = f32x4.neg(v128.load(q1 + 3 * planeB));
      const a20 = v128.load(q2), a21 = adjointMiddle1(q2, planeB), a22 = adjointMiddle2(q2, planeB), a23 = f32x4.neg(v128.load(q2 + 3 * planeB));
      const a30 = v128.load(q3), a31 = adjointMiddle1(q3, planeB), a32 = adjointMiddle2(q3, planeB), a33 = f32x4.neg(v128.load(q3 + 3 * planeB));
      const cB = <usize>c0 << 2;
      addPixelRow(dx, iy0, ix0, h, w, rowB, pixelB, cB, a00, a01, a02, a03);
      addPixelRow(dx, iy0 + 1, ix0, h, w, rowB, pixelB, cB,
        f32x4.add(f32x4.sub(a10, a20), a30), f32x4.add(f32x4.sub(a11, a21), a31), f32x4.add(f32x4.sub(a12, a22), a32), f32x4.add(f32x4.sub(a13, a23), a33));
      addPixelRow(dx, iy0 + 2, ix0, h, w, rowB, pixelB, cB,
        f32x4.add(f32x4.sub(a10, a00), a20), f32x4.add(f32x4.sub(a11, a01), a21), f32x4.add(f32x4.sub(a12, a02), a22), f32x4.add(f32x4.sub(a13, a03), a23));
      addPixelRow(dx, iy0 + 3, ix0, h, w, rowB, pixelB, cB, f32x4.neg(a30), f32x4.neg(a31), f32x4.neg(a32), f32x4.neg(a33));
    }
  }
}

// X1 − X2 + X3 and −X0 + X1 + X2 (as X1 − X0 + X2) of a row X of dV, its four values a plane apart.
@inline
function adjointMiddle1(at: usize, planeB: usize): v128 {
  return f32x4.add(f32x4.sub(v128.load(at + planeB), v128.load(at + 2 * planeB)), v128.load(at + 3 * planeB));
}

@inline
function adjointMiddle2(at: usize, planeB: usize): v128 {
  return f32x4.add(f32x4.sub(v128.load(at + planeB), v128.load(at)), v128.load(at + 2 * planeB));
}

// dx[iy, ix0 + j, c0..c0+3] += r_j for the four pixels of one row, those inside the image.
@inline
function addPixelRow(dx: usize, iy: i32, ix0: i32, h: i32, w: i32, rowB: usize, pixelB: usize, cB: usize, r0: v128, r1: v128, r2: v128, r3: v128): void {
  if (iy < 0 || iy >= h) return;
  const row = dx + <usize>iy * rowB + cB;
  addPixel(row, ix0, w, pixelB, r0);
  addPixel(row, ix0 + 1, w, pixelB, r1);
  addPixel(row, ix0 + 2, w, pixelB, r2);
  addPixel(row, ix0 + 3, w, pixelB, r3);
}

@inline
function addPixel(row: usize, ix: i32, w: i32, pixelB: usize, r: v128): void {
  if (ix < 0 || ix >= w) return;
  const at = row + <usize>ix * pixelB;
  v128.store(at, f32x4.add(v128.load(at), r));
}

// dW = Gᵀ dU G for every channel and filter (the adjoint of winogradFilters' U = G g Gᵀ), HWIO like the weights.
// Gᵀ X for the four values of a column: X0 + ½(X1 + X2), ½(X1 − X2), ½(X1 + X2) + X3.
export function winogradWeightGradient(dU: usize, dW: usize, c: i32, f: i32): void {
  const planeB = <usize>(c * f) << 2;
  const tapB = planeB;
  const half = f32x4.splat(0.5);
  for (let ci = 0; ci < c; ci++) {
    for (let f0 = 0; f0 < f; f0 += 4) {
      const o = <usize>(ci * f + f0) << 2;
      // Down each of the four columns of dU (j), then along the three rows.
      let r00 = f32x4.splat(0), r01 = r00, r02 = r00, r03 = r00;
      let r10 = r00, r11 = r00, r12 = r00, r13 = r00;
      let r20 = r00, r21 = r00, r22 = r00, r23 = r00;
      for (let j = 0; j < 4; j++) {
        const at = dU + o + <usize>j * planeB;
        const x0 = v128.load(at), x1 = v128.load(at + 4 * planeB), x2 = v128.load(at + 8 * planeB), x3 = v128.load(at + 12 * planeB);
        const s = f32x4.mul(f32x4.add(x1, x2), half);
        const top = f32x4.add(x0, s);
        const middle = f32x4.mul(f32x4.sub(x1, x2), half);
        const bottom = f32x4.add(s, x3);
        if (j == 0) { r00 = top; r10 = middle; r20 = bottom; }
        else if (j == 1) { r01 = top; r11 = middle; r21 = bottom; }
        else if (j == 2) { r02 = top; r12 = middle; r22 = bottom; }
        else { r03 = top; r13 = middle; r23 = bottom; }
      }
      weightRow(dW + o, tapB, r00, r01, r02, r03);
      weightRow(dW + o + 3 * tapB, tapB, r10, r11, r12, r13);
      weightRow(dW + o + 6 * tapB, tapB, r20, r21, r22, r23);
    }
  }
}

// One row (ky) of dW from a row X of Gᵀ dU: X Gᵀ… i.e. X0 + ½(X1 + X2), ½(X1 − X2), ½(X1 + X2) + X3 at kx = 0, 1, 2.
@inline
function weightRow(at: usize, tapB: usize, x0: v128, x1: v128, x2: v128, x3: v128): void {
  const half = f32x4.splat(0.5);
  const s = f32x4.mul(f32x4.add(x1, x2), half);
  v128.store(at, f32x4.add(x0, s));
  v128.store(at + tapB, f32x4.mul(f32x4.sub(x1, x2), half));
  v128.store(at + 2 * tapB, f32x4.add(s, x3));
}
