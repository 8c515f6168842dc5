import {
  chain,
  clipByGlobalNorm,
  createArena,
  encodeArray,
  parameter,
  skipNonFinite,
  TransformedOptimizer,
  type Parameter,
  type TransformContext,
} from '@descent/optim';
import { describe, expect, it, vi } from 'vitest';
import { Adam } from './adam.js';
import type { AdamOptions } from './adam-options.js';

// Gradient clipping folded into Adam's kernel (issue 15's speed target): `stepWithScaledGradients(k)` multiplies
// each gradient by k inside the kernel's pass and stores it back, instead of a pass of scaling before the step.

const n = 1003; // not a multiple of 4: the kernel's scalar tail runs too

function fill(p: Parameter, t: number): void {
  const grad = p.grad as Float32Array;
  for (let i = 0; i < n; i++) grad[i] = Math.sin(0.37 * i + t) * (1 + (i % 7)) + 0.1 * (p.data[i] as number);
}

/** A float32 parameter at fixed starting values, in an arena (the kernel) or not (the JavaScript loop). */
function start(inArena: boolean): Parameter {
  const p = inArena ? createArena({ bytes: 1 << 20 }).parameter(n) : parameter(new Float32Array(n));
  for (let i = 0; i < n; i++) p.data[i] = Math.cos(i);
  return p;
}

const bits = (p: Parameter, opt: Adam) => ({ data: encodeArray(p.data).base64, grad: encodeArray(p.grad as Float32Array).base64, state: JSON.stringify(opt.stateDict()) });

describe('Adam on scaled gradients (clipping folded into the step)', () => {
  const cases: [string, Partial<AdamOptions>][] = [
    ['the fast loop', {}],
    ['weight decay', { weightDecay: 0.05 }],
    ['AMSGrad', { amsgrad: true }],
    ['maximize', { maximize: true }],
  ];
  for (const [label, options] of cases) {
    it(`stepWithScaledGradients(k) is scaling each gradient by k in float32 then step(), bit for bit: ${label}`, () => {
      const runs = [true, false].map((inArena) => {
        const byHand = start(inArena);
        const folded = start(inArena);
        const a = new Adam([byHand], { lr: 0.01, ...options });
        const b = new Adam([folded], { lr: 0.01, ...options });
        for (let t = 0; t < 8; t++) {
          // 1 on some steps: nothing to scale (the kernel's loops without the multiply and the store).
          const k = t % 3 === 2 ? 1 : 0.3 + 0.05 * t;
          fill(byHand, t);
          fill(folded, t);
          const grad = byHand.grad as Float32Array;
          for (let i = 0; i < n; i++) grad[i] = (grad[i] as number) * Math.fround(k);
          a.step();
          b.stepWithScaledGradients(k);
          expect(bits(folded, b), `step ${String(t)}`).toEqual(bits(byHand, a));
        }
        return folded.data;
      });
      // float32 arithmetic in the kernel, float64 in JavaScript: some last bits differ, which shows the kernel ran.
      expect(encodeArray(runs[0] as Float32Array)).not.toEqual(encodeArray(runs[1] as Float32Array));
    });
  }

  it('skipNonFinite then clipByGlobalNorm around Adam: bit for bit as clip_grad_norm_ by hand then step(), in the kernel', () => {
    const guardedParam = start(true);
    const plainParam = start(true);
    // What transformedPlugin(adamPlugin, …) creates, the Adam inside kept in hand.
    const inner = new Adam([guardedParam], { lr: 0.01 });
    const guarded = new TransformedOptimizer(inner, { before: chain(skipNonFinite(), clipByGlobalNorm(5)) });
    const plain = new Adam([plainParam], { lr: 0.01 });
    const folded = vi.spyOn(inner, 'stepWithScaledGradients');
    const clip = clipByGlobalNorm(5);
    const clipState = clip.init([plainParam.data], { names: [undefined] });
    const context: TransformContext = { step: 0, names: [undefined], lr: Float64Array.of(0.01), options: [{}], skip: false };
    for (let t = 0; t < 6; t++) {
      fill(guardedParam, t);
      fill(plainParam, t);
      // A NaN step is skipped whole: nothing moves, the gradient is left as it was.
      if (t === 3) (guardedParam.grad as Float32Array)[7] = (plainParam.grad as Float32Array)[7] = Number.NaN;
      guarded.step();
      if (t !== 3) {
        clip.update([plainParam.grad as Float32Array], clipState, [plainParam.data], context);
        plain.step();
      }
      expect(bits(guardedParam, inner), `step ${String(t)}`).toEqual(bits(plainParam, plain));
      expect(guarded.transformState('clipByGlobalNorm')).toEqual(clipState);
    }
    // Clipping was active (the norm is above 5) and ran inside Adam's step on five of the six steps.
    expect(clipState.norm).toBeGreaterThan(5);
    expect(folded).toHaveBeenCalledTimes(5);
    expect(guarded.stepCount).toBe(5);
  });
});
