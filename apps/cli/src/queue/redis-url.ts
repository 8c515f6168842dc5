// The --redis URL: checked, shown without its credentials, and turned into connections. A password may sit in the
// URL (redis://:pw@host:port, rediss:// for TLS); it must never reach the output, a log or a result file, so every
// message that could quote it goes through `redactUrl` or `scrub`.
import { Redis, type RedisOptions } from 'ioredis';
import { FailureError, UsageError } from '../errors.js';

/** A checked --redis URL. `shown` is the URL as it may be printed: no user name, no password. */
export interface RedisTarget {
  readonly url: string;
  readonly shown: string;
  /** The user name and password, if any: words that must not appear in anything the command writes. */
  readonly secrets: readonly string[];
}

/**
 * The URL with its user name, password and query left out: redis://host:port/db. The query goes whole: ioredis reads
 * `?password=` and `?username=` from it, and its other options are not worth the risk of showing one.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    // Not a URL: show only the scheme and what follows the last @ (where a password would be before it), no query.
    const at = url.lastIndexOf('@');
    const hostPart = at < 0 ? url : `${url.slice(0, url.indexOf('//') + 2)}${url.slice(at + 1)}`;
    return hostPart.replace(/[?#].*$/s, '');
  }
}

/** The values of the query's `password` and `username` (ioredis uses them), decoded and as written. */
function querySecrets(parsed: URL): string[] {
  const secrets: string[] = [];
  for (const pair of parsed.search.replace(/^\?/, '').split('&')) {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? '' : pair.slice(0, eq);
    if (name === 'password' || name === 'username') secrets.push(pair.slice(eq + 1));
  }
  for (const name of ['password', 'username']) secrets.push(...parsed.searchParams.getAll(name));
  return secrets;
}

/** `text` with every secret of `target` replaced by ***. */
export function scrub(target: RedisTarget, text: string): string {
  let out = text.split(target.url).join(target.shown);
  for (const secret of target.secrets) out = out.split(secret).join('***');
  return out;
}

/** `--redis URL`: a redis:// or rediss:// URL with a host; a usage error otherwise (shown without its password). */
export function parseRedisUrl(flag: string, url: string): RedisTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not shown: text that is not a URL may be a password typed in the wrong place.
    throw new UsageError(`${flag} expects a URL such as redis://host:6379 or rediss://:password@host:6380, got text that is not a URL (not repeated here, in case it holds a password)`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new UsageError(`${flag} expects a redis:// or rediss:// URL, got '${redactUrl(url)}'`);
  }
  if (parsed.hostname === '') throw new UsageError(`${flag} expects a URL with a host (redis://host:6379), got '${redactUrl(url)}'`);
  const secrets = [decodeURIComponent(parsed.password), parsed.password, decodeURIComponent(parsed.username), parsed.username, ...querySecrets(parsed)].filter((s) => s !== '');
  return { url, shown: redactUrl(url), secrets: [...new Set(secrets)].sort((a, b) => b.length - a.length) };
}

/**
 * ioredis options for the URL. TLS comes from the scheme (rediss:); the options given here only say how to behave
 * when Redis goes away: BullMQ's connections wait for it (a restart during a study loses nothing), so commands are
 * retried forever, with a pause of at most 2 s between attempts.
 */
export function connectionOptions(target: RedisTarget): RedisOptions {
  const tls = new URL(target.url).protocol === 'rediss:';
  return {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(100 * times, 2_000),
    ...(tls ? { tls: {} } : {}),
  };
}

/** A connection that waits for Redis whenever it goes away, for BullMQ. Errors are passed on, already scrubbed. */
export function openConnection(target: RedisTarget, onError: (message: string) => void): Redis {
  const client = new Redis(target.url, connectionOptions(target));
  client.on('error', (error: Error) => {
    onError(scrub(target, error.message));
  });
  return client;
}

/** Why a first connection failed, in words (ioredis gives codes and Redis its own replies). */
function reason(error: Error & { code?: string }): string {
  if (error.code === 'ECONNREFUSED') return 'connection refused (is redis-server running there?)';
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') return 'no such host';
  if (error.code === 'ETIMEDOUT' || /timed? ?out/i.test(error.message)) return 'no answer (timed out)';
  if (/WRONGPASS|invalid password|invalid username-password/i.test(error.message)) return 'wrong user name or password';
  if (/NOAUTH/i.test(error.message)) return 'Redis asks for a password (redis://:PASSWORD@host:port)';
  return error.message;
}

/**
 * Checks that Redis answers at `target`, within `timeoutMs`: one attempt, no retries, so an unreachable server or a
 * wrong password is a FailureError of one line naming the URL (without its password) at once.
 */
export async function checkReachable(target: RedisTarget, timeoutMs = 4_000): Promise<void> {
  const probe = new Redis(target.url, {
    ...connectionOptions(target),
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  let lastError: (Error & { code?: string }) | undefined;
  probe.on('error', (error: Error) => {
    lastError = error;
  });
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    const e = lastError ?? (error as Error & { code?: string });
    throw new FailureError(`cannot reach Redis at ${target.shown}: ${scrub(target, reason(e))}`);
  } finally {
    probe.disconnect();
  }
}

/**
 * --workers counts worker threads on this machine; with --redis the work goes to `descent worker` processes, so a
 * command given both would silently ignore one: a usage error instead (study and benchmark alike).
 */
export function refuseWorkersWithRedis(args: { readonly workers?: string | undefined; readonly redis?: string | undefined }): void {
  if (args.redis !== undefined && args.workers !== undefined) {
    throw new UsageError('--workers counts worker threads on this machine; with --redis the runs go to `descent worker` processes (each with its --concurrency)');
  }
}

/**
 * `--redis URL` of a command that is about to write: checked (a usage error), and Redis reached (a failure), before
 * any folder is made or any data loaded, so an unreachable server or a wrong password is the only line printed.
 */
export async function reachableRedis(flag: string, url: string | undefined): Promise<RedisTarget | undefined> {
  if (url === undefined) return undefined;
  const target = parseRedisUrl(flag, url);
  await checkReachable(target);
  return target;
}
