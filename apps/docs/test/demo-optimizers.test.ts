import { builtinPlugins } from '@descent/builtin-optimizers';
import { UnknownOptimizerError } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import { pluginById, plugins } from '../.vitepress/theme/lib/optimizers';

describe("the demos' optimizers come from the built-in registry", () => {
  it('are the built-ins in their order, less L-BFGS (step(closure)) and Muon (matrices only)', () => {
    expect(plugins.map((p) => p.id)).toEqual(builtinPlugins.map((p) => p.id).filter((id) => id !== 'lbfgs' && id !== 'muon'));
    expect(plugins.slice(0, 7).map((p) => p.id)).toEqual(['sgd', 'momentum', 'nesterov', 'rmsprop', 'adagrad', 'adadelta', 'adam']);
  });

  it('a lookup returns the descriptor itself, and throws for an unknown id instead of falling back to the first', () => {
    for (const p of plugins) expect(pluginById(p.id)).toBe(p);
    let error: unknown;
    try {
      pluginById('sophia');
    } catch (e) {
      error = e;
    }
    expect(UnknownOptimizerError.isInstance(error)).toBe(true);
    expect(() => pluginById('lbfgs')).toThrow('LBFGS is not run by the demos (its reference page describes it)');
  });
});
