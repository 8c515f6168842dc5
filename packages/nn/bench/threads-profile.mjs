// Issue 18's profile: where one training step's time goes, part by part, on 1 and on 2 threads, for small-cnn (batch
// 128, Adam) and the book's network (batch 64, momentum). Each part of `trainStep` — the minibatch gather, every
// layer's forward and backward pass, the loss and its gradient, the optimizer's update — is timed inside real steps
// (the network's own objects wrapped with a timer), and the table gives each part's median µs per step on 1 and on 2
// threads, its share of the step, and the thread pool's rounds it ran (0 = the part runs on the calling thread alone,
// which is what keeps a step from splitting). Timings on a loaded machine are only indicative: run it in a quiet window.
//   node bench/threads-profile.mjs [--quick]
import { adamPlugin } from '@descent/optimizer-adam';
import { momentumPlugin } from '@descent/optimizer-momentum';
import { Rng } from '@descent/tensor';
import { enableRelaxedSimd } from '@descent/tensor/node';
import { median } from '../../../tooling/bench.mjs';
import { buildModel } from '../dist/index.js';

enableRelaxedSimd();
const quick = process.argv.includes('--quick');
const rng = new Rng(1);

/**
 * `count` rows of noise pixel bytes with labels 0…9: a minibatch is gathered from bytes as `descent train`, `study`
 * and the docs demo gather Fashion-MNIST (the SIMD byte gather; float rows would be copied row by row instead). The
 * kernels' cost does not depend on the values.
 */
function noise(count, size) {
  return { inputs: Uint8Array.from({ length: count * size }, () => rng.integer(256)), labels: Uint8Array.from({ length: count }, (_, i) => i % 10), count };
}

/**
 * A network on `threads` threads whose step parts are timed: each wrapped method adds its µs and the pool rounds it
 * ran to its part's entry for the current step. The wrappers reach the network's private fields (`optimizers`,
 * `gatherer`, `threaded`): a bench may, the library's API does not need a profiler.
 */
function profiled(model, threads, batch, optimizer) {
  const net = buildModel(model, { seed: 1, maxBatch: batch, threads }).compile(optimizer);
  if (net.threads !== threads) throw new Error(`asked for ${threads} threads, the network runs ${net.threads}`);
  const parts = new Map();
  const rounds = () => net.threaded?.rounds ?? 0;
  const part = (name) => {
    let entry = parts.get(name);
    if (entry === undefined) parts.set(name, (entry = { name, current: 0, currentRounds: 0, perStep: [], rounds: 0 }));
    return entry;
  };
  const time = (name, target, method) => {
    const entry = part(name);
    const original = target[method].bind(target);
    target[method] = (...args) => {
      const r0 = rounds();
      const t0 = performance.now();
      const result = original(...args);
      entry.current += performance.now() - t0;
      entry.currentRounds += rounds() - r0;
      return result;
    };
  };
  time('gather the minibatch', net.gatherer, 'gather');
  net.layers.forEach((layer, i) => time(`forward  ${i} ${layer.kind}`, layer, 'forward'));
  const loss = { ...net.loss };
  Object.defineProperty(net, 'loss', { value: loss });
  time('loss value', loss, 'value');
  time('loss gradient', loss, 'gradient');
  for (let i = net.layers.length - 1; i >= 0; i--) time(`backward ${i} ${net.layers[i].kind}`, net.layers[i], 'backward');
  for (const opt of net.optimizers) time(`optimizer update (${opt.name ?? 'step'})`, opt, 'step');
  const steps = [];
  return {
    net,
    steps,
    parts: [...parts.values()],
    /** One timed step on a fresh minibatch. */
    step(data, indices) {
      const t0 = performance.now();
      net.trainStep(data, indices, batch);
      steps.push(performance.now() - t0);
      for (const entry of parts.values()) {
        entry.perStep.push(entry.current);
        entry.rounds = entry.currentRounds;
        entry.current = 0;
        entry.currentRounds = 0;
      }
    },
  };
}

/** Times `count` steps on 1 and 2 threads, interleaved in blocks, and prints the table. */
function profile(title, model, batch, optimizer, data, count) {
  const nets = [1, 2].map((t) => profiled(model, t, batch, optimizer));
  const pool = new Uint32Array(data.count).map((_, i) => i);
  const draw = new Rng(7);
  const warmup = Math.max(5, count >> 3);
  for (let s = 0; s < warmup + count; s++) {
    for (const p of nets) {
      draw.sampleInto(pool, batch);
      p.step(data, pool);
    }
    if (s === warmup - 1) for (const p of nets) {
      p.steps.length = 0;
      for (const entry of p.parts) entry.perStep.length = 0;
    }
  }
  for (const p of nets) p.net.close();
  const [one, two] = nets;
  const step1 = median(one.steps) * 1000;
  const step2 = median(two.steps) * 1000;
  console.log(`\n${title}: ${count} steps each, medians (µs); rounds = the pool's rounds of work in the part (2 threads)`);
  console.log(`  ${'part'.padEnd(36)} ${'1 thread'.padStart(9)} ${'2 threads'.padStart(9)} ${'2/1'.padStart(5)} ${'share 1T'.padStart(8)} ${'share 2T'.padStart(8)} ${'rounds'.padStart(6)}`);
  let sum1 = 0;
  let sum2 = 0;
  one.parts.forEach((a, i) => {
    const b = two.parts[i];
    const us1 = median(a.perStep) * 1000;
    const us2 = median(b.perStep) * 1000;
    sum1 += us1;
    sum2 += us2;
    const pct = (v, of) => `${((100 * v) / of).toFixed(1)} %`;
    console.log(`  ${a.name.padEnd(36)} ${us1.toFixed(1).padStart(9)} ${us2.toFixed(1).padStart(9)} ${(us2 / us1).toFixed(2).padStart(5)} ${pct(us1, step1).padStart(8)} ${pct(us2, step2).padStart(8)} ${String(b.rounds).padStart(6)}`);
  });
  const unsplit = (p, total) => p.parts.filter((e, i) => two.parts[i].rounds === 0).reduce((s, e) => s + median(e.perStep) * 1000, 0) / total;
  // What the split parts cost beyond half their one-thread time: the rounds' start and join, the slower thread's wait,
  // and rows one core reads that the other wrote.
  const split = one.parts.map((a, i) => [a, two.parts[i]]).filter(([, b]) => b.rounds > 0);
  const excess = split.reduce((s, [a, b]) => s + (median(b.perStep) - median(a.perStep) / 2) * 1000, 0);
  const roundsPerStep = split.reduce((s, [, b]) => s + b.rounds, 0);
  console.log(`  ${'sum of the parts'.padEnd(36)} ${sum1.toFixed(1).padStart(9)} ${sum2.toFixed(1).padStart(9)} ${(sum2 / sum1).toFixed(2).padStart(5)}`);
  console.log(`  ${'whole step'.padEnd(36)} ${step1.toFixed(1).padStart(9)} ${step2.toFixed(1).padStart(9)} ${(step2 / step1).toFixed(2).padStart(5)}`);
  console.log(`  parts that ran no round (one thread only): ${(100 * unsplit(one, step1)).toFixed(1)} % of the 1-thread step, ${(100 * unsplit(two, step2)).toFixed(1)} % of the 2-thread step`);
  console.log(`  split parts on 2 threads beyond half their 1-thread time: ${excess.toFixed(1)} µs a step over ${roundsPerStep} rounds (${(excess / roundsPerStep).toFixed(1)} µs a round)`);
  const splitTime1 = split.reduce((s, [a]) => s + median(a.perStep) * 1000, 0);
  console.log(`  2/1 if the split parts took exactly half their 1-thread time (the rest as on 1 thread): ${((step1 - splitTime1 / 2) / step1).toFixed(2)}`);
}

const steps = quick ? 40 : 400;
profile('small-cnn (batch 128, Adam)', 'small-cnn', 128, { plugin: adamPlugin, options: { lr: 0.001 } }, noise(2048, 784), Math.max(10, steps >> 3));
profile("the book's network (batch 64, momentum)", 'book-mlp', 64, { plugin: momentumPlugin, options: { lr: 1, momentum: 0.9 } }, noise(4096, 196), steps * 4);
