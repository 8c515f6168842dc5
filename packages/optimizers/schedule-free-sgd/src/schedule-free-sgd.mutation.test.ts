import { definedByLabel, parameter } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/optax-trajectories.json' with { type: 'json' };
import { scheduleFreeSgdPlugin } from './schedule-free-sgd-plugin.js';

// Behaviours that the mutation run (pnpm test:mutation) found untested.
describe('Schedule-Free SGD as optax.contrib.schedule_free_sgd', () => {
  it('validates options as its constructor does, with the same message (the descriptor names the optimizer)', () => {
    const message = (run: () => unknown): string => {
      try {
        run();
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    };
    const fromConstructor = message(() => scheduleFreeSgdPlugin.create([parameter(Float64Array.from([0]))], { lr: -1 }));
    expect(fromConstructor).toMatch(/^Invalid lr for Schedule-Free SGD/);
    expect(message(() => scheduleFreeSgdPlugin.validate?.({ lr: -1 }))).toBe(fromConstructor);
  });

  it('says it follows the optax commit its replay fixture was ported from', () => {
    const commit = /optax ([0-9a-f]{7,})/.exec(fixture.torch)?.[1] ?? '';
    expect(commit).not.toBe('');
    expect(definedByLabel(scheduleFreeSgdPlugin)).toBe(`optax commit ${commit.slice(0, 7)}`);
  });
});
