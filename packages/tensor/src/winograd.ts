import type { ConvGeometry } from './kernels.js';

// Plain-JavaScript twins of assembly/winograd.ts and assembly/conv-relu-pool.ts (see there for the method): the
// fallback where SIMD is missing, and the reference the SIMD kernels are tested against. Each transform is the same
// sequence of float32 operations as the SIMD one (f = Math.fround after every addition); the 16 products round after
// each multiply-add, as jsKernels.gemm does.

const f = Math.fround;

/** The scratch and kept arrays of a Winograd F(2×2, 3×3) convolution layer, in floats. */
export interface WinogradSizes {
  /** 2×2 output tiles per image: ⌈outHeight/2⌉·⌈outWidth/2⌉. */
  readonly tiles: number;
  /** U and Uᵀ, the transformed filters (16·channels·filters each). */
  readonly filters: number;
  /** V, the transformed input tiles kept for the backward pass, per image (16·tiles·channels). */
  readonly inputPerImage: number;
  /** M (or dM), the products of one image: scratch, one per thread (16·tiles·filters). */
  readonly products: number;
  /** dV, one image's input-tile gradients: scratch, one per thread (16·tiles·channels). */
  readonly inputGradient: number;
}

/** Whether the Winograd F(2×2, 3×3) kernels compute this convolution: a 3×3 window (at stride 1, as every one here). */
export function winogradFits(g: ConvGeometry): boolean {
  return g.kernelHeight === 3 && g.kernelWidth === 3;
}

/** Sizes of the arrays `conv2dWinogradForward`/`Backward` take, for `filters` outputs over geometry `g`. */
export function winogradSizes(g: ConvGeometry, filters: number): WinogradSizes {
  const tiles = Math.ceil(g.outHeight / 2) * Math.ceil(g.outWidth / 2);
  return { tiles, filters: 16 * g.channels * filters, inputPerImage: 16 * tiles * g.channels, products: 16 * tiles * filters, inputGradient: 16 * tiles * g.channels };
}

/** The four values of (r0, r1, r2)·Gᵀ: r0, ½(r0 + r1 + r2), ½(r0 − r1 + r2), r2 (also G's rows applied down a column). */
function filterRow(r0: number, r1: number, r2: number, out: Float64Array, at: number): void {
  const s = f(r0 + r2);
  out[at] = r0;
  out[at + 1] = f(f(s + r1) * 0.5);
  out[at + 2] = f(f(s - r1) * 0.5);
  out[at + 3] = r2;
}

/** U[ξ][c][f] = (G g Gᵀ)[ξ] and uT[ξ][f][c] from HWIO 3×3 weights. */
export function winogradFiltersJs(weights: Float32Array, u: Float32Array, uT: Float32Array, c: number, filters: number): void {
  const plane = c * filters;
  const gg = new Float64Array(12); // G g, column by column: gg[4·kx + row]
  const row = new Float64Array(4);
  for (let i = 0; i < plane; i++) {
    for (let kx = 0; kx < 3; kx++) filterRow(weights[kx * plane + i] as number, weights[(3 + kx) * plane + i] as number, weights[(6 + kx) * plane + i] as number, gg, 4 * kx);
    for (let r = 0; r < 4; r++) {
      filterRow(gg[r] as number, gg[4 + r] as number, gg[8 + r] as number, row, 0);
      for (let col = 0; col < 4; col++) u[(4 * r + col) * plane + i] = row[col] as number;
    }
  }
  for (let xi = 0; xi < 16; xi++) {
    for (let ci = 0; ci < c; ci++) for (let fi = 0; fi < filters; fi++) uT[xi * plane + fi * c + ci] = u[xi * plane + ci * filters + fi] as number;
  }
}

/** C (m×n) = A·B with A[i, p] = a[aAt + i·rs + p·cs] (or C +=), rounding after each multiply-add. */
function product(a: Float32Array, aAt: number, rs: number, cs: number, b: Float32Array, bAt: number, c: Float32Array, cAt: number, m: number, k: number, n: number, accumulate: boolean): void {
  for (let i = 0; i < m; i++) {
    const ci = cAt + i * n;
    if (!accumulate) c.fill(0, ci, ci + n);
    for (let p = 0; p < k; p++) {
      const x = a[aAt + i * rs + p * cs] as number;
      if (x === 0) continue;
      const bp = bAt + p * n;
      for (let j = 0; j < n; j++) c[ci + j] = (c[ci + j] as number) + x * (b[bp + j] as number);
    }
  }
}

export function conv2dWinogradForwardJs(
  x: Float32Array, u: Float32Array, bias: Float32Array, v: Float32Array, m: Float32Array, out: Float32Array,
  g: ConvGeometry, filters: number, batch: number, relu: boolean,
): void {
  const { tiles, inputPerImage } = winogradSizes(g, filters);
  const c = g.channels;
  const tilesX = Math.ceil(g.outWidth / 2);
  const d = new Float64Array(16); // one tile of one channel, d[4·row + column]
  const e = new Float64Array(16);
  for (let b = 0; b < batch; b++) {
    const vAt = b * inputPerImage;
    // V = Bᵀ d B per tile and channel.
    for (let t = 0; t < tiles; t++) {
      const iy0 = 2 * Math.floor(t / tilesX) - g.padTop;
      const ix0 = 2 * (t % tilesX) - g.padLeft;
      for (let ci = 0; ci < c; ci++) {
        for (let r = 0; r < 4; r++) {
          for (let col = 0; col < 4; col++) {
            const iy = iy0 + r;
            const ix = ix0 + col;
            d[4 * r + col] = iy < 0 || iy >= g.height || ix < 0 || ix >= g.width ? 0 : (x[((b * g.height + iy) * g.width + ix) * c + ci] as number);
          }
        }
        for (let col = 0; col < 4; col++) inputStep(d, col, 4, e, col, 4);
        for (let r = 0; r < 4; r++) inputStep(e, 4 * r, 1, d, 4 * r, 1);
        for (let xi = 0; xi < 16; xi++) v[vAt + (xi * tiles + t) * c + ci] = d[xi] as number;
      }
    }
    for (let xi = 0; xi < 16; xi++) product(v, vAt + xi * tiles * c, c, 1, u, xi * c * filters, m, xi * tiles * filters, tiles, c, filters, false);
    // Y = Aᵀ M A, plus bias, stored where the output exists.
    for (let t = 0; t < tiles; t++) {
      const oy = 2 * Math.floor(t / tilesX);
      const ox = 2 * (t % tilesX);
      for (let fi = 0; fi < filters; fi++) {
        for (let xi = 0; xi < 16; xi++) d[xi] = m[(xi * tiles + t) * filters + fi] as number;
        // M A along each row (into e[2·row + j]), then Aᵀ down the two columns (into d[2·i + j]).
        for (let r = 0; r < 4; r++) outputStep(d, 4 * r, 1, e, 2 * r, 1);
        for (let j = 0; j < 2; j++) outputStep(e, j, 2, d, j, 2);
        for (let r = 0; r < 2; r++) {
          for (let col = 0; col < 2; col++) {
            if (oy + r >= g.outHeight || ox + col >= g.outWidth) continue;
            const value = f((d[2 * r + col] as number) + (bias[fi] as number));
            out[((b * g.outHeight + oy + r) * g.outWidth + ox + col) * filters + fi] = relu ? Math.max(value, 0) : value;
          }
        }
      }
    }
  }
}

/** Bᵀ applied to four values a stride apart: x0 − x2, x1 + x2, x2 − x1, x1 − x3. */
function inputStep(x: Float64Array, at: number, stride: number, out: Float64Array, to: number, outStride: number): void {
  const [x0, x1, x2, x3] = [x[at] as number, x[at + stride] as number, x[at + 2 * stride] as number, x[at + 3 * stride] as number];
  out[to] = f(x0 - x2);
  out[to + outStride] = f(x1 + x2);
  out[to + 2 * outStride] = f(x2 - x1);
  out[to + 3 * outStride] = f(x1 - x3);
}

/** Aᵀ applied to four values a stride apart: (x0 + x1) + x2, (x1 − x2) − x3. */
function outputStep(x: Float64Array, at: number, stride: number, out: Float64Array, to: number, outStride: number): void {
  const [x0, x1, x2, x3] = [x[at] as number, x[at + stride] as number, x[at + 2 * stride] as number, x[at + 3 * stride] as number];
  out[to] = f(f(x0 + x1) + x2);
  out[to + outStride] = f(f(x1 - x2) - x3);
}

/** A applied to two values a stride apart: p0, p0 + p1, p0 − p1, −p1. */
function outputAdjointStep(x: Float64Array, at: number, stride: number, out: Float64Array, to: number, outStride: number): void {
  const [p0, p1] = [x[at] as number, x[at + stride] as number];
  out[to] = p0;
  out[to + outStride] = f(p0 + p1);
  out[to + 2 * outStride] = f(p0 - p1);
  out[to + 3 * outStride] = -p1;
}

/** B applied to four values a stride apart: x0, (x1 − x2) + x3, (x1 − x0) + x2, −x3. */
function inputAdjointStep(x: Float64Array, at: number, stride: number, out: Float64Array, to: number, outStride: number): void {
  const [x0, x1, x2, x3] = [x[at] as number, x[at + stride] as number, x[at + 2 * stride] as number, x[at + 3 * stride] as number];
  out[to] = x0;
  out[to + outStride] = f(f(x1 - x2) + x3);
  out[to + 2 * outStride] = f(f(x1 - x0) + x2);
  out[to + 3 * outStride] = -x3;
}

export function conv2dWinogradBackwardJs(
  dy: Float32Array, y: Float32Array, v: Float32Array, uT: Float32Array, dU: Float32Array, db: Float32Array, m: Float32Array, dv: Float32Array, dx: Float32Array | null,
  g: ConvGeometry, filters: number, batch: number, relu: boolean,
): void {
  const { tiles, inputPerImage } = winogradSizes(g, filters);
  const c = g.channels;
  const tilesX = Math.ceil(g.outWidth / 2);
  const a = new Float64Array(16);
  const e = new Float64Array(16);
  dU.fill(0, 0, 16 * c * filters);
  db.fill(0, 0, filters);
  for (let b = 0; b < batch; b++) {
    // dM = A g Aᵀ per tile, g = dy masked by y > 0; Δbias += g.
    for (let t = 0; t < tiles; t++) {
      const oy = 2 * Math.floor(t / tilesX);
      const ox = 2 * (t % tilesX);
      for (let fi = 0; fi < filters; fi++) {
        for (let r = 0; r < 2; r++) {
          for (let col = 0; col < 2; col++) {
            const at = ((b * g.outHeight + oy + r) * g.outWidth + ox + col) * filters + fi;
            const outside = oy + r >= g.outHeight || ox + col >= g.outWidth;
            a[2 * r + col] = outside || (relu && !((y[at] as number) > 0)) ? 0 : (dy[at] as number);
          }
        }
        db[fi] = f((db[fi] as number) + f(f((a[0] as number) + (a[1] as number)) + f((a[2] as number) + (a[3] as number))));
        // A down the two columns (into e[4·row + j]), then along each of the four rows.
        for (let j = 0; j < 2; j++) outputAdjointStep(a, j, 2, e, j, 4);
        for (let r = 0; r < 4; r++) outputAdjointStep(e, 4 * r, 1, a, 4 * r, 1);
        for (let xi = 0; xi < 16; xi++) m[(xi * tiles + t) * filters + fi] = a[xi] as number;
      }
    }
    for (let xi = 0; xi < 16; xi++) {
      product(v, b * inputPerImage + xi * tiles * c, 1, c, m, xi * tiles * filters, dU, xi * c * filters, c, tiles, filters, true);
      if (dx !== null) product(m, xi * tiles * filters, filters, 1, uT, xi * c * filters, dv, xi * tiles * c, tiles, filters, c, false);
    }
    if (dx === null) continue;
    // dx = Σ B dV Bᵀ over the tiles, where each lies inside the image.
    const image = b * g.height * g.width * c;
    dx.fill(0, image, image + g.height * g.width * c);
    for (let t = 0; t < tiles; t++) {
      const iy0 = 2 * Math.floor(t / tilesX) - g.padTop;
      const ix0 = 2 * (t % tilesX) - g.padLeft;
      for (let ci = 0; ci < c; ci++) {
        for (let xi = 0; xi < 16; xi++) a[xi] = dv[(xi * tiles + t) * c + ci] as number;
        for (let r = 0; r < 4; r++) inputAdjointStep(a, 4 * r, 1, e, 4 * r, 1);
        for (let col = 0; col < 4; col++) inputAdjointStep(e, col, 4, a, col, 4);
        for (let r = 0; r < 4; r++) {
          const iy = iy0 + r;
          if (iy < 0 || iy >= g.height) continue;
          for (let col = 0; col < 4; col++) {
            const ix = ix0 + col;
            if (ix < 0 || ix >= g.width) continue;
            const at = image + (iy * g.width + ix) * c + ci;
            dx[at] = f((dx[at] as number) + (a[4 * r + col] as number));
          }
        }
      }
    }
  }
}

/** Gᵀ applied to four values a stride apart: x0 + ½(x1 + x2), ½(x1 − x2), ½(x1 + x2) + x3. */
function weightStep(x: Float64Array, at: number, stride: number, out: Float64Array, to: number, outStride: number): void {
  const [x0, x1, x2, x3] = [x[at] as number, x[at + stride] as number, x[at + 2 * stride] as number, x[at + 3 * stride] as number];
  const s = f(f(x1 + x2) * 0.5);
  out[to] = f(x0 + s);
  out[to + outStride] = f(f(x1 - x2) * 0.5);
  out[to + 2 * outStride] = f(s + x3);
}

/** dW = Gᵀ dU G (HWIO), the adjoint of winogradFiltersJs. */
export function winogradWeightGradientJs(dU: Float32Array, dW: Float32Array, c: number, filters: number): void {
  const plane = c * filters;
  const x = new Float64Array(16);
  const columns = new Float64Array(12); // Gᵀ dU: columns[4·ky + j]
  const row = new Float64Array(3);
  for (let i = 0; i < plane; i++) {
    for (let xi = 0; xi < 16; xi++) x[xi] = dU[xi * plane + i] as number;
    for (let j = 0; j < 4; j++) weightStep(x, j, 4, columns, j, 4);
    for (let ky = 0; ky < 3; ky++) {
      weightStep(columns, 4 * ky, 1, row, 0, 1);
      for (let kx = 0; kx < 3; kx++) dW[(3 * ky + kx) * plane + i] = row[kx] as number;
    }
  }
}

/** The argmax byte of a pooling window whose maximum passes no gradient (not > 0, or NaN). */
const NO_GRADIENT = 255;

/**
 * A first convolution layer with ReLU, then max pooling, as conv2dDirectForward and maxPool2d compute them (the same
 * float32 sums in the same order), a band of `size` rows at a time into `rows`; argmax gets each window's first
 * maximum, or NO_GRADIENT.
 */
export function conv2dDirectReluPoolJs(
  x: Float32Array, weights: Float32Array, bias: Float32Array, out: Float32Array, argmax: Uint8Array, rows: Float32Array,
  g: ConvGeometry, filters: number, batch: number, size: number,
): void {
  const { height: h, width: w, channels: c, kernelHeight: kh, kernelWidth: kw, padTop, padLeft } = g;
  const ph = Math.floor(g.outHeight / size);
  const pw = Math.floor(g.outWidth / size);
  const used = pw * size;
  let o = 0;
  for (let b = 0; b < batch; b++) {
    for (let py = 0; py < ph; py++) {
      for (let r = 0; r < size; r++) {
        const oy = py * size + r;
        for (let ox = 0; ox < used; ox++) {
          const at = (r * g.outWidth + ox) * filters;
          for (let fi = 0; fi < filters; fi++) {
            // jsKernels.conv2dDirectForward's sum: the taps inside the image in im2col's order, each added in float32.
            let s = 0;
            for (let ky = 0; ky < kh; ky++) {
              const iy = oy + ky - padTop;
              if (iy < 0 || iy >= h) continue;
              for (let kx = 0; kx < kw; kx++) {
                const ix = ox + kx - padLeft;
                if (ix < 0 || ix >= w) continue;
                for (let ci = 0; ci < c; ci++) s = f(s + (x[((b * h + iy) * w + ix) * c + ci] as number) * (weights[((ky * kw + kx) * c + ci) * filters + fi] as number));
              }
            }
            rows[at + fi] = Math.max(f(s + (bias[fi] as number)), 0);
          }
        }
      }
      for (let px = 0; px < pw; px++) {
        for (let fi = 0; fi < filters; fi++, o++) {
          let best = rows[px * size * filters + fi] as number;
          let index = 0;
          for (let dy = 0; dy < size; dy++) {
            for (let dx = dy === 0 ? 1 : 0; dx < size; dx++) {
              const v = rows[(dy * g.outWidth + px * size + dx) * filters + fi] as number;
              if (v > best) {
                best = v;
                index = dy * size + dx;
              }
            }
          }
          out[o] = best;
          argmax[o] = best > 0 ? index : NO_GRADIENT;
        }
      }
    }
  }
}

/**
 * The weight and bias gradients of conv2dDirectReluPoolJs, a sample at a time through `g` (one sample's δ at the
 * convolution outputs): the same sums in the same order as maxPoolUnpoolJs then jsKernels.conv2dDirectBackward.
 */
export function conv2dDirectPoolBackwardJs(
  dy: Float32Array, argmax: Uint8Array, x: Float32Array, dW: Float32Array, db: Float32Array, g: Float32Array,
  geometry: ConvGeometry, filters: number, batch: number, size: number,
): void {
  const { height: h, width: w, channels: c, kernelHeight: kh, kernelWidth: kw, padTop, padLeft, outHeight: oh, outWidth: ow } = geometry;
  const pooled = Math.floor(oh / size) * Math.floor(ow / size) * filters;
  dW.fill(0, 0, kh * kw * c * filters);
  db.fill(0, 0, filters);
  for (let b = 0; b < batch; b++) {
    maxPoolUnpoolJs(dy.subarray(b * pooled), argmax.subarray(b * pooled), g, 1, oh, ow, filters, size);
    for (let i = 0; i < oh * ow; i++) for (let fi = 0; fi < filters; fi++) db[fi] = (db[fi] as number) + (g[i * filters + fi] as number);
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const o = (oy * ow + ox) * filters;
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy + ky - padTop;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox + kx - padLeft;
            if (ix < 0 || ix >= w) continue;
            for (let ci = 0; ci < c; ci++) {
              const v = x[((b * h + iy) * w + ix) * c + ci] as number;
              if (v === 0) continue;
              const row = ((ky * kw + kx) * c + ci) * filters;
              for (let fi = 0; fi < filters; fi++) dW[row + fi] = (dW[row + fi] as number) + v * (g[o + fi] as number);
            }
          }
        }
      }
    }
  }
}

/** g (batch×oh×ow×filters) = dy at each window's argmax byte, 0 elsewhere. */
export function maxPoolUnpoolJs(dy: Float32Array, argmax: Uint8Array, g: Float32Array, batch: number, oh: number, ow: number, filters: number, size: number): void {
  const ph = Math.floor(oh / size);
  const pw = Math.floor(ow / size);
  g.fill(0, 0, batch * oh * ow * filters);
  let o = 0;
  for (let b = 0; b < batch; b++) {
    for (let py = 0; py < ph; py++) {
      for (let px = 0; px < pw; px++) {
        for (let fi = 0; fi < filters; fi++, o++) {
          const index = argmax[o] as number;
          if (index === NO_GRADIENT) continue;
          const wy = Math.floor(index / size);
          const wx = index % size;
          g[((b * oh + py * size + wy) * ow + px * size + wx) * filters + fi] = dy[o] as number;
        }
      }
    }
  }
}
