import { denseBackwardOn, denseForwardOn } from './dense-passes.js';
import type { ConvGeometry, Kernels } from './kernels.js';
import { conv2dDirectPoolBackwardJs, conv2dDirectReluPoolJs, conv2dWinogradBackwardJs, conv2dWinogradForwardJs, maxPoolUnpoolJs, winogradFiltersJs, winogradWeightGradientJs } from './winograd.js';

// Plain JavaScript for every kernel: what runs where WebAssembly SIMD is missing or the arrays are not in the
// kernels' memory, and the reference the SIMD kernels are tested against.

/** The kernels in plain JavaScript: the fallback where WebAssembly SIMD is missing, and the reference the SIMD kernels are tested against. */
export const jsKernels: Kernels = {
  name: 'js',

  gemm(a, rs, cs, b, c, m, k, n, accumulate) {
    // Row by row, as a sum of scaled rows of B (i-p-j order): contiguous inner loop over j.
    for (let i = 0; i < m; i++) {
      const ci = i * n;
      if (!accumulate) c.fill(0, ci, ci + n);
      for (let p = 0; p < k; p++) {
        const x = a[i * rs + p * cs] as number;
        if (x === 0) continue;
        const bp = p * n;
        for (let j = 0; j < n; j++) c[ci + j] = (c[ci + j] as number) + x * (b[bp + j] as number);
      }
    }
  },

  // The loop above already passes over zero values of A one at a time.
  gemmSkipZeros(a, rs, cs, b, c, m, k, n, accumulate) {
    jsKernels.gemm(a, rs, cs, b, c, m, k, n, accumulate);
  },

  gatherPixelRows(pixels, indices, count, rowLength, out) {
    for (let r = 0; r < count; r++) {
      const src = (indices[r] as number) * rowLength;
      const dst = r * rowLength;
      for (let j = 0; j < rowLength; j++) out[dst + j] = (pixels[src + j] as number) / 255;
    }
  },

  denseForward(x, w, bias, out, m, k, n, scratch, activation, activated, wT) {
    denseForwardOn(jsKernels, x, w, bias, out, m, k, n, scratch, activation, activated, wT);
  },

  denseBackward(x, dy, dW, db, m, k, n, scratch, wT, dx) {
    denseBackwardOn(jsKernels, x, dy, dW, db, m, k, n, scratch, wT, dx);
  },

  transpose(a, out, rows, cols) {
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j] as number;
  },

  addRowVector(a, bias, m, n) {
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[i * n + j] = (a[i * n + j] as number) + (bias[j] as number);
  },

  sumRows(a, out, m, n) {
    out.fill(0, 0, n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j] = (out[j] as number) + (a[i * n + j] as number);
  },

  sigmoid(x, out) {
    for (let i = 0; i < x.length; i++) out[i] = 1 / (1 + Math.exp(-(x[i] as number)));
  },

  sigmoidBackward(y, dy, out) {
    for (let i = 0; i < y.length; i++) {
      const v = y[i] as number;
      out[i] = (dy[i] as number) * v * (1 - v);
    }
  },

  sub(a, b, out) {
    for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) - (b[i] as number);
  },

  relu(x, out) {
    for (let i = 0; i < x.length; i++) out[i] = Math.max(x[i] as number, 0);
  },

  reluBackward(x, dy, out) {
    for (let i = 0; i < x.length; i++) out[i] = (x[i] as number) > 0 ? (dy[i] as number) : 0;
  },

  tanh(x, out) {
    for (let i = 0; i < x.length; i++) out[i] = Math.tanh(x[i] as number);
  },

  tanhBackward(y, dy, out) {
    for (let i = 0; i < y.length; i++) {
      const v = y[i] as number;
      out[i] = (dy[i] as number) * (1 - v * v);
    }
  },

  softmaxRows(x, out, m, n) {
    for (let i = 0; i < m; i++) {
      const r = i * n;
      let max = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < n; j++) max = Math.max(max, x[r + j] as number);
      let sum = 0;
      for (let j = 0; j < n; j++) {
        const e = Math.exp((x[r + j] as number) - max);
        out[r + j] = e;
        sum += e;
      }
      for (let j = 0; j < n; j++) out[r + j] = (out[r + j] as number) / sum;
    }
  },

  argmaxRows(x, out, m, n) {
    for (let i = 0; i < m; i++) {
      let best = 0;
      let bestValue = x[i * n] as number;
      for (let j = 1; j < n; j++) {
        const v = x[i * n + j] as number;
        if (v > bestValue) {
          bestValue = v;
          best = j;
        }
      }
      out[i] = best;
    }
  },

  im2col(x, col, g, batch) {
    convWindows(g, batch, x, col, false);
  },

  col2im(dcol, dx, g, batch) {
    dx.fill(0, 0, batch * g.height * g.width * g.channels);
    convWindows(g, batch, dx, dcol, true);
  },

  maxPool2d(x, out, batch, h, w, c, size) {
    const oh = Math.floor(h / size);
    const ow = Math.floor(w / size);
    let o = 0;
    for (let b = 0; b < batch; b++) {
      for (let oy = 0; oy < oh; oy++) {
        for (let ox = 0; ox < ow; ox++) {
          for (let ch = 0; ch < c; ch++) {
            // The first element seeds the maximum; a later one replaces it only when greater (ties keep the first).
            let best = x[((b * h + oy * size) * w + ox * size) * c + ch] as number;
            for (let dy = 0; dy < size; dy++) {
              for (let dx = dy === 0 ? 1 : 0; dx < size; dx++) {
                const v = x[((b * h + oy * size + dy) * w + ox * size + dx) * c + ch] as number;
                if (v > best) best = v;
              }
            }
            out[o++] = best;
          }
        }
      }
    }
  },

  conv2dForward(x, col, weights, bias, out, g, filters, batch, relu) {
    const k = g.kernelHeight * g.kernelWidth * g.channels;
    const rows = batch * g.outHeight * g.outWidth;
    jsKernels.im2col(x, col, g, batch);
    jsKernels.gemm(col, k, 1, weights, out, rows, k, filters, false);
    jsKernels.addRowVector(out, bias, rows, filters);
    if (relu) jsKernels.relu(out, out);
  },

  conv2dBackward(dy, y, col, weights, weightsT, dW, db, masked, dcol, dx, g, filters, batch, relu) {
    const k = g.kernelHeight * g.kernelWidth * g.channels;
    const rows = batch * g.outHeight * g.outWidth;
    let grad = dy;
    if (relu) {
      jsKernels.reluBackward(y, dy, masked);
      grad = masked;
    }
    jsKernels.gemm(col, 1, k, grad, dW, k, rows, filters, false);
    jsKernels.sumRows(grad, db, rows, filters);
    if (dx === null) return;
    jsKernels.transpose(weights, weightsT, k, filters);
    jsKernels.gemm(grad, filters, 1, weightsT, dcol, rows, filters, k, false);
    jsKernels.col2im(dcol, dx, g, batch);
  },

  conv2dDirectForward(x, weights, bias, out, g, filters, batch, relu) {
    const outputs = batch * g.outHeight * g.outWidth * filters;
    out.fill(0, 0, outputs);
    // Each sum over the taps in im2col's order, rounded to float32 as each product is added; then bias and ReLU.
    forEachTap(g, batch, filters, (o, xi, row) => {
      const v = x[xi] as number;
      for (let f = 0; f < filters; f++) out[o + f] = (out[o + f] as number) + v * (weights[row + f] as number);
    });
    for (let i = 0; i < outputs; i++) {
      const v = (out[i] as number) + (bias[i % filters] as number);
      out[i] = relu ? Math.max(v, 0) : v;
    }
  },

  conv2dDirectBackward(dy, y, x, dW, db, masked, g, filters, batch, relu) {
    const grad = relu ? masked : dy;
    if (relu) jsKernels.reluBackward(y, dy, masked);
    jsKernels.sumRows(grad, db, batch * g.outHeight * g.outWidth, filters);
    dW.fill(0, 0, g.kernelHeight * g.kernelWidth * g.channels * filters);
    forEachTap(g, batch, filters, (o, xi, row) => {
      const v = x[xi] as number;
      if (v === 0) return;
      for (let f = 0; f < filters; f++) dW[row + f] = (dW[row + f] as number) + v * (grad[o + f] as number);
    });
  },

  maxPool2dBackward(dy, x, y, dx, batch, h, w, c, size) {
    dx.fill(0, 0, batch * h * w * c);
    const oh = Math.floor(h / size);
    const ow = Math.floor(w / size);
    let o = 0;
    for (let b = 0; b < batch; b++) {
      for (let oy = 0; oy < oh; oy++) {
        for (let ox = 0; ox < ow; ox++) {
          for (let ch = 0; ch < c; ch++, o++) {
            // The first element equal to the maximum is the one the forward pass kept.
            search: for (let wy = 0; wy < size; wy++) {
              for (let wx = 0; wx < size; wx++) {
                const at = ((b * h + oy * size + wy) * w + ox * size + wx) * c + ch;
                if (x[at] === y[o]) {
                  dx[at] = dy[o] as number;
                  break search;
                }
              }
            }
          }
        }
      }
    }
  },

  // Winograd's convolution and the fused first layer: src/winograd.ts.
  winogradFilters: winogradFiltersJs,
  conv2dWinogradForward: conv2dWinogradForwardJs,
  conv2dWinogradBackward: conv2dWinogradBackwardJs,
  winogradWeightGradient: winogradWeightGradientJs,
  conv2dDirectReluPool: conv2dDirectReluPoolJs,
  maxPoolUnpool: maxPoolUnpoolJs,
  conv2dDirectPoolBackward: conv2dDirectPoolBackwardJs,
};

/**
 * Visits each tap of a stride-1 convolution that falls inside the image, output position by position and the taps in
 * im2col's order (ky, kx, channel): `o` is the position's first output float, `xi` the input value's index, `row` the
 * tap's first float in the (taps × filters) weights.
 */
function forEachTap(g: ConvGeometry, batch: number, filters: number, visit: (o: number, xi: number, row: number) => void): void {
  const c = g.channels;
  let o = 0;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < g.outHeight; oy++) {
      for (let ox = 0; ox < g.outWidth; ox++, o += filters) {
        for (let ky = 0; ky < g.kernelHeight; ky++) {
          const iy = oy + ky - g.padTop;
          if (iy < 0 || iy >= g.height) continue;
          for (let kx = 0; kx < g.kernelWidth; kx++) {
            const ix = ox + kx - g.padLeft;
            if (ix < 0 || ix >= g.width) continue;
            for (let ci = 0; ci < c; ci++) visit(o, ((b * g.height + iy) * g.width + ix) * c + ci, ((ky * g.kernelWidth + kx) * c + ci) * filters);
          }
        }
      }
    }
  }
}

/**
 * Walks every window row of a stride-1 convolution over NHWC `image`s: copies it into `col` (im2col, with zeros
 * outside the image), or adds `col` back into `image` (col2im's adjoint).
 */
function convWindows(g: ConvGeometry, batch: number, image: Float32Array, col: Float32Array, add: boolean): void {
  const c = g.channels;
  const span = g.kernelWidth * c;
  let at = 0;
  for (let b = 0; b < batch; b++) {
    const base = b * g.height * g.width * c;
    for (let oy = 0; oy < g.outHeight; oy++) {
      for (let ox = 0; ox < g.outWidth; ox++) {
        const x0 = ox - g.padLeft;
        const kx0 = Math.max(0, -x0);
        const kx1 = Math.min(g.kernelWidth, g.width - x0);
        for (let ky = 0; ky < g.kernelHeight; ky++, at += span) {
          const iy = oy + ky - g.padTop;
          const inside = iy >= 0 && iy < g.height && kx1 > kx0;
          if (!add) col.fill(0, at, at + span);
          if (!inside) continue;
          const from = base + (iy * g.width + x0 + kx0) * c;
          const to = at + kx0 * c;
          const length = (kx1 - kx0) * c;
          if (add) for (let i = 0; i < length; i++) image[from + i] = (image[from + i] as number) + (col[to + i] as number);
          else for (let i = 0; i < length; i++) col[to + i] = image[from + i] as number;
        }
      }
    }
  }
}
