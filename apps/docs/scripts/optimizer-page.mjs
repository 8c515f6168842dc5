// One reference page per optimizer, written from its plugin descriptor (the same descriptor the CLI's flags, the
// READMEs and the docs' controls come from), so the page cannot disagree with what the code validates. Each page is
// written in English and in Chinese (zh-CN): the template's words are translated here, a descriptor's summary by
// the map in zh-summaries.mjs; code, flags, option names and the descriptors' technical notes stay as they are.
import { definedByLabel, describeRange } from '@descent/optim';
import { demoAttributes } from './demo-presets.mjs';
import { zhOptionDescriptions } from './zh-option-descriptions.mjs';
import { zhSummaries } from './zh-summaries.mjs';

const flag = (name) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const html = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The allowed values of an option in Chinese: describeRange's cases, worded as the zh pages word them. */
export function describeRangeZh(spec) {
  if (spec.type === 'boolean') return 'true 或 false';
  if (spec.type === 'choice') return `${(spec.choices ?? []).map((c) => `'${c}'`).join('、')} 之一`;
  const what = spec.type === 'learning-rate' ? '数或调度函数' : '数';
  const lo = spec.min;
  const hi = spec.max;
  const loIn = spec.minInclusive ?? true;
  const hiIn = spec.maxInclusive ?? true;
  if (lo !== undefined && hi !== undefined) return `${loIn ? '[' : '('}${String(lo)}, ${String(hi)}${hiIn ? ']' : ')'} 中的${what}`;
  if (lo !== undefined) return `${loIn ? '≥' : '>'} ${String(lo)} 的${what}`;
  if (hi !== undefined) return `${hiIn ? '≤' : '<'} ${String(hi)} 的${what}`;
  return `有限的${what}`;
}

/**
 * An update rule on several lines: a descriptor writes its rule as one line of steps joined by `,\quad` (or
 * `\qquad`, `;\quad`, `,\ `); each step gets a line of its own in a `gathered` block, so that the rule reads
 * downwards instead of scrolling sideways. Separators inside braces or parentheses (a fraction's numerator, the
 * arguments of a max) are left alone.
 */
export function equationLines(rule) {
  const lines = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < rule.length; i++) {
    const c = rule[i];
    // Words in \text{…} are skipped whole: a parenthesis opened in words (L-BFGS's "(two-loop recursion …") and
    // closed in maths does not hold the rest of the rule on one line.
    if (rule.startsWith('\\text{', i)) i = rule.indexOf('}', i);
    else if (c === '{' || c === '(') depth++;
    else if (c === '}' || c === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === ',' || c === ';')) {
      const gap = /^\s*(?:\\q?quad\b|\\ )\s*/.exec(rule.slice(i + 1));
      if (gap !== null) {
        lines.push(rule.slice(start, i + 1).trim());
        start = i + 1 + gap[0].length;
        i = start - 1;
      }
    }
  }
  lines.push(rule.slice(start).trim());
  return lines.length === 1 ? rule : `\\begin{gathered}\n${lines.join(' \\\\\n')}\n\\end{gathered}`;
}

const WORDS = {
  en: {
    rule: 'Update rule',
    where: 'where $g$ is the gradient at the current parameters $\\theta$ and $\\eta$ the learning rate.',
    book: 'The book and PyTorch',
    noEquation: 'The chapter has no equation for this rule.',
    equation: (n) => `Equation ${n} of *Math for Deep Learning*, chapter 11.`,
    options: 'Options',
    optionsIntro: '',
    describe: (o) => o.description,
    default: 'default',
    allowed: 'allowed',
    pytorch: 'PyTorch',
    range: describeRange,
    example: 'Example',
    exampleComment: 'Minimise (w₀ − 3)² + (w₁ + 1)²: write the gradient into grad, then step.',
    closureComment: "Minimise (w₀ − 3)² + (w₁ + 1)²: the closure writes the gradient at the current w and returns the loss; one step\n// calls it as often as the algorithm needs.",
    commandLine: 'On the command line',
    tryIt: 'Try it',
    references: 'References',
  },
  zh: {
    rule: '更新规则',
    where: '其中 $g$ 是当前参数 $\\theta$ 处的梯度，$\\eta$ 是学习率。',
    book: '本书与 PyTorch',
    noEquation: '本章没有给出这条规则的方程式。',
    equation: (n) => `对应《深度学习的数学》（*Math for Deep Learning*）第 11 章的方程式 ${n}。`,
    options: '选项',
    optionsIntro: '选项名、命令行参数与代码中的写法相同。\n\n',
    // A third-party optimizer's descriptions have no translation here: they stay in the descriptor's own words.
    describe: (o) => zhOptionDescriptions[o.description] ?? o.description,
    default: '默认值',
    allowed: '取值',
    pytorch: 'PyTorch',
    range: describeRangeZh,
    example: '示例',
    exampleComment: '最小化 (w₀ − 3)² + (w₁ + 1)²：把梯度写入 grad，然后走一步。',
    closureComment: '最小化 (w₀ − 3)² + (w₁ + 1)²：闭包在当前 w 处写入梯度并返回损失；\n// 每一步按算法需要调用它若干次。',
    commandLine: '命令行',
    tryIt: '动手试试',
    references: '参考文献',
  },
};

/** The example for an optimizer that evaluates the objective itself (`needsClosure`, L-BFGS): `step(closure)`. */
function closureExample(plugin, words) {
  return `import { ${plugin.id}Plugin } from '${plugin.packageName}';

// ${words.closureComment}
const w = { data: new Float64Array([0, 0]), grad: new Float64Array(2) };
const optimizer = ${plugin.id}Plugin.create([w]);
optimizer.step(() => {
  w.grad[0] = 2 * (w.data[0] - 3);
  w.grad[1] = 2 * (w.data[1] + 1);
  return (w.data[0] - 3) ** 2 + (w.data[1] + 1) ** 2;
});`;
}

/**
 * The options as a definition list: each option's name and flag on a line of their own (never broken inside a
 * flag), its default, allowed values and PyTorch name on the next, its meaning below, all at the text's full width.
 */
export function optionList(plugin, lang = 'en') {
  const words = WORDS[lang];
  const items = plugin.options.map((o) => {
    const value = o.type === 'choice' ? `'${o.default}'` : String(o.default);
    const facts = [`${words.default} <code>${html(value)}</code>`, `${words.allowed}: ${html(words.range(o))}`];
    if (o.pytorchName !== undefined) facts.push(`${words.pytorch} <code>${html(o.pytorchName)}</code>`);
    return `<div class="option" data-option="${o.name}"><dt><code>${o.name}</code> <code class="flag">${flag(o.name)}</code></dt><dd><span class="option-facts">${facts.join(' · ')}</span><br>${html(words.describe(o))}</dd></div>`;
  });
  return `<dl class="optimizer-options">\n${items.join('\n')}\n</dl>`;
}

/** The page for one descriptor, in English (`lang` 'en') or Chinese ('zh'). `builtin` says whether the site's demos can run it. */
// The demos step without a closure, on points of a surface: L-BFGS (step(closure)) and Muon (matrices only) are left
// out, as .vitepress/theme/lib/optimizers.ts leaves them out of the demos' list.
const runsInDemos = (plugin) => plugin.needsClosure !== true && plugin.id !== 'muon';

export function optimizerPage(plugin, { builtin, lang = 'en' }) {
  const words = WORDS[lang];
  const lr = plugin.options.find((o) => o.name === 'lr');
  const example = plugin.needsClosure === true ? closureExample(plugin, words) : `import { ${plugin.id}Plugin } from '${plugin.packageName}';

// ${words.exampleComment}
const w = { data: new Float64Array([0, 0]), grad: new Float64Array(2) };
const optimizer = ${plugin.id}Plugin.create([w], { lr: ${lr === undefined ? '0.1' : String(lr.default)} });
for (let step = 0; step < 500; step++) {
  w.grad[0] = 2 * (w.data[0] - 3);
  w.grad[1] = 2 * (w.data[1] + 1);
  optimizer.step();
}`;
  const references = plugin.references.map((r) => `* ${r.authors}, ${r.url === undefined ? `*${r.title}*` : `[${r.title}](${r.url})`} (${String(r.year)})`);
  const summary = lang === 'zh' ? (zhSummaries[plugin.id] ?? plugin.summary) : plugin.summary;
  return `---
title: ${plugin.name}
---

# ${plugin.name}

${summary}

\`\`\`sh
npm install ${plugin.packageName}
\`\`\`

## ${words.rule}

$$
${equationLines(plugin.updateRule)}
$$

${words.where}

## ${words.book}

${plugin.bookEquation === undefined ? words.noEquation : words.equation(plugin.bookEquation)} ${plugin.bookMapping}

${plugin.pytorch === undefined ? '' : `**PyTorch:** ${plugin.pytorch}`}

## ${words.options}

${words.optionsIntro}${optionList(plugin, lang)}

## ${words.example}

\`\`\`ts
${example}
\`\`\`

${words.commandLine}: \`descent path --surface bowl --optimizer ${plugin.id} --steps 50 --plot ${plugin.id}.svg\`.
${builtin && runsInDemos(plugin) ? `
## ${words.tryIt}

<ClientOnly><Descent2D optimizer="${plugin.id}"${demoAttributes(plugin.id)} /></ClientOnly>
` : ''}
## ${words.references}

${references.join('\n')}
`;
}

/** The index of the optimizer pages, in English or Chinese. */
export function optimizerIndex(plugins, lang = 'en') {
  const zh = lang === 'zh';
  const rows = plugins.map(
    (p) => `| [${p.name}](./${p.id}) | \`${p.packageName}\` | ${cell(zh && definedByLabel(p) === 'not stated' ? '未说明' : definedByLabel(p))} | ${p.bookEquation ?? '–'} | ${cell(zh ? (zhSummaries[p.id] ?? p.summary) : p.summary)} |`,
  );
  if (zh) {
    return `# 优化器

每个优化器都是一个独立的包；下面的每一页都由该包的插件描述符生成，命令行和这些页面都从同一个对象读取选项。
任何其他包只要导出一个描述符，并成为文档站点的依赖，就会以同样的方式出现在这里。

“定义来源”一列说明优化器的更新规则、选项和默认值遵循谁的定义（PyTorch 的 torch.optim 或 Google 的 optax）
以及所对应的版本；本书的七个优化器还对应第 11 章的方程式。

| 优化器 | 包 | 定义来源 | 本书方程式 | 简介 |
| --- | --- | --- | --- | --- |
${rows.join('\n')}
`;
  }
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
