import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as optim from '@descent/optim';
import { afterAll, describe, expect, it } from 'vitest';
import { Adam } from './adam.js';
import { adamPlugin } from './adam-plugin.js';

// Adam is built against the @descent/optim this package resolves. A second install of optim (its published files
// copied into another node_modules, as when two packages pin different versions) makes the arena and catches the
// errors: the contract's checks must hold across copies, with Symbol.for brands instead of module state and instanceof.
const installed = dirname(dirname(createRequire(import.meta.url).resolve('@descent/optim')));
const elsewhere = mkdtempSync(join(tmpdir(), 'descent-second-optim-'));
const secondCopy = join(elsewhere, 'node_modules', '@descent', 'optim');
cpSync(join(installed, 'dist'), join(secondCopy, 'dist'), { recursive: true });
cpSync(join(installed, 'package.json'), join(secondCopy, 'package.json'));
const other = (await import(/* @vite-ignore */ join(secondCopy, 'dist', 'index.js'))) as typeof optim;
afterAll(() => {
  rmSync(elsewhere, { recursive: true, force: true });
});

describe('Adam with a second copy of @descent/optim', () => {
  it('is a second copy, with its own classes', () => {
    expect(other.createArena).not.toBe(optim.createArena);
    expect(other.InvalidOptionError).not.toBe(optim.InvalidOptionError);
  });

  it("runs its WebAssembly kernel on the other copy's arena (float32 results differ from the JavaScript loop's)", () => {
    const n = 1003;
    const arena = other.createArena({ bytes: 1 << 20 });
    const inArena = arena.parameter(n);
    const onHeap = optim.parameter(new Float32Array(n));
    for (let i = 0; i < n; i++) inArena.data[i] = onHeap.data[i] = Math.cos(i);
    const a = new Adam([inArena], { lr: 0.01 });
    const b = new Adam([onHeap], { lr: 0.01 });
    for (let t = 0; t < 30; t++) {
      for (let i = 0; i < n; i++) {
        inArena.grad[i] = Math.sin(0.37 * i + t) * (1 + (i % 7)) + 0.1 * (inArena.data[i] as number);
        onHeap.grad[i] = Math.sin(0.37 * i + t) * (1 + (i % 7)) + 0.1 * (onHeap.data[i] as number);
      }
      a.step();
      b.step();
    }
    let differ = 0;
    for (let i = 0; i < n; i++) if (inArena.data[i] !== onHeap.data[i]) differ++;
    // The kernel rounds each operation to float32, the loop computes in float64: equal arrays would mean the arena
    // went unseen and the loop ran twice.
    expect(differ).toBeGreaterThan(0);
    // Adam's state was placed in that arena too, beside its parameter.
    expect(arena.used).toBeGreaterThan(4 * n * 4);
  });

  it("throws errors that the other copy's isInstance recognises, and the other way round", () => {
    let thrown: unknown;
    try {
      adamPlugin.create([optim.parameter(new Float64Array(2))], { lr: -1 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(optim.InvalidOptionError);
    expect(thrown).not.toBeInstanceOf(other.InvalidOptionError);
    expect(other.InvalidOptionError.isInstance(thrown)).toBe(true);
    expect(optim.InvalidOptionError.isInstance(new other.InvalidOptionError('Adam', 'lr', -1, 'a number ≥ 0'))).toBe(true);
    expect(other.InvalidParamsError.isInstance(thrown)).toBe(false);
  });

  it('accepts a registry of the other copy holding this descriptor (checked by shape and specificationVersion)', () => {
    expect(other.isOptimizerPlugin(adamPlugin)).toBe(true);
    expect(other.createOptimizerRegistry([adamPlugin]).get('adam')).toBe(adamPlugin);
  });
});
