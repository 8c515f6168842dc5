import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as browser from './browser.js';
import * as main from './index.js';

const src = dirname(fileURLToPath(import.meta.url));

/** Every module the file loads at run time, following relative imports (type-only imports load nothing). */
function runtimeImports(file: string, seen = new Set<string>()): Set<string> {
  const text = readFileSync(join(src, file), 'utf8');
  for (const [, spec] of text.matchAll(/^(?:import|export)(?! type)[^'";]*?from '([^']+)'/gm)) {
    if (spec === undefined) continue;
    if (!spec.startsWith('./')) {
      seen.add(spec);
      continue;
    }
    const next = spec.replace(/\.js$/, '.ts').slice(2);
    if (seen.has(next)) continue;
    seen.add(next);
    runtimeImports(next, seen);
  }
  return seen;
}

describe('the browser entry', () => {
  it('loads no Node module: no node: builtin, no worker threads, no data set from disk', () => {
    const loaded = [...runtimeImports('browser.ts')];
    expect(loaded).toContain('search-space.ts');
    expect(loaded.filter((m) => m.startsWith('node:') || m === 'worker_threads' || m.endsWith('/node') || m === 'run.ts' || m === 'worker-pool.ts')).toEqual([]);
    // The main entry does load them (so the check above can tell).
    expect([...runtimeImports('index.ts')]).toEqual(expect.arrayContaining(['run.ts', 'worker-pool.ts']));
  });

  it("gives the main entry's functions, not copies", () => {
    expect(browser.trialOptions).toBe(main.trialOptions);
    expect(browser.profileFigure).toBe(main.profileFigure);
    expect(browser.formatMeanSe).toBe(main.formatMeanSe);
    expect(browser.searchValueAt).toBe(main.searchValueAt);
  });
});
