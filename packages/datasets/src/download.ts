// Fetching one file over HTTP(S) as a mirror deserves: a dropped connection, a 5xx or a 429 ("too many requests") is
// tried again after a growing pause (the server's Retry-After when it sends one), a server that stops answering is
// given up on after a timeout, and anything else (404, 403: asking again will not help) fails at once. Every failure
// is one sentence naming the URL, as `shownUrl` writes it: a private mirror's user name, password or ?token= stays out
// of messages and logs.

/** How `downloadBytes` fetches: the idle timeout, the retries and their backoff, and progress and retry callbacks. */
export interface DownloadOptions {
  /**
   * The longest wait, in milliseconds, for the server's answer and then between two pieces of the body (an idle
   * timeout, so a large file on a slow link is not cut off). Default 30,000. A timeout is not retried: a mirror that
   * hangs once usually hangs again, and five waits would keep the user for minutes.
   */
  readonly timeoutMs?: number;
  /** Tries in all, the first included (default 5). */
  readonly attempts?: number;
  /** The pause before the first retry (default 500 ms), doubled before each further one. */
  readonly backoffMs?: number;
  /**
   * The longest pause before a retry (default 30,000 ms). A Retry-After longer than this ends the download instead,
   * with the server's wait in the message.
   */
  readonly maxDelayMs?: number;
  /** Called with bytes received and expected (0 when the server does not say) while the body arrives. */
  readonly onProgress?: (received: number, total: number) => void;
  /** Called before each pause and retry: why, and how long the pause is. */
  readonly onRetry?: (retry: DownloadRetry) => void;
}

/** What `onRetry` is told before each pause: which URL, which try failed, why, and how long the pause will be. */
export interface DownloadRetry {
  /** The URL being fetched, as `shownUrl` writes it (no user info, no query). */
  readonly url: string;
  /** The try that failed, 1-based. */
  readonly attempt: number;
  /** `HTTP 503 Service Unavailable`, `connection reset`… */
  readonly reason: string;
  /** The pause before the next try, in milliseconds. */
  readonly delayMs: number;
}

/** The defaults of `DownloadOptions`: 30 s idle timeout, 5 tries, 500 ms first backoff (doubling), pauses capped at 30 s. */
export const DOWNLOAD_DEFAULTS = { timeoutMs: 30_000, attempts: 5, backoffMs: 500, maxDelayMs: 30_000 } as const;

/** A failure that is worth another try (a dropped connection, 5xx, 429), with the server's Retry-After if any. */
class TransientFailure extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/**
 * Why a fetch failed, in words: Node's fetch says only "fetch failed" and keeps the reason (a refused connection, an
 * unknown host) in `cause`.
 */
function fetchFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const words: Record<string, string> = {
    ECONNREFUSED: 'connection refused (nothing is listening there)',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host name lookup failed (no network?)',
    ECONNRESET: 'connection reset',
    ETIMEDOUT: 'connection timed out',
    UND_ERR_SOCKET: 'connection closed by the server',
  };
  if (code !== undefined) return words[code] ?? `${code}${typeof cause?.message === 'string' ? ` (${cause.message})` : ''}`;
  return typeof cause?.message === 'string' ? cause.message : (error as Error).message;
}

/**
 * Retry-After in milliseconds: a number of seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or
 * unreadable, so the usual backoff applies.
 */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * A URL as messages show it: scheme, host, port and path, without user info, query or fragment, which may carry a
 * private mirror's credentials (`https://user:secret@host/data/?token=…` is shown as `https://host/data/`).
 */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    // Not a URL: still drop anything that looks like user info or a query.
    return url.replace(/\/\/[^/@]*@/, '//').replace(/[?#].*$/, '');
  }
}

/**
 * The request for `url`: user info (which fetch refuses in a URL) moves into a Basic Authorization header; the query
 * stays, since a mirror's token travels there.
 */
function request(url: string): { readonly target: string; readonly headers: Record<string, string> } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { target: url, headers: {} };
  }
  if (parsed.username === '' && parsed.password === '') return { target: url, headers: {} };
  const credentials = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  parsed.username = '';
  parsed.password = '';
  return { target: parsed.href, headers: { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` } };
}

const seconds = (ms: number) => `${String(Math.round(ms / 100) / 10)} s`;

/** One try: the response and its whole body, under the idle timeout. */
async function attemptDownload(url: string, timeoutMs: number, onProgress: DownloadOptions['onProgress']): Promise<Uint8Array> {
  const controller = new AbortController();
  // Only the timer aborts, so an aborted signal means the timeout fired.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      controller.abort();
    }, timeoutMs);
  };
  const shown = shownUrl(url);
  const { target, headers } = request(url);
  const timeoutMessage = () => `download of ${shown} failed: no answer from the server within ${seconds(timeoutMs)} (timeout)`;
  arm();
  try {
    let response: Response;
    try {
      response = await fetch(target, { headers, signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted) throw new Error(timeoutMessage());
      throw new TransientFailure(fetchFailure(error));
    }
    if (!response.ok || response.body === null) {
      const status = `HTTP ${String(response.status)}${response.statusText === '' ? '' : ` ${response.statusText}`}`;
      await response.body?.cancel().catch(() => undefined);
      if (response.status >= 500 || response.status === 429) throw new TransientFailure(status, retryAfterMs(response.headers.get('retry-after')));
      throw new Error(`download of ${shown} failed: ${status}`);
    }
    const total = Number(response.headers.get('content-length') ?? 0);
    const chunks: Uint8Array[] = [];
    let received = 0;
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        arm();
        chunks.push(chunk);
        received += chunk.length;
        onProgress?.(received, total);
      }
    } catch (error) {
      if (controller.signal.aborted) throw new Error(timeoutMessage());
      throw new TransientFailure(`${fetchFailure(error)} after ${String(received)} bytes`);
    }
    return Buffer.concat(chunks);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Downloads `url` whole into memory. Retries a dropped connection, 5xx and 429 up to `attempts` tries in all,
 * pausing `backoffMs`, then twice that, and so on (capped at `maxDelayMs`), or as long as the server's Retry-After
 * says; gives up when the server is silent for `timeoutMs`. User info in the URL is sent as Basic authorization.
 * Throws an Error whose message names the URL (`shownUrl`: no credentials, no query) and the last reason.
 */
export async function downloadBytes(url: string, options: DownloadOptions = {}): Promise<Uint8Array> {
  const timeoutMs = options.timeoutMs ?? DOWNLOAD_DEFAULTS.timeoutMs;
  const attempts = options.attempts ?? DOWNLOAD_DEFAULTS.attempts;
  const backoffMs = options.backoffMs ?? DOWNLOAD_DEFAULTS.backoffMs;
  const maxDelayMs = options.maxDelayMs ?? DOWNLOAD_DEFAULTS.maxDelayMs;
  for (const [name, value, least] of [['timeoutMs', timeoutMs, 1], ['attempts', attempts, 1], ['backoffMs', backoffMs, 0], ['maxDelayMs', maxDelayMs, 0]] as const) {
    if (!Number.isInteger(value) || value < least) throw new RangeError(`Invalid ${name}: ${String(value)} (expected a whole number ≥ ${String(least)})`);
  }
  const shown = shownUrl(url);
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptDownload(url, timeoutMs, options.onProgress);
    } catch (error) {
      if (!(error instanceof TransientFailure)) throw error;
      const tries = `${String(attempt)} ${attempt === 1 ? 'try' : 'tries'}`;
      if (attempt >= attempts) throw new Error(`download of ${shown} failed: ${error.message} (${tries})`);
      if (error.retryAfterMs !== undefined && error.retryAfterMs > maxDelayMs) {
        throw new Error(`download of ${shown} failed: ${error.message}, and the server asks to wait ${seconds(error.retryAfterMs)} before trying again (${tries})`);
      }
      const delayMs = error.retryAfterMs ?? Math.min(maxDelayMs, backoffMs * 2 ** (attempt - 1));
      options.onRetry?.({ url: shown, attempt, reason: error.message, delayMs });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
