// The parts of a convolution layer's backward pass that threads share out by OUTPUT (src/threaded-kernels.ts): rows
// of ΔW, or images of Δx. Each computes its outputs with the same sums in the same order as conv2dBackward, so the
// results are bit for bit the same whatever the split, and the same as conv2dBackward's.
import { unpoolFilters } from './conv-relu-pool';
import { gemm } from './gemm';
import { col2im } from './im2col-pooling';
import { madd } from './lanes';
import { inputAdjoint, outputAdjointPlanes, tilesOf } from './winograd';

// Rows [r0, r1) of conv2dBackward's ΔW = Σ colᵀ g, added chunk by chunk (`chunk` samples at a time) as conv2dBackward
// adds them: ΔW's rows are zeroed, then each chunk's product is added.
export function conv2dWeightGradientRows(
  col: usize, g: usize, dW: usize, batch: i32, positions: i32, k: i32, filters: i32, chunk: i32, r0: i32, r1: i32,
): void {
  const rowB = <usize>filters << 2;
  const colB = <usize>(positions * k) << 2;
  const outB = <usize>(positions * filters) << 2;
  const rows = dW + <usize>r0 * rowB;
  memory.fill(rows, 0, <usize>(r1 - r0) * rowB);
  for (let s0 = 0; s0 < batch; s0 += chunk) {
    const n = min(chunk, batch - s0);
    gemm(col + <usize>s0 * colB + (<usize>r0 << 2), 1, k, g + <usize>s0 * outB, rows, r1 - r0, n * positions, filters, true);
  }
}

// Δx of `batch` images: dcol = g·Wᵀ (weightsT made beforehand), then dx = col2im(dcol), `chunk` samples at a time as
// conv2dBackward does (each image's values depend on that image's rows only).
export function conv2dInputGradient(
  g: usize, weightsT: usize, dcol: usize, dx: usize,
  batch: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, padTop: i32, padLeft: i32, oh: i32, ow: i32, filters: i32, chunk: i32,
): void {
  const k = kh * kw * c;
  const positions = oh * ow;
  const imageB = <usize>(h * w * c) << 2;
  const colB = <usize>(positions * k) << 2;
  const outB = <usize>(positions * filters) << 2;
  for (let s0 = 0; s0 < batch; s0 += chunk) {
    const n = min(chunk, batch - s0);
    const dcolAt = dcol + <usize>s0 * colB;
    gemm(g + <usize>s0 * outB, filters, 1, weightsT, dcolAt, n * positions, filters, k, false);
    col2im(dcolAt, dx + <usize>s0 * imageB, n, h, w, c, kh, kw, padTop, padLeft, oh, ow);
  }
}

// conv2dWinogradBackward's outputs a thread computes: ΔU's planes ξ in [xi0, xi1), each summed over every image in
// order as conv2dWinogradBackward sums it, and Δx of the images [b0, b1). For those images the thread makes all 16 planes
// of dM (Δx needs them); for the others, only its own planes (outputAdjointPlanes), so no thread transforms the whole
// batch. `flags`: 1 = g is masked by y > 0 (a ReLU), 2 = this thread sums Δbias (over every image, in order: one thread
// does). `m` and `dv` are scratch of its own.
export function conv2dWinogradBackwardPart(
  dy: usize, y: usize, v: usize, uT: usize, dU: usize, db: usize, m: usize, dv: usize, dx: usize,
  batch: i32, h: i32, w: i32, c: i32, padTop: i32, padLeft: i32, oh: i32, ow: i32,
  filters: i32, flags: i32, xi0: i32, xi1: i32, b0: i32, b1: i32,
): void {
  const relu = (flags & 1) != 0;
  const bias = (flags & 2) != 0;
  const tiles = tilesOf(oh, ow);
  const vImageB = <usize>(16 * tiles * c) << 2;
  const outImageB = <usize>(oh * ow * filters) << 2;
  const imageB = <usize>(h * w * c) << 2;
  const vPlane = tiles * c;
  const mPlane = tiles * filters;
  const uPlane = c * filters;
  memory.fill(dU + (<usize>(xi0 * uPlane) << 2), 0, <usize>((xi1 - xi0) * uPlane) << 2);
  if (bias) memory.fill(db, 0, <usize>filters << 2);
  for (let bi = 0; bi < batch; bi++) {
    const vi = v + <usize>bi * vImageB;
    const own = dx != 0 && bi >= b0 && bi < b1;
    outputAdjointPlanes(dy + <usize>bi * outImageB, y + <usize>bi * outImageB, m, db, bias, oh, ow, filters, relu, own ? 0 : xi0, own ? 16 : xi1);
    for (let xi = xi0; xi < xi1; xi++) {
      gemm(vi + (<usize>(xi * vPlane) << 2), 1, c, m + (<usize>(xi * mPlane) << 2), dU + (<usize>(xi * uPlane) << 2), c, tiles, filters, true);
    }
    if (own) {
      for (let xi = 0; xi < 16; xi++) {
        gemm(m + (<usize>(xi * mPlane) << 2), filters, 1, uT + (<usize>(xi * uPlane) << 2), dv + (<usize>(xi * vPlane) << 2), tiles, filters, c, false);
      }
      inputAdjoint(dv, dx + <usize>bi * imageB, h, w, c, padTop, padLeft, oh, ow);
    }
  }
}

// conv2dDirectPoolBackward's outputs for the filters [fa, fb) (multiples of 4): the columns fa … fb − 1 of every row of
// ΔW and of Δbias. Each chunk's δ is unpooled for those filters only, into `g` (a chunk of scratch of the thread's
// own); Δbias adds its rows in order, and each ΔW element is summed as addTapGradients sums it (a filter inside its
// block of 16 with separate accumulators for even and odd columns, a filter past the last such block without), so the
// values are bit for bit conv2dDirectPoolBackward's whatever the split, and every thread unpools only its share.
export function conv2dDirectPoolBackwardFilters(
  dy: usize, argmax: usize, x: usize, dW: usize, db: usize, g: usize,
  batch: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, padTop: i32, padLeft: i32, oh: i32, ow: i32,
  filters: i32, size: i32, chunk: i32, fa: i32, fb: i32,
): void {
  const tapB = <usize>filters << 2;
  const positions = oh * ow;
  const k = kh * kw * c;
  const pooled = (oh / size) * (ow / size) * filters;
  const fB = <usize>fa << 2;
  const widthB = <usize>(fb - fa) << 2;
  for (let t = 0; t < k; t++) memory.fill(dW + <usize>t * tapB + fB, 0, widthB);
  memory.fill(db + fB, 0, widthB);
  const wideEnd = filters & ~15; // addTapGradients' blocks of 16 filters end here
  for (let s0 = 0; s0 < batch; s0 += chunk) {
    const n = min(chunk, batch - s0);
    unpoolFilters(dy + (<usize>(s0 * pooled) << 2), argmax + <usize>(s0 * pooled), g, n, oh, ow, filters, size, fa, fb);
    // Δbias += the chunk's rows, in order (accumulateRows' sum for each column).
    for (let f0 = fa; f0 < fb; f0 += 4) {
      const at = db + (<usize>f0 << 2);
      let acc = v128.load(at);
      for (let i = 0; i < n * positions; i++) acc = f32x4.add(acc, v128.load(g + <usize>i * tapB + (<usize>f0 << 2)));
      v128.store(at, acc);
    }
    // Two filter groups of four at a time where both lie in one block of 16, else one.
    let f0 = fa;
    while (f0 < fb) {
      const paired = f0 < wideEnd;
      const two = paired && f0 + 8 <= fb && (f0 & 15) <= 8; // f0 and f0 + 4 in one block of 16
      addTapColumns(g, x, dW, s0, n, h, w, c, kw, padTop, padLeft, oh, ow, filters, k, f0, paired, two);
      f0 += two ? 8 : 4;
    }
  }
}

// ΔW[t, f0 … f0 + 3] (and f0 + 4 … f0 + 7 when `two`) += Σ x_t · δ for every tap t over samples s0 … s0 + n − 1, each
// lane summed as addTapGradients sums it: when `paired` (a filter of a block of 16), even columns of a row into a, odd
// ones into e, a leftover column into a, then a + e; otherwise every column into a.
@inline
function addTapColumns(
  g: usize, x: usize, dW: usize, s0: i32, n: i32,
  h: i32, w: i32, c: i32, kw: i32, padTop: i32, padLeft: i32, oh: i32, ow: i32, filters: i32, k: i32, f0: i32, paired: bool, two: bool,
): void {
  const tapB = <usize>filters << 2;
  const pixelB = <usize>c << 2;
  const positions = oh * ow;
  const zero = f32x4.splat(0);
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
    let a0 = zero, a1 = zero, e0 = zero, e1 = zero;
    for (let si = 0; si < n; si++) {
      const image = x + <usize>((s0 + si) * h * w) * pixelB + (<usize>ci << 2);
      const gs = g + <usize>(si * positions) * tapB + fB;
      for (let oy = oy0; oy < oy1; oy++) {
        let gp = gs + <usize>(oy * ow + ox0) * tapB;
        let xp = image + <usize>((oy + ky - padTop) * w + ox0 + kx - padLeft) * pixelB;
        let ox = 0;
        // The cases apart, so that no branch is left in the inner loops.
        if (paired && two) {
          for (; ox < pairs; ox += 2) {
            const s = v128.load32_splat(xp);
            const u = v128.load32_splat(xp + pixelB);
            const gq = gp + tapB;
            a0 = madd(s, v128.load(gp), a0);
            a1 = madd(s, v128.load(gp, 16), a1);
            e0 = madd(u, v128.load(gq), e0);
            e1 = madd(u, v128.load(gq, 16), e1);
            gp += 2 * tapB;
            xp += 2 * pixelB;
          }
        } else if (paired) {
          for (; ox < pairs; ox += 2) {
            const s = v128.load32_splat(xp);
            const u = v128.load32_splat(xp + pixelB);
            a0 = madd(s, v128.load(gp), a0);
            e0 = madd(u, v128.load(gp + tapB), e0);
            gp += 2 * tapB;
            xp += 2 * pixelB;
          }
        }
        if (two) {
          for (; ox < ox1 - ox0; ox++) {
            const s = v128.load32_splat(xp);
            a0 = madd(s, v128.load(gp), a0);
            a1 = madd(s, v128.load(gp, 16), a1);
            gp += tapB;
            xp += pixelB;
          }
        } else {
          for (; ox < ox1 - ox0; ox++) {
            a0 = madd(v128.load32_splat(xp), v128.load(gp), a0);
            gp += tapB;
            xp += pixelB;
          }
        }
      }
    }
    const row = dW + <usize>t * tapB + fB;
    v128.store(row, f32x4.add(v128.load(row), f32x4.add(a0, e0)));
    if (two) v128.store(row, f32x4.add(v128.load(row, 16), f32x4.add(a1, e1)), 16);
  }
}
