import type { OptimizerPluginV1 } from '@descent/optim';

export function discoverPlugins(packageJsonPath: string, extra?: readonly string[]): Promise<{ plugin: OptimizerPluginV1; builtin: boolean }[]>;
