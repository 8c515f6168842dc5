import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// @descent/optim is published as ES modules only. A CommonJS program that require()s it (Node ≥ 20.19) gets the
// very module instance an import() gets: one copy, one set of classes, whatever the module system of the caller.
const built = fileURLToPath(new URL('../dist/index.js', import.meta.url));

describe('the published build', () => {
  it('is one module instance for require() and import(), loaded without warnings', () => {
    const script = `const viaRequire = require(${JSON.stringify(built)});
      import(${JSON.stringify(built)}).then((viaImport) => {
        console.log(JSON.stringify({ same: viaRequire.createArena === viaImport.createArena && viaRequire.InvalidOptionError === viaImport.InvalidOptionError }));
      });`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ same: true });
  });
});
