// Convolution layers: the direct convolution (no im2col) of a first layer, and the fused im2col + product + bias + ReLU
// of the others, with their backward passes.
import { relu, reluBackward } from './elementwise';
import { addRowSums, addRowVector, gemm, transposeInto } from './gemm';
import { col2im, im2col } from './im2col-pooling';
import { madd } from './lanes';

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
export function directPair16(corner: usize, rowB: usize, pixelB: usize, span: i32, kh: i32, wt0: usize, tapB: usize, o: usize, b: usize, relu: bool): void {
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
export function directPixel(
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
// in the forward pass), added together at the end. ΔW and Δbias are overwritten. Only the taps [t0, t1) are
// computed (their rows of ΔW), and Δbias when t0 = 0: threads split the taps, each with its own `masked`, and every
// value is the same sum in the same order whatever the split.
export function conv2dDirectBackward(
  dy: usize, y: usize, x: usize, dW: usize, db: usize, masked: usize,
  batch: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, padTop: i32, padLeft: i32, oh: i32, ow: i32,
  filters: i32, relu: bool, chunk: i32, t0: i32, t1: i32,
): void {
  const tapB = <usize>filters << 2;
  const positions = oh * ow;
  const withBias = t0 == 0;
  memory.fill(dW + <usize>t0 * tapB, 0, <usize>(t1 - t0) * tapB);
  if (withBias) memory.fill(db, 0, tapB);
  for (let s0 = 0; s0 < batch; s0 += chunk) {
    const n = min(chunk, batch - s0);
    const first = <usize>(s0 * positions) * tapB;
    let g = dy + first;
    if (relu) {
      reluBackward(y + first, g, masked, n * positions * filters);
      g = masked;
    }
    if (withBias) addRowSums(g, db, n * positions, filters);
    addTapGradients(g, x, dW, s0, n, h, w, c, kw, padTop, padLeft, oh, ow, filters, t0, t1);
  }
}

// ΔW[t, :] += Σ x_t · δ for the taps [t0, t1) over samples s0 … s0 + n − 1, whose δ starts at `g` (conv2dDirectBackward's
// inner passes, also run by conv2dDirectPoolBackward on the δ it unpools).
@inline
export function addTapGradients(
  g: usize, x: usize, dW: usize, s0: i32, n: i32,
  h: i32, w: i32, c: i32, kw: i32, padTop: i32, padLeft: i32, oh: i32, ow: i32, filters: i32, t0: i32, t1: i32,
): void {
  const tapB = <usize>filters << 2;
  const pixelB = <usize>c << 2;
  const positions = oh * ow;
  const zero = f32x4.splat(0);
  for (let f0 = 0; f0 < filters; f0 += 4) {
    const wide = filters - f0 >= 16;
    const fB = <usize>f0 << 2;
    for (let t = t0; t < t1; t++) {
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
