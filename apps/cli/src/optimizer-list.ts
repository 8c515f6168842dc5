import { UsageError } from './errors.js';

// The `--optimizers` list of race and of `reproduce fig-11-11`: optimizer names, each with its own option overrides.

/** Splits `sgd:lr=0.02,adam:lr=0.1:beta1=0.8` into names and their overrides (option names in camelCase). */
export function parseOptimizerList(text: string): { name: string; overrides: Map<string, string> }[] {
  const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) throw new UsageError(`--optimizers expects a comma-separated list such as sgd,momentum,adam, got '${text}'`);
  return items.map((item) => {
    const [name, ...pairs] = item.split(':');
    const overrides = new Map<string, string>();
    for (const pair of pairs) {
      const [key, value] = pair.split('=');
      if (key === undefined || value === undefined || key === '') {
        throw new UsageError(`--optimizers: '${pair}' in '${item}' should be option=value (e.g. adam:lr=0.1)`);
      }
      overrides.set(key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), value);
    }
    return { name: name ?? '', overrides };
  });
}
