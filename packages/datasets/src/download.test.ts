import { mkdtempSync, readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadBytes, retryAfterMs, type DownloadRetry } from './download.js';
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

  it('refused connection: says so in words, after the retries', async () => {
    const url = `http://127.0.0.1:${String(await closedPort())}/`;
    const retries: DownloadRetry[] = [];
    await expect(downloadFashionMnist(empty(), url, { attempts: 3, backoffMs: 1, onRetry: (r) => retries.push(r) })).rejects.toThrow(
      `download of ${url}train-images-idx3-ubyte.gz failed: connection refused (nothing is listening there) (3 tries)`,
    );
    expect(retries.map((r) => [r.attempt, r.delayMs])).toEqual([
      [1, 1],
      [2, 2],
    ]);
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

/** A server on this machine for one test: `answer` sees the 1-based request count. */
async function serve(answer: (count: number, request: IncomingMessage, response: ServerResponse) => void): Promise<{ url: string; requests: () => number; close: () => void }> {
  let count = 0;
  const server = createServer((request, response) => {
    count += 1;
    answer(count, request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/file.bin`,
    requests: () => count,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

describe('downloadBytes: retries, backoff and timeout', () => {
  it('503 twice, then 200: retried with doubling pauses, and the body is returned whole', async () => {
    const server = await serve((count, _request, response) => {
      if (count <= 2) response.writeHead(503, 'Service Unavailable').end('busy');
      else response.writeHead(200, { 'content-length': '5' }).end('hello');
    });
    const retries: DownloadRetry[] = [];
    const progress: number[][] = [];
    try {
      const bytes = await downloadBytes(server.url, { backoffMs: 5, onRetry: (r) => retries.push(r), onProgress: (received, total) => progress.push([received, total]) });
      expect(Buffer.from(bytes).toString()).toBe('hello');
      expect(server.requests()).toBe(3);
      expect(retries).toEqual([
        { url: server.url, attempt: 1, reason: 'HTTP 503 Service Unavailable', delayMs: 5 },
        { url: server.url, attempt: 2, reason: 'HTTP 503 Service Unavailable', delayMs: 10 },
      ]);
      expect(progress.at(-1)).toEqual([5, 5]);
    } finally {
      server.close();
    }
  });

  it('429 with Retry-After: waits as long as the server says', async () => {
    const server = await serve((count, _request, response) => {
      if (count === 1) response.writeHead(429, 'Too Many Requests', { 'retry-after': '1' }).end();
      else response.writeHead(200).end('ok');
    });
    const retries: DownloadRetry[] = [];
    try {
      const bytes = await downloadBytes(server.url, { backoffMs: 5, onRetry: (r) => retries.push(r) });
      expect(Buffer.from(bytes).toString()).toBe('ok');
      expect(retries.map((r) => [r.reason, r.delayMs])).toEqual([['HTTP 429 Too Many Requests', 1000]]);
    } finally {
      server.close();
    }
  });

  it('a Retry-After beyond maxDelayMs ends the download, naming the wait', async () => {
    const server = await serve((_count, _request, response) => {
      response.writeHead(503, 'Service Unavailable', { 'retry-after': '3600' }).end();
    });
    try {
      await expect(downloadBytes(server.url, { maxDelayMs: 1000 })).rejects.toThrow(
        `download of ${server.url} failed: HTTP 503 Service Unavailable, and the server asks to wait 3600 s before trying again (1 try)`,
      );
      expect(server.requests()).toBe(1);
    } finally {
      server.close();
    }
  });

  it('5xx every time: gives up after the given number of tries, naming the URL and the status', async () => {
    const server = await serve((_count, _request, response) => {
      response.writeHead(502, 'Bad Gateway').end();
    });
    try {
      await expect(downloadBytes(server.url, { attempts: 3, backoffMs: 1 })).rejects.toThrow(`download of ${server.url} failed: HTTP 502 Bad Gateway (3 tries)`);
      expect(server.requests()).toBe(3);
    } finally {
      server.close();
    }
  });

  it('404: fails at once, no retry', async () => {
    const server = await serve((_count, _request, response) => {
      response.writeHead(404, 'Not Found').end();
    });
    const retries: DownloadRetry[] = [];
    try {
      await expect(downloadBytes(server.url, { backoffMs: 1, onRetry: (r) => retries.push(r) })).rejects.toThrow(`download of ${server.url} failed: HTTP 404 Not Found`);
      expect(server.requests()).toBe(1);
      expect(retries).toEqual([]);
    } finally {
      server.close();
    }
  });

  it('a server that never answers: the timeout fires, the message names the URL, no retry', async () => {
    const server = await serve(() => {
      // Accepts the request and says nothing.
    });
    try {
      await expect(downloadBytes(server.url, { timeoutMs: 200 })).rejects.toThrow(`download of ${server.url} failed: no answer from the server within 0.2 s (timeout)`);
      expect(server.requests()).toBe(1);
    } finally {
      server.close();
    }
  });

  it('loadImageDataset passes its downloadOptions on: a hanging mirror is listed with the timeout', async () => {
    const server = await serve(() => {
      // Silent.
    });
    const env = { XDG_CACHE_HOME: empty(), DESCENT_FASHION_MNIST_MIRROR: server.url.replace('file.bin', ''), DESCENT_SYSTEM_DATA_DIR: empty() };
    try {
      await expect(loadImageDataset('fashion-mnist', { env, downloadOptions: { timeoutMs: 200 } })).rejects.toThrow(
        /download of http:\/\/127\.0\.0\.1:\d+\/train-images-idx3-ubyte\.gz failed: no answer from the server within 0\.2 s \(timeout\)\. Fix:/,
      );
    } finally {
      server.close();
    }
  });

  it('a body that stops half-way: the idle timeout fires too', async () => {
    const server = await serve((_count, _request, response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('first half');
    });
    try {
      await expect(downloadBytes(server.url, { timeoutMs: 200 })).rejects.toThrow(`download of ${server.url} failed: no answer from the server within 0.2 s (timeout)`);
    } finally {
      server.close();
    }
  });

  it('refuses a timeout, tries or pauses that are not whole numbers in range', async () => {
    await expect(downloadBytes('http://127.0.0.1:1/', { timeoutMs: 0 })).rejects.toThrow('Invalid timeoutMs: 0 (expected a whole number ≥ 1)');
    await expect(downloadBytes('http://127.0.0.1:1/', { attempts: 1.5 })).rejects.toThrow('Invalid attempts: 1.5 (expected a whole number ≥ 1)');
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('120')).toBe(120_000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:30 GMT'))).toBe(30_000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:29:00 GMT'))).toBe(0);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});

describe('a private mirror’s credentials stay out of messages', () => {
  it('user:pass@ and ?token= are sent (Basic authorization, query) but shown nowhere', async () => {
    const seen: { url: string | undefined; authorization: string | undefined }[] = [];
    const server = await serve((count, request, response) => {
      seen.push({ url: request.url, authorization: request.headers.authorization });
      if (count === 1) response.writeHead(503, 'Service Unavailable').end();
      else response.writeHead(404, 'Not Found').end();
    });
    const origin = server.url.replace('/file.bin', '');
    const mirror = `${origin.replace('http://', 'http://user:s3cret@')}/private?token=t0ken`;
    const env = { XDG_CACHE_HOME: empty(), DESCENT_FASHION_MNIST_MIRROR: mirror, DESCENT_SYSTEM_DATA_DIR: empty() };
    const retries: DownloadRetry[] = [];
    try {
      const note = describeSources('fashion-mnist', { env }).find((s) => s.place === 'download')?.note;
      expect(note).toBe(`download from ${origin}/private`);
      const failure = loadImageDataset('fashion-mnist', { env, downloadOptions: { backoffMs: 1, onRetry: (r) => retries.push(r) } });
      await expect(failure).rejects.toThrow(`download of ${origin}/private/train-images-idx3-ubyte.gz failed: HTTP 404 Not Found`);
      const message = await failure.catch((error: unknown) => (error as Error).message);
      expect(message).not.toMatch(/user:|s3cret|token=|t0ken/);
      expect(retries.map((r) => r.url)).toEqual([`${origin}/private/train-images-idx3-ubyte.gz`]);
      // The server still got what the mirror needs.
      expect(seen).toHaveLength(2);
      for (const request of seen) {
        expect(request.url).toBe('/private/train-images-idx3-ubyte.gz?token=t0ken');
        expect(request.authorization).toBe(`Basic ${Buffer.from('user:s3cret').toString('base64')}`);
      }
    } finally {
      server.close();
    }
  });
});
