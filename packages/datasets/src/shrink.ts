/**
 * The book's 14×14 Fashion-MNIST: `cv2.resize(img, (14, 14), interpolation=cv2.INTER_LINEAR)` on each uint8 28×28
 * image. Halving exactly puts every output pixel's source point at the centre of a 2×2 block, so OpenCV's
 * fixed-point bilinear weights are all ½·½ and its rounding gives (a + b + c + d + 2) >> 2. Tests check this
 * byte for byte against the book's own file.
 */
export function shrinkTo14(images: Uint8Array, count: number): Uint8Array {
  if (images.length !== count * 784) throw new RangeError(`expected ${String(count)} images of 28×28 (${String(count * 784)} bytes), got ${String(images.length)} bytes`);
  const out = new Uint8Array(count * 196);
  for (let n = 0; n < count; n++) {
    const src = n * 784;
    const dst = n * 196;
    for (let y = 0; y < 14; y++) {
      for (let x = 0; x < 14; x++) {
        const top = src + 2 * y * 28 + 2 * x;
        const sum = (images[top] as number) + (images[top + 1] as number) + (images[top + 28] as number) + (images[top + 29] as number);
        out[dst + y * 14 + x] = (sum + 2) >> 2;
      }
    }
  }
  return out;
}
