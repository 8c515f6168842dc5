#!/usr/bin/env node
// Rebuilds the embedded sample (src/fashion-mnist-sample.bin) from the Fashion-MNIST IDX files (after `pnpm build` of this package):
//   node scripts/build-sample.mjs [DIR]      (default: Debian's /usr/share/datasets/fashion-mnist)
// The sample is deterministic and class-balanced: the first 1,000 training images of each class and the first 200
// test images of each class, in file order, shrunk to 14×14 as the book does. 10,000 + 2,000 images.
import { renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadImageDataset } from '../dist/node.js';

const PER_CLASS = { train: 1000, test: 200 };
const dir = process.argv[2] ?? '/usr/share/datasets/fashion-mnist';
const data = await loadImageDataset('fashion-mnist', { dataDir: dir, size: 14 });

function pick(split, perClass) {
  const taken = new Array(10).fill(0);
  const chosen = [];
  for (let i = 0; i < split.count && chosen.length < perClass * 10; i++) {
    const label = split.labels[i];
    if (taken[label] < perClass) {
      taken[label]++;
      chosen.push(i);
    }
  }
  const images = new Uint8Array(chosen.length * 196);
  const labels = new Uint8Array(chosen.length);
  chosen.forEach((index, k) => {
    images.set(split.images.subarray(index * 196, (index + 1) * 196), k * 196);
    labels[k] = split.labels[index];
  });
  return { images, labels };
}

const train = pick(data.train, PER_CLASS.train);
const test = pick(data.test, PER_CLASS.test);
// The layout parseSample (src/sample-format.ts) reads: 'DFMS', the two counts and the side as uint32 little-endian,
// then training pixels, training labels, test pixels, test labels.
const header = Buffer.alloc(16);
header.write('DFMS', 0, 'latin1');
header.writeUInt32LE(train.labels.length, 4);
header.writeUInt32LE(test.labels.length, 8);
header.writeUInt32LE(14, 12);
const bytes = Buffer.concat([header, train.images, train.labels, test.images, test.labels]);
const target = fileURLToPath(new URL('../src/fashion-mnist-sample.bin', import.meta.url));
writeFileSync(`${target}.tmp`, bytes);
renameSync(`${target}.tmp`, target);
console.log(`wrote ${target}: ${train.labels.length} training and ${test.labels.length} test images`);
