#!/usr/bin/env node
// Writes the generated parts of the site before VitePress builds it: one page per optimizer plugin found among the
// site's dependencies (and in DESCENT_DOCS_PLUGINS, a comma-separated list of extra modules), in English and in
// Chinese (zh/), the CLI reference from the built command's own --help in both, and the API reference from the
// packages' TSDoc (TypeDoc, English only).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withoutAnsi } from './plain-text.mjs';

const site = fileURLToPath(new URL('..', import.meta.url));
const root = resolve(site, '../..');

// `pnpm --filter docs build` right after `pnpm install` on a fresh clone: the packages the site is built from have
// no dist/ yet, so build them first (inside `pnpm build`, turbo has already done it and this is skipped).
if (!existsSync(join(root, 'apps', 'cli', 'dist', 'bin.js')) || !existsSync(join(root, 'packages', 'nn', 'dist', 'index.js'))) {
  console.log('docs: building the packages the site is made from (turbo run build --filter=docs^...)');
  execFileSync('pnpm', ['exec', 'turbo', 'run', 'build', '--filter=docs^...'], { cwd: root, stdio: 'inherit' });
}
const { discoverPlugins } = await import('./discover-plugins.mjs');
const { optimizerIndex, optimizerPage } = await import('./optimizer-page.mjs');

// Whole or not at all (a temporary name, fsync, rename): the one helper the CLI and the dataset cache use too.
const { writeFileAtomic: writeAtomic } = await import('@descent/datasets/node');

async function optimizerPages() {
  const extra = (process.env.DESCENT_DOCS_PLUGINS ?? '').split(',').filter((s) => s !== '');
  const plugins = await discoverPlugins(join(site, 'package.json'), extra);
  // English at the root, Chinese under zh/ (the same descriptors, the template's words translated).
  for (const [lang, dir] of [['en', join(site, 'optimizers')], ['zh', join(site, 'zh', 'optimizers')]]) {
    rmSync(dir, { recursive: true, force: true });
    for (const { plugin, builtin } of plugins) writeAtomic(join(dir, `${plugin.id}.md`), optimizerPage(plugin, { builtin, lang }));
    writeAtomic(join(dir, 'index.md'), optimizerIndex(plugins.map((p) => p.plugin), lang));
  }
  writeAtomic(join(site, '.vitepress', 'optimizers.json'), `${JSON.stringify(plugins.map(({ plugin }) => ({ id: plugin.id, name: plugin.name })))}\n`);
  return plugins.length;
}

/**
 * Every command of the CLI, found by reading its help: the root's and each parent's "Commands:" list (commander's own
 * `help` command left out), so that a new command or subcommand gets its section without editing this file.
 */
function commandPaths(bin, path = []) {
  const help = execFileSync(process.execPath, [bin, ...path, '--help'], { encoding: 'utf8' });
  const list = help.split('Commands:\n')[1]?.split('\n\n')[0] ?? '';
  const names = [...list.matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((m) => m[1]).filter((name) => name !== 'help');
  // Depth first: each parent's section is followed by its subcommands'.
  return [path, ...names.flatMap((name) => commandPaths(bin, [...path, name]))];
}

function cliReference() {
  const bin = join(root, 'apps', 'cli', 'dist', 'bin.js');
  const sections = commandPaths(bin).map((command) => {
    const help = execFileSync(process.execPath, [bin, ...command, '--help'], { encoding: 'utf8' });
    return `## \`descent${command.length > 0 ? ` ${command.join(' ')}` : ''}\`\n\n\`\`\`text\n${help.trimEnd()}\n\`\`\`\n`;
  });
  writeAtomic(
    join(site, 'cli.md'),
    `# CLI reference\n\nThe \`descent\` command's own help, captured when the site was built. Usage errors exit with code 2 and one line\nthat names the flag; failures exit with 1; Ctrl-C during training or a study exits with 130 and keeps what finished.\n\n${sections.join('\n')}`,
  );
  // The Chinese page: the same help (the command speaks English; its flags are what one types), introduced in Chinese.
  writeAtomic(
    join(site, 'zh', 'cli.md'),
    `# 命令行参考\n\n下面是 \`descent\` 命令自己的帮助文本，在构建站点时截取（命令本身输出英文，参数照原样输入）。用法错误以退出码 2 结束，\n并输出一行指明出错的参数；运行失败以退出码 1 结束；训练或研究进行中按 Ctrl-C 以 130 退出，并保留已完成的部分。\n\n${sections.join('\n')}`,
  );
}

function apiReference() {
  const typedoc = join(site, 'node_modules', '.bin', 'typedoc');
  // TypeDoc colours its messages even into a pipe or a log file (NO_COLOR turns off its own colours, not those of the
  // TypeScript diagnostics it quotes), so when stderr is not a terminal its escape codes are taken out here.
  const plain = !process.stderr.isTTY;
  const result = spawnSync(typedoc, ['--options', join(site, 'typedoc.json')], {
    cwd: site,
    env: plain ? { ...process.env, NO_COLOR: '1' } : process.env,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (result.error) throw result.error;
  process.stderr.write(plain ? withoutAnsi(result.stderr) : result.stderr);
  if (result.status !== 0) {
    console.error(`docs: TypeDoc failed (exit ${String(result.status)})`);
    process.exit(1);
  }
}

const count = await optimizerPages();
cliReference();
if (!process.argv.includes('--no-api')) apiReference();
console.log(`docs: ${String(count)} optimizer pages, the CLI reference${process.argv.includes('--no-api') ? '' : ' and the API reference'} generated`);
