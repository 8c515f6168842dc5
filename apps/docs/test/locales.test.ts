import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { guidePages } from '../.vitepress/guide-pages';
import { discoverPlugins } from '../scripts/discover-plugins.mjs';
import { optimizerIndex, optimizerPage } from '../scripts/optimizer-page.mjs';
import { zhSummaries } from '../scripts/zh-summaries.mjs';

// The site in English (the root) and Chinese (/zh/): every hand-written English page has a Chinese twin, and the
// generated optimizer pages have theirs from the same descriptors.
const docs = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const packageJson = docs('package.json');
const markdown = (dir: string) => readdirSync(docs(dir)).filter((name) => name.endsWith('.md'));

describe('the zh-CN locale', () => {
  it('every English guide page has a Chinese twin under zh/guide/ (the failure lists the missing ones)', () => {
    const missing = markdown('guide').filter((name) => !existsSync(docs(`zh/guide/${name}`)));
    expect(missing, `guide pages with no Chinese twin: ${missing.join(', ')}`).toEqual([]);
    expect(markdown('guide').length).toBeGreaterThanOrEqual(9);
  });

  it('the home page and getting started have their twins, and no Chinese page lacks its English original', () => {
    for (const page of ['index.md', 'getting-started.md']) expect(existsSync(docs(`zh/${page}`)), page).toBe(true);
    const orphans = markdown('zh/guide').filter((name) => !existsSync(docs(`guide/${name}`)));
    expect(orphans).toEqual([]);
  });

  it('every guide page is in the sidebar list, with a title in both languages', () => {
    const listed = new Set(guidePages.map((p) => `${p.id}.md`));
    expect(markdown('guide').filter((name) => !listed.has(name))).toEqual([]);
    for (const p of guidePages) expect(p.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it("a Chinese page keeps the English page's code and demos: the same fenced blocks and the same components", () => {
    for (const name of ['index.md', 'getting-started.md', ...markdown('guide').map((n) => `guide/${n}`)]) {
      const en = readFileSync(docs(name), 'utf8');
      const zh = readFileSync(docs(`zh/${name}`), 'utf8');
      const components = (text: string) => [...text.matchAll(/<ClientOnly><([A-Z][A-Za-z0-9]*)([^>]*)>/g)].map((m) => `${m[1] ?? ''}${m[2] ?? ''}`);
      expect(components(zh), name).toEqual(components(en));
      // Code keeps its tokens; only comments change language.
      const code = (text: string) => [...text.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => `${m[1] ?? ''}:${(m[2] ?? '').replace(/\/\/.*$|#.*$/gm, '').replace(/\s+/g, ' ')}`);
      expect(code(zh), name).toEqual(code(en));
      expect(zh, name).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("every optimizer of the site has a Chinese summary, and its zh page uses it with the template's words translated", async () => {
    const plugins = (await discoverPlugins(packageJson)).filter((f) => f.builtin).map((f) => f.plugin);
    expect(plugins.filter((p) => !(p.id in zhSummaries)).map((p) => p.id)).toEqual([]);
    expect(Object.keys(zhSummaries).filter((id) => !plugins.some((p) => p.id === id))).toEqual([]);
    const adam = plugins.find((p) => p.id === 'adam')!;
    const page = optimizerPage(adam, { builtin: true, lang: 'zh' });
    expect(page).toContain(zhSummaries.adam);
    for (const heading of ['## 更新规则', '## 本书与 PyTorch', '## 选项', '## 示例', '## 动手试试', '## 参考文献']) expect(page).toContain(heading);
    // Flags, option names and code stay as they are.
    expect(page).toContain('<code>weightDecay</code> <code class="flag">--weight-decay</code>');
    expect(page).toContain('默认值 <code>0.9</code> · 取值: [0, 1) 中的数 · PyTorch <code>betas[0]</code>');
    expect(page).toContain(`optimizer.step();`);
    expect(optimizerIndex(plugins, 'zh')).toContain(`| [Adam](./adam) | \`@descent/optimizer-adam\` | PyTorch 1.13 | 11.10 | ${zhSummaries.adam} |`);
  });
});
