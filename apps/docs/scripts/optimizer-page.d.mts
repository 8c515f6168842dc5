import type { OptimizerOptionSpecV1, OptimizerPluginV1 } from '@descent/optim';

export type Lang = 'en' | 'zh';
export function optimizerPage(plugin: OptimizerPluginV1, options: { builtin: boolean; lang?: Lang }): string;
export function optimizerIndex(plugins: readonly OptimizerPluginV1[], lang?: Lang): string;
export function optionList(plugin: OptimizerPluginV1, lang?: Lang): string;
export function equationLines(rule: string): string;
export function describeRangeZh(spec: OptimizerOptionSpecV1): string;
