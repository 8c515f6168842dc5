// Elementwise kernels (activations and their backward passes, differences) and the gather of a minibatch of images
// from their bytes.
import { exp4 } from './lanes';

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
