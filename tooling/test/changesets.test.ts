import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// `changeset version` refuses a changeset that names both an ignored package (the CLI, the docs site) and a published
// one; catch that when the changeset is written, not when a release is cut.
const folder = fileURLToPath(new URL('../../.changeset', import.meta.url));
const config = JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8')) as { ignore: string[] };

/** The package names in a changeset's front matter. */
function packagesOf(text: string): string[] {
  const front = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? '';
  return [...front.matchAll(/^"?([^":\s]+)"?\s*:/gm)].map((m) => m[1] as string);
}

describe('changesets', () => {
  const files = readdirSync(folder).filter((name) => name.endsWith('.md') && name !== 'README.md');

  it('each names at least one package and a bump', () => {
    for (const name of files) {
      const text = readFileSync(join(folder, name), 'utf8');
      expect(packagesOf(text).length, name).toBeGreaterThan(0);
      expect(text, name).toMatch(/:\s*(major|minor|patch)\s*$/m);
    }
  });

  it('never mix an ignored package with published ones', () => {
    const mixed = files.filter((name) => {
      const names = packagesOf(readFileSync(join(folder, name), 'utf8'));
      const ignored = names.filter((n) => config.ignore.includes(n));
      return ignored.length > 0 && ignored.length < names.length;
    });
    expect(mixed).toEqual([]);
  });

  it('reads package names from front matter', () => {
    expect(packagesOf('---\n"@descent/cli": patch\n"@descent/plot": minor\n---\n\ntext: not a package\n')).toEqual(['@descent/cli', '@descent/plot']);
  });
});
