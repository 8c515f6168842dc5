import type { Options } from 'tsup';

/**
 * Every library package builds the same way: ES modules only, `.d.ts`, source maps, one file per entry point.
 *
 * ESM only, so that a program holds one copy of each package: Node ≥ 20.19 (our `engines`) loads an ES module for
 * `require()` too, the same instance as `import`, whereas a CommonJS build beside it would be a second copy with its
 * own classes and state (the dual-package hazard). Source maps leave out `sourcesContent` (they name the sources
 * without embedding them a second time) and stay out of the tarballs (each package's `files` leaves out `dist/` maps):
 * the sources they point to are not published, and they were a third of an optimizer's download (L-BFGS: 18.2 kB
 * packed with its map, 11.5 kB without, against a 15 kB budget). The JavaScript is not minified, so a stack trace
 * into dist/ still reads.
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
