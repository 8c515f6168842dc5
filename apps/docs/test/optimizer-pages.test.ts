import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { discoverPlugins } from '../scripts/discover-plugins.mjs';
import { equationLines, optimizerIndex, optimizerPage } from '../scripts/optimizer-page.mjs';

const packageJson = fileURLToPath(new URL('../package.json', import.meta.url));
// The third-party optimizer the CLI's tests load: a package of someone else's, exporting a v1 descriptor.
const thirdParty = fileURLToPath(new URL('../../cli/src/__fixtures__/sign-descent-plugin.mjs', import.meta.url));

describe('optimizer reference pages', () => {
  it("are found for descent's own optimizers and for a third-party plugin by the same mechanism", async () => {
    const found = await discoverPlugins(packageJson, [thirdParty]);
    // The site's dependencies grow as optimizer packages are added: these must be among them.
    expect(found.filter((f) => f.builtin).map((f) => f.plugin.id)).toEqual(
      expect.arrayContaining(['adadelta', 'adagrad', 'adam', 'adamax', 'adamw', 'asgd', 'lbfgs', 'momentum', 'nadam', 'nesterov', 'radam', 'rmsprop', 'rprop', 'sgd']),
    );
    const extra = found.find((f) => !f.builtin);
    expect(extra?.plugin.id).toBe('sign-descent');
    const page = optimizerPage(extra!.plugin, { builtin: false });
    expect(page).toContain(`# ${extra!.plugin.name}`);
    for (const option of extra!.plugin.options) expect(page).toContain(`<dt><code>${option.name}</code>`);
    // The site's demos run only the optimizers bundled with it.
    expect(page).not.toContain('<Descent2D');
    expect(optimizerIndex(found.map((f) => f.plugin))).toContain('](./sign-descent)');
  });

  it("the index says whose definition each optimizer follows: PyTorch's, optax's, or not stated by a third party", async () => {
    const index = optimizerIndex((await discoverPlugins(packageJson, [thirdParty])).map((f) => f.plugin));
    expect(index).toContain('| optimizer | package | defined by | book equation | summary |');
    expect(index).toMatch(/\| \[Adam\]\(\.\/adam\) \| `@descent\/optimizer-adam` \| PyTorch 1\.13 \| 11\.\d+ \|/);
    expect(index).toContain('| [Lion](./lion) | `@descent/optimizer-lion` | optax commit 2edbcbe | – |');
    expect(index).toContain('| [SignDescent](./sign-descent) |');
    expect(index).toMatch(/\(\.\/sign-descent\) \| `[^`]+` \| not stated \|/);
  });

  it('a page carries the rule, every option with its flag, default and range, and the references', async () => {
    const adam = (await discoverPlugins(packageJson)).find((f) => f.plugin.id === 'adam')!;
    const page = optimizerPage(adam.plugin, { builtin: true });
    expect(page).toContain(`$$\n${equationLines(adam.plugin.updateRule)}\n$$`);
    // The options as a definition list: name and flag, then default, range and PyTorch name, then the meaning.
    expect(page).toContain('<dt><code>weightDecay</code> <code class="flag">--weight-decay</code></dt><dd><span class="option-facts">default <code>0</code> · allowed: a number ≥ 0 · PyTorch <code>weight_decay</code></span><br>Coupled L2 penalty');
    expect(page).toContain('<dt><code>beta1</code> <code class="flag">--beta1</code></dt><dd><span class="option-facts">default <code>0.9</code> · allowed: a number in [0, 1) · PyTorch <code>betas[0]</code></span>');
    expect(page).toContain('[Adam: A Method for Stochastic Optimization](https://arxiv.org/abs/1412.6980) (2015)');
    expect(page).toContain('<Descent2D optimizer="adam" />');
  });

  it("L-BFGS's page shows step(closure), as it evaluates the objective itself", async () => {
    const lbfgs = (await discoverPlugins(packageJson)).find((f) => f.plugin.id === 'lbfgs')!;
    const page = optimizerPage(lbfgs.plugin, { builtin: true });
    // Built in, but not a demo's optimizer (the demos step without a closure): no live demo on its page.
    expect(page).not.toContain('<Descent2D');
    expect(page).toContain('optimizer.step(() => {');
    expect(page).toContain('return (w.data[0] - 3) ** 2 + (w.data[1] + 1) ** 2;');
    expect(page).not.toContain('  optimizer.step();');
    // A choice option: its default quoted, its allowed names listed (PyTorch's None is 'none').
    expect(page).toContain("<code>lineSearchFn</code> <code class=\"flag\">--line-search-fn</code></dt><dd><span class=\"option-facts\">default <code>'none'</code> · allowed: one of 'none', 'strong_wolfe' · PyTorch <code>line_search_fn</code>");
  });

  it('an update rule reads downwards: one line per step, separators inside braces left alone', () => {
    expect(equationLines('m \\leftarrow g,\\quad \\theta \\leftarrow \\theta - \\eta m')).toBe('\\begin{gathered}\nm \\leftarrow g, \\\\\n\\theta \\leftarrow \\theta - \\eta m\n\\end{gathered}');
    expect(equationLines('x \\leftarrow x - \\eta g')).toBe('x \\leftarrow x - \\eta g');
    expect(equationLines('\\frac{a,\\quad b}{c}')).toBe('\\frac{a,\\quad b}{c}');
    expect(equationLines('\\max(1,\\ t - t_0)')).toBe('\\max(1,\\ t - t_0)');
    // A parenthesis opened in \text{…} words and closed in maths (L-BFGS) does not keep the rest on one line.
    expect(equationLines('d = g \\text{ (over } s,\\ y),\\quad x').split(' \\\\\n')).toEqual(['\\begin{gathered}\nd = g \\text{ (over } s,', 'y),', 'x\n\\end{gathered}']);
    // Adafactor's steps are joined by ;\ (a backslash-space), Adam's definitions by ,\ .
    expect(equationLines('a = 1;\\ b = \\max(c,\\ d);\\ e').split(' \\\\\n')).toEqual(['\\begin{gathered}\na = 1;', 'b = \\max(c,\\ d);', 'e\n\\end{gathered}']);
    expect(equationLines('a;\\qquad b').split(' \\\\\n')).toEqual(['\\begin{gathered}\na;', 'b\n\\end{gathered}']);
  });
});
