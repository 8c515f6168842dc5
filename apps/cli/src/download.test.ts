import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The command on a machine without Fashion-MNIST (an empty cache and system folder), whose download fails: a mirror
// on 127.0.0.1 that answers 404, or a port where nothing listens. Exit 1 and one line that says why.

const bin = fileURLToPath(new URL('../bin/descent.js', import.meta.url));
const empty = () => mkdtempSync(join(tmpdir(), 'descent-cli-download-'));

/** Runs the installed bin (the server lives in this process, so the child must not block it). */
function descent(env: Record<string, string>, ...argv: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Whatever this machine sets for the data sets is left out; the test sets its own.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DESCENT_')));
    const child = spawn('node', [bin, ...argv], { env: { ...inherited, ...env }, cwd: empty() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

const noLocalData = () => ({ XDG_CACHE_HOME: empty(), DESCENT_SYSTEM_DATA_DIR: empty() });

describe('descent train --dataset fashion-mnist when the download fails', () => {
  let server: Server;
  let mirror = '';
  beforeAll(async () => {
    server = createServer((_request, response) => response.writeHead(404, 'Not Found').end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    mirror = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/`;
  });
  afterAll(() => {
    server.close();
  });

  it('404: exit 1, one line naming the place tried and the status', async () => {
    const r = await descent({ ...noLocalData(), DESCENT_FASHION_MNIST_MIRROR: mirror }, 'train', '--dataset', 'fashion-mnist', '--minibatches', '1');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^descent: fashion-mnist was not found\\. Tried: .*download from ${mirror}: download of ${mirror}train-images-idx3-ubyte\\.gz failed: HTTP 404 Not Found\\. Fix: `));
  });

  it('refused connection: exit 1 after the retries (each announced), one line that says the connection was refused', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${String((closed.address() as AddressInfo).port)}/`;
    await new Promise((resolve) => closed.close(resolve));
    const r = await descent({ ...noLocalData(), DESCENT_FASHION_MNIST_MIRROR: url }, 'data', 'export', 'fashion-mnist', '--out', 'x.npy');
    expect(r.code).toBe(1);
    // Four retries (0.5, 1, 2, 4 s apart), each said on a line of its own, then the one line of the failure.
    const lines = r.stderr.trim().split('\n');
    expect(lines.slice(0, -1)).toEqual(
      [0.5, 1, 2, 4].map((s) => `descent: ${url}train-images-idx3-ubyte.gz: connection refused (nothing is listening there); trying again in ${String(s)} s`),
    );
    expect(lines.at(-1)).toContain(`download of ${url}train-images-idx3-ubyte.gz failed: connection refused (nothing is listening there) (5 tries)`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
