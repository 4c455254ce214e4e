import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses the defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      NODE_ENV: 'development',
      QUEUE_PREFIX: 'lianxin',
      HOST: '127.0.0.1',
      PORT: 3000,
      DATA_DIR: './data',
      LIANXIN_DEMO: true,
      MERGE_WINDOW_DAYS: 30,
      REBOUND_DAYS: 30,
      INBOX_PUSH_OTHERS: 'scheduled',
      SESSION_TTL_HOURS: 12,
      WORKER_CONCURRENCY: 4,
      SHUTDOWN_TIMEOUT_MS: 30_000,
      WORKER_LOCK_MS: 30_000,
      SWEEP_SCHEDULE: '*/5 * * * *',
      SWEEP_MIN_AGE_MS: 120_000,
      INGEST_LINGER_MS: 50,
      WORKER_STAGES: ['normalise', 'classify', 'merge', 'route', 'push', 'status-sync'],
      DATABASE_POOL_SIZE: 10,
      MAX_BODY_BYTES: 5 * 1024 * 1024,
      LOG_LEVEL: 'info',
      KAFKA_CLIENT_ID: 'lianxin',
      KAFKA_GROUP_ID: 'lianxin',
      KAFKA_WORKORDER_TOPIC: 'hotline.workorders',
      KAFKA_STATUS_IN_TOPIC: 'hotline.status-updates',
      KAFKA_STATUS_OUT_TOPIC: 'hotline.status',
      MAILBOX_PAGE_SIZE: 100,
      MESSAGE_BOARD_PAGE_SIZE: 100,
      CPPCC_PAGE_SIZE: 100,
      POLL_SCHEDULE: '*/30 * * * * *',
      POLL_MAX_BACKOFF_MS: 60_000,
      REVIEW_CONFIDENCE_THRESHOLD: 0.7,
    });
  });

  it('reads the stages a worker process runs, and names an unknown one', () => {
    expect(loadConfig({ WORKER_STAGES: 'normalise, route,push' }).WORKER_STAGES).toEqual(['normalise', 'route', 'push']);
    expect(configError({ WORKER_STAGES: 'normalise,merg' }).message).toMatch(/WORKER_STAGES.*unknown stage merg/);
  });

  it('reads and converts values', () => {
    const config = loadConfig({ PORT: '8080', LIANXIN_DEMO: 'off', REDIS_URL: 'redis://localhost:6379', WORKER_CONCURRENCY: '8' });
    expect(config.PORT).toBe(8080);
    expect(config.LIANXIN_DEMO).toBe(false);
    expect(config.REDIS_URL).toBe('redis://localhost:6379');
    expect(config.WORKER_CONCURRENCY).toBe(8);
  });

  it.each(['abc', '70000', '-1', '80.5'])('rejects PORT=%s, naming PORT', (PORT) => {
    expect(configError({ PORT }).message).toMatch(/^\s+PORT: /m);
  });

  it.each(['localhost:6379', 'http://localhost:6379', 'not a url'])('rejects REDIS_URL=%s, naming REDIS_URL', (REDIS_URL) => {
    expect(configError({ REDIS_URL }).message).toMatch(/^\s+REDIS_URL: .*redis:\/\//m);
  });

  it('rejects a sweep schedule that is not a cron expression, and a lock time of 0', () => {
    expect(configError({ SWEEP_SCHEDULE: 'every five minutes' }).message).toMatch(/^\s+SWEEP_SCHEDULE: expected a cron expression/m);
    expect(configError({ WORKER_LOCK_MS: '0' }).message).toMatch(/^\s+WORKER_LOCK_MS: /m);
    expect(loadConfig({ SWEEP_SCHEDULE: '*/1 * * * *', SWEEP_MIN_AGE_MS: '30000' })).toMatchObject({ SWEEP_SCHEDULE: '*/1 * * * *', SWEEP_MIN_AGE_MS: 30_000 });
  });

  it('rejects LIANXIN_DEMO=maybe, naming LIANXIN_DEMO', () => {
    expect(configError({ LIANXIN_DEMO: 'maybe' }).message).toMatch(/^\s+LIANXIN_DEMO: expected one of on\/off/m);
  });

  it('names every bad variable at once', () => {
    const message = configError({ PORT: 'abc', LIANXIN_DEMO: 'maybe', REDIS_URL: 'http://x' }).message;
    expect(message).toContain('PORT');
    expect(message).toContain('LIANXIN_DEMO');
    expect(message).toContain('REDIS_URL');
  });

  it('requires PII_SALT in production', () => {
    expect(configError({ NODE_ENV: 'production' }).message).toContain('PII_SALT');
    expect(configError({ NODE_ENV: 'production', PII_SALT: 'short' }).message).toMatch(/PII_SALT: expected at least 16 characters/);
    expect(loadConfig({ NODE_ENV: 'production', PII_SALT: '0123456789abcdef' }).PII_SALT).toBe('0123456789abcdef');
  });

  it('treats empty-string values as unset', () => {
    const config = loadConfig({ PORT: '', REDIS_URL: '', LIANXIN_DEMO: '', DATABASE_URL: '', LOG_LEVEL: '' });
    expect(config.PORT).toBe(3000);
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.LIANXIN_DEMO).toBe(true);
    expect(config.LOG_LEVEL).toBe('info');
    expect(configError({ NODE_ENV: 'production', PII_SALT: '' }).message).toContain('PII_SALT: required');
  });
});
