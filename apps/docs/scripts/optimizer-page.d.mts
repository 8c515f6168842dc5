import type { OptimizerPluginV1 } from '@descent/optim';

export function optimizerPage(plugin: OptimizerPluginV1, options: { builtin: boolean }): string;
export function optimizerIndex(plugins: readonly OptimizerPluginV1[]): string;
