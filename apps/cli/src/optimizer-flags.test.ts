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
  it('are built in, with the flags of the issue’s table (PyTorch-style kebab case), the authors\' variants and masks, and --maximize', async () => {
    const { flagOf } = await import('./optimizer-flags.js');
    const { builtinOptimizers } = await import('./optimizer-resolver.js');
    const flags = (id: string) => builtinOptimizers.get(id).options.map(flagOf);
    // --no-decay-bias: optax's weight-decay mask, the common case (1-D parameters and bias/norm names left out).
    expect(flags('lion')).toEqual(['--lr', '--beta1', '--beta2', '--weight-decay', '--no-decay-bias', '--maximize']);
    expect(flags('adabelief')).toEqual(['--lr', '--beta1', '--beta2', '--eps', '--eps-root', '--weight-decay', '--nesterov', '--rectify', '--no-decay-bias', '--maximize']);
    expect(flags('yogi')).toEqual(['--lr', '--beta1', '--beta2', '--eps', '--maximize']);
    expect(flags('lamb')).toEqual(['--lr', '--beta1', '--beta2', '--eps', '--eps-root', '--weight-decay', '--no-decay-bias', '--maximize']);
    expect(flags('lars')).toEqual(['--lr', '--weight-decay', '--trust-coefficient', '--eps', '--momentum', '--nesterov', '--no-decay-bias', '--maximize']);
    expect(flags('adopt')).toEqual(['--lr', '--beta1', '--beta2', '--eps', '--nesterov', '--no-clipping', '--maximize']);
  });
});

describe('a choice option (issue 13: --line-search-fn, --adjust-lr-fn) as a flag that takes a name', () => {
  async function choicePlugins() {
    const { builtinOptimizers } = await import('./optimizer-resolver.js');
    return { lbfgs: builtinOptimizers.get('lbfgs'), muon: builtinOptimizers.get('muon') };
  }

  it('parses --adjust-lr-fn match_rms_adamw to the string, and defaults to original', async () => {
    const { optionsFor } = await import('./optimizer-flags.js');
    const { muon } = await choicePlugins();
    const command = new Command().exitOverride();
    addOptimizerFlags(command, [muon]);
    command.parse(['node', 'descent', '--adjust-lr-fn', 'match_rms_adamw']);
    expect(optionsFor(muon, givenOptimizerOptions(command.opts(), [muon])).adjustLrFn).toBe('match_rms_adamw');
    expect(optionsFor(muon, new Map()).adjustLrFn).toBe('original');
  });

  it('refuses a name off the list with a usage error naming the flag, the value and the allowed names', async () => {
    const { optionsFor } = await import('./optimizer-flags.js');
    const { UsageError } = await import('./errors.js');
    const { lbfgs, muon } = await choicePlugins();
    expect(() => optionsFor(muon, new Map([['adjustLrFn', 'bogus']]))).toThrow(UsageError);
    expect(() => optionsFor(muon, new Map([['adjustLrFn', 'bogus']]))).toThrow(
      "--adjust-lr-fn expects one of 'original', 'match_rms_adamw' for muon, got 'bogus'",
    );
    expect(() => optionsFor(lbfgs, new Map([['lineSearchFn', 'Strong_Wolfe']]))).toThrow(
      "--line-search-fn expects one of 'none', 'strong_wolfe' for lbfgs, got 'Strong_Wolfe'",
    );
  });
});
