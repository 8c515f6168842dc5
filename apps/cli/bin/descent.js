#!/usr/bin/env node
// The `descent` command as package managers link it: a file committed in the package, so that `pnpm install` can
// link the bin before anything is built (apps/docs depends on this package; a bin in dist/ made pnpm warn "Failed to
// create bin" on every fresh clone). The program itself is dist/bin.js, written by `pnpm build`.
import { existsSync } from 'node:fs';

const program = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(program)) {
  process.stderr.write('descent: the command is not built yet (no apps/cli/dist/bin.js): run pnpm build\n');
  process.exit(1);
}
try {
  await import(program.href);
} catch (error) {
  // A workspace package without its dist/ (a fresh clone, a build in progress) is a missing build, not a bug.
  const missing = /** @type {{ code?: string; url?: string }} */ (error);
  if (missing.code === 'ERR_MODULE_NOT_FOUND' && typeof missing.url === 'string' && missing.url.includes('/dist/')) {
    process.stderr.write(`descent: a package it uses is not built (${new URL(missing.url).pathname} is missing): run pnpm build\n`);
    process.exit(1);
  }
  throw error;
}
