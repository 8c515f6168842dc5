import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultOptions, InvalidOptionError, parameter, UnknownOptimizerError, validatePluginOptions, type OptimizerPluginV1 } from '@descent/optim';
import { invalidValuesFor } from '@descent/optim/testing';
import { describe, expect, it } from 'vitest';
import { builtinOptimizers, builtinPlugins } from './index.js';

const optimizersFolder = fileURLToPath(new URL('../../optimizers/', import.meta.url));

/** What `fn` threw, or undefined. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** A 2 × 2 matrix: every optimizer takes one (Muon only matrices; Adafactor needs a shape). */
const matrix = () => [parameter(new Float64Array(4), { shape: [2, 2] })];

describe('the built-in optimizers', () => {
  it('are every package under packages/optimizers, each once, by its package name', () => {
    const packages = readdirSync(optimizersFolder).map((dir) => (JSON.parse(readFileSync(`${optimizersFolder}${dir}/package.json`, 'utf8')) as { name: string }).name);
    expect(builtinPlugins.map((p) => p.packageName).sort()).toEqual(packages.sort());
    expect(new Set(builtinPlugins.map((p) => p.id)).size).toBe(builtinPlugins.length);
  });

  it('start with the chapter’s seven, in its order', () => {
    expect(builtinPlugins.slice(0, 7).map((p) => p.id)).toEqual(['sgd', 'momentum', 'nesterov', 'rmsprop', 'adagrad', 'adadelta', 'adam']);
  });

  it('the registry finds each by id and throws for an unknown id, listing the known ones (no fallback)', () => {
    for (const plugin of builtinPlugins) expect(builtinOptimizers.get(plugin.id)).toBe(plugin);
    const error = thrown(() => builtinOptimizers.get('sophia'));
    expect(UnknownOptimizerError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('sgd, momentum, nesterov');
  });
});

describe('each descriptor validates its options as its constructor does', () => {
  for (const plugin of builtinPlugins) {
    it(`${plugin.id}: validate() fills in the defaults and refuses every value the constructor refuses`, () => {
      expect(typeof plugin.validate).toBe('function');
      expect(validatePluginOptions(plugin, {})).toEqual(defaultOptions(plugin));
      for (const spec of plugin.options) {
        for (const bad of invalidValuesFor(spec)) {
          const options = { [spec.name]: bad } as never;
          const byDescriptor = thrown(() => validatePluginOptions(plugin, options));
          const byConstructor = thrown(() => plugin.create(matrix(), options));
          expect(InvalidOptionError.isInstance(byDescriptor), `${spec.name} = ${String(bad)}`).toBe(true);
          expect((byDescriptor as InvalidOptionError).option).toBe(spec.name);
          expect((byDescriptor as Error).message).toBe((byConstructor as Error | undefined)?.message);
        }
      }
    });
  }

  // Rules between options, which the specs alone do not hold: the descriptor's validate runs the constructor's check.
  const rules: [string, Record<string, unknown>, string][] = [
    ['rmsprop', { nesterov: true }, 'nesterov'],
    ['lbfgs', { maxIter: 2.5 }, 'maxIter'],
    ['rprop', { stepSizeMin: 1, stepSizeMax: 0.5 }, 'stepSizeMin'],
    ['muon', { nsSteps: 2.5 }, 'nsSteps'],
    ['schedule-free-sgd', { warmupSteps: 1.5 }, 'warmupSteps'],
    ['schedule-free-adamw', { warmupSteps: 1.5 }, 'warmupSteps'],
  ];
  for (const [id, options, option] of rules) {
    it(`${id} ${JSON.stringify(options)}: refused by validate() with the constructor's words`, () => {
      const plugin: OptimizerPluginV1 = builtinOptimizers.get(id);
      const byDescriptor = thrown(() => plugin.validate?.(options as never));
      const byConstructor = thrown(() => plugin.create(matrix(), options as never));
      expect(InvalidOptionError.isInstance(byDescriptor)).toBe(true);
      expect((byDescriptor as InvalidOptionError).option).toBe(option);
      expect((byDescriptor as Error).message).toBe((byConstructor as Error).message);
    });
  }
});
