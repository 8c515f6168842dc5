import type { OptimizerPluginV1 } from '@descent/optim';

// A run whose numbers overflow stops where they did (runTrajectory, Network.fit) and the commands say so in these
// words, on the terminal, in --json and on figures alike.

/** `diverged at step 7`, or `diverged at minibatch 7` for training. */
export function divergedAt(step: number, unit: 'step' | 'minibatch' = 'step'): string {
  return `diverged at ${unit} ${String(step)}`;
}

/** The usual remedy, when the optimizer has a learning rate to lower: `: try a smaller --lr` (or `adam:lr`). */
export function smallerLrHint(plugin: OptimizerPluginV1, flag = '--lr'): string {
  return plugin.options.some((o) => o.name === 'lr') ? `: try a smaller ${flag}` : '';
}

/** What each command's help says about divergence (shown before its examples), in lines of at most 80 columns. */
export const DIVERGENCE_HELP = {
  path: [
    '',
    'Divergence: a path whose point, f or gradient overflows stops at that step, and',
    'the last line says where ("diverged at step 7: try a smaller --lr"). The finite',
    'part is the result (exit 0): --json keeps its points and adds',
    '"diverged": {"step": 7}; the figure draws them with a note.',
  ].join('\n'),
  race: [
    '',
    'Divergence: an optimizer whose path overflows stops at that step and its line',
    'says where (exit 0); --json adds "diverged": {"step": N} to its run, and the',
    'figure draws its finite part with a note.',
  ].join('\n'),
  train: [
    '',
    'Divergence: a run whose loss becomes NaN or infinite stops at that minibatch and',
    'says where ("diverged at minibatch N: try a smaller --lr"). It has no scores',
    'worth printing: --save is not written and the exit code is 1 (--json adds',
    '"diverged": {"step": N} in place of the scores).',
  ].join('\n'),
} as const;
