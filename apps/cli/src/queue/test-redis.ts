// For the queue's tests: Debian's redis-server on 127.0.0.1 at a free port, with its data in a temporary folder
// (appendonly, so a restart keeps the queue), stopped by its process id. Nothing here runs outside the tests.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REDIS_SERVER = '/usr/bin/redis-server';

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
  /** redis://[:password@]127.0.0.1:port, or rediss:// with TLS */
  readonly url: string;
  /** With TLS: the server's self-signed certificate, which clients must trust (NODE_EXTRA_CA_CERTS). */
  readonly certificate: string | null;
  /** Stops the server (SIGTERM: it writes its append-only file first) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder. */
  start(): Promise<void>;
}

/** A self-signed certificate for 127.0.0.1 in DIR (openssl), for a TLS server: [certificate, key]. */
function selfSigned(dir: string): [string, string] {
  const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
  execFileSync('/usr/bin/openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return [cert, key];
}

function launch(port: number, dir: string, password: string | undefined, tls: readonly [string, string] | null): Promise<ChildProcess> {
  const listen = tls === null ? ['--port', String(port)] : ['--port', '0', '--tls-port', String(port), '--tls-cert-file', tls[0], '--tls-key-file', tls[1], '--tls-auth-clients', 'no'];
  const args = [...listen, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', dir, ...(password === undefined ? [] : ['--requirepass', password])];
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

export async function startTestRedis(password?: string, options: { tls?: boolean } = {}): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'descent-redis-'));
  const tls = options.tls === true ? selfSigned(dir) : null;
  let child: ChildProcess | null = await launch(port, dir, password, tls);
  return {
    port,
    dir,
    url: `redis${tls === null ? '' : 's'}://${password === undefined ? '' : `:${password}@`}127.0.0.1:${String(port)}`,
    certificate: tls === null ? null : tls[0],
    stop: async () => {
      const running = child;
      child = null;
      if (running?.pid === undefined || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      process.kill(running.pid, 'SIGTERM');
      await exited;
    },
    start: async () => {
      child = await launch(port, dir, password, tls);
    },
  };
}
