import { describe, expect, it } from 'vitest';
import { Rng } from '@descent/tensor';
import { bowl } from '@descent/surfaces';
import { LABELS, localeOf } from '../.vitepress/theme/lib/labels';
import { noisySurface } from '../.vitepress/theme/lib/noisy-surface';
import { pluginById } from '../.vitepress/theme/lib/optimizers';
import { decodeValue, encodeValue, restoredValue, wholeNumberIn } from '../.vitepress/theme/lib/url-state';
import { areRacers, isDemoOptimizer } from '../.vitepress/theme/lib/url-validators';

describe("the demos' state in the URL", () => {
  it('every kind of value comes back as it went in', () => {
    const cases = [0.15, -0.9, 'adam', true, false, [2.5, -1], { lr: 0.3, amsgrad: true, lineSearchFn: 'none' }] as const;
    for (const value of cases) expect(decodeValue(encodeValue(value), value)).toEqual(value);
    expect(encodeValue(true)).toBe('1');
    expect(encodeValue([2.5, -1])).toBe('2.5,-1');
  });

  it('a value that does not fit the demo keeps the demo its own (undefined), instead of NaN or a wrong shape', () => {
    expect(decodeValue('abc', 0.1)).toBeUndefined();
    expect(decodeValue('', 0.1)).toBeUndefined();
    expect(decodeValue('yes', false)).toBeUndefined();
    expect(decodeValue('1,x', [0, 0])).toBeUndefined();
    expect(decodeValue('1,2,3', [0, 0])).toBeUndefined();
    expect(decodeValue('{"lr":', {})).toBeUndefined();
    expect(decodeValue('[1,2]', {})).toBeUndefined();
  });

  it("a field's validator refuses what a link may not set, and the demo keeps its own value (undefined)", () => {
    // ?descent-2d.optimizer=foo would reach pluginById, which throws inside the demo's computed.
    expect(() => pluginById('foo')).toThrow();
    expect(restoredValue('foo', 'sgd', isDemoOptimizer)).toBeUndefined();
    expect(restoredValue('muon', 'sgd', isDemoOptimizer)).toBeUndefined();
    expect(restoredValue('adam', 'sgd', isDemoOptimizer)).toBe('adam');
    // steps=1e9 would run a billion steps in the page.
    const steps = wholeNumberIn(1, 300);
    expect(restoredValue('1e9', 40, steps)).toBeUndefined();
    expect(restoredValue('0', 40, steps)).toBeUndefined();
    expect(restoredValue('2.5', 40, steps)).toBeUndefined();
    expect(restoredValue('300', 40, steps)).toBe(300);
    // Without a validator any value of the right shape stands, as before.
    expect(restoredValue('1e9', 40)).toBe(1e9);
  });

  it("the race's entries from a link are merged into the demo's own, then checked whole", () => {
    const own = { sgd: { on: true, lr: 0.001 }, adam: { on: true, lr: 0.05 } };
    expect(restoredValue('{"adam":{"on":false,"lr":0.1}}', own, areRacers)).toEqual({ sgd: { on: true, lr: 0.001 }, adam: { on: false, lr: 0.1 } });
    expect(restoredValue('{"foo":{"on":true,"lr":0.1}}', own, areRacers)).toBeUndefined();
    expect(restoredValue('{"adam":{"on":true,"lr":-1}}', own, areRacers)).toBeUndefined();
    expect(restoredValue('{"adam":{"on":"yes","lr":0.1}}', own, areRacers)).toBeUndefined();
    expect(restoredValue('{"adam":5}', own, areRacers)).toBeUndefined();
  });
});

describe("the demos' labels", () => {
  it('both languages have every label, none empty, and the Chinese ones are in Chinese', () => {
    expect(Object.keys(LABELS.zh).sort()).toEqual(Object.keys(LABELS.en).sort());
    for (const [key, text] of Object.entries(LABELS.zh)) {
      expect(text, key).not.toBe('');
      expect(LABELS.en[key as keyof typeof LABELS.en], key).not.toBe('');
    }
    expect(LABELS.zh.steps).toBe('步数');
    expect(LABELS.zh.stepSize).toContain('学习率');
  });

  it("a page's language picks the labels: zh-CN and zh are Chinese, anything else English", () => {
    expect(localeOf('zh-CN')).toBe('zh');
    expect(localeOf('zh')).toBe('zh');
    expect(localeOf('en')).toBe('en');
    expect(localeOf('en-US')).toBe('en');
  });
});

describe('the noisy gradient of the 2D demo', () => {
  it('is the exact gradient plus σ times the seeded normal stream; σ = 0 is the surface itself', () => {
    expect(noisySurface(bowl, 0, 1)).toBe(bowl);
    const exact = [0, 0];
    bowl.gradient([0.5, 0.5], exact);
    const noisy = [0, 0];
    noisySurface(bowl, 2, 7).gradient([0.5, 0.5], noisy);
    const rng = new Rng(7);
    expect(noisy[0]).toBeCloseTo((exact[0] ?? 0) + 2 * rng.normal(), 12);
    expect(noisy[1]).toBeCloseTo((exact[1] ?? 0) + 2 * rng.normal(), 12);
    expect(noisySurface(bowl, 2, 7).value([0.5, 0.5])).toBe(bowl.value([0.5, 0.5]));
  });
});
