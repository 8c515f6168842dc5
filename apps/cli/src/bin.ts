#!/usr/bin/env node
import { enableRelaxedSimd } from '@descent/tensor/node';
import { invocationFolder, processIo } from './io.js';
import { main } from './program.js';

// Fused multiply-add in the kernels' matrix product (about 1.25× a training step): on by default in Node 22, behind
// a V8 flag in Node 20. Set before any kernels are compiled; the study's worker threads share it.
enableRelaxedSimd();

// `descent optimizers | head` closes the pipe early (`2>&1 | head` closes stderr's too); that is not an error worth
// a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

// Relative paths are the user's: through `pnpm descent`, work from the folder pnpm was started in (also for data
// folders and plugin files, and the study's worker threads).
const folder = invocationFolder(process.env, process.cwd());
if (folder !== process.cwd()) {
  try {
    process.chdir(folder);
  } catch (error) {
    process.stderr.write(`descent: cannot work in ${folder} (the folder pnpm was started in): ${(error as Error).message}\n`);
    process.exit(1);
  }
}

process.exitCode = await main(process.argv.slice(2), processIo, process.stderr.isTTY);
