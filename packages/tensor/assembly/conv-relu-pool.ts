// A first convolution layer, its ReLU and the max pooling after it in one pass, a band of `size` output rows at a
// time: the band's convolution rows go to a small scratch (`rows`, size·ow·filters floats, still in L1 when the
// pooling reads them) instead of a batch-sized activation array that the ReLU, the pooling, its backward pass and the
// convolution's backward pass would each read or write again. The arithmetic is conv2dDirectForward's (the same
// directPair16/directPixel sums, bias, then pmax with 0) and maxPool2d's (pmax in the window's order), so the pooled
// outputs are bit for bit the unfused ones.
//
// What the backward pass needs is kept, and nothing more: per pooled output, the index in its window of the first
// maximum (the element maxPool2dBackward would find again), or 255 when the maximum is not > 0 — then the ReLU's mask
// is 0 at that element and no gradient flows back (a NaN maximum passes none either, as in the unfused passes).
import { addTapGradients, directPair16, directPixel } from './convolution';
import { addRowSums } from './gemm';

/** The argmax byte of a window whose maximum passes no gradient. */
const NONE: i32 = 255;

export function conv2dDirectReluPool(
  x: usize, weights: usize, bias: usize, out: usize, argmax: usize, rows: usize,
  batch: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, padTop: i32, padLeft: i32, oh: i32, ow: i32,
  filters: i32, size: i32,
): void {
  const ph = oh / size;
  const pw = ow / size;
  const tapB = <usize>filters << 2;
  const pixelB = <usize>c << 2;
  const rowB = <usize>w * pixelB;
  const span = kw * c;
  const bandRowB = <usize>ow * tapB; // one convolution output row in `rows`
  for (let bi = 0; bi < batch; bi++) {
    const image = x + <usize>(bi * h) * rowB;
    for (let py = 0; py < ph; py++) {
      // The band's convolution rows, with bias and ReLU, as conv2dDirectForward computes them.
      for (let f0 = 0; f0 < filters; f0 += 4) {
        const wide = filters - f0 >= 16;
        const fB = <usize>f0 << 2;
        const b = bias + fB;
        for (let r = 0; r < size; r++) {
          const oy = py * size + r;
          const ky0 = max(0, padTop - oy);
          const ky1 = min(kh, h + padTop - oy);
          let o = rows + <usize>r * bandRowB + fB;
          let ox = 0;
          const used = pw * size; // columns the pooling reads; a dropped last column is not computed
          while (ox < used) {
            if (wide && ky0 == 0 && ky1 == kh && ox >= padLeft && ox + 1 + kw - padLeft <= w && ox + 1 < used) {
              const corner = image + <usize>(oy - padTop) * rowB + <usize>(ox - padLeft) * pixelB;
              directPair16(corner, rowB, pixelB, span, kh, weights + fB, tapB, o, b, true);
              o += 2 * tapB;
              ox += 2;
              continue;
            }
            directPixel(image, weights + fB, o, b, oy, ox, ky0, ky1, h, w, c, kw, padTop, padLeft, tapB, pixelB, wide, true);
            o += tapB;
            ox++;
          }
        }
        if (wide) f0 += 12;
      }
      // Pool the band: pmax over the window in maxPool2d's order, the index of the first maximum beside it.
      const pooled = out + <usize>((bi * ph + py) * pw) * tapB;
      const marks = argmax + <usize>((bi * ph + py) * pw * filters);
      for (let px = 0; px < pw; px++) {
        const corner = rows + <usize>(px * size) * tapB;
        for (let f0 = 0; f0 < filters; f0 += 4) {
          const at = corner + (<usize>f0 << 2);
          let best = v128.load(at);
          let index = i32x4.splat(0);
          for (let dy = 0; dy < size; dy++) {
            for (let dx = dy == 0 ? 1 : 0; dx < size; dx++) {
              const v = v128.load(at + <usize>dy * bandRowB + <usize>dx * tapB);
              index = v128.bitselect(i32x4.splat(dy * size + dx), index, f32x4.lt(best, v));
              best = f32x4.pmax(best, v);
            }
          }
          v128.store(pooled + <usize>px * tapB + (<usize>f0 << 2), best);
          const mark = v128.bitselect(index, i32x4.splat(NONE), f32x4.gt(best, f32x4.splat(0)));
          // Four bytes in one store: the marks are 0..255, so the unsigned narrowings keep them.
          const narrow = i8x16.narrow_i16x8_u(i16x8.narrow_i32x4_u(mark, mark), i16x8.narrow_i32x4_u(mark, mark));
          v128.store32_lane(marks + <usize>(px * filters + f0), narrow, 0);
        }
      }
    }
  }
}

// The gradient at the convolution's outputs from the pooled outputs' gradient dy and the argmax bytes: dy where the
// byte names the element, 0 elsewhere (also the rows and columns the pooling dropped). The ReLU's mask is already in
// the bytes, so conv2dDirectBackward then runs without one. Every element of g is written once.
export function maxPoolUnpool(dy: usize, argmax: usize, g: usize, batch: i32, oh: i32, ow: i32, filters: i32, size: i32): void {
  unpoolFilters(dy, argmax, g, batch, oh, ow, filters, size, 0, filters);
}

// maxPoolUnpool's filters [fa, fb) only (multiples of 4): the columns a thread that sums those filters' gradients
// needs (assembly/thread-parts.ts); the dropped rows and columns are zeroed across every filter.
@inline
export function unpoolFilters(dy: usize, argmax: usize, g: usize, batch: i32, oh: i32, ow: i32, filters: i32, size: i32, fa: i32, fb: i32): void {
  const ph = oh / size;
  const pw = ow / size;
  const tapB = <usize>filters << 2;
  const rowB = <usize>ow * tapB;
  for (let bi = 0; bi < batch; bi++) {
    const image = g + <usize>(bi * oh) * rowB;
    for (let py = 0; py < ph; py++) {
      for (let px = 0; px < pw; px++) {
        const p = (bi * ph + py) * pw + px;
        const corner = image + <usize>(py * size) * rowB + <usize>(px * size) * tapB;
        for (let f0 = fa; f0 < fb; f0 += 4) {
          const code = i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(argmax + <usize>(p * filters + f0))));
          const d = v128.load(dy + (<usize>(p * filters + f0) << 2));
          for (let wy = 0; wy < size; wy++) {
            for (let wx = 0; wx < size; wx++) {
              const hit = i32x4.eq(code, i32x4.splat(wy * size + wx));
              v128.store(corner + <usize>wy * rowB + <usize>wx * tapB + (<usize>f0 << 2), v128.and(d, hit));
            }
          }
        }
      }
    }
    if (ph * size < oh) memory.fill(image + <usize>(ph * size) * rowB, 0, <usize>(oh - ph * size) * rowB);
    if (pw * size < ow) {
      for (let r = 0; r < ph * size; r++) memory.fill(image + <usize>r * rowB + <usize>(pw * size) * tapB, 0, <usize>(ow - pw * size) * tapB);
    }
  }
}

// The weight and bias gradients of conv2dDirectReluPool, `chunk` samples at a time: each chunk's δ at the convolution
// outputs is unpooled from the pooled δ and the argmax bytes into `g` (scratch for one chunk, still in cache when the
// tap passes read it), Δbias sums it, then conv2dDirectBackward's passes over the taps [t0, t1). With conv2dDirect-
// Backward's chunk, bit for bit maxPoolUnpool of the whole batch followed by conv2dDirectBackward without a ReLU — but
// the batch-sized δ is never written. ΔW's rows t0 … t1 − 1, and Δbias when t0 = 0, are overwritten.
export function conv2dDirectPoolBackward(
  dy: usize, argmax: usize, x: usize, dW: usize, db: usize, g: usize,
  batch: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, padTop: i32, padLeft: i32, oh: i32, ow: i32,
  filters: i32, size: i32, chunk: i32, t0: i32, t1: i32,
): void {
  const tapB = <usize>filters << 2;
  const positions = oh * ow;
  const pooled = (oh / size) * (ow / size) * filters; // pooled values per sample
  const withBias = t0 == 0;
  memory.fill(dW + <usize>t0 * tapB, 0, <usize>(t1 - t0) * tapB);
  if (withBias) memory.fill(db, 0, tapB);
  for (let s0 = 0; s0 < batch; s0 += chunk) {
    const n = min(chunk, batch - s0);
    maxPoolUnpool(dy + (<usize>(s0 * pooled) << 2), argmax + <usize>(s0 * pooled), g, n, oh, ow, filters, size);
    if (withBias) addRowSums(g, db, n * positions, filters);
    addTapGradients(g, x, dW, s0, n, h, w, c, kw, padTop, padLeft, oh, ow, filters, t0, t1);
  }
}
