import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BaseOptimizerOptions } from '../optimizer-types.js';
import type { OptimizerPluginV1 } from '../plugin.js';

/** The lines of one `## heading` section of a Markdown text, blank lines dropped. */
function section(markdown: string, heading: string): string[] {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) return [];
  const body = markdown.slice(start + heading.length + 5);
  const end = body.indexOf('\n## ');
  return (end < 0 ? body : body.slice(0, end)).split('\n').filter((line) => line.trim() !== '');
}

/**
 * Checks that a descent optimizer package describes itself truthfully: its descriptor names the package it is
 * published as, and its README (written from the descriptor by the repository's scripts/optimizer-readmes.mjs) shows
 * the descriptor's summary, book equation, update rule, book mapping, PyTorch note, options and references. The
 * descriptor is what `descent optimizers` and the docs site print, so a word lost from it, or a descriptor edited
 * without regenerating the README, fails here. `packageFolder`: the package's folder, `new URL('..', import.meta.url)`
 * from a test in its src/.
 */
export function describeDescriptorReadme<O extends BaseOptimizerOptions>(plugin: OptimizerPluginV1<O>, packageFolder: URL): void {
  const read = (name: string): string => readFileSync(new URL(name, packageFolder), 'utf8');
  const packageName = (JSON.parse(read('package.json')) as { name: string }).name;
  const readme = read('README.md');
  // Whose definition the package follows decides the README's wording: an optax-defined optimizer has no PyTorch
  // names for its options (the column is left out) and its mapping is headed by optax and the commit, not PyTorch.
  const source = plugin.definedBy?.source ?? 'pytorch';
  const definer = source === 'optax' ? 'optax' : source === 'book' ? 'the book' : 'PyTorch';
  const mappingHeading =
    source === 'optax' ? `Defined by optax (${plugin.definedBy?.version ?? ''})` : source === 'book' ? 'The book' : 'The book and PyTorch';
  const pytorchColumn = source === 'pytorch';
  describe(`${plugin.id}: descriptor and README`, () => {
    it('names the package that exports it, which the README is titled by, with the summary under the title', () => {
      expect(plugin.packageName).toBe(packageName);
      expect(readme.startsWith(`# ${packageName}\n\n${plugin.summary}\n`)).toBe(true);
    });

    it("gives the book's equation, the update rule as implemented and how the two map", () => {
      if (plugin.bookEquation === undefined) expect(readme).not.toContain(', equation ');
      else expect(readme).toContain(`${plugin.name}, equation ${plugin.bookEquation} of *Math for Deep Learning*`);
      expect(section(readme, 'Update rule')).toEqual(['$$', plugin.updateRule, '$$']);
      expect(section(readme, mappingHeading)[0]).toBe(plugin.bookMapping);
    });

    it("names PyTorch's counterpart where there is one", () => {
      const pytorchLines = section(readme, mappingHeading).filter((line) => line.startsWith('PyTorch: '));
      expect(pytorchLines).toEqual(plugin.pytorch === undefined ? [] : [`PyTorch: ${plugin.pytorch}`]);
    });

    it('says whose rule its WebAssembly kernel follows, where it has one', () => {
      const notes = readme.match(/Both follow [^.]+\./g) ?? [];
      expect(notes.every((note) => note === `Both follow ${definer}.`), notes.join(' ')).toBe(true);
    });

    it('lists every option with its PyTorch name (for a PyTorch-defined optimizer), default and meaning', () => {
      const rows = section(readme, 'Options').filter((line) => line.startsWith('| `'));
      expect(rows.map((row) => row.split(' | ')[0])).toEqual(plugin.options.map((o) => `| \`${o.name}\``));
      expect(section(readme, 'Options').some((line) => line.startsWith('| option | PyTorch |'))).toBe(pytorchColumn);
      plugin.options.forEach((o, i) => {
        // Without the PyTorch column every later cell moves one to the left; a blank first cell keeps the indices.
        const row = (rows[i] as string).split(' | ');
        const cells = pytorchColumn ? row : [row[0], '', ...row.slice(1)];
        if (pytorchColumn) expect(cells[1], o.name).toBe(o.pytorchName === undefined ? '—' : `\`${o.pytorchName}\``);
        // A choice's default and allowed strings are quoted, as they are written in an options object.
        expect(cells[2], o.name).toBe(o.type === 'choice' ? `\`'${String(o.default)}'\`` : `\`${String(o.default)}\``);
        if (o.type === 'choice') expect(cells[3], o.name).toBe((o.choices ?? []).map((c) => `\`'${c}'\``).join(' / '));
        expect(cells[4], o.name).toBe(`${o.description} |`);
      });
    });

    it('lists its references: authors, year, title', () => {
      expect(plugin.references.length).toBeGreaterThan(0);
      expect(section(readme, 'References')).toEqual(
        plugin.references.map((r) => `- ${r.authors} (${r.year}). *${r.title}*.${r.url === undefined ? '' : ` ${r.url}`}`),
      );
    });
  });
}
