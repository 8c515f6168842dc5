import { parseNpy } from '@descent/datasets';

/**
 * The numbers in a sample file as the playground's text: a NumPy .npy array (the book's fmnist_*_runs.npy, or
 * `descent study`'s <arm>.npy), a JSON array, or text with one number per line (or separated by spaces or commas).
 */
export async function readSampleFile(file: File): Promise<string> {
  if (file.name.toLowerCase().endsWith('.npy')) {
    const array = parseNpy(new Uint8Array(await file.arrayBuffer()), file.name);
    return Array.from(array.data as ArrayLike<number | bigint>, (v) => String(Number(v))).join(' ');
  }
  const text = await file.text();
  if (text.trim().startsWith('[')) {
    const parsed = JSON.parse(text) as unknown;
    if (!Array.isArray(parsed)) throw new Error(`${file.name} is not a JSON array of numbers`);
    return parsed.map((v) => String(v)).join(' ');
  }
  return text;
}
