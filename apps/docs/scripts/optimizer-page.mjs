// One reference page per optimizer, written from its plugin descriptor (the same descriptor the CLI's flags, the
// READMEs and the docs' controls come from), so the page cannot disagree with what the code validates.
import { definedByLabel, describeRange } from '@descent/optim';

const flag = (name) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The example for an optimizer that evaluates the objective itself (`needsClosure`, L-BFGS): `step(closure)`. */
function closureExample(plugin) {
  return `import { ${plugin.id}Plugin } from '${plugin.packageName}';

// Minimise (w₀ − 3)² + (w₁ + 1)²: the closure writes the gradient at the current w and returns the loss; one step
// calls it as often as the algorithm needs.
const w = { data: new Float64Array([0, 0]), grad: new Float64Array(2) };
const optimizer = ${plugin.id}Plugin.create([w]);
optimizer.step(() => {
  w.grad[0] = 2 * (w.data[0] - 3);
  w.grad[1] = 2 * (w.data[1] + 1);
  return (w.data[0] - 3) ** 2 + (w.data[1] + 1) ** 2;
});`;
}

/** The page for one descriptor. `builtin` says whether the site's demos can run it. */
export function optimizerPage(plugin, { builtin }) {
  const lr = plugin.options.find((o) => o.name === 'lr');
  const example = plugin.needsClosure === true ? closureExample(plugin) : `import { ${plugin.id}Plugin } from '${plugin.packageName}';

// Minimise (w₀ − 3)² + (w₁ + 1)²: write the gradient into grad, then step.
const w = { data: new Float64Array([0, 0]), grad: new Float64Array(2) };
const optimizer = ${plugin.id}Plugin.create([w], { lr: ${lr === undefined ? '0.1' : String(lr.default)} });
for (let step = 0; step < 500; step++) {
  w.grad[0] = 2 * (w.data[0] - 3);
  w.grad[1] = 2 * (w.data[1] + 1);
  optimizer.step();
}`;
  const rows = plugin.options.map(
    (o) => `| \`${o.name}\` | \`${flag(o.name)}\` | ${cell(o.type === 'choice' ? `'${o.default}'` : String(o.default))} | ${cell(describeRange(o))} | ${o.pytorchName === undefined ? '–' : `\`${o.pytorchName}\``} | ${cell(o.description)} |`,
  );
  const references = plugin.references.map((r) => `* ${r.authors}, ${r.url === undefined ? `*${r.title}*` : `[${r.title}](${r.url})`} (${String(r.year)})`);
  return `---
title: ${plugin.name}
---

# ${plugin.name}

${plugin.summary}

\`\`\`sh
npm install ${plugin.packageName}
\`\`\`

## Update rule

$$
${plugin.updateRule}
$$

where $g$ is the gradient at the current parameters $\\theta$ and $\\eta$ the learning rate.

## The book and PyTorch

${plugin.bookEquation === undefined ? 'The chapter has no equation for this rule.' : `Equation ${plugin.bookEquation} of *Math for Deep Learning*, chapter 11.`} ${plugin.bookMapping}

${plugin.pytorch === undefined ? '' : `**PyTorch:** ${plugin.pytorch}`}

## Options

| option | CLI flag | default | allowed | PyTorch | meaning |
| --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

## Example

\`\`\`ts
${example}
\`\`\`

On the command line: \`descent path --surface bowl --optimizer ${plugin.id} --steps 50 --plot ${plugin.id}.svg\`.
${builtin ? `
## Try it

<ClientOnly><Descent2D optimizer="${plugin.id}" /></ClientOnly>
` : ''}
## References

${references.join('\n')}
`;
}

/** The index of the optimizer pages. */
export function optimizerIndex(plugins) {
  const rows = plugins.map(
    (p) => `| [${p.name}](./${p.id}) | \`${p.packageName}\` | ${cell(definedByLabel(p))} | ${p.bookEquation ?? '–'} | ${cell(p.summary)} |`,
  );
  return `# Optimizers

Each optimizer is its own package; every page below is generated from the package's plugin descriptor, the object
the command line and these pages read their options from. An optimizer from any other package that exports a
descriptor appears here the same way once it is a dependency of the docs site.

The "defined by" column names whose definition an optimizer's update rule, options and defaults follow (PyTorch's
torch.optim or Google's optax) and the version matched; the book's seven also map onto chapter 11's equations.

| optimizer | package | defined by | book equation | summary |
| --- | --- | --- | --- | --- |
${rows.join('\n')}
`;
}
