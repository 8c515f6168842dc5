import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseNpy } from '@descent/datasets';
import { describe, expect, it } from 'vitest';
import type { Io } from './io.js';
import { main } from './program.js';

async function run(...argv: string[]) {
  const cwd = mkdtempSync(join(tmpdir(), 'descent-train-'));
  let stdout = '';
  let stderr = '';
  const io: Io = { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) };
  const code = await main(argv, io);
  return { code, stdout, stderr, cwd };
}

const bookFixture = (name: string) => fileURLToPath(new URL(`../../../fixtures/book/${name}`, import.meta.url));

describe('descent train', () => {
  it('prints the documented JSON and saves the weights', async () => {
    const r = await run('train', '--dataset', 'fashion-mnist-sample', '--minibatches', '300', '--seed', '5', '--json', '--save', 'w.json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['dataset', 'model', 'optimizer', 'options', 'minibatches', 'batchSize', 'seed', 'threads', 'seconds', 'stepsPerSecond', 'accuracy', 'mcc', 'confusion']);
    expect(out.dataset).toEqual({ name: 'fashion-mnist-sample', source: 'embedded sample (@descent/datasets)', train: 10_000, test: 2_000 });
    expect(out).toMatchObject({ model: 'book-mlp', optimizer: 'sgd', options: { lr: 1, weightDecay: 0 }, minibatches: 300, batchSize: 64, seed: 5, threads: availableParallelism() });
    expect(out.mcc as number).toBeGreaterThan(0.3);
    const saved = JSON.parse(readFileSync(join(r.cwd, 'w.json'), 'utf8')) as { weights: number[][] };
    expect(saved.weights.map((w) => w.length)).toEqual([19_600, 100, 5000, 50, 500, 10]);
    // The same seed repeats the run exactly.
    const again = JSON.parse((await run('train', '--dataset', 'fashion-mnist-sample', '--minibatches', '300', '--seed', '5', '--json')).stdout) as Record<string, unknown>;
    expect(again.confusion).toEqual(out.confusion);
  });

  it("uses listing 11-7's momentum settings for --optimizer momentum, prints as the book does", async () => {
    const r = await run('train', '--dataset', 'fashion-mnist-sample', '--optimizer', 'momentum', '--minibatches', '500');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('optimizer: momentum lr=0.2 momentum=0.9');
    expect(r.stdout).toMatch(/^\[\[ *\d+( +\d+){9}\]$/m);
    expect(r.stdout).toMatch(/^accuracy = 0\.\d{7}$/m);
    expect(r.stdout).toMatch(/^MCC = 0\.\d{7}$/m);
    expect(r.stderr).toMatch(/step 500\/500/);
  });

  it('--optimizer muon splits the network: Muon for the 2-D weights, AdamW for the biases, and says so', async () => {
    const r = await run('train', '--dataset', 'fashion-mnist-sample', '--optimizer', 'muon', '--lr', '0.02', '--minibatches', '200', '--seed', '0');
    expect(r.stderr).not.toContain('Error');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Muon takes the 2-D weights (dense layers); AdamW, at its defaults (lr=0.001 weightDecay=0.01), takes the biases');
    expect(Number(/^accuracy = (0\.\d+)$/m.exec(r.stdout)?.[1])).toBeGreaterThan(0.5);
    const scheduled = await run('train', '--dataset', 'fashion-mnist-sample', '--optimizer', 'muon', '--schedule', '{"name": "StepLR", "step_size": 10}');
    expect(scheduled.code).toBe(2);
    expect(scheduled.stderr).toContain('--schedule is not supported with --optimizer muon in train');
  }, 240_000); // two trainings: 9 s alone, over 2 min while the whole suite shares two cores (CI)

  it('trains by epochs with another optimizer', async () => {
    const r = await run('train', '--dataset', 'fashion-mnist-sample', '--optimizer', 'adam', '--lr', '0.01', '--epochs', '1', '--batch-size', '100', '--seed', '0', '--json');
    const out = JSON.parse(r.stdout) as { minibatches: number; accuracy: number };
    expect(out.minibatches).toBe(100);
    expect(out.accuracy).toBeGreaterThan(0.6);
  });

  it('--threads changes nothing but the threads: 1 and 3 threads save the same weights, and the text says how many ran', async () => {
    const weights = async (threads: string) => {
      const r = await run('train', '--dataset', 'fashion-mnist-sample', '--minibatches', '200', '--seed', '2', '--threads', threads, '--save', 'w.json');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(threads === '1' ? ', 1 thread)' : `, ${threads} threads)`);
      return readFileSync(join(r.cwd, 'w.json'), 'utf8');
    };
    expect(await weights('3')).toBe(await weights('1'));
  });

  const usage: [string[], RegExp][] = [
    [['train', '--threads', '0'], /--threads expects a whole number from 1 to 256, got '0'/],
    [['train', '--threads', 'all'], /--threads expects a whole number from 1 to 256, got 'all'/],
    [['reproduce', 'listing-11-7', '--threads', '0'], /--threads expects a whole number from 1 to 256, got '0'/],
    [['train', '--dataset', 'cifar'], /--dataset expects one of fashion-mnist, fashion-mnist-sample, mnist, got 'cifar'/],
    [['train', '--minibatches', '10', '--epochs', '1'], /give --minibatches or --epochs, not both/],
    [['train', '--model', 'resnet'], /--model expects book-mlp/],
    [['train', '--optimizer', 'adam', '--momentum', '0.9'], /--momentum is not an option of adam/],
    [['train', '--save', 'weights.bin'], /--save expects a file ending in \.json/],
  ];
  for (const [argv, message] of usage) {
    it(`descent ${argv.join(' ')} is a usage error`, async () => {
      const r = await run(...argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    });
  }

  it('a named directory without the files is a failure that says what is missing (exit 1)', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'descent-empty-'));
    const r = await run('train', '--data-dir', empty, '--minibatches', '10');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`fashion-mnist not found in ${empty} (--data-dir): missing train-images-idx3-ubyte`);
  });

  it('the binary turns on relaxed SIMD (fused multiply-add) in a Node that has it behind a flag', async () => {
    const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
    const child = spawn('node', [bin, 'train', '--dataset', 'fashion-mnist-sample', '--minibatches', '50'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    expect(await new Promise<number | null>((resolve) => child.on('close', resolve))).toBe(0);
    expect(stdout).toMatch(/trained 50 minibatches in [\d.]+s \(\d+ steps\/s, wasm-relaxed-simd kernels, (1 thread|\d+ threads)\)/);
  });

  it('stops cleanly on Ctrl-C with a one-line summary', async () => {
    const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
    const child = spawn('node', [bin, 'train', '--dataset', 'fashion-mnist-sample', '--minibatches', '10000000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Once the run has announced itself and trained a moment, press Ctrl-C.
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('seed 1')) setTimeout(() => child.kill('SIGINT'), 500);
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    const summary = stderr.trim().split('\n').at(-1) ?? '';
    expect(summary).toMatch(/^descent: stopped by Ctrl-C at step \d+ after [\d.]+s; test accuracy 0\.\d{4}, MCC -?\d\.\d{4} \(nothing saved\)$/);
  });
});

describe('descent data', () => {
  it("export writes the book's 14×14 test split byte for byte", async () => {
    const r = await run('data', 'export', 'fashion-mnist', '--split', 'test', '--size', '14', '--out', 'test14.npy');
    expect(r.code).toBe(0);
    const ours = readFileSync(join(r.cwd, 'test14.npy'));
    const book = parseNpy(readFileSync(bookFixture('fmnist_test_images_small.npy')));
    const parsed = parseNpy(ours);
    expect(parsed.shape).toEqual([10_000, 14, 14]);
    expect(Buffer.compare(Buffer.from(parsed.data as Uint8Array), Buffer.from(book.data as Uint8Array))).toBe(0);
  });

  it('info lists the places for each data set', async () => {
    const r = await run('data', 'info');
    expect(r.stdout).toMatch(/fashion-mnist:\n {2}cache/);
    expect(r.stdout).toMatch(/debian +found +\/usr\/share\/datasets\/fashion-mnist/);
    expect(r.stdout).toContain('fashion-mnist-sample: embedded, 10000 training and 2000 test images');
  });

  it('export names a bad split or size', async () => {
    expect((await run('data', 'export', 'fashion-mnist', '--split', 'val', '--out', 'x.npy')).stderr).toMatch(/--split expects train or test, got 'val'/);
    expect((await run('data', 'export', 'fashion-mnist', '--size', '7', '--out', 'x.npy')).stderr).toMatch(/--size expects 14 or 28, got '7'/);
  });
});
