import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { main } from '../program.js';
import { faultOfRunJob, runJobId, runOfJobId, studyId } from './queue-jobs.js';
import { connectionOptions, parseRedisUrl, redactUrl, scrub } from './redis-url.js';
import type { StudyConfig } from '../study/study-types.js';

describe('the --redis URL', () => {
  it('is shown without its user name and password', () => {
    expect(redactUrl('redis://:hunter2@example.org:6380')).toBe('redis://example.org:6380');
    expect(redactUrl('rediss://alice:hunter2@example.org:6380/3')).toBe('rediss://example.org:6380/3');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    // Not a URL at all: what could be a password (before the last @) is left out.
    expect(redactUrl('redis://:pa ss@@host')).not.toContain('pa ss');
  });

  it('has its secrets scrubbed from any message, encoded or not', () => {
    const target = parseRedisUrl('--redis', 'redis://bob:p%40ss@10.0.0.1:6379');
    expect(target.shown).toBe('redis://10.0.0.1:6379');
    expect(scrub(target, 'AUTH bob p@ss failed for redis://bob:p%40ss@10.0.0.1:6379')).toBe('AUTH *** *** failed for redis://10.0.0.1:6379');
  });

  it('is shown without its query, and a password or user name given there is scrubbed too (ioredis reads them)', () => {
    expect(redactUrl('redis://example.org:6379/2?password=hunter2&db=3')).toBe('redis://example.org:6379/2');
    expect(redactUrl('redis://:pa ss@@host?password=hunter2')).not.toContain('hunter2');
    const target = parseRedisUrl('--redis', 'redis://10.0.0.1:6379?username=carol&password=p%40ss%2Bw');
    expect(target.shown).toBe('redis://10.0.0.1:6379');
    expect(scrub(target, 'AUTH carol p@ss+w failed (raw p%40ss%2Bw) at redis://10.0.0.1:6379?username=carol&password=p%40ss%2Bw')).toBe(
      'AUTH *** *** failed (raw ***) at redis://10.0.0.1:6379',
    );
  });

  it('must be redis:// or rediss:// with a host: a usage error that never shows the password', () => {
    for (const [url, expected] of [
      ['http://:hunter2@example.org', 'expects a redis:// or rediss:// URL'],
      ['example.org:6379', 'expects a redis:// or rediss:// URL'],
      ['hunter2 at example.org', 'expects a URL such as redis://host:6379'],
      ['redis://:hunter2@', 'expects a URL'],
    ] as const) {
      let error: unknown;
      try {
        parseRedisUrl('--redis', url);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toContain(expected);
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('rediss:// connects over TLS; every connection waits for Redis instead of failing a command', () => {
    expect(connectionOptions(parseRedisUrl('--redis', 'rediss://:pw@example.org:6380')).tls).toEqual({});
    const plain = connectionOptions(parseRedisUrl('--redis', 'redis://example.org'));
    expect(plain.tls).toBeUndefined();
    expect(plain.maxRetriesPerRequest).toBeNull();
  });
});

describe('jobs in the queue', () => {
  it('name their study, run and arm in their id (arm names may hold dashes and dots)', () => {
    const id = runJobId('s0123456789abcdef', 'heavy-ball.2', 17);
    expect(runOfJobId(id)).toEqual({ study: 's0123456789abcdef', run: 17, arm: 'heavy-ball.2' });
    expect(runOfJobId('s0123-1-a')).toBeNull();
  });

  it('a study id depends on the settings and the folder, nothing else', () => {
    const config = { runs: 2, seed: 1, arms: [], batchSize: 64, imageSize: 14, model: 'book-mlp', dataset: { name: 'fashion-mnist-sample' } } as StudyConfig;
    expect(studyId(config, '/a')).toBe(studyId({ ...config }, '/a'));
    expect(studyId(config, '/a')).not.toBe(studyId(config, '/b'));
    expect(studyId(config, '/a')).not.toBe(studyId({ ...config, runs: 3 }, '/a'));
  });

  it('are refused by a worker unless they carry a known data set, a model and a run length', () => {
    const good = { arm: 'a', run: 0, seed: 1, optimizer: 'sgd', options: {}, model: 'book-mlp', dataset: 'fashion-mnist-sample', imageSize: 14, batchSize: 64, minibatches: 10 };
    expect(faultOfRunJob(good)).toBeNull();
    expect(faultOfRunJob({ ...good, dataset: '/etc/passwd' })).toContain('unknown data set "/etc/passwd"');
    expect(faultOfRunJob({ ...good, minibatches: undefined })).toContain('neither minibatches nor epochs');
    expect(faultOfRunJob({ ...good, imageSize: 32 })).toContain('image size 32');
    expect(faultOfRunJob(null)).toBe('the job carries no run');
  });
});

describe('descent worker flags', () => {
  async function worker(...argv: string[]) {
    let stderr = '';
    const io: Io = { cwd: process.cwd(), stdout: () => undefined, stderr: (t) => (stderr += t) };
    return { code: await main(['worker', ...argv], io), stderr };
  }

  it('are checked before Redis is asked: a plugin that is not there, a concurrency of 0, a bad URL (exit 2)', async () => {
    const plugin = await worker('--redis', 'redis://127.0.0.1:1', '--plugins', './no-such-optimizer.mjs');
    expect(plugin.code).toBe(2);
    expect(plugin.stderr).toMatch(/^descent: --plugins \.\/no-such-optimizer\.mjs: /);
    expect((await worker('--redis', 'redis://127.0.0.1:1', '--concurrency', '0')).stderr).toMatch(/^descent: --concurrency /);
    expect((await worker('--redis', 'redis://127.0.0.1:1', '--plugins', 'a,,b')).stderr).toMatch(/^descent: --plugins expects optimizer packages separated by commas/);
    const url = await worker('--redis', 'http://:hunter2@host');
    expect([url.code, url.stderr]).toEqual([2, "descent: --redis expects a redis:// or rediss:// URL, got 'http://host'\n"]);
  });
});
