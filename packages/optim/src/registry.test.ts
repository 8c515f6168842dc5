import { describe, expect, it } from 'vitest';
import { heavyBallPlugin } from './__fixtures__/heavy-ball.js';
import { UnknownOptimizerError, UnsupportedSpecificationVersionError } from './errors.js';
import { parameter } from './parameter.js';
import { defaultOptions, definedByLabel, isOptimizerPlugin } from './plugin.js';
import { createOptimizerRegistry } from './registry.js';

describe('createOptimizerRegistry', () => {
  it('resolves the plugins it was given, and only those', () => {
    const registry = createOptimizerRegistry([heavyBallPlugin]);
    expect(registry.ids()).toEqual(['heavy-ball']);
    expect(registry.has('heavy-ball')).toBe(true);
    expect(registry.has('adam')).toBe(false);
    expect(registry.list()).toEqual([heavyBallPlugin]);
    const opt = registry.get('heavy-ball').create([parameter(new Float64Array(2))], { lr: 0.2 });
    expect(opt.paramGroups[0]?.options.lr).toBe(0.2);
    expect(() => registry.get('adam')).toThrow(UnknownOptimizerError);
    expect(() => registry.get('adam')).toThrow("Unknown optimizer 'adam'; known optimizers: heavy-ball");
    expect(createOptimizerRegistry([]).ids()).toEqual([]);
  });

  it('rejects unknown contract versions, duplicate ids and malformed descriptors', () => {
    expect(() => createOptimizerRegistry([{ ...heavyBallPlugin, specificationVersion: 'v9' }])).toThrow(
      UnsupportedSpecificationVersionError,
    );
    expect(() => createOptimizerRegistry([{ ...heavyBallPlugin, specificationVersion: 'v9' }])).toThrow(
      "Optimizer plugin 'heavy-ball' has specificationVersion 'v9'; this release supports 'v1'",
    );
    expect(() => createOptimizerRegistry([{ ...heavyBallPlugin, id: undefined }])).toThrow('Optimizer plugin id undefined must be lowercase letters, digits and dashes');
    expect(() => createOptimizerRegistry([{ ...heavyBallPlugin, id: 'heavy_ball' }])).toThrow('Optimizer plugin id "heavy_ball" must be lowercase');
    expect(() => createOptimizerRegistry([heavyBallPlugin, heavyBallPlugin])).toThrow(/Two optimizer plugins have the id 'heavy-ball'/);
    expect(() => createOptimizerRegistry([{ ...heavyBallPlugin, id: 'Heavy Ball' }])).toThrow(/must be lowercase/);
    expect(() => createOptimizerRegistry([{ ...heavyBallPlugin, create: undefined }])).toThrow(/needs a create\(\) function/);
    expect(() => createOptimizerRegistry([42])).toThrow(/must be an object/);
    expect(() => createOptimizerRegistry([null])).toThrow('An optimizer plugin must be an object');
    expect(() => createOptimizerRegistry([{ specificationVersion: 'v2', create: () => undefined, options: [] }])).toThrow(
      "Optimizer plugin '(no id)' has specificationVersion 'v2'; this release supports 'v1'",
    );
  });

  it('recognises descriptors structurally and lists their defaults', () => {
    expect(isOptimizerPlugin(heavyBallPlugin)).toBe(true);
    expect(isOptimizerPlugin({ id: 'x' })).toBe(false);
    for (const notObject of [null, undefined, 'heavy-ball', 42]) expect(isOptimizerPlugin(notObject)).toBe(false);
    // Each of the four fields is needed.
    const noVersion: Record<string, unknown> = { ...heavyBallPlugin };
    delete noVersion.specificationVersion;
    for (const partial of [noVersion, { ...heavyBallPlugin, id: 7 }, { ...heavyBallPlugin, create: 'adam' }, { ...heavyBallPlugin, options: {} }]) {
      expect(isOptimizerPlugin(partial)).toBe(false);
    }
    expect(defaultOptions(heavyBallPlugin)).toEqual({ lr: 0.01, momentum: 0.5, maximize: false });
  });

  it("labels where a descriptor's definition comes from, or that it does not say", () => {
    expect(definedByLabel({})).toBe('not stated');
    expect(definedByLabel({ definedBy: { source: 'pytorch', version: '1.13' } })).toBe('PyTorch 1.13');
    expect(definedByLabel({ definedBy: { source: 'optax', version: 'commit 2edbcbe' } })).toBe('optax commit 2edbcbe');
    expect(definedByLabel({ definedBy: { source: 'book', version: 'chapter 11' } })).toBe('the book chapter 11');
  });
});
