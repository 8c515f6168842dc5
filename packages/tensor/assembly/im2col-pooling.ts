// The window walks of a convolution over NHWC images: im2col and its adjoint col2im, max pooling and its backward pass.

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
