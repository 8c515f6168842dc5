import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinPlugins } from '@descent/builtin-optimizers';
import { discoverPlugins } from '../scripts/discover-plugins.mjs';
import { optimizerPage } from '../scripts/optimizer-page.mjs';
import { zhOptionDescriptions } from '../scripts/zh-option-descriptions.mjs';

const packageJson = fileURLToPath(new URL('../package.json', import.meta.url));
const thirdParty = fileURLToPath(new URL('../../cli/src/__fixtures__/sign-descent-plugin.mjs', import.meta.url));

// The zh optimizer pages describe every option in Chinese: the table is keyed by the descriptor's English words.
describe("the options' descriptions in Chinese", () => {
  it('every option of every built-in optimizer has one, so a new option (or new wording) cannot be forgotten', () => {
    const missing = builtinPlugins.flatMap((p) => p.options.filter((o) => zhOptionDescriptions[o.description] === undefined).map((o) => `${p.id}.${o.name}: ${o.description}`));
    expect(missing).toEqual([]);
  });

  it('holds no entry that no option uses any more (a description reworded in English leaves its old entry behind)', () => {
    const used = new Set(builtinPlugins.flatMap((p) => p.options.map((o) => o.description)));
    expect(Object.keys(zhOptionDescriptions).filter((en) => !used.has(en))).toEqual([]);
  });

  it('each is Chinese and keeps the code, flags and formulas of the English', () => {
    for (const [en, zh] of Object.entries(zhOptionDescriptions)) {
      expect(zh, en).toMatch(/[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]/); // Chinese words, or at least its punctuation
      // Quoted names, PyTorch's and optax's identifiers (weight_decay, eps_root) come through unchanged.
      for (const code of en.match(/'[a-z_]+'|\b[a-z]+_[a-z_]+\b/g) ?? []) expect(zh, en).toContain(code);
    }
  });

  it("the zh page shows them; the English page and a third-party optimizer's zh page keep the descriptor's words", async () => {
    const found = await discoverPlugins(packageJson, [thirdParty]);
    const adam = found.find((f) => f.plugin.id === 'adam')!.plugin;
    const beta2 = adam.options.find((o) => o.name === 'beta2')!;
    const zh = optimizerPage(adam, { builtin: true, lang: 'zh' });
    expect(zh).toContain('梯度平方滑动平均（二阶矩）的衰减率 β₂。</dd>');
    expect(zh).not.toContain(beta2.description);
    expect(optimizerPage(adam, { builtin: true })).toContain(`${beta2.description}</dd>`);
    const extra = found.find((f) => !f.builtin)!.plugin;
    const option = extra.options[0]!;
    expect(optimizerPage(extra, { builtin: false, lang: 'zh' })).toContain(option.description.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  });
});
