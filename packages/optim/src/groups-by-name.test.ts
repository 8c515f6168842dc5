import { describe, expect, it } from 'vitest';
import { HeavyBall } from './__fixtures__/heavy-ball.js';
import { groupsByName, parameter } from './parameter.js';

const named = () => ['0.weight', '0.bias', 'norm1.weight', '2.weight', '2.bias'].map((name) => parameter(new Float64Array(2), { name }));

describe('param groups by name', () => {
  it('selects by pattern and predicate, each parameter in the group that claims it, options kept', () => {
    const params = named();
    const groups = groupsByName<{ lr: number; momentum: number }>(params, [{ params: /bias|norm/, momentum: 0 }, { params: (name) => !/bias|norm/.test(name) }]);
    expect(groups.map((g) => [...g.params].map((p) => p.name))).toEqual([['0.bias', 'norm1.weight', '2.bias'], ['0.weight', '2.weight']]);
    const opt = new HeavyBall(groups, { lr: 0.1, momentum: 0.9 });
    expect(opt.paramGroups.map((g) => g.options.momentum)).toEqual([0, 0.9]);
  });

  it('names every parameter claimed twice or by none, in one error', () => {
    expect(() => groupsByName(named(), [{ params: /bias/ }, { params: /0\./ }])).toThrow(
      "groupsByName: claimed by more than one group: '0.bias' (groups 0 and 1); claimed by no group: 'norm1.weight', '2.weight'",
    );
  });

  it('refuses unnamed parameters, a selector that is not one, and a predicate that answers no boolean', () => {
    expect(() => groupsByName([parameter(new Float64Array(1))], [{ params: /x/ }])).toThrow('groupsByName: parameters #0 have no name');
    expect(() => groupsByName(named(), [{ params: 'bias' as never }])).toThrow("group 0 params must be a RegExp or a function (name) => boolean, got 'bias'");
    expect(() => groupsByName(named(), [{ params: (() => 1) as never }])).toThrow("group 0 answered 1 for '0.weight' (expected true or false)");
  });

  it('a global pattern (with /g) gives the same answer for every name', () => {
    const groups = groupsByName(named(), [{ params: /weight/g }, { params: /bias/g }]);
    expect(groups.map((g) => [...g.params].length)).toEqual([3, 2]);
  });

  it('an optimizer handed a selector directly says to use groupsByName', () => {
    expect(() => new HeavyBall([{ params: /bias/ as never }], { lr: 0.1 })).toThrow(
      'HeavyBall: a group that chooses parameters by name needs the whole list: pass groupsByName(params, groups)',
    );
  });
});
