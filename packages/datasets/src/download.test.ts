import { mkdtempSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetNotFoundError, describeSources, downloadFashionMnist, loadImageDataset } from './locate.js';

// A download that cannot succeed says why, against real sockets on this machine: a server that answers 404, and a
// port where nothing listens.

const empty = () => mkdtempSync(join(tmpdir(), 'descent-download-'));

/** A port that was free a moment ago: a server is opened on it and closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a download that fails', () => {
  let server: Server;
  let mirror = '';
  let requests = 0;
  beforeAll(async () => {
    server = createServer((_request, response) => {
      requests += 1;
      response.writeHead(404, 'Not Found').end('no such file');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    mirror = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/`;
  });
  afterAll(() => {
    server.close();
  });

  it('answered 404: names the file and the status, saves nothing', async () => {
    const cache = empty();
    await expect(downloadFashionMnist(cache, mirror)).rejects.toThrow(`download of ${mirror}train-images-idx3-ubyte.gz failed: HTTP 404 Not Found`);
    expect(requests).toBe(1);
    expect(readdirSync(cache)).toEqual([]);
  });

  it('refused connection: says so in words', async () => {
    const url = `http://127.0.0.1:${String(await closedPort())}/`;
    await expect(downloadFashionMnist(empty(), url)).rejects.toThrow(`download of ${url}train-images-idx3-ubyte.gz failed: connection refused (nothing is listening there)`);
  });

  it('loadImageDataset lists the failed download among the places tried', async () => {
    const env = { XDG_CACHE_HOME: empty(), DESCENT_FASHION_MNIST_MIRROR: mirror, DESCENT_SYSTEM_DATA_DIR: empty() };
    const attempt = loadImageDataset('fashion-mnist', { env });
    await expect(attempt).rejects.toThrow(DatasetNotFoundError);
    await expect(loadImageDataset('fashion-mnist', { env })).rejects.toThrow(/Tried: .*; download from http:\/\/127\.0\.0\.1:\d+\/: download of .* failed: HTTP 404 Not Found\. Fix:/);
  });

  it('DESCENT_SYSTEM_DATA_DIR replaces Debian’s folder', () => {
    const system = empty();
    const debian = describeSources('mnist', { env: { DESCENT_SYSTEM_DATA_DIR: system } }).find((s) => s.place === 'debian');
    expect(debian?.directory).toBe(join(system, 'mnist'));
  });
});
