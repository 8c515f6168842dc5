import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { cleanQueue, queueStatus } from '../queue/queue-admin.js';
import { parseRedisUrl } from '../queue/redis-url.js';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';

/** `descent queue status --redis URL`: each study in the queue, its runs done, training and failed. */
async function queueStatusCommand(io: Io, args: { redis: string; json?: boolean }): Promise<number> {
  const target = parseRedisUrl('--redis', args.redis);
  const status = await queueStatus(target);
  if (args.json === true) {
    io.stdout(`${JSON.stringify({ redis: target.shown, ...status })}\n`);
    return 0;
  }
  io.stdout(`queue at ${target.shown}: ${String(status.studies.length)} stud${status.studies.length === 1 ? 'y' : 'ies'}, ${String(status.workers)} worker${status.workers === 1 ? '' : 's'} connected\n`);
  for (const s of status.studies) {
    const failed = s.failed === 0 ? '' : `, ${String(s.failed)} failed (${s.firstFailure ?? ''})`;
    io.stdout(`  ${s.id}  ${String(s.done)}/${String(s.runs)} runs done, ${String(s.training)} training${failed}\n    ${s.title}\n`);
  }
  return 0;
}

/** `descent queue clean --redis URL --study ID | --all`: removes a study's jobs, or every job of the queue. */
async function queueCleanCommand(io: Io, args: { redis: string; study?: string; all?: boolean }): Promise<number> {
  const target = parseRedisUrl('--redis', args.redis);
  if ((args.study === undefined) === (args.all !== true)) {
    throw new UsageError('queue clean needs --study ID (one study, as queue status lists them) or --all (every job of the queue), not both');
  }
  const removed = await cleanQueue(target, args.study ?? null);
  io.stdout(removed.length === 0 ? `queue at ${target.shown}: nothing to remove\n` : `queue at ${target.shown}: removed the jobs of ${removed.join(', ')}\n`);
  return 0;
}

/** `descent queue status` and `descent queue clean`. */
export function register(program: Command, { io, setExitCode }: CommandContext): void {
  const queue = program.command('queue').description('the studies queued in Redis: status, clean');
  queue
    .command('status')
    .description('each study in the queue: its runs done, training and failed, and the workers connected')
    .requiredOption('--redis <url>', 'the Redis the studies are queued in')
    .option('--json', 'print JSON')
    .action(async (o: { redis: string; json?: boolean }) => {
      setExitCode(await queueStatusCommand(io, o));
    });
  queue
    .command('clean')
    .description("remove a study's jobs from the queue (--study ID), or every job (--all)")
    .requiredOption('--redis <url>', 'the Redis the studies are queued in')
    .option('--study <id>', 'the study, as queue status lists it')
    .option('--all', 'every job of the queue, runs in flight included')
    .action(async (o: { redis: string; study?: string; all?: boolean }) => {
      setExitCode(await queueCleanCommand(io, o));
    });
}
