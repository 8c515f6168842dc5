import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadResvg } from './png.js';

const builtPng = fileURLToPath(new URL('../dist/png.js', import.meta.url));

describe('@resvg/resvg-js is an optional peer dependency of @descent/plot/png', () => {
  // A folder with no node_modules: Node's own "Cannot find module" error, as a user without resvg would get it.
  const empty = mkdtempSync(join(tmpdir(), 'descent-no-resvg-'));
  afterAll(() => {
    rmSync(empty, { recursive: true, force: true });
  });

  it('is loaded where it is installed', () => {
    expect(typeof loadResvg().Resvg).toBe('function');
  });

  it('when missing, says in one line how to install it (the built entry alone in a folder without node_modules)', () => {
    // The entry must stand alone for this test to mean anything: it imports nothing but Node's own modules.
    const imported = [...readFileSync(builtPng, 'utf8').matchAll(/\bfrom ['"]([^'"]+)['"]/g)].map((m) => m[1]);
    expect(imported).toEqual(['module']);
    copyFileSync(builtPng, join(empty, 'png.mjs'));
    const script = `const { svgToPng } = await import(${JSON.stringify(pathToFileURL(join(empty, 'png.mjs')).href)});
      try { svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/>'); console.log('rendered'); }
      catch (error) { console.log(error.message); }`;
    // Without NODE_PATH, which pnpm's scripts set to the workspace's store (where resvg would be found).
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_PATH'));
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: empty, env, encoding: 'utf8' });
    expect(out.trim()).toBe('@descent/plot/png needs @resvg/resvg-js, an optional peer dependency: install it with npm install @resvg/resvg-js@^2.6.2');
  });

  it('passes on other failures unchanged (a module resvg itself needs, a broken binary)', () => {
    const nativeMissing = Object.assign(new Error("Cannot find module '@resvg/resvg-js-linux-x64-gnu'"), { code: 'MODULE_NOT_FOUND' });
    expect(() =>
      loadResvg(() => {
        throw nativeMissing;
      }),
    ).toThrow(nativeMissing);
  });
});
