import { definedByLabel } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/optax-trajectories.json' with { type: 'json' };
import { scheduleFreeSgdPlugin } from './schedule-free-sgd-plugin.js';

// Behaviours that the mutation run (pnpm test:mutation) found untested.
describe('Schedule-Free SGD as optax.contrib.schedule_free_sgd', () => {
  it('says it follows the optax commit its replay fixture was ported from', () => {
    const commit = /optax ([0-9a-f]{7,})/.exec(fixture.torch)?.[1] ?? '';
    expect(commit).not.toBe('');
    expect(definedByLabel(scheduleFreeSgdPlugin)).toBe(`optax commit ${commit.slice(0, 7)}`);
  });
});
