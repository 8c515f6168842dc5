#!/usr/bin/env node
import { processIo } from './io.js';
import { main } from './program.js';

// `descent optimizers | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2), processIo, process.stderr.isTTY);
