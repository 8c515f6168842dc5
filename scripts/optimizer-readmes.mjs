#!/usr/bin/env node
// Writes each optimizer package's README from its plugin descriptor, so the options table, defaults, ranges, book
// mapping and references in the README are the ones the code validates against. The example is run while writing,
// and its printed result is what the example really gives. `--check` fails if a README is out of date.
import { existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const check = process.argv.includes('--check');
// Package folders named on the command line (`node scripts/optimizer-readmes.mjs rprop asgd`): only those; else all.
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));

// A learning rate and step count for the README's example that reach the minimum of Σ (wᵢ − 3)² from 0.
const EXAMPLE = {
  sgd: { lr: 0.1, steps: 100 },
  momentum: { lr: 0.05, steps: 100 },
  nesterov: { lr: 0.05, steps: 100 },
  rmsprop: { lr: 0.05, steps: 200 },
  adagrad: { lr: 1, steps: 200 },
  adadelta: { lr: 10, steps: 500 },
  adam: { lr: 0.1, steps: 200 },
  // The optax-defined optimizers. Lion moves each coordinate by ±η and its momentum overshoots: it ends near 3. LAMB and
  // LARS step by about η‖w‖ (LARS times its trust coefficient), so they too end in a small orbit around 3.
  lion: { lr: 0.05, steps: 200 },
  adabelief: { lr: 0.1, steps: 300 },
  yogi: { lr: 0.1, steps: 300 },
  adopt: { lr: 0.1, steps: 300 },
  lamb: { lr: 0.05, steps: 300 },
  lars: { lr: 0.5, steps: 500 },
  // AdamW's default weight decay (0.01, decoupled) holds w a little short of 3: the example prints that.
  adamw: { lr: 0.1, steps: 300 },
  adamax: { lr: 0.1, steps: 300 },
  nadam: { lr: 0.1, steps: 200 },
  radam: { lr: 0.1, steps: 300 },
  // Muon takes matrices only: w is a 1 × 2 matrix, whose step is its normalized momentum, of length about η; the
  // default decoupled weight decay (0.1) holds it short of 3.
  muon: { lr: 0.02, steps: 300, shape: [1, 2] },
  // Adafactor's step is relative to RMS(w), so from 0 it starts at ε₂ and grows; w needs a shape, [2] for a vector.
  adafactor: { lr: 0.1, steps: 500, shape: [2] },
  rprop: { lr: 0.1, steps: 100 },
  // ASGD's default λ = 1e-4 shrinks w a little every step: the example prints it a little short of 3.
  asgd: { lr: 0.1, steps: 200 },
  // L-BFGS runs up to 20 iterations in one step(closure): one step reaches the minimum.
  lbfgs: { lr: 1, steps: 1 },
  // Schedule-Free: w holds y, where gradients are taken; eval() would put the average x there.
  'schedule-free-adamw': { lr: 0.2, steps: 300 },
  'schedule-free-sgd': { lr: 0.1, steps: 300 },
  // Prodigy estimates its step size d from d₀ = 1e-6: lr stays 1, its default.
  prodigy: { lr: 1, steps: 200 },
};

function range(o) {
  if (o.type === 'boolean') return 'true / false';
  // A choice lists its strings, quoted as they are written in an options object.
  if (o.type === 'choice') return o.choices.map((c) => `\`'${c}'\``).join(' / ');
  const lo = o.min === undefined ? '' : `${o.minInclusive ?? true ? '[' : '('}${o.min}`;
  const hi = o.max === undefined ? '∞)' : `${o.max}${o.maxInclusive ?? true ? ']' : ')'}`;
  return lo === '' ? `(−∞, ${hi}` : `${lo}, ${hi}`;
}

function runExample(Optimizer, { lr, steps, shape }, needsClosure) {
  const w = { data: new Float64Array([0, 0]), grad: new Float64Array(2), ...(shape ? { shape } : {}) };
  const opt = new Optimizer([w], { lr });
  const objective = () => {
    let loss = 0;
    for (let i = 0; i < w.data.length; i++) {
      w.grad[i] = 2 * (w.data[i] - 3);
      loss += (w.data[i] - 3) ** 2;
    }
    return loss;
  };
  for (let step = 0; step < steps; step++) {
    if (needsClosure) {
      opt.step(objective);
    } else {
      objective();
      opt.step();
    }
  }
  return [...w.data].map((v) => v.toFixed(4));
}

function gradientLoop(steps) {
  return `for (let step = 0; step < ${steps}; step++) {
  for (let i = 0; i < w.data.length; i++) w.grad[i] = 2 * (w.data[i] - 3); // ∇ Σ (wᵢ − 3)²
  opt.step();
}`;
}

/** The example's loop for an optimizer that evaluates the objective itself (\`needsClosure\`, L-BFGS). */
function closureLoop(steps) {
  return `${steps === 1 ? '' : `for (let step = 0; step < ${steps}; step++) `}opt.step(() => {
  let loss = 0;
  for (let i = 0; i < w.data.length; i++) {
    w.grad[i] = 2 * (w.data[i] - 3); // ∇ Σ (wᵢ − 3)²
    loss += (w.data[i] - 3) ** 2;
  }
  return loss;
});`;
}

/** Whose rule the package follows, for prose: `PyTorch` or `optax` (descriptors without `definedBy` are PyTorch's). */
function definer(plugin) {
  return plugin.definedBy?.source === 'optax' ? 'optax' : plugin.definedBy?.source === 'book' ? 'the book' : 'PyTorch';
}

/**
 * The options table. The name column is PyTorch's argument name for a PyTorch-defined optimizer; optax-defined ones
 * have no PyTorch names (pytorchName there would mislead), so the column is left out.
 */
function optionsTable(plugin) {
  const named = definer(plugin) === 'PyTorch';
  const value = (o) => `\`${o.type === 'choice' ? `'${o.default}'` : o.default}\``;
  const rows = plugin.options.map((o) =>
    named
      ? `| \`${o.name}\` | ${o.pytorchName ? `\`${o.pytorchName}\`` : '—'} | ${value(o)} | ${range(o)} | ${o.description} |`
      : `| \`${o.name}\` | ${value(o)} | ${range(o)} | ${o.description} |`,
  );
  const head = named ? '| option | PyTorch | default | allowed | meaning |\n| --- | --- | --- | --- | --- |' : '| option | default | allowed | meaning |\n| --- | --- | --- | --- |';
  return `${head}\n${rows.join('\n')}`;
}

/** The heading over the descriptor's bookMapping (which says how the rule relates to the book and its definer). */
function definitionHeading(plugin) {
  const who = definer(plugin);
  if (who === 'optax') return `Defined by optax (${plugin.definedBy.version})`;
  return who === 'PyTorch' ? 'The book and PyTorch' : 'The book';
}

function kernelNote(folder, className, plugin) {
  if (!existsSync(join(folder, 'assembly'))) return '';
  return `
Float32 parameters allocated in an arena (\`createArena({ bytes }).parameter(n)\` from \`@descent/optim\`) are updated
in place by a WebAssembly SIMD kernel, compiled from \`assembly/\` at build time and shipped inside the package; any
other array takes the JavaScript loop. Both follow ${definer(plugin)}. \`new ${className}([arena.parameter(1_000_000)])\` is the
fast path measured by the benchmark below.
`;
}

/** Other descent packages an optimizer builds on (Schedule-Free AdamW on Schedule-Free SGD's wrapper), for the README. */
function dependencyNote(json) {
  const names = Object.keys(json.dependencies ?? {});
  return names.length === 0 ? '' : ` (and ${names.map((n) => `\`${n}\``).join(', ')}, which it builds on)`;
}

/** The README's statement of the package's peer dependencies, from its package.json (what npm will ask the user for). */
function peerNote(json) {
  const optional = (name) => json.peerDependenciesMeta?.[name]?.optional === true;
  const names = Object.keys(json.peerDependencies ?? {});
  if (names.length === 0) return 'No peer dependencies.';
  const listed = names.map((n) => `\`${n}\`${optional(n) ? ' (optional)' : ''}`).join(', ');
  return `Peer dependencies: ${listed}, installed beside it once, so that every optimizer shares one copy of the contract.`;
}

function readme(pkg, plugin, className) {
  const example = EXAMPLE[plugin.id];
  const result = runExample(pkg.module[className], example, plugin.needsClosure === true);
  const lrText = example.lr;
  return `# ${pkg.json.name}

${plugin.summary}

${plugin.name}${plugin.bookEquation ? `, equation ${plugin.bookEquation} of *Math for Deep Learning* (chapter 11),` : ''} for plain \`Float32Array\` and
\`Float64Array\` parameters, in Node and in browsers. It depends only on \`@descent/optim\`${dependencyNote(pkg.json)}, the contract every descent
optimizer implements (parameter groups, \`step\`, \`zeroGrad\`, \`stateDict\`/\`loadStateDict\`, learning-rate schedules).

\`\`\`sh
npm install ${pkg.json.name} @descent/optim
\`\`\`

${peerNote(pkg.json)}

## Update rule

$$
${plugin.updateRule}
$$

## Example

\`\`\`ts
import { parameter } from '@descent/optim';
import { ${className} } from '${pkg.json.name}';

const w = parameter(new Float64Array([0, 0])${example.shape ? `, { shape: [${example.shape.join(', ')}] }` : ''}); // data, and a zeroed grad of the same type
const opt = new ${className}([w], { lr: ${lrText} });
${plugin.needsClosure === true ? closureLoop(example.steps) : gradientLoop(example.steps)}
console.log(w.data); // [${result.join(', ')}]
\`\`\`

${
  plugin.needsClosure === true
    ? `\`step(closure)\` calls the closure several times a step, so the closure sets the gradients for the parameters' current
values and returns the loss (zero the gradients first where your code accumulates them, as in PyTorch). All parameters
form one group, as in PyTorch.`
    : `Parameter groups take their own options, as in PyTorch: \`new ${className}([{ params: [a] }, { params: [b], lr: 0.01 }], { lr: 0.1 })\`.`
}
\`lr\` may be a schedule \`(step) => number\` (see \`stepDecay\`, \`cosineDecay\` in \`@descent/optim\`).
${kernelNote(pkg.folder, className, plugin)}
## Options

Every option is checked when the optimizer is created; a bad value throws an \`InvalidOptionError\` that names the
option, the value and the allowed range.

${optionsTable(plugin)}

## ${definitionHeading(plugin)}

${plugin.bookMapping}

${plugin.pytorch ? `PyTorch: ${plugin.pytorch}` : ''}

## References

${plugin.references.map((r) => `- ${r.authors} (${r.year}). *${r.title}*.${r.url ? ` ${r.url}` : ''}`).join('\n')}

## Benchmark

\`pnpm --filter ${pkg.json.name} bench\` times one step over 1,000,000 float32 parameters (median of many samples)
beside a plain JavaScript loop of the same rule.

<!-- Generated by scripts/optimizer-readmes.mjs from the plugin descriptor; edit the descriptor, then run pnpm readmes. -->
`;
}

let stale = 0;
const dir = join(root, 'packages', 'optimizers');
for (const name of readdirSync(dir).sort()) {
  if (only.length > 0 && !only.includes(name)) continue;
  const folder = join(dir, name);
  const json = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
  const module = await import(join(folder, 'dist', 'index.js'));
  const plugin = Object.values(module).find((v) => v && typeof v === 'object' && v.specificationVersion === 'v1');
  // The class the plugin creates (a package may also export a base class, as Schedule-Free SGD does its wrapper).
  const made = plugin.create([{ data: new Float64Array(1), grad: new Float64Array(1), shape: [1, 1] }]);
  const className = Object.keys(module).find((k) => module[k] === made.constructor);
  const text = readme({ json, module, folder }, plugin, className);
  const path = join(folder, 'README.md');
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    // A new package has no README yet.
  }
  if (current === text) continue;
  if (check) {
    console.error(`${path} is out of date with its descriptor: run pnpm readmes`);
    stale++;
  } else {
    writeFileSync(`${path}.tmp`, text);
    renameSync(`${path}.tmp`, path);
    console.log(`wrote ${path}`);
  }
}
if (check) console.log(stale === 0 ? 'optimizer READMEs match their descriptors' : `${stale} README(s) out of date`);
process.exitCode = stale === 0 ? 0 : 1;
