import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { discoverPlugins } from '../scripts/discover-plugins.mjs';
import { optimizerIndex, optimizerPage } from '../scripts/optimizer-page.mjs';

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
    for (const option of extra!.plugin.options) expect(page).toContain(`| \`${option.name}\` |`);
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
    expect(page).toContain(`$$\n${adam.plugin.updateRule}\n$$`);
    expect(page).toContain('| `weightDecay` | `--weight-decay` | 0 | a number ≥ 0 | `weight_decay` |');
    expect(page).toContain('| `beta1` | `--beta1` | 0.9 | a number in [0, 1) | `betas[0]` |');
    expect(page).toContain('[Adam: A Method for Stochastic Optimization](https://arxiv.org/abs/1412.6980) (2015)');
    expect(page).toContain('<Descent2D optimizer="adam" />');
  });

  it("L-BFGS's page shows step(closure), as it evaluates the objective itself", async () => {
    const lbfgs = (await discoverPlugins(packageJson)).find((f) => f.plugin.id === 'lbfgs')!;
    const page = optimizerPage(lbfgs.plugin, { builtin: false });
    expect(page).toContain('optimizer.step(() => {');
    expect(page).toContain('return (w.data[0] - 3) ** 2 + (w.data[1] + 1) ** 2;');
    expect(page).not.toContain('  optimizer.step();');
    // A choice option: its default quoted, its allowed names listed (PyTorch's None is 'none').
    expect(page).toContain("| `lineSearchFn` | `--line-search-fn` | 'none' | one of 'none', 'strong_wolfe' | `line_search_fn` |");
  });
});
