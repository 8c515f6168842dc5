import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatMeanSe, type BenchmarkSummary } from '@descent/benchmark';
import { builtinOptimizers } from '@descent/builtin-optimizers';
import { scheduleValues, type ScheduleSpec } from '@descent/optim';
import { rosenbrock } from '@descent/surfaces';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shownLr, tuneOnSurface } from '../.vitepress/theme/lib/equal-budget';
import { serveStatic } from './static-server.js';

// The built site (pnpm --filter docs build, which turbo runs before the tests) in Debian's Chromium, headless.
// Screenshots of each demo go to test-artifacts/.
const site = fileURLToPath(new URL('../.vitepress/dist', import.meta.url));
const bookFixture = (name: string) => fileURLToPath(new URL(`../../../fixtures/book/${name}`, import.meta.url));
const artifacts = fileURLToPath(new URL('../test-artifacts', import.meta.url));

let browser: Browser;
let server: Awaited<ReturnType<typeof serveStatic>>;

function pages(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return pages(path);
    return name.endsWith('.html') && name !== '404.html' ? [`/${relative(site, path).replace(/\.html$/, '').replace(/(^|\/)index$/, '$1')}`] : [];
  });
}

/** A page that records console errors and uncaught exceptions. */
async function open(path: string, viewport = { width: 1100, height: 900 }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${path}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`${path}: ${e.message}`));
  await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
  return { page, errors };
}

async function shot(page: Page, demo: string): Promise<void> {
  await page.locator(`[data-demo="${demo}"]`).first().screenshot({ path: join(artifacts, `${demo}.png`) });
}

const text = async (page: Page, demo: string, testId: string) => (await page.locator(`[data-demo="${demo}"] [data-testid="${testId}"]`).first().textContent()) ?? '';
const src = async (page: Page, demo: string, testId = 'figure') => (await page.locator(`[data-demo="${demo}"] [data-testid="${testId}"]`).first().getAttribute('src')) ?? '';

/**
 * The path a 1D demo draws, read back from the SVG it shows: for every point of the path's line, its x pixel minus
 * the x pixel of the curve's lowest point (x = 1 on the parabola), so that the sign says on which side of the minimum
 * the step landed.
 */
async function sidesOfMinimum(page: Page, demo: string): Promise<number[]> {
  const url = await src(page, demo);
  const svg = decodeURIComponent(url.slice(url.indexOf(',') + 1));
  // The first polyline is the function, the second the path through the descent's points.
  const [curve = [], path = []] = [...svg.matchAll(/<polyline points="([^"]+)"/g)].map((m) =>
    (m[1] ?? '').split(' ').map((pair) => pair.split(',').map(Number) as [number, number]),
  );
  const lowest = Math.max(...curve.map(([, y]) => y)); // SVG's y grows downwards
  // Samples either side of x = 1 may round to the same pixel row; they lie symmetrically, so take their middle.
  const bottom = curve.filter(([, y]) => y === lowest).map(([x]) => x);
  const minimum = bottom.reduce((a, b) => a + b, 0) / bottom.length;
  return path.map(([x]) => x - minimum);
}

/** How many steps of a path land on the other side of the minimum from the point before. */
const crossings = (sides: readonly number[]) => sides.slice(1).filter((d, i) => Math.sign(d) !== Math.sign(sides[i] as number)).length;

beforeAll(async () => {
  if (!existsSync(join(site, 'index.html'))) throw new Error(`no built site in ${site}: run pnpm --filter docs build first`);
  mkdirSync(artifacts, { recursive: true });
  server = await serveStatic(site);
  browser = await chromium.launch({ executablePath: process.env.DESCENT_CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
});

afterAll(async () => {
  await browser.close();
  await server.close();
});

describe('the built site in Chromium', () => {
  it('every page of both locales loads with no console error and no failed request', async () => {
    const all = pages(site);
    expect(all.length).toBeGreaterThan(20);
    // The Chinese locale mirrors the English one, except the API reference (TypeDoc's, English only). The markdown
    // under public/ (the benchmark example's report.md) is a file to download, not a page (srcExclude).
    expect(all.filter((p) => p.startsWith('/public/'))).toEqual([]);
    const zh = all.filter((p) => p.startsWith('/zh/'));
    const en = all.filter((p) => !p.startsWith('/zh/'));
    expect(zh.length).toBe(en.filter((p) => !p.startsWith('/api/')).length);
    writeFileSync(join(artifacts, 'page-counts.txt'), `en ${String(en.length)} (of which API ${String(en.filter((p) => p.startsWith('/api/')).length)})\nzh-CN ${String(zh.length)}\n`);
    // Four tabs share the list (a page load mostly waits on the browser's own processes and the static server), each
    // error named with the page that raised it.
    const errors: string[] = [];
    let next = 0;
    const visitor = async () => {
      const page = await browser.newPage();
      let current = '';
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`${current}: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`${current}: ${e.message}`));
      page.on('response', (r) => {
        if (r.status() >= 400) errors.push(`${current}: ${String(r.status())} for ${r.url()}`);
      });
      while (next < all.length) {
        current = all[next++]!;
        await page.goto(`${server.url}${current}`, { waitUntil: 'load' });
      }
      await page.close();
    };
    await Promise.all(Array.from({ length: 4 }, visitor));
    expect(errors).toEqual([]);
    // The site grows with every package (an optimizer page, its API pages), so this case has a limit of its own
    // rather than the file's 180 s: 731 pages took 761 s in a clean-clone CI run on 2 cores.
  }, 1_800_000);

  it('1D descent: the η slider, moved with the keyboard, redraws the path; η = 0.15 oscillates', async () => {
    const { page, errors } = await open('/guide/1d-descent');
    await page.waitForSelector('[data-demo="descent-1d"] img');
    const before = await src(page, 'descent-1d');
    expect(await text(page, 'descent-1d', 'status')).toContain('final x = 0.997648');
    // η = 0.03: the 16 points drawn (start and 15 steps) all stay left of the minimum, never crossing it.
    const small = await sidesOfMinimum(page, 'descent-1d');
    expect(small).toHaveLength(16);
    expect(small.filter((d) => d < 0)).toHaveLength(16);
    const slider = page.locator('[data-demo="descent-1d"] [data-testid="eta"]');
    await slider.focus();
    for (let i = 0; i < 24; i++) await page.keyboard.press('ArrowRight'); // 0.03 + 24 × 0.005 = 0.15
    expect(await text(page, 'descent-1d', 'status')).toContain('oscillates');
    expect(await src(page, 'descent-1d')).not.toBe(before);
    // η = 0.15 oscillates in the path drawn, not only in the words: every step lands across the minimum.
    const large = await sidesOfMinimum(page, 'descent-1d');
    expect(large).toHaveLength(16);
    expect(crossings(large)).toBe(15);
    expect(crossings(small)).toBe(0);
    await shot(page, 'descent-1d');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('2D descent: a click on the map sets the start and redraws the path; the controls follow the optimizer', async () => {
    const { page, errors } = await open('/guide/2d-descent');
    const img = page.locator('[data-demo="descent-2d"] [data-testid="figure"]');
    await img.waitFor();
    const status = await text(page, 'descent-2d', 'status');
    const box = (await img.boundingBox())!;
    await img.click({ position: { x: box.width * 0.3, y: box.height * 0.3 } });
    await page.waitForFunction((old) => document.querySelector('[data-demo="descent-2d"] [data-testid="status"]')?.textContent !== old, status);
    expect(await text(page, 'descent-2d', 'status')).toMatch(/^start \(-?\d/);
    // The same from the keyboard: a typed start.
    await page.locator('[data-demo="descent-2d"] [data-testid="start-x"]').fill('2.5');
    await page.locator('[data-demo="descent-2d"] [data-testid="start-x"]').press('Tab');
    expect(await text(page, 'descent-2d', 'status')).toMatch(/^start \(2\.500, /);
    await page.selectOption('[data-demo="descent-2d"] [data-testid="optimizer"]', 'adam');
    expect(await page.locator('[data-demo="descent-2d"] [data-testid="option-beta2"]').count()).toBe(1);
    const withAdam = await src(page, 'descent-2d');
    await page.locator('[data-demo="descent-2d"] [data-testid="option-lr"]').fill('0.3');
    await page.locator('[data-demo="descent-2d"] [data-testid="option-lr"]').press('Enter');
    await page.locator('[data-demo="descent-2d"] [data-testid="option-lr"]').blur();
    await page.waitForFunction((old) => document.querySelector('[data-demo="descent-2d"] [data-testid="figure"]')?.getAttribute('src') !== old, withAdam);
    await page.waitForTimeout(1500); // let the path finish drawing for the screenshot
    await shot(page, 'descent-2d');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("momentum and Nesterov: the book's finals, and the per-axis toggle changes Nesterov's path", async () => {
    const { page, errors } = await open('/guide/momentum');
    await page.waitForSelector('[data-demo="momentum-nesterov"] img');
    expect(await text(page, 'momentum-nesterov', 'status')).toContain('momentum ends (0.8807, -0.9063)');
    const before = await src(page, 'momentum-nesterov', 'nesterov-figure');
    await page.locator('[data-demo="momentum-nesterov"] [data-testid="per-axis"]').check();
    expect(await src(page, 'momentum-nesterov', 'nesterov-figure')).not.toBe(before);
    await shot(page, 'momentum-nesterov');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the race: dropping a racer redraws the map and the curves', async () => {
    const { page, errors } = await open('/guide/adaptive');
    await page.waitForSelector('[data-demo="race"] img');
    expect(await text(page, 'race', 'status')).toContain('adam');
    const before = await src(page, 'race', 'curves');
    await page.locator('[data-demo="race"] [data-testid="race-adam"]').uncheck();
    expect(await src(page, 'race', 'curves')).not.toBe(before);
    expect(await text(page, 'race', 'status')).not.toContain('adam');
    const beforeStart = await src(page, 'race', 'curves');
    await page.locator('[data-demo="race"] [data-testid="start-y"]').fill('2');
    await page.locator('[data-demo="race"] [data-testid="start-y"]').press('Tab');
    expect(await src(page, 'race', 'curves')).not.toBe(beforeStart);
    await shot(page, 'race');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('statistics: pasted samples give the tests and histograms; bad input is named', async () => {
    const { page, errors } = await open('/guide/comparing');
    await page.waitForSelector('[data-demo="stats"] img');
    expect(await text(page, 'stats', 'status')).toContain('Mann–Whitney U = 100');
    await page.locator('[data-demo="stats"] [data-testid="sample-b"]').fill('1 2 3 4 5 6 7 8 9 10');
    expect(await text(page, 'stats', 'status')).toContain("Student's t");
    await shot(page, 'stats');
    await page.locator('[data-demo="stats"] [data-testid="sample-a"]').fill('0.5 oops');
    expect(await text(page, 'stats', 'status')).toContain('Each sample needs at least two numbers');
    // The book's own 22 + 22 MCCs, loaded from its .npy files: its printed means and standard errors (chapter §5).
    await page.locator('[data-demo="stats"] [data-testid="file-a"]').setInputFiles(bookFixture('fmnist_w_momentum_runs.npy'));
    await page.locator('[data-demo="stats"] [data-testid="file-b"]').setInputFiles(bookFixture('fmnist_no_momentum_runs.npy'));
    await page.waitForFunction(() => (document.querySelector('[data-demo="stats"] [data-testid="status"]')?.textContent ?? '').includes('B: n = 22'));
    const status = await text(page, 'stats', 'status');
    expect(status).toContain('A: n = 22, mean 0.86413 ± 0.00075');
    expect(status).toContain('B: n = 22, mean 0.85778 ± 0.00056');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("Schedules: a preset redraws the plot with the library's values; a bad spec shows its error", async () => {
    const { page, errors } = await open('/guide/schedules');
    const demo = '[data-demo="schedule"]';
    await page.waitForSelector(`${demo} [data-testid="figure"]`);
    const spec = page.locator(`${demo} [data-testid="spec"]`);
    /**
     * The values the demo says it drew (its data-values) and the line its SVG draws: every point must be the same
     * affine map of its value (the chart's y scale), so the picture is of those values and not of others.
     */
    async function plotted(testId: string): Promise<number[]> {
      const img = page.locator(`${demo} [data-testid="${testId}"]`);
      const values = JSON.parse((await img.getAttribute('data-values')) ?? '[]') as number[];
      const url = (await img.getAttribute('src')) ?? '';
      const svg = decodeURIComponent(url.slice(url.indexOf(',') + 1));
      const line = /<polyline points="([^"]+)"[^>]*class="mark"/.exec(svg)?.[1] ?? '';
      const ys = line.split(' ').map((pair) => Number(pair.split(',')[1]));
      expect(ys).toHaveLength(values.length);
      const lo = values.indexOf(Math.min(...values));
      const hi = values.indexOf(Math.max(...values));
      const scale = ((ys[hi] as number) - (ys[lo] as number)) / ((values[hi] as number) - (values[lo] as number));
      expect(scale).toBeLessThan(0); // higher values are drawn higher up
      values.forEach((v, i) => {
        expect(ys[i]).toBeCloseTo((ys[lo] as number) + scale * (v - (values[lo] as number)), 1);
      });
      return values;
    }
    /** Equal to the last few ulps: the browser's Math.cos (another V8 than Node's) may round differently. */
    function expectSame(actual: readonly number[], expected: readonly number[] | undefined): void {
      expect(actual).toHaveLength(expected?.length ?? -1);
      actual.forEach((v, i) => {
        expect(Math.abs(v - (expected?.[i] ?? Number.NaN))).toBeLessThanOrEqual(1e-12 * Math.abs(v));
      });
    }
    // The default, OneCycleLR from base lr 0.1 over 100 steps, cycles momentum: both plots are the library's numbers.
    const oneCycle = scheduleValues(JSON.parse(await spec.inputValue()) as ScheduleSpec, { lr: 0.1, steps: 100 });
    expect(JSON.parse(await spec.inputValue())).toMatchObject({ name: 'OneCycleLR' });
    expectSame(await plotted('figure'), oneCycle.lr);
    expectSame(await plotted('momentum-figure'), oneCycle.momentum);
    expect(await text(page, 'schedule', 'command')).toBe(`descent schedule --schedule '${JSON.stringify(JSON.parse(await spec.inputValue()))}' --lr 0.1 --steps 100 --plot schedule.svg`);
    // Another preset redraws, with no momentum plot when nothing is cycled.
    const before = await src(page, 'schedule');
    await page.selectOption(`${demo} [data-testid="preset"]`, 'SequentialLR (warmup + cosine)');
    expect(await src(page, 'schedule')).not.toBe(before);
    const warmupCosine = { name: 'SequentialLR', schedulers: [{ name: 'LinearLR', start_factor: 0.1, total_iters: 10 }, { name: 'CosineAnnealingLR', T_max: 90 }], milestones: [10] };
    expect(JSON.parse(await spec.inputValue())).toEqual(warmupCosine);
    expectSame(await plotted('figure'), scheduleValues(warmupCosine, { lr: 0.1, steps: 100 }).lr);
    expect(await page.locator(`${demo} [data-testid="momentum-figure"]`).count()).toBe(0);
    // The base lr and steps inputs feed the same call.
    await page.locator(`${demo} [data-testid="lr"]`).fill('0.5');
    await page.locator(`${demo} [data-testid="steps"]`).fill('40');
    expectSame(await plotted('figure'), scheduleValues(warmupCosine, { lr: 0.5, steps: 40 }).lr);
    expect(await text(page, 'schedule', 'command')).toContain('--lr 0.5 --steps 40');
    await shot(page, 'schedule');
    // A typed spec: an unknown argument and bad JSON show the library's one-line errors, and no plot.
    await spec.fill('{"name": "CosineAnnealingLR", "tmax": 10}');
    expect(await text(page, 'schedule', 'error')).toBe("unknown argument 'tmax' for CosineAnnealingLR (known: T_max, eta_min)");
    expect(await page.locator(`${demo} [data-testid="figure"]`).count()).toBe(0);
    await spec.fill('{"name": "StepLR", ');
    expect(await text(page, 'schedule', 'error')).toMatch(/^a schedule must be JSON: /);
    await spec.fill('{"name": "StepLR", "step_size": 5, "gamma": 0.5}');
    expectSame(await plotted('figure'), scheduleValues({ name: 'StepLR', step_size: 5, gamma: 0.5 }, { lr: 0.5, steps: 40 }).lr);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('training in the browser: 2,000 minibatches in a worker end with an MCC; the page can stop a run', async () => {
    const { page, errors } = await open('/guide/training');
    const demo = '[data-demo="train"]';
    await page.locator(`${demo} [data-testid="train"]`).click();
    await page.locator(`${demo} [data-testid="mcc"]`).waitFor({ timeout: 120_000 });
    const mcc = Number(await text(page, 'train', 'mcc'));
    expect(mcc).toBeGreaterThan(0.6);
    const status = await text(page, 'train', 'status');
    // The test server sends no cross-origin isolation headers: no shared memory, so one thread.
    expect(status).toMatch(/trained 2000 minibatches in [\d.]+ s \(wasm-relaxed-simd kernels, 1 thread\)/);
    writeFileSync(join(artifacts, 'training-2000-steps.txt'), `${status}\nMCC ${String(mcc)}\n`);
    await shot(page, 'train');
    // A long run, stopped from the page while the worker trains: the main thread stays free to take the click.
    await page.locator(`${demo} [data-testid="steps"]`).fill('100000');
    await page.locator(`${demo} [data-testid="train"]`).click();
    await page.waitForFunction(() => /step \d+/.test(document.querySelector('[data-demo="train"] [data-testid="status"]')?.textContent ?? ''));
    await page.locator(`${demo} [data-testid="stop"]`).click();
    await page.waitForFunction(() => (document.querySelector('[data-demo="train"] [data-testid="status"]')?.textContent ?? '').startsWith('stopped after'));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('training in the browser on a cross-origin isolated page: every core, and the same MCC as one thread', async () => {
    const isolatedServer = await serveStatic(site, { isolated: true });
    /** Trains the demo's 2,000 minibatches on the page at `url`; its status line, MCC and page isolation. */
    const train = async (url: string) => {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${url}/guide/training`, { waitUntil: 'load' });
      await page.locator('[data-demo="train"] [data-testid="train"]').click();
      await page.locator('[data-demo="train"] [data-testid="mcc"]').waitFor({ timeout: 120_000 });
      const result = {
        status: await text(page, 'train', 'status'),
        mcc: await text(page, 'train', 'mcc'),
        isolated: await page.evaluate(() => crossOriginIsolated),
        cores: await page.evaluate(() => navigator.hardwareConcurrency),
      };
      expect(errors).toEqual([]);
      await page.close();
      return result;
    };
    try {
      const plain = await train(server.url);
      const isolated = await train(isolatedServer.url);
      expect([plain.isolated, isolated.isolated]).toEqual([false, true]);
      expect(plain.status).toContain('1 thread)');
      expect(isolated.status).toContain(isolated.cores > 1 ? `${String(isolated.cores)} threads)` : '1 thread)');
      // Threads split every product by its outputs, never inside a sum: the score is bit for bit one thread's.
      expect(isolated.mcc).toBe(plain.mcc);
      writeFileSync(join(artifacts, 'training-2000-steps-isolated.txt'), `${isolated.status}\nMCC ${isolated.mcc}\n`);
    } finally {
      await isolatedServer.close();
    }
  });

  it('reads on a phone-width screen: no page scrolls sideways', async () => {
    for (const path of ['/guide/2d-descent', '/guide/momentum', '/guide/adaptive', '/guide/training', '/guide/comparing', '/optimizers/adam', '/optimizers/prodigy', '/zh/guide/2d-descent', '/zh/guide/schedules', '/zh/optimizers/adam', '/zh/cli']) {
      const { page, errors } = await open(path, { width: 390, height: 800 });
      await page.waitForTimeout(300);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(1);
      if (path === '/guide/2d-descent') await page.screenshot({ path: join(artifacts, 'phone-2d-descent.png') });
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it('an optimizer reference page shows its rule, its options and a live demo preset to it', async () => {
    const { page, errors } = await open('/optimizers/adam');
    await page.waitForSelector('[data-demo="descent-2d"] img');
    expect(await page.locator('mjx-container').count()).toBeGreaterThan(0);
    const body = (await page.locator('main').textContent()) ?? '';
    for (const needle of ['beta1', '--weight-decay', 'torch.optim.Adam', 'Kingma']) expect(body).toContain(needle);
    expect(await page.locator('[data-demo="descent-2d"] [data-testid="optimizer"]').inputValue()).toBe('adam');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('both locales: a language switch on every kind of page leads to its twin, whose demos speak Chinese', async () => {
    for (const path of ['/', '/getting-started', '/guide/2d-descent', '/optimizers/adam', '/cli']) {
      const { page, errors } = await open(path, { width: 1280, height: 900 });
      // VitePress's translations menu: its link goes to the same page under /zh/.
      const links = await page.locator('.VPNavBarTranslations a, .VPNavScreenTranslations a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      const twin = path === '/' ? '/zh/' : `/zh${path}`;
      expect(links.map((l) => l.replace(/\.html$/, '')), path).toContain(twin);
      await page.goto(`${server.url}${twin}`, { waitUntil: 'load' });
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      const back = await page.locator('.VPNavBarTranslations a, .VPNavScreenTranslations a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      expect(back.map((l) => l.replace(/\.html$/, '')), twin).toContain(path);
      expect(errors).toEqual([]);
      await page.close();
    }
    const { page, errors } = await open('/zh/guide/2d-descent');
    await page.waitForSelector('[data-demo="descent-2d"] img');
    const controls = (await page.locator('[data-demo="descent-2d"] .demo-controls').first().textContent()) ?? '';
    for (const word of ['曲面', '优化器', '步数', '起点 x']) expect(controls).toContain(word);
    expect(await page.locator('[data-demo="descent-2d"] [data-testid="noise"]').getAttribute('aria-label')).toBe('梯度噪声 σ');
    await page.locator('[data-demo="descent-2d"]').screenshot({ path: join(artifacts, 'zh-descent-2d.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('reading an optimizer page at 1280 px: options in full width, no flag broken, no rule or prose scrolling sideways', async () => {
    const paths = pages(site).filter((p) => /^\/(zh\/)?optimizers\/[a-z]/.test(p));
    expect(paths.length).toBeGreaterThan(40);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    for (const path of paths) {
      await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
      await page.waitForSelector('.optimizer-options');
      const problems = await page.evaluate(() => {
        const found: string[] = [];
        // Every cell of every table (and every option's heading) at least as wide as its longest flag, on one line.
        for (const box of document.querySelectorAll<HTMLElement>('.vp-doc td, .vp-doc th, .optimizer-options dt')) {
          for (const code of box.querySelectorAll('code')) {
            if (!code.textContent.startsWith('--')) continue;
            if (code.getClientRects().length > 1) found.push(`flag ${code.textContent} breaks across lines`);
            if (box.clientWidth < code.scrollWidth) found.push(`cell of ${String(box.clientWidth)} px narrower than ${code.textContent} (${String(code.scrollWidth)} px)`);
          }
        }
        // Prose and display math fit the text column: nothing scrolls sideways but code blocks.
        for (const el of document.querySelectorAll<HTMLElement>('.vp-doc p, .vp-doc li, .vp-doc dd, .vp-doc table, .vp-doc mjx-container')) {
          if (el.scrollWidth > el.clientWidth + 1) found.push(`${el.tagName.toLowerCase()} scrolls: ${String(el.scrollWidth)} > ${String(el.clientWidth)} px (${el.textContent.slice(0, 40)})`);
        }
        const doc = document.documentElement;
        if (doc.scrollWidth > doc.clientWidth + 1) found.push('the page scrolls sideways');
        return found;
      });
      expect(problems, path).toEqual([]);
    }
    await page.goto(`${server.url}/optimizers/adam`, { waitUntil: 'load' });
    await page.locator('.optimizer-options').screenshot({ path: join(artifacts, 'adam-options.png') });
    await page.locator('.vp-doc mjx-container[display="true"]').first().screenshot({ path: join(artifacts, 'adam-update-rule.png') });
    await page.close();
  }, 600_000);

  it('the 2D demo: the gradient-noise slider shakes the path; the same seed draws the same path, another seed another', async () => {
    const { page, errors } = await open('/guide/2d-descent');
    const demo = '[data-demo="descent-2d"]';
    await page.waitForSelector(`${demo} img`);
    const exact = await text(page, 'descent-2d', 'status');
    const noise = page.locator(`${demo} [data-testid="noise"]`);
    await noise.focus();
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight'); // σ = 1.0
    const noisy = await text(page, 'descent-2d', 'status');
    expect(noisy).not.toBe(exact);
    // Back to σ = 0 is the exact path again; σ = 1 again, the same noisy one.
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowLeft');
    expect(await text(page, 'descent-2d', 'status')).toBe(exact);
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    expect(await text(page, 'descent-2d', 'status')).toBe(noisy);
    await page.locator(`${demo} [data-testid="noise-seed"]`).fill('2');
    expect(await text(page, 'descent-2d', 'status')).not.toBe(noisy);
    await page.waitForTimeout(1500); // the path finishes drawing
    await page.locator(demo).screenshot({ path: join(artifacts, 'descent-2d-noise.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  /**
   * Changes a demo's state with `act`, then opens the page's URL afresh in another tab: every figure (its SVG, drawn
   * once the path has finished) and status of the demo must be the same, and differ from the page's first picture.
   */
  async function restoresFromLink(path: string, demo: string, act: (page: Page) => Promise<void>): Promise<string> {
    const read = (page: Page) =>
      page.locator(`[data-demo="${demo}"] img, [data-demo="${demo}"] [data-testid="status"], [data-demo="${demo}"] input, [data-demo="${demo}"] textarea, [data-demo="${demo}"] select`).evaluateAll((els) =>
        els.map((e) => (e instanceof HTMLImageElement ? e.src : e instanceof HTMLInputElement && e.type === 'checkbox' ? String(e.checked) : e instanceof HTMLInputElement || e instanceof HTMLTextAreaElement || e instanceof HTMLSelectElement ? e.value : e.textContent)),
      );
    // The picture once a path has finished drawing: two readings a moment apart agree.
    const picture = async (page: Page) => {
      await page.waitForSelector(`[data-demo="${demo}"] img`);
      let before = await read(page);
      for (;;) {
        await page.waitForTimeout(700);
        const now = await read(page);
        if (JSON.stringify(now) === JSON.stringify(before)) return now;
        before = now;
      }
    };
    /** Equal pictures, compared as one line each so that a failure does not print whole SVG documents. */
    const same = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);
    const { page, errors } = await open(path);
    const first = await picture(page);
    await act(page);
    const changed = await picture(page);
    expect(same(changed, first), `${demo}: the action changed nothing`).toBe(false);
    const link = page.url();
    expect(link, demo).toContain(`${demo}.`);
    const again = await open(link.slice(server.url.length));
    const restored = await picture(again.page);
    const differing = restored.flatMap((v, i) => (v === changed[i] ? [] : [`#${String(i)}: ${v.slice(0, 80)} ≠ ${(changed[i] ?? '').slice(0, 80)}`]));
    expect(differing, `${demo} from ${link}`).toEqual([]);
    expect(restored.length).toBe(changed.length);
    expect([...errors, ...again.errors]).toEqual([]);
    await page.close();
    await again.page.close();
    return link;
  }

  it('every demo keeps its state in the URL: a link restores the exact picture', async () => {
    const d2 = '[data-demo="descent-2d"]';
    const links = [
      await restoresFromLink('/guide/1d-descent', 'descent-1d', async (page) => {
        await page.locator('[data-demo="descent-1d"] [data-testid="eta"]').fill('0.15');
        await page.locator('[data-demo="descent-1d"] [data-testid="start-x"]').fill('2.5');
      }),
      await restoresFromLink('/guide/2d-descent', 'descent-2d', async (page) => {
        // A surface with linear contour levels: a log-scaled one (Rosenbrock) redraws a 300² grid every frame of the
        // path's animation, which on a busy machine keeps the page from taking input for many seconds.
        await page.selectOption(`${d2} [data-testid="surface"]`, 'canyon');
        await page.selectOption(`${d2} [data-testid="optimizer"]`, 'adam');
        await page.locator(`${d2} [data-testid="option-lr"]`).fill('0.05');
        await page.locator(`${d2} [data-testid="option-lr"]`).press('Enter');
        await page.locator(`${d2} [data-testid="option-amsgrad"]`).check();
        await page.locator(`${d2} [data-testid="start-x"]`).fill('-1.5');
        await page.locator(`${d2} [data-testid="start-x"]`).press('Tab');
        await page.locator(`${d2} [data-testid="noise"]`).fill('0.5');
        await page.locator(`${d2} [data-testid="steps"]`).fill('120');
      }),
      await restoresFromLink('/zh/guide/momentum', 'momentum-nesterov', async (page) => {
        await page.locator('[data-demo="momentum-nesterov"] [data-testid="mu"]').fill('0.5');
        await page.locator('[data-demo="momentum-nesterov"] [data-testid="per-axis"]').check();
      }),
      await restoresFromLink('/guide/adaptive', 'race', async (page) => {
        await page.locator('[data-demo="race"] [data-testid="race-adam"]').uncheck();
        await page.locator('[data-demo="race"] [data-testid="race-lion"]').check();
        await page.locator('[data-demo="race"] [data-testid="start-y"]').fill('2');
        await page.locator('[data-demo="race"] [data-testid="start-y"]').press('Tab');
      }),
      await restoresFromLink('/guide/schedules', 'schedule', async (page) => {
        await page.selectOption('[data-demo="schedule"] [data-testid="preset"]', 'StepLR');
        await page.locator('[data-demo="schedule"] [data-testid="spec"]').fill('{"name": "StepLR", "step_size": 7, "gamma": 0.5}');
        await page.locator('[data-demo="schedule"] [data-testid="steps"]').fill('60');
      }),
      await restoresFromLink('/guide/comparing', 'stats', async (page) => {
        await page.locator('[data-demo="stats"] [data-testid="sample-b"]').fill('1 2 3 4 5 6 7 8 9 10');
      }),
    ];
    writeFileSync(join(artifacts, 'shared-links.txt'), `${links.map((l) => l.slice(server.url.length)).join('\n')}\n`);
    // The training demo: its settings (a link sets up the run; the reader starts it).
    const { page, errors } = await open('/guide/training');
    await page.selectOption('[data-demo="train"] [data-testid="optimizer"]', 'adam');
    await page.locator('[data-demo="train"] [data-testid="steps"]').fill('500');
    await page.locator('[data-demo="train"] [data-testid="steps"]').press('Tab');
    const again = await open(page.url().slice(server.url.length));
    expect(await again.page.locator('[data-demo="train"] [data-testid="optimizer"]').inputValue()).toBe('adam');
    expect(await again.page.locator('[data-demo="train"] [data-testid="steps"]').inputValue()).toBe('500');
    expect([...errors, ...again.errors]).toEqual([]);
    await page.close();
    await again.page.close();
  }, 600_000);

  it("momentum on a quadratic: a click on the rate map moves the point; κ moves the optimum; the curves follow", async () => {
    const { page, errors } = await open('/guide/momentum');
    const demo = '[data-demo="momentum-quadratic"]';
    const map = page.locator(`${demo} [data-testid="rate-map"]`);
    await map.waitFor();
    const status = await text(page, 'momentum-quadratic', 'status');
    // κ = 100: the optimum of Goh's closed form, (√κ − 1)/(√κ + 1) = 9/11.
    expect(status).toContain('η* = 3.306, μ* = 0.669, rate (√κ − 1)/(√κ + 1) = 0.8182');
    const curves = await src(page, 'momentum-quadratic', 'components');
    const box = (await map.boundingBox())!;
    await map.click({ position: { x: box.width * 0.3, y: box.height * 0.3 } });
    await page.waitForFunction((old) => document.querySelector('[data-demo="momentum-quadratic"] [data-testid="status"]')?.textContent !== old, status);
    // The point moved to where the click was: η in the left part of [0, 4], μ in the upper part of [0, 0.99].
    const lr = Number(await page.locator(`${demo} [data-testid="lr"]`).inputValue());
    const mu = Number(await page.locator(`${demo} [data-testid="momentum"]`).inputValue());
    expect(lr).toBeGreaterThan(0.5);
    expect(lr).toBeLessThan(1.5);
    expect(mu).toBeGreaterThan(0.6);
    expect(await src(page, 'momentum-quadratic', 'components')).not.toBe(curves);
    // The measured rate (runs of the momentum package) and the closed form agree at the new point.
    const [, measured, theory] = /measured ([\d.]+), closed form ([\d.]+)/.exec(await text(page, 'momentum-quadratic', 'status')) ?? [];
    expect(Math.abs(Number(measured) - Number(theory))).toBeLessThan(0.01);
    await page.locator(`${demo} [data-testid="kappa"]`).fill('1');
    expect(await text(page, 'momentum-quadratic', 'status')).toContain('rate (√κ − 1)/(√κ + 1) = 0.5195'); // κ = 10
    await shot(page, 'momentum-quadratic');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("state glyphs: Adam's velocity and squared-gradient glyphs appear step by step; SGD has only gradients", async () => {
    const { page, errors } = await open('/guide/adaptive');
    const demo = '[data-demo="state-glyphs"]';
    await page.waitForSelector(`${demo} [data-testid="figure"]`);
    const count = async (cls: string) => {
      const url = await src(page, 'state-glyphs');
      return (decodeURIComponent(url.slice(url.indexOf(',') + 1)).match(new RegExp(`class="${cls}"`, 'g')) ?? []).length;
    };
    // Adam, 20 steps: an arrow of each kind and two bars at every step.
    expect(await count('glyph-gradient')).toBe(20);
    expect(await count('glyph-velocity')).toBe(20);
    expect(await count('glyph-squared')).toBe(40);
    expect(await text(page, 'state-glyphs', 'status')).toMatch(/^step 20: g = \(/);
    await shot(page, 'state-glyphs');
    // Back to step 5: five of each.
    await page.locator(`${demo} [data-testid="upto"]`).fill('5');
    expect(await count('glyph-velocity')).toBe(5);
    expect(await text(page, 'state-glyphs', 'status')).toMatch(/^step 5: /);
    // Momentum has a velocity and no squared gradient; SGD neither.
    await page.selectOption(`${demo} [data-testid="optimizer"]`, 'momentum');
    expect(await count('glyph-velocity')).toBe(5);
    expect(await count('glyph-squared')).toBe(0);
    await page.selectOption(`${demo} [data-testid="optimizer"]`, 'sgd');
    expect(await count('glyph-gradient')).toBe(5);
    expect(await count('glyph-velocity')).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
  it('the equal-budget race: every racer tuned by the benchmark\'s search before it races, beside the untuned race; a link restores it', async () => {
    const { page, errors } = await open('/guide/benchmark');
    const demo = '[data-demo="equal-budget"]';
    await page.waitForSelector(`${demo} tr[data-optimizer="adam"]`);
    const cell = (id: string, testId: string) => page.locator(`${demo} tr[data-optimizer="${id}"] [data-testid="${testId}"]`).textContent();
    // The tuned learning rates the page shows are those of the same search run here, in Node (Rosenbrock, 300 steps, 16 trials, seed 1).
    for (const id of ['sgd', 'momentum', 'rmsprop', 'adam']) {
      const tuned = tuneOnSurface({ surface: rosenbrock, plugin: builtinOptimizers.get(id), start: [...rosenbrock.defaultStart], steps: 300, trials: 16, seed: 1 });
      expect(await cell(id, 'tuned-lr'), id).toBe(shownLr(tuned.trials[tuned.best]?.options.lr));
      expect(Number(await cell(id, 'tuned-f')), id).toBeCloseTo(tuned.trials[tuned.best]?.final ?? Number.NaN, 3);
    }
    // Tuning beats the defaults on Rosenbrock for every one of them.
    for (const id of ['sgd', 'momentum', 'rmsprop', 'adam']) expect(Number(await cell(id, 'tuned-f')), id).toBeLessThan(Number(await cell(id, 'untuned-f')));
    await shot(page, 'equal-budget');
    // Another seed of the search: other trials, other learning rates, the same as the search gives in Node.
    const tunedMap = await src(page, 'equal-budget');
    await page.locator(`${demo} [data-testid="seed"]`).fill('2');
    await page.waitForFunction((old) => document.querySelector('[data-demo="equal-budget"] [data-testid="figure"]')?.getAttribute('src') !== old, tunedMap);
    const reseeded = tuneOnSurface({ surface: rosenbrock, plugin: builtinOptimizers.get('adam'), start: [...rosenbrock.defaultStart], steps: 300, trials: 16, seed: 2 });
    expect(await cell('adam', 'tuned-lr')).toBe(shownLr(reseeded.trials[reseeded.best]?.options.lr));
    // Fewer trials: every racer gets 3; a racer unticked: its row and paths go.
    await page.locator(`${demo} [data-testid="trials"]`).fill('3');
    expect(await page.locator(`${demo} tr[data-optimizer="adam"] td`).last().textContent()).toMatch(/\/ 3$/);
    await page.locator(`${demo} [data-testid="race-sgd"]`).uncheck();
    expect(await page.locator(`${demo} tr[data-optimizer="sgd"]`).count()).toBe(0);
    const table = await page.locator(`${demo} [data-testid="table"]`).textContent();
    expect(page.url()).toContain('equal-budget.trials=3');
    expect(page.url()).toContain('equal-budget.seed=2');
    const again = await open(page.url().slice(server.url.length));
    await again.page.waitForSelector(`${demo} tr[data-optimizer="adam"]`);
    expect(await again.page.locator(`${demo} [data-testid="table"]`).textContent()).toBe(table);
    expect([...errors, ...again.errors]).toEqual([]);
    await page.close();
    await again.page.close();
  });

  it("the benchmark page: the scores, tables and profile are the committed benchmark.json's numbers", async () => {
    const summary = JSON.parse(readFileSync(join(site, 'benchmark-example', 'benchmark.json'), 'utf8')) as BenchmarkSummary;
    // The example's report.md is copied as a file to download and is not built as a page.
    expect(existsSync(join(site, 'benchmark-example', 'report.md'))).toBe(true);
    expect(existsSync(join(site, 'public'))).toBe(false);
    for (const path of ['/guide/benchmark', '/zh/guide/benchmark']) {
      const { page, errors } = await open(path);
      const demo = '[data-demo="benchmark-results"]';
      await page.waitForSelector(`${demo} [data-testid="scores"]`);
      for (const [name, score] of Object.entries(summary.score)) {
        expect(await page.locator(`${demo} [data-testid="scores"] tr[data-optimizer="${name}"] [data-testid="score"]`).textContent(), name).toBe(score.toFixed(3));
      }
      const never = path.startsWith('/zh') ? '未达到' : 'never';
      for (const w of summary.workloads) {
        for (const o of w.optimizers) {
          const row = (testId: string) => page.locator(`${demo} [data-workload="${w.name}"] tr[data-optimizer="${o.name}"] [data-testid="${testId}"]`).textContent();
          const where = `${path} ${w.name} ${o.name}`;
          expect(await row('final'), where).toBe(formatMeanSe(o.final));
          expect(await row('default-final'), where).toBe(formatMeanSe(o.default.final));
          expect(await row('steps-to-target'), where).toBe(o.stepsToTarget.median === null ? never : String(o.stepsToTarget.median));
          expect(await row('default-steps'), where).toBe(o.default.stepsToTarget.median === null ? never : String(o.default.stepsToTarget.median));
          expect(await row('tuned'), where).toContain(`lr=${String(o.best.lr)}`);
        }
      }
      // The profile is drawn from the JSON: each optimizer's legend carries its score.
      const profile = await src(page, 'benchmark-results', 'profile');
      const svg = decodeURIComponent(profile.slice(profile.indexOf(',') + 1));
      for (const [name, score] of Object.entries(summary.score)) expect(svg).toContain(`${name} (score ${score.toFixed(3)})`);
      expect(await page.locator(`${demo} [data-testid="curves"]`).count()).toBe(summary.workloads.length);
      if (path === '/guide/benchmark') await shot(page, 'benchmark-results');
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it('the recipes demo: each transformation switched on or off changes the path, and the command follows', async () => {
    const { page, errors } = await open('/guide/recipes');
    const demo = '[data-demo="recipe"]';
    await page.waitForSelector(`${demo} [data-testid="figure"]`);
    // Adam with clipping and an EMA: three paths (alone, with the recipe, the average).
    expect(await text(page, 'recipe', 'status')).toMatch(/^adam: \(.*\n.*\n.*f = /);
    expect(await text(page, 'recipe', 'command')).toBe('descent path --surface rosenbrock --optimizer adam --lr 0.05 --start -1.2,1 --steps 200 --clip-grad-norm 1 --ema 0.9');
    await shot(page, 'recipe');
    let before = await src(page, 'recipe');
    for (const piece of ['ema', 'clip-grad-norm', 'lookahead', 'accumulate', 'clip-grad-value']) {
      await page.locator(`${demo} [data-testid="on-${piece}"]`).click();
      const now = await src(page, 'recipe');
      expect(now, piece).not.toBe(before);
      before = now;
    }
    expect(await text(page, 'recipe', 'command')).toContain('--clip-grad-value 0.5 --accumulate 3 --lookahead 5,0.5');
    expect(await text(page, 'recipe', 'status')).not.toContain('EMA');
    // A value a transformation refuses: its own message, and the demo stays alive.
    await page.locator(`${demo} [data-testid="accumulate"]`).fill('0');
    expect(await text(page, 'recipe', 'status')).toContain('accumulate');
    expect(errors).toEqual([]);
    await page.close();
    // Its state is in the URL too.
    await restoresFromLink('/guide/recipes', 'recipe', async (p) => {
      await p.locator(`${demo} [data-testid="on-ema"]`).uncheck();
      await p.locator(`${demo} [data-testid="on-lookahead"]`).check();
      await p.locator(`${demo} [data-testid="lookahead-k"]`).fill('8');
      await p.locator(`${demo} [data-testid="start-x"]`).fill('-1.5');
      await p.locator(`${demo} [data-testid="start-x"]`).press('Tab');
    });
  });

  it('the 2D demo draws the contours once per surface and view: a new lr or a growing path redraws only the paths', async () => {
    const { page, errors } = await open('/guide/2d-descent');
    const demo = '[data-demo="descent-2d"]';
    await page.waitForSelector(`${demo} [data-testid="contours"]`);
    const contours = await src(page, 'descent-2d', 'contours');
    const path = await src(page, 'descent-2d');
    await page.locator(`${demo} [data-testid="option-lr"]`).fill('0.3');
    await page.locator(`${demo} [data-testid="option-lr"]`).press('Enter');
    await page.waitForFunction((old) => document.querySelector('[data-demo="descent-2d"] [data-testid="figure"]')?.getAttribute('src') !== old, path);
    expect(await src(page, 'descent-2d', 'contours')).toBe(contours);
    // The paths layer holds no contours; the contours layer no path.
    const layer = (url: string) => decodeURIComponent(url.slice(url.indexOf(',') + 1));
    expect(layer(await src(page, 'descent-2d'))).not.toContain('fill="rgb(');
    expect(layer(contours)).toContain('fill="rgb(');
    await page.selectOption(`${demo} [data-testid="surface"]`, 'canyon');
    expect(await src(page, 'descent-2d', 'contours')).not.toBe(contours);
    await page.selectOption(`${demo} [data-testid="surface"]`, 'bowl');
    expect(await src(page, 'descent-2d', 'contours')).toBe(contours);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a zh optimizer page describes every option in Chinese', async () => {
    const { page, errors } = await open('/zh/optimizers/adam');
    await page.waitForSelector('.optimizer-options');
    const descriptions = await page.locator('.optimizer-options dd').evaluateAll((dds) => dds.map((dd) => dd.lastChild?.textContent ?? '')); // the words after the facts' <br>
    expect(descriptions.length).toBe(builtinOptimizers.get('adam').options.length);
    for (const d of descriptions) expect(d).toMatch(/[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]/);
    expect(await page.locator('.optimizer-options').textContent()).toContain('梯度平方滑动平均（二阶矩）的衰减率 β₂。');
    expect(errors).toEqual([]);
    await page.close();
  });
});

