import type { ConvGeometry } from './kernels.js';

/** `valid`: the window stays inside the image; `same`: zero padding keeps the output the input's size (stride 1). */
export type Padding = 'valid' | 'same';

/**
 * The geometry of a stride-1 convolution of a kernelSize×kernelSize window over height×width×channels images.
 * For `same` with an even kernel the extra row and column of padding go at the bottom and right (as TensorFlow does).
 */
export function convGeometry(height: number, width: number, channels: number, kernelSize: number, padding: Padding): ConvGeometry {
  const pad = padding === 'same' ? kernelSize - 1 : 0;
  const geometry = {
    height,
    width,
    channels,
    kernelHeight: kernelSize,
    kernelWidth: kernelSize,
    padTop: Math.floor(pad / 2),
    padLeft: Math.floor(pad / 2),
    outHeight: height + pad - kernelSize + 1,
    outWidth: width + pad - kernelSize + 1,
  };
  if (geometry.outHeight < 1 || geometry.outWidth < 1) {
    throw new RangeError(`a ${String(kernelSize)}×${String(kernelSize)} '${padding}' convolution does not fit ${String(height)}×${String(width)} images`);
  }
  return geometry;
}
