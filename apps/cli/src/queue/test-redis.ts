// For the queue's tests: Debian's redis-server on 127.0.0.1 at a free port, with its data in a temporary folder
// (appendonly, so a restart keeps the queue), stopped by its process id. Nothing here runs outside the tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_SERVER = '/usr/bin/redis-server';

/** A port nothing listens on now (the OS's pick, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

export interface TestRedis {
  readonly port: number;
  readonly dir: string;
  /** redis://[:password@]127.0.0.1:port */
  readonly url: string;
  /** Stops the server (SIGTERM: it writes its append-only file first) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder. */
  start(): Promise<void>;
}

function launch(port: number, dir: string, password: string | undefined): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', dir, ...(password === undefined ? [] : ['--requirepass', password])];
  const child = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let log = '';
    const onData = (d: Buffer) => {
      log += d.toString();
      if (log.includes('Ready to accept connections')) {
        child.stdout.off('data', onData);
        resolve(child);
      }
    };
    child.stdout.on('data', onData);
    child.on('error', (error) => {
      reject(new Error(`cannot start ${REDIS_SERVER} (install Debian's redis-server: scripts/install-system-packages.sh): ${error.message}`));
    });
    child.on('exit', (code) => {
      reject(new Error(`redis-server exited with code ${String(code)} before it was ready:\n${log}`));
    });
  });
}

export async function startTestRedis(password?: string): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'descent-redis-'));
  let child: ChildProcess | null = await launch(port, dir, password);
  return {
    port,
    dir,
    url: `redis://${password === undefined ? '' : `:${password}@`}127.0.0.1:${String(port)}`,
    stop: async () => {
      const running = child;
      child = null;
      if (running?.pid === undefined || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      process.kill(running.pid, 'SIGTERM');
      await exited;
    },
    start: async () => {
      child = await launch(port, dir, password);
    },
  };
}
