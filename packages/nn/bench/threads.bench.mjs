// Issue 18's ratios, measured back to back in one process (`pnpm bench`): one training step on 2 threads against 1
// (small-cnn, batch 128, Adam; the book's network, batch 64, momentum), and descent against PyTorch 1.13 on the same
// small-cnn step at 1 thread and at PyTorch's default thread count (/usr/bin/python3 with torch, when present). Inputs
// are noise on both sides (pixel bytes here, floats for PyTorch; the kernels' cost does not depend on the values).
// Timings on a loaded machine are noise: this bench checks that the ratios can be measured; read them in a quiet
// window. Where a step's time goes, part by part: bench/threads-profile.mjs.
//   node bench/threads.bench.mjs [--quick]
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { adamPlugin } from '@descent/optimizer-adam';
import { momentumPlugin } from '@descent/optimizer-momentum';
import { Rng } from '@descent/tensor';
import { enableRelaxedSimd } from '@descent/tensor/node';
import { compare, report } from '../../../tooling/bench.mjs';
import { buildModel } from '../dist/index.js';

enableRelaxedSimd();
const quick = process.argv.includes('--quick');
const timing = quick ? { samples: 5, callsPerSample: 2, warmup: 3 } : { samples: 31, callsPerSample: 3, warmup: 10 };
const rng = new Rng(1);

/**
 * `count` rows of noise pixel bytes with labels 0…9: a minibatch is gathered from bytes as `descent train`, `study`
 * and the docs demo gather Fashion-MNIST (the SIMD byte gather; float rows would be copied row by row instead). The
 * kernels' cost does not depend on the values.
 */
function noise(count, size) {
  return { inputs: Uint8Array.from({ length: count * size }, () => rng.integer(256)), labels: Uint8Array.from({ length: count }, (_, i) => i % 10), count };
}

/** One training step of `model` on `threads` threads, on a fresh seeded minibatch each call. */
function stepper(model, threads, batch, data, optimizer) {
  const net = buildModel(model, { seed: 1, maxBatch: batch, threads }).compile(optimizer);
  if (net.threads !== threads) throw new Error(`asked for ${threads} threads, the network runs ${net.threads}`);
  const pool = new Uint32Array(data.count).map((_, i) => i);
  const draw = new Rng(threads);
  return { net, run: () => { draw.sampleInto(pool, batch); net.trainStep(data, pool, batch); } };
}

const ratio = (a, b) => (a.medianMs / b.medianMs).toFixed(2);
const cnnData = noise(2048, 784);
const cnn = [1, 2].map((t) => stepper('small-cnn', t, 128, cnnData, { plugin: adamPlugin, options: { lr: 0.001 } }));
const [cnn1, cnn2] = compare(
  cnn.map((s, i) => ({ name: `small-cnn step, ${i + 1} thread${i ? 's' : ''}`, run: s.run })),
  timing,
);
const bookData = noise(4096, 196);
const book = [1, 2].map((t) => stepper('book-mlp', t, 64, bookData, { plugin: momentumPlugin, options: { lr: 1, momentum: 0.9 } }));
const [book1, book2] = compare(
  book.map((s, i) => ({ name: `book network step, ${i + 1} thread${i ? 's' : ''}`, run: s.run })),
  { ...timing, callsPerSample: timing.callsPerSample * 20 },
);
for (const s of [...cnn, ...book]) s.net.close();

// PyTorch 1.13's step of the same CNN, set up as scripts/torch-cnn-fixtures.py --accuracy trains it (Glorot-uniform
// weights, zero biases, Adam at 0.001, a fresh minibatch of 128 drawn from the data each step) on noise rows like
// descent's side; at 1 thread, its default count and this machine's cores; medians in ms, as JSON. (Checked under
// load: this setup and the bench's earlier one — normal weights, one fixed batch — time the same, 1.00×.)
const TORCH_STEP = `
import json, os, sys, time, statistics, torch
import torch.nn.functional as F
samples, calls, warmup = (int(v) for v in sys.argv[1:4])
default = torch.get_num_threads()
torch.manual_seed(0)
data_x = torch.rand(2048, 1, 28, 28); data_y = torch.randint(0, 10, (2048,))
p = {"k1": torch.empty(16, 1, 3, 3), "b1": torch.zeros(16), "k2": torch.empty(32, 16, 3, 3), "b2": torch.zeros(32), "w3": torch.empty(10, 800), "b3": torch.zeros(10)}
for k in ("k1", "k2", "w3"):
    torch.nn.init.xavier_uniform_(p[k])
for v in p.values():
    v.requires_grad_(True)
opt = torch.optim.Adam(list(p.values()), lr=0.001)
def step():
    i = torch.randint(0, 2048, (128,))
    x, y = data_x[i], data_y[i]
    h = F.max_pool2d(F.relu(F.conv2d(x, p["k1"], p["b1"])), 2)
    h = F.max_pool2d(F.relu(F.conv2d(h, p["k2"], p["b2"])), 2)
    loss = F.cross_entropy(F.linear(h.flatten(1), p["w3"], p["b3"]), y)
    opt.zero_grad(); loss.backward(); opt.step()
out = {"default": default}
for n in sorted({1, default, os.cpu_count() or 1}):
    torch.set_num_threads(n)
    for _ in range(warmup): step()
    times = []
    for _ in range(samples):
        t = time.perf_counter()
        for _ in range(calls): step()
        times.append((time.perf_counter() - t) * 1000 / calls)
    out[str(n)] = statistics.median(times)
print(json.dumps(out))
`;
const python = '/usr/bin/python3';
let torch = null;
if (existsSync(python)) {
  try {
    torch = JSON.parse(execFileSync(python, ['-c', TORCH_STEP, String(timing.samples), String(timing.callsPerSample), String(timing.warmup)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch {
    torch = null;
  }
}

report('@descent/nn: one small-cnn step (batch 128, Adam), 1 and 2 threads', [cnn1, cnn2], { baseline: `small-cnn step, 1 thread` });
report("@descent/nn: one step of the book's network (batch 64, momentum), 1 and 2 threads", [book1, book2], { baseline: 'book network step, 1 thread' });
console.log(`\nissue 18 ratios (this machine: ${availableParallelism()} cores)`);
console.log(`  small-cnn step, 2 threads / 1 thread:       ${ratio(cnn2, cnn1)}   (target ≤ 0.60)`);
console.log(`  book network step, 2 threads / 1 thread:    ${ratio(book2, book1)}   (target ≤ 0.75)`);
if (torch === null) {
  console.log('  PyTorch: not measured (/usr/bin/python3 with torch not found)');
} else {
  const at = (n) => ({ medianMs: torch[String(n)] });
  console.log(`  PyTorch 1.13 small-cnn step: ${Object.entries(torch).filter(([k]) => k !== 'default').map(([k, v]) => `${k} thread${k === '1' ? '' : 's'} ${v.toFixed(3)} ms`).join(', ')} (default ${torch.default})`);
  console.log(`  descent 2 threads / PyTorch default (${torch.default}): ${ratio(cnn2, at(torch.default))}   (target ≤ 0.85)`);
  const cores = String(Math.max(...Object.keys(torch).filter((k) => k !== 'default').map(Number)));
  if (cores !== String(torch.default)) console.log(`  descent 2 threads / PyTorch ${cores} threads: ${ratio(cnn2, at(cores))}`);
  console.log(`  descent 1 thread / PyTorch 1 thread:         ${ratio(cnn1, at(1))}   (target ≤ 0.85)`);
}
console.log('  descent study (one thread per run): apps/cli bench, unchanged by threads (a run builds no pool with 1 thread)');
