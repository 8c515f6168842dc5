import { describe, expect, it } from 'vitest';
import { HeavyBall, heavyBallPlugin } from '../__fixtures__/heavy-ball.js';
import { parameter } from '../parameter.js';
import { chain, clipByGlobalNorm, ema, lookahead, skipNonFinite, transformedPlugin, type TransformedOptimizer } from './index.js';

describe('transformations around an existing optimizer', () => {
  it('clips the caller gradient in place before the step (clip_grad_norm_ then step), and averages after it', () => {
    const a = parameter(Float64Array.from([1, 2]), { name: 'w' });
    const b = parameter(Float64Array.from([1, 2]), { name: 'w' });
    let made: TransformedOptimizer | undefined;
    const plugin = transformedPlugin(heavyBallPlugin, () => ({ before: clipByGlobalNorm(1), after: ema(0.5) }), (o) => (made = o as never));
    const wrapped = plugin.create([a], { lr: 0.1, momentum: 0.5 });
    const plain = new HeavyBall([b], { lr: 0.1, momentum: 0.5 });
    const seen: number[][] = [];
    for (let t = 0; t < 3; t++) {
      a.grad.set([3, 4]);
      wrapped.step();
      expect([...a.grad]).toEqual([3 / (5 + 1e-6), 4 / (5 + 1e-6)]);
      b.grad.set([3 / (5 + 1e-6), 4 / (5 + 1e-6)]);
      plain.step();
      seen.push([...b.data]);
    }
    expect([...a.data]).toEqual([...b.data]);
    expect(wrapped.stepCount).toBe(3);
    const expected = seen.reduce<number[]>((avg, p, i) => (i === 0 ? p : avg.map((x, j) => 0.5 * x + 0.5 * (p[j] as number))), []);
    expect([...((made?.transformState('ema')?.average as Float64Array[])[0] ?? [])]).toEqual(expected);
  });

  it('a skipped step leaves the optimizer alone; lookahead pulls the parameters back every k steps', () => {
    const p = parameter(Float64Array.from([1]), { name: 'w' });
    const opt = transformedPlugin(heavyBallPlugin, () => ({ before: chain(skipNonFinite()), after: lookahead(2, 0.5) })).create([p], { lr: 0.1, momentum: 0 });
    p.grad[0] = Number.NaN;
    opt.step();
    expect(opt.stepCount).toBe(0);
    expect(p.data[0]).toBe(1);
    p.grad[0] = 1;
    opt.step(); // 0.9
    opt.step(); // fast 0.8, sync: 1 + 0.5·(0.8 − 1) = 0.9
    expect(p.data[0]).toBeCloseTo(0.9, 15);
    expect(opt.stepCount).toBe(2);
  });

  it('refuses an optimizer that evaluates its own gradient', () => {
    expect(() => transformedPlugin({ ...heavyBallPlugin, needsClosure: true }, () => ({}))).toThrow('heavy-ball evaluates the gradient itself');
  });
});
