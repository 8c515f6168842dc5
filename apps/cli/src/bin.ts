#!/usr/bin/env node
import { enableRelaxedSimd } from '@descent/tensor/node';
import { processIo } from './io.js';
import { main } from './program.js';

// Fused multiply-add in the kernels' matrix product (about 1.25× a training step): on by default in Node 22, behind
// a V8 flag in Node 20. Set before any kernels are compiled; the study's worker threads share it.
enableRelaxedSimd();

// `descent optimizers | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2), processIo, process.stderr.isTTY);
