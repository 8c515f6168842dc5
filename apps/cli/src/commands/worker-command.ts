import { availableParallelism } from 'node:os';
import { positiveArgument } from '../arguments.js';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { serveQueue } from '../queue/queue-worker.js';
import { parseRedisUrl } from '../queue/redis-url.js';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';

interface WorkerArguments {
  readonly redis: string;
  readonly concurrency?: string;
  readonly plugins?: string;
  readonly lockSeconds?: string;
}

/** `descent worker --redis URL`: trains the runs that `descent study --redis URL` queues, until Ctrl-C. */
async function workerCommand(io: Io, args: WorkerArguments): Promise<number> {
  const target = parseRedisUrl('--redis', args.redis);
  const concurrency = positiveArgument('--concurrency', args.concurrency, availableParallelism(), 256);
  const lockSeconds = positiveArgument('--lock-seconds', args.lockSeconds, 30, 86_400);
  const plugins = (args.plugins ?? '').split(',').map((p) => p.trim());
  if (args.plugins !== undefined && plugins.some((p) => p === '')) {
    throw new UsageError(`--plugins expects optimizer packages separated by commas (e.g. @acme/optimizer-foo,./my-optimizer.mjs), got '${args.plugins}'`);
  }
  return await serveQueue(io, { target, concurrency, plugins: args.plugins === undefined ? [] : plugins, lockSeconds });
}

export function register(program: Command, { io, setExitCode }: CommandContext): void {
  program
    .command('worker')
    .description('train the runs that `study --redis URL` queues in Redis, one per thread, until Ctrl-C')
    .requiredOption('--redis <url>', 'the Redis the studies are queued in (redis://[:password@]host:port, rediss:// for TLS)')
    .option('--concurrency <n>', 'runs trained at once, one per thread (default: one per core)')
    .option('--plugins <list>', 'optimizer packages (or files) to load besides the built-in ones, comma-separated')
    .option('--lock-seconds <n>', 'a run whose worker stops answering for this long goes to another worker', '30')
    .action(async (o: WorkerArguments) => {
      setExitCode(await workerCommand(io, o));
    });
}
