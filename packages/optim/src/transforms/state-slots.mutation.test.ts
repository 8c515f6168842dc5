import { describe, expect, it } from 'vitest';
import { encodeArray } from '../state-dict.js';
import { loadSlots, saveSlots, type SlotSink } from './state-slots.js';
import type { TransformState } from './types.js';

/** A wrapper-like state: a counter, a nested state (as wrap.ts keeps its inner one) and a list of states. */
const nested = (): TransformState => ({
  count: 3,
  inner: { mu: [Float32Array.from([1, 2])], fastSteps: 1 },
  list: [{ nu: [Float64Array.from([0.5])] }],
});

describe('saveSlots and loadSlots on nested states', () => {
  it('save a nested state under dotted paths: arrays per parameter key, numbers in shared', () => {
    const sink: SlotSink = { state: {}, shared: {} };
    saveSlots(nested(), ['w'], sink, 'before.');
    expect(sink.shared).toEqual({ 'before.count': 3, 'before.inner.fastSteps': 1 });
    expect(sink.state).toEqual({ w: { 'before.inner.mu': encodeArray(Float32Array.from([1, 2])), 'before.list.0.nu': encodeArray(Float64Array.from([0.5])) } });
  });

  it('load what was saved into another state of the same shape, once the writes run', () => {
    const sink: SlotSink = { state: {}, shared: {} };
    saveSlots(nested(), ['w'], sink);
    const target: TransformState = { count: 0, inner: { mu: [new Float32Array(2)], fastSteps: 0 }, list: [{ nu: [new Float64Array(1)] }] };
    const problems: string[] = [];
    const writes: (() => void)[] = [];
    const known = loadSlots(target, sink, new Map([['w', 0]]), problems, writes);
    expect(problems).toEqual([]);
    expect(known).toEqual(new Set(['count', 'inner.mu', 'inner.fastSteps', 'list.0.nu']));
    expect(target.count).toBe(0);
    for (const write of writes) write();
    expect(target).toEqual(nested());
  });

  it('report a parameter key the saved state does not hold as a problem for each of its arrays, not a TypeError', () => {
    const problems: string[] = [];
    const writes: (() => void)[] = [];
    loadSlots({ mu: [new Float32Array(2)] }, { state: {}, shared: {} }, new Map([['w', 0]]), problems, writes);
    expect(problems).toEqual(["'w': state 'mu' is malformed"]);
    expect(writes).toEqual([]);
  });
});
