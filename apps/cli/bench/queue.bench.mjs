// The queue's overhead (`node bench/queue.bench.mjs`, after a build): the same study (2 arms × 4 runs of 12,000
// minibatches on the embedded sample, as study.bench.mjs) trained by 2 local worker threads, and by one `descent
// worker --concurrency 2` over a local Redis (Debian's redis-server, started here in a temporary folder and stopped
// by its pid), back to back, twice. The worker is started (and connected) before the clock starts, as a worker
// serving a queue would be; the submitter's time is the study's wall time. Issue 17's target: the queue adds at most
// 10 % of wall time. Both runs must end with the same MCCs.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { enableRelaxedSimd } from '@descent/tensor/node';
import { main } from '../dist/index.js';

enableRelaxedSimd(); // as the descent binary does

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const STUDY = ['study', '--arm', 'a: sgd --lr 1', '--arm', 'b: momentum --lr 0.2 --momentum 0.9', '--runs', '4', '--minibatches', '12000', '--dataset', 'fashion-mnist-sample', '--json'];

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** Starts `command args` and resolves once its output contains `ready`. */
function startUntil(command, args, ready) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d) => {
      out += d.toString();
      if (out.includes(ready)) resolve(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${command} exited (${code}) before it was ready:\n${out}`)));
  });
}

const port = await freePort();
const redisDir = mkdtempSync(join(tmpdir(), 'descent-queue-bench-redis-'));
const redis = await startUntil('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', redisDir], 'Ready to accept connections');
const url = `redis://127.0.0.1:${port}`;
const worker = await startUntil(process.execPath, [bin, 'worker', '--redis', url, '--concurrency', '2'], 'Ctrl-C stops');

async function wall(extra) {
  const cwd = mkdtempSync(join(tmpdir(), 'descent-queue-bench-'));
  let stdout = '';
  const io = { cwd, stdout: (s) => (stdout += s), stderr: () => undefined };
  const t0 = performance.now();
  const code = await main([...STUDY, ...extra, '--out', 'out'], io);
  if (code !== 0) throw new Error(`study exited ${code}`);
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, arms: JSON.parse(stdout).arms, files: readFileSync(join(cwd, 'out', 'comparison.json'), 'utf8') };
}

const times = { local: [], queue: [] };
try {
  for (let round = 0; round < 2; round++) {
    const local = await wall(['--workers', '2']);
    const queued = await wall(['--redis', url]);
    if (local.files !== queued.files) throw new Error('the queued study ended with another comparison.json than the local one');
    times.local.push(local.seconds);
    times.queue.push(queued.seconds);
  }
} finally {
  worker.kill('SIGTERM');
  redis.kill('SIGTERM');
}
const best = (v) => Math.min(...v);
console.log('\n@descent/cli: a study of 8 runs, 2 local worker threads vs 2 threads of one descent worker over a local Redis');
console.log(`  local : best ${best(times.local).toFixed(2)} s   (${times.local.map((t) => t.toFixed(2)).join(', ')})`);
console.log(`  queue : best ${best(times.queue).toFixed(2)} s   (${times.queue.map((t) => t.toFixed(2)).join(', ')})`);
const overhead = best(times.queue) / best(times.local) - 1;
console.log(`  overhead ${(overhead * 100).toFixed(1)} % of wall time; target ≤ 10 %: ${overhead <= 0.1 ? 'met' : 'NOT met'}; same comparison.json: yes`);
