// The parts of a convolution layer's backward pass that threads share out by OUTPUT (src/threaded-kernels.ts): rows
// of ΔW, or images of Δx. Each computes its outputs with the same sums in the same order as conv2dBackward, so the
// results are bit for bit the same whatever the split, and the same as conv2dBackward's.
import { gemm } from './gemm';
import { col2im } from './im2col-pooling';
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
