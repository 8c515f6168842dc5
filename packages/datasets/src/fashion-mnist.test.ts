import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNpy } from './npy.js';
import { DatasetNotFoundError, describeSources, IDX_FILES, loadImageDataset } from './locate.js';
import { loadFashionMnistSample } from './sample-node.js';
import { bookFixture, requireDebianFashionMnist } from './test-paths.js';

const debian = requireDebianFashionMnist();
const empty = () => mkdtempSync(join(tmpdir(), 'descent-data-'));
const offline = (extra: Record<string, string> = {}) => ({ XDG_CACHE_HOME: empty(), DESCENT_OFFLINE: '1', ...extra });

describe('Fashion-MNIST from real files', () => {
  it("shrinks the test split to the book's 14×14 file byte for byte, with the book's labels", async () => {
    const data = await loadImageDataset('fashion-mnist', { dataDir: debian, size: 14 });
    const book = parseNpy(readFileSync(bookFixture('fmnist_test_images_small.npy')));
    const labels = parseNpy(readFileSync(bookFixture('fmnist_test_labels.npy')));
    expect(data.test.count).toBe(10_000);
    expect(data.train.count).toBe(60_000);
    expect(Buffer.compare(Buffer.from(data.test.images), Buffer.from(book.data as Uint8Array))).toBe(0);
    expect(Buffer.compare(Buffer.from(data.test.labels), Buffer.from(labels.data as Uint8Array))).toBe(0);
    expect(data.source).toBe(debian);
  });

  it('finds Debian’s package when nothing else is named, and says so', async () => {
    const data = await loadImageDataset('fashion-mnist', { env: offline() });
    expect(data.source).toBe(debian);
    expect(data.size).toBe(28);
    expect(data.train.images.length).toBe(60_000 * 784);
  });

  it('uses a directory the user names, or reports it; it never falls back to another source', async () => {
    const dir = empty();
    copyFileSync(join(debian, 't10k-images-idx3-ubyte.gz'), join(dir, 't10k-images-idx3-ubyte.gz'));
    await expect(loadImageDataset('fashion-mnist', { dataDir: dir })).rejects.toThrow(
      `fashion-mnist not found in ${dir} (--data-dir): missing train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-labels-idx1-ubyte (raw or .gz)`,
    );
    await expect(loadImageDataset('fashion-mnist', { env: { ...offline(), DESCENT_DATA_DIR: dir } })).rejects.toThrow(/\(DESCENT_DATA_DIR\)/);
  });

  it('lists every place tried and the fixes when nothing works', async () => {
    const attempt = loadImageDataset('fashion-mnist', { env: offline(), systemDir: empty() });
    await expect(attempt).rejects.toThrow(DatasetNotFoundError);
    await expect(loadImageDataset('fashion-mnist', { env: offline(), systemDir: empty() })).rejects.toThrow(
      /was not found\. Tried: .*user cache\): not there; .*Debian package dataset-fashion-mnist\): not there; download from .*: not tried\. Fix: pass --data-dir DIR/,
    );
    const sources = describeSources('mnist', { env: offline() });
    expect(sources.map((s) => s.place)).toEqual(['cache', 'debian', 'download']);
    expect(sources.at(-1)?.found).toBe(false);
  });

  it('reports a corrupt file clearly', async () => {
    const dir = empty();
    for (const name of Object.values(IDX_FILES)) copyFileSync(join(debian, `${name}.gz`), join(dir, `${name}.gz`));
    const broken = join(dir, 'train-labels-idx1-ubyte.gz');
    const bytes = readFileSync(broken);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(broken, bytes.subarray(0, 100));
    await expect(loadImageDataset('fashion-mnist', { dataDir: dir })).rejects.toThrow(/train-labels-idx1-ubyte\.gz is a corrupt gzip file/);
  });
});

describe('the download, from a mirror on this machine', () => {
  let server: Server;
  let mirror = '';
  let tamper = false;
  beforeAll(async () => {
    server = createServer((request, response) => {
      const name = (request.url ?? '').slice(1);
      const path = join(debian, name);
      if (!existsSync(path)) {
        response.writeHead(404).end();
        return;
      }
      const body = readFileSync(path);
      if (tamper && name.startsWith('train-labels')) body.writeUInt8((body.at(-1) ?? 0) ^ 1, body.length - 1);
      response.writeHead(200, { 'content-length': String(body.length) }).end(body);
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    mirror = `http://127.0.0.1:${String(typeof address === 'object' && address !== null ? address.port : 0)}/`;
  });
  afterAll(() => {
    server.close();
  });

  it('downloads into the cache with SHA-256 checks, reports progress, and then uses the cache', async () => {
    const cache = empty();
    const env = { XDG_CACHE_HOME: cache, DESCENT_FASHION_MNIST_MIRROR: mirror };
    let progress = 0;
    const data = await loadImageDataset('fashion-mnist', { env, systemDir: empty(), onProgress: () => (progress += 1) });
    expect(data.source).toBe(`${join(cache, 'descent', 'fashion-mnist')} (downloaded)`);
    expect(progress).toBeGreaterThan(3);
    expect(readdirSync(join(cache, 'descent', 'fashion-mnist')).sort()).toEqual(Object.values(IDX_FILES).map((n) => `${n}.gz`).sort());
    const again = await loadImageDataset('fashion-mnist', { env: { ...env, DESCENT_OFFLINE: '1' }, systemDir: empty() });
    expect(again.source).toBe(join(cache, 'descent', 'fashion-mnist'));
  });

  it('refuses a file whose checksum is wrong and leaves nothing half-written', async () => {
    tamper = true;
    const cache = empty();
    await expect(loadImageDataset('fashion-mnist', { env: { XDG_CACHE_HOME: cache, DESCENT_FASHION_MNIST_MIRROR: mirror }, systemDir: empty() })).rejects.toThrow(
      /train-labels-idx1-ubyte\.gz has SHA-256 [0-9a-f]{64}, expected 0ae29f65.*not saved/,
    );
    const files = readdirSync(join(cache, 'descent', 'fashion-mnist'));
    expect(files).not.toContain('train-labels-idx1-ubyte.gz');
    expect(files.some((f) => f.endsWith('.tmp'))).toBe(false);
    tamper = false;
  });
});

describe('the embedded sample', () => {
  it('holds 10,000 + 2,000 balanced 14×14 images taken from the real data in file order', async () => {
    const sample = await loadFashionMnistSample();
    expect(sample.train.count).toBe(10_000);
    expect(sample.test.count).toBe(2_000);
    const perClass = (labels: Uint8Array) => Array.from({ length: 10 }, (_, c) => labels.filter((l) => l === c).length);
    expect(perClass(sample.train.labels)).toEqual(new Array(10).fill(1000));
    expect(perClass(sample.test.labels)).toEqual(new Array(10).fill(200));
    const full = await loadImageDataset('fashion-mnist', { dataDir: debian, size: 14 });
    // The first test image of the file is the first of its class, so it is the sample's first.
    expect([...sample.test.images.subarray(0, 196)]).toEqual([...full.test.images.subarray(0, 196)]);
    expect(sample.test.labels[0]).toBe(full.test.labels[0]);
  });
});
