import type { Options } from 'tsup';

/** Every library package builds the same way: ESM + CJS + .d.ts + source maps, one file per entry point. */
export function libraryConfig(entry: Record<string, string> = { index: 'src/index.ts' }, overrides: Options = {}): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    treeshake: true,
    ...overrides,
  };
}
