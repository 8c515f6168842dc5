import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { figureLayoutFaults } from '@descent/plot/check';
import { describe, expect, it } from 'vitest';
import type { Io } from './io.js';
import { main } from './program.js';

// These tests train on small slices of the real Fashion-MNIST files (Debian's dataset-fashion-mnist, which the
// setup script installs), at 28×28 as figure 11-11 does.
async function run(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) };
  return { code: await main(argv, io), stdout, stderr };
}

const fresh = () => mkdtempSync(join(tmpdir(), 'descent-cnn-'));

describe('descent train --model small-cnn', () => {
  it('trains the CNN of chapter §7 by epochs on random training images, says the data set it fell back to', async () => {
    const r = await run(fresh(), 'train', '--model', 'small-cnn', '--optimizer', 'adam', '--epochs', '2', '--samples', '2048', '--seed', '3', '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('no MNIST files here (the book used MNIST for this figure); using Fashion-MNIST');
    // Each epoch: the mean training loss, and the accuracy on 1,000 training images the run never trains on.
    expect(r.stderr).toMatch(/^epoch 1\/2 {2}loss [\d.]+ {2}held-out accuracy 0\.\d{4} {2}[\d.]+s$/m);
    expect(r.stderr).toMatch(/^epoch 2\/2 /m);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ model: 'small-cnn', optimizer: 'adam', options: { lr: 0.001 }, epochs: 2, samples: 2048, batchSize: 128, minibatches: 32 });
    expect(out.dataset).toMatchObject({ name: 'fashion-mnist', train: 60_000, test: 10_000 });
    // 32 steps of Adam: far from the 0.86 of 12 epochs, far above chance.
    expect(out.accuracy as number).toBeGreaterThan(0.5);
  });

  it("uses chapter §7's learning rates: SGD 0.01, RMSprop 0.001 with smoothing 0.9, Adagrad 0.01", async () => {
    const cwd = fresh();
    for (const [optimizer, shown] of [['sgd', 'lr=0.01'], ['rmsprop', 'lr=0.001 alpha=0.9'], ['adagrad', 'lr=0.01']] as const) {
      const r = await run(cwd, 'train', '--model', 'small-cnn', '--dataset', 'fashion-mnist-sample', '--optimizer', optimizer, '--epochs', '1', '--samples', '256');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`optimizer: ${optimizer} ${shown}`);
      expect(r.stdout).toContain('1 epochs of 128 on 256 random training images');
      expect(r.stdout).toMatch(/^accuracy = 0\.\d{7}$/m);
    }
  });

  it('trains a model described in a JSON file, and names what is wrong with a bad one', async () => {
    const cwd = fresh();
    const layers = [{ type: 'conv2d', filters: 4, activation: 'relu' }, { type: 'maxpool2d' }, { type: 'flatten' }, { type: 'dropout', rate: 0.1 }, { type: 'dense', units: 10 }];
    writeFileSync(join(cwd, 'tiny.json'), JSON.stringify({ imageSize: 14, layers }));
    const ok = await run(cwd, 'train', '--model', 'tiny.json', '--dataset', 'fashion-mnist-sample', '--optimizer', 'adam', '--lr', '0.01', '--epochs', '1', '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ model: 'tiny.json', epochs: 1, batchSize: 128 });
    writeFileSync(join(cwd, 'bad.json'), JSON.stringify({ layers: [{ type: 'conv2d', filters: 0 }] }));
    for (const [model, message] of [
      ['bad.json', 'descent: --model bad.json: Invalid model: layers[0].filters is 0 (expected a whole number ≥ 1)\n'],
      ['missing.json', 'descent: --model missing.json: no such file\n'],
      ['resnet', "descent: --model expects book-mlp, small-cnn or a .json file describing the layers, got 'resnet'\n"],
    ] as const) {
      const r = await run(cwd, 'train', '--model', model, '--dataset', 'fashion-mnist-sample');
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(message);
    }
  });
});

describe('descent reproduce fig-11-11', () => {
  it('runs every optimizer through the study runner and prints, saves and draws the comparison', async () => {
    const cwd = fresh();
    // A third-party optimizer joins by its file name, as an installed package would by its name.
    const plugin = fileURLToPath(new URL('./__fixtures__/sign-descent-plugin.mjs', import.meta.url));
    const argv = ['reproduce', 'fig-11-11', '--optimizers', `sgd,adam:lr=0.003,${plugin}`, '--runs', '2', '--epochs', '1', '--samples', '512', '--workers', '2', '--json'];
    const r = await run(cwd, ...argv);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      id: string;
      results: {
        optimizers: {
          name: string;
          options: Record<string, unknown>;
          accuracy: { mean: number; se: number };
          seconds: { mean: number; se: number };
          runs: { seed: number; accuracy: number; seconds: number }[];
        }[];
        pairwise: { a: string; b: string; U: number; p: number; method: string }[];
      };
      files: string[];
    };
    expect(out.id).toBe('fig-11-11');
    expect(out.results.optimizers.map((o) => o.name)).toEqual(['sgd', 'adam', 'sign-descent']);
    expect(out.results.optimizers[1]?.options.lr).toBe(0.003);
    // The summary is the mean ± standard error (sd with ddof 1, over √n) of the runs it lists. With two runs that is
    // |a − b| / 2: the sd is |a − b| / √2.
    const meanSe = ([a, b]: number[]) => ({ mean: ((a as number) + (b as number)) / 2, se: Math.abs((a as number) - (b as number)) / 2 });
    for (const o of out.results.optimizers) {
      expect(o.runs.map((x) => x.seed)).toEqual([1, 2]);
      for (const x of o.runs) {
        // Accuracy on the test split, a multiple of 1/10,000, and time that passed.
        expect(x.accuracy).toBeGreaterThan(0);
        expect(x.accuracy).toBeLessThanOrEqual(1);
        expect(Math.abs(x.accuracy * 10_000 - Math.round(x.accuracy * 10_000))).toBeLessThan(1e-6);
        expect(x.seconds).toBeGreaterThan(0);
      }
      const accuracy = meanSe(o.runs.map((x) => x.accuracy));
      expect(o.accuracy.mean).toBeCloseTo(accuracy.mean, 12);
      expect(o.accuracy.se).toBeCloseTo(accuracy.se, 12);
      const seconds = meanSe(o.runs.map((x) => x.seconds));
      expect(o.seconds.mean).toBeCloseTo(seconds.mean, 9);
      expect(o.seconds.se).toBeCloseTo(seconds.se, 9);
    }
    expect(out.results.pairwise.map((p) => `${p.a}/${p.b}`)).toEqual(['sgd/adam', 'sgd/sign-descent', 'adam/sign-descent']);
    // Mann–Whitney's U of the first arm: the pairs of runs where its accuracy is higher, ties counting one half.
    for (const pair of out.results.pairwise) {
      const [a, b] = [pair.a, pair.b].map((name) => out.results.optimizers.find((o) => o.name === name)?.runs.map((x) => x.accuracy) ?? []) as [number[], number[]];
      expect(a).toHaveLength(2);
      expect(pair.U).toBe(a.reduce((sum, x) => sum + b.reduce((s, y) => s + (x > y ? 1 : x === y ? 0.5 : 0), 0), 0));
      expect(pair.p).toBeGreaterThan(0);
      expect(pair.p).toBeLessThanOrEqual(1);
    }
    for (const f of out.files) expect(existsSync(f)).toBe(true);
    expect(out.files.map((f) => f.slice(cwd.length))).toEqual(['/descent-out/fig-11-11.svg', '/descent-out/fig-11-11.png', '/descent-out/fig-11-11/summary.json']);
    // The figure carries its number and names its x axis, and a reader finds nothing cut off or covered.
    const svg = readFileSync(out.files[0] as string, 'utf8');
    expect(svg).toContain('<title>Figure 11-11: ');
    expect(svg).toContain('>optimizer</text>');
    expect(figureLayoutFaults(svg)).toEqual([]);
    // Resumed: every run is already in runs.jsonl, so the same numbers come back without training.
    const again = JSON.parse((await run(cwd, ...argv)).stdout) as typeof out;
    expect(again.results.optimizers).toEqual(out.results.optimizers);
  }, 240_000); // two quick studies of every optimizer: 10–60 s alone, minutes while the whole suite shares two cores

  it('an unknown optimizer is a usage error', async () => {
    const r = await run(fresh(), 'reproduce', 'fig-11-11', '--optimizers', 'sgd,nope', '--quick');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("'nope'");
  });
});
