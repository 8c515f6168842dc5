import { surfaces } from '@descent/surfaces';
import { definedByLabel, type OptimizerPluginV1 } from '@descent/optim';
import type { Io } from '../io.js';
import { flagOf } from '../optimizer-flags.js';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';

/** `descent optimizers`: every optimizer the command knows, with its options and defaults. */
function listOptimizers(io: Io, plugins: readonly OptimizerPluginV1[], json: boolean): void {
  if (json) {
    const out = plugins.map((p) => ({
      id: p.id,
      name: p.name,
      packageName: p.packageName,
      summary: p.summary,
      bookEquation: p.bookEquation ?? null,
      updateRule: p.updateRule,
      bookMapping: p.bookMapping,
      pytorch: p.pytorch ?? null,
      definedBy: p.definedBy ?? null,
      options: p.options.map((o) => ({ ...o, flag: flagOf(o) })),
      references: p.references,
    }));
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  for (const p of plugins) {
    const eq = p.bookEquation === undefined ? '' : ` (eq. ${p.bookEquation})`;
    io.stdout(`${p.id.padEnd(10)} ${p.name}${eq}: ${p.summary}\n`);
    io.stdout(`${''.padEnd(10)} defined by ${definedByLabel(p)}\n`);
    io.stdout(`${''.padEnd(10)} ${p.options.map((o) => `${flagOf(o)} ${String(o.default)}`).join('  ')}\n`);
  }
}

/** `descent surfaces`: every test function with its domain and minima. */
function listSurfaces(io: Io, json: boolean): void {
  if (json) {
    const out = surfaces.map((s) => ({
      id: s.id,
      name: s.name,
      dimension: s.dimension,
      formula: s.formula,
      description: s.description,
      bookEquation: s.bookEquation ?? null,
      domain: s.domain,
      defaultStart: s.defaultStart,
      minima: s.minima,
    }));
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  for (const s of surfaces) {
    const minima = s.minima.length === 0 ? 'no minimum' : s.minima.map((m) => `(${m.point.map((v) => Number(v.toFixed(4))).join(', ')})`).join(' ');
    io.stdout(`${s.id.padEnd(14)} ${String(s.dimension)}D  ${s.description}  minima: ${minima}\n`);
  }
}

/** `descent optimizers` and `descent surfaces`. */
export function register(program: Command, { io, plugins }: CommandContext): void {
  program
    .command('optimizers')
    .description('list the optimizers, their options and defaults')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) => {
      listOptimizers(io, plugins, o.json === true);
    });

  program
    .command('surfaces')
    .description('list the test functions')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) => {
      listSurfaces(io, o.json === true);
    });
}
