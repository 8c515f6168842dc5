import { runTrajectory } from '@descent/surfaces';
import { describe, expect, it } from 'vitest';
import { optionValues, plugins } from '../.vitepress/theme/lib/optimizers';
import { surface2D } from '../.vitepress/theme/lib/surfaces';
import { demoAttributes, demoPresets } from '../scripts/demo-presets.mjs';
import { optimizerPage } from '../scripts/optimizer-page.mjs';

// An optimizer page's live demo opens on the 2D demo's defaults: two Gaussians, from the surface's default start, 40
// steps. optax's optimizers carry defaults tuned for networks (Lion's lr 1e-3, …), with which the point barely leaves
// that start; their pages open with a preset instead. Each must then show the optimizer reaching the deeper minimum's
// floor (f ≈ −2.02; the start is at f = −0.116, on the shoulder between the two).
const surface = surface2D('two-gaussians');
const optaxDefined = plugins.filter((p) => p.definedBy?.source === 'optax');

function openingRun(id: string) {
  const plugin = plugins.find((p) => p.id === id)!;
  const preset = demoPresets[id] ?? {};
  const options = optionValues(plugin, preset.lr === undefined ? {} : { lr: preset.lr });
  return runTrajectory({ surface, optimizer: plugin, options, start: [...surface.defaultStart], steps: preset.steps ?? 40 });
}

describe("optimizer pages' demo presets", () => {
  it('cover the nine optimizers defined by optax', () => {
    expect(optaxDefined.map((p) => p.id).sort()).toEqual(['adabelief', 'adopt', 'lamb', 'lars', 'lion', 'prodigy', 'schedule-free-adamw', 'schedule-free-sgd', 'yogi']);
  });

  it.each(optaxDefined.map((p) => p.id))('%s: the demo as the page opens it reaches the deeper minimum', (id) => {
    const run = openingRun(id);
    expect(run.diverged).toBeUndefined();
    expect(surface.value(run.points.at(-1)!)).toBeLessThan(-1.5);
  });

  it("are written into the page's demo, and only where one is set", () => {
    const lars = plugins.find((p) => p.id === 'lars')!;
    expect(optimizerPage(lars, { builtin: true })).toContain('<Descent2D optimizer="lars" :lr="2" :steps="120" />');
    expect(optimizerPage(lars, { builtin: true, lang: 'zh' })).toContain('<Descent2D optimizer="lars" :lr="2" :steps="120" />');
    expect(demoAttributes('adam')).toBe('');
  });

  it('are needed: at its defaults Lion stays near the start', () => {
    const lion = plugins.find((p) => p.id === 'lion')!;
    const run = runTrajectory({ surface, optimizer: lion, options: optionValues(lion, {}), start: [...surface.defaultStart], steps: 40 });
    expect(surface.value(run.points.at(-1)!)).toBeGreaterThan(-0.2);
  });
});
