import type { Options } from 'tsup';

/**
 * Every library package builds the same way: ES modules only, `.d.ts`, source maps, one file per entry point.
 *
 * ESM only, so that a program holds one copy of each package: Node ≥ 20.19 (our `engines`) loads an ES module for
 * `require()` too, the same instance as `import`, whereas a CommonJS build beside it would be a second copy with its
 * own classes and state (the dual-package hazard). Source maps leave out `sourcesContent`: the published maps name
 * the sources without embedding them a second time.
 */
export function libraryConfig(entry: Record<string, string> = { index: 'src/index.ts' }, overrides: Options = {}): Options {
  return {
    entry,
    format: ['esm'],
    dts: true,
    sourcemap: true,
    esbuildOptions(options) {
      options.sourcesContent = false;
    },
    clean: true,
    target: 'es2022',
    treeshake: true,
    ...overrides,
  };
}
