import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DatasetFormatError } from './idx.js';
import { parseSample } from './sample-format.js';
import { loadFashionMnistSample as loadInNode } from './sample-node.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const committed = new Uint8Array(readFileSync(new URL('./fashion-mnist-sample.bin', import.meta.url)));

describe('the sample file', () => {
  it('is read by the Node loader into 10,000 + 2,000 images of 14×14 with their labels, once', async () => {
    const sample = await loadInNode();
    expect(sample).toMatchObject({ name: 'fashion-mnist-sample', size: 14, source: 'embedded sample (@descent/datasets)' });
    expect([sample.train.count, sample.train.images.length, sample.train.labels.length]).toEqual([10_000, 1_960_000, 10_000]);
    expect([sample.test.count, sample.test.images.length, sample.test.labels.length]).toEqual([2_000, 392_000, 2_000]);
    expect(await loadInNode()).toBe(sample);
    // The last test label is the file's last byte: nothing is left over or cut off.
    expect(sample.test.labels[1999]).toBe(committed[committed.length - 1]);
  });

  it('is refused with a message when it is not the sample (magic, side, length)', () => {
    const bad = (edit: (bytes: Uint8Array) => Uint8Array) => () => parseSample(edit(committed.slice()), 'x.bin');
    expect(bad((b) => b.fill(0, 0, 4))).toThrow(DatasetFormatError);
    expect(bad((b) => b.fill(0, 0, 4))).toThrow("fashion-mnist-sample.bin (x.bin) is not the embedded sample: it does not start with 'DFMS'");
    expect(bad((b) => (b.set([28], 12), b))).toThrow('images of side 28, expected 14');
    expect(bad((b) => b.subarray(0, b.length - 1))).toThrow('2364015 bytes, expected 2364016 for 10000 + 2000 images');
  });
});

describe('the browser loader (@descent/datasets/sample outside Node)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('fetches the file from beside its module, once', async () => {
    const fetched: string[] = [];
    vi.stubGlobal('fetch', (url: URL) => {
      fetched.push(url.href);
      return Promise.resolve(new Response(committed));
    });
    const { loadFashionMnistSample } = await import('./sample.js');
    const [a, b] = await Promise.all([loadFashionMnistSample(), loadFashionMnistSample()]);
    expect(a).toBe(b);
    expect(a.train.count).toBe(10_000);
    expect(fetched).toEqual([new URL('./fashion-mnist-sample.bin', import.meta.url).href]);
  });

  it('says which URL failed and how, and tries again on the next call', async () => {
    let calls = 0;
    vi.stubGlobal('fetch', () => {
      calls++;
      return Promise.resolve(calls === 1 ? new Response('missing', { status: 404, statusText: 'Not Found' }) : new Response(committed));
    });
    const { loadFashionMnistSample } = await import('./sample.js');
    await expect(loadFashionMnistSample()).rejects.toThrow(/^Could not load fashion-mnist-sample\.bin from file:.*\/fashion-mnist-sample\.bin: HTTP 404 Not Found$/);
    expect((await loadFashionMnistSample()).test.count).toBe(2_000);
  });
});

describe('what a user downloads', () => {
  it('the main entry does not carry the sample, and the package ships it once, as binary', () => {
    const main = readFileSync(new URL('../dist/index.js', import.meta.url), 'utf8');
    expect(main.length).toBeLessThan(20_000);
    expect(main).not.toContain('fashion-mnist-sample.bin');
    const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: packageDir, encoding: 'utf8' })) as {
      size: number;
      files: { path: string; size: number }[];
    }[];
    const files = packed[0]?.files ?? [];
    expect(files.filter((f) => f.size > 100_000).map((f) => f.path)).toEqual(['dist/fashion-mnist-sample.bin']);
    // 6.6 MB when the sample was base64 in the ESM and CJS builds and in their source maps.
    expect(packed[0]?.size).toBeLessThan(1_700_000);
    for (const map of files.filter((f) => f.path.endsWith('.map'))) {
      expect(JSON.parse(readFileSync(`${packageDir}/${map.path}`, 'utf8'))).not.toHaveProperty('sourcesContent');
    }
  });
});
