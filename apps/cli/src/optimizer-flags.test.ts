import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { adoptPlugin } from '@descent/optimizer-adopt';
import { addOptimizerFlags, givenOptimizerOptions } from './optimizer-flags.js';

/** Parses `argv` with the plugins' generated flags and returns the optimizer options given. */
function given(argv: readonly string[]): Map<string, unknown> {
  const command = new Command().exitOverride();
  addOptimizerFlags(command, [adoptPlugin]);
  command.parse(['node', 'descent', ...argv]);
  return givenOptimizerOptions(command.opts(), [adoptPlugin]);
}

describe('a boolean option named noX (ADOPT’s noClipping) as the flag --no-x', () => {
  it('is given as true by --no-clipping, which commander stores as clipping = false', () => {
    expect(given(['--no-clipping'])).toEqual(new Map([['noClipping', true]]));
  });

  it('is not given when the flag is absent (commander’s default clipping = true)', () => {
    expect(given(['--nesterov'])).toEqual(new Map([['nesterov', true]]));
  });
});

describe('the optax-defined built-ins (issue 14)', () => {
  it('are built in, with the flags of the issue’s table (PyTorch-style kebab case) and --maximize', async () => {
    const { flagOf } = await import('./optimizer-flags.js');
    const { builtinOptimizers } = await import('./optimizer-resolver.js');
    const flags = (id: string) => builtinOptimizers.get(id).options.map(flagOf);
    expect(flags('lion')).toEqual(['--lr', '--beta1', '--beta2', '--weight-decay', '--maximize']);
    expect(flags('adabelief')).toEqual(['--lr', '--beta1', '--beta2', '--eps', '--eps-root', '--weight-decay', '--nesterov', '--maximize']);
    expect(flags('yogi')).toEqual(['--lr', '--beta1', '--beta2', '--eps', '--maximize']);
    expect(flags('lamb')).toEqual(['--lr', '--beta1', '--beta2', '--eps', '--eps-root', '--weight-decay', '--maximize']);
    expect(flags('lars')).toEqual(['--lr', '--weight-decay', '--trust-coefficient', '--eps', '--momentum', '--nesterov', '--maximize']);
    expect(flags('adopt')).toEqual(['--lr', '--beta1', '--beta2', '--eps', '--nesterov', '--no-clipping', '--maximize']);
  });
});
