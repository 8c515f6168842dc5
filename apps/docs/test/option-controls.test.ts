import { describe, expect, it } from 'vitest';
import { lbfgsPlugin } from '@descent/optimizer-lbfgs';
import { muonPlugin } from '@descent/optimizer-muon';
import { controlsFor, optionValues } from '../.vitepress/theme/lib/optimizers';

// The docs' option controls come from the same specs as the CLI's flags: a choice option becomes a select. L-BFGS
// (a closure) and Muon (matrices) are not among the site's interactive optimizers, but their specs hold the choices.
describe('option controls generated from specs', () => {
  it('a choice option (L-BFGS lineSearchFn, Muon adjustLrFn) is a select of its allowed names', () => {
    const lineSearch = controlsFor(lbfgsPlugin).find((c) => c.spec.name === 'lineSearchFn');
    expect(lineSearch).toMatchObject({ kind: 'select', choices: ['none', 'strong_wolfe'] });
    const adjust = controlsFor(muonPlugin).find((c) => c.spec.name === 'adjustLrFn');
    expect(adjust).toMatchObject({ kind: 'select', choices: ['original', 'match_rms_adamw'] });
    expect(controlsFor(lbfgsPlugin).find((c) => c.spec.name === 'maxIter')?.kind).toBe('number');
  });

  it('keeps a chosen name and falls back to the default for a name off the list', () => {
    expect(optionValues(lbfgsPlugin, { lineSearchFn: 'strong_wolfe' }).lineSearchFn).toBe('strong_wolfe');
    expect(optionValues(lbfgsPlugin, {}).lineSearchFn).toBe('none');
    expect(optionValues(lbfgsPlugin, { lineSearchFn: 'match_rms_adamw' }).lineSearchFn).toBe('none');
  });
});
