import { describe, expect, it } from 'vitest';
import { LoginLimiter } from '../../src/auth/login-limiter.ts';

const WINDOW = 15 * 60_000;
const T0 = 1_700_000_000_000;

describe('LoginLimiter', () => {
  it('allows attempts below the limit', () => {
    const limiter = new LoginLimiter();
    for (let i = 0; i < 4; i++) limiter.fail(['user:admin'], T0 + i * 1000);
    expect(limiter.retryAfter(['user:admin'], T0 + 5000)).toBe(0);
  });

  it('blocks after 5 failures within the window, with the seconds to wait', () => {
    const limiter = new LoginLimiter();
    for (let i = 0; i < 5; i++) limiter.fail(['user:admin'], T0 + i * 1000);
    // the oldest failure (T0) leaves the window at T0 + 15 min
    expect(limiter.retryAfter(['user:admin'], T0 + 10_000)).toBe(WINDOW / 1000 - 10);
    expect(limiter.retryAfter(['user:admin'], T0 + WINDOW - 500)).toBe(1);
  });

  it('blocks on any of the keys (username or address)', () => {
    const limiter = new LoginLimiter();
    for (let i = 0; i < 5; i++) limiter.fail([`user:u${i}`, 'ip:10.0.0.1'], T0 + i);
    expect(limiter.retryAfter(['user:new', 'ip:10.0.0.1'], T0 + 10)).toBeGreaterThan(0);
    expect(limiter.retryAfter(['user:new', 'ip:10.0.0.2'], T0 + 10)).toBe(0);
  });

  it('unblocks once the failures leave the window', () => {
    const limiter = new LoginLimiter();
    for (let i = 0; i < 5; i++) limiter.fail(['user:admin'], T0);
    expect(limiter.retryAfter(['user:admin'], T0 + WINDOW - 1)).toBe(1);
    expect(limiter.retryAfter(['user:admin'], T0 + WINDOW)).toBe(0);
  });

  it('does not count failures older than the window', () => {
    const limiter = new LoginLimiter();
    for (let i = 0; i < 4; i++) limiter.fail(['user:admin'], T0);
    limiter.fail(['user:admin'], T0 + WINDOW + 1);
    expect(limiter.retryAfter(['user:admin'], T0 + WINDOW + 2)).toBe(0);
  });

  it('clears the failures on success', () => {
    const limiter = new LoginLimiter();
    for (let i = 0; i < 5; i++) limiter.fail(['user:admin'], T0);
    limiter.succeed(['user:admin']);
    expect(limiter.retryAfter(['user:admin'], T0 + 1)).toBe(0);
  });

  it('honours custom limits', () => {
    const limiter = new LoginLimiter(2, 10_000);
    limiter.fail(['k'], T0);
    limiter.fail(['k'], T0 + 1000);
    expect(limiter.retryAfter(['k'], T0 + 2000)).toBe(8);
  });
});
