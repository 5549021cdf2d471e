import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/app/rateLimiter.ts';

describe('the per-user rate limit', () => {
  const clock = { time: 0, now() { return this.time; } };
  const limiter = new RateLimiter({ limit: 3, windowMs: 60_000, clock });

  it('lets a user ask `limit` questions in a window, then says how long to wait', () => {
    clock.time = 0;
    expect(limiter.take('a')).toEqual({ ok: true });
    clock.time = 10_000;
    expect(limiter.take('a')).toEqual({ ok: true });
    expect(limiter.take('a')).toEqual({ ok: true });
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterMs: 50_000 });
    expect(limiter.take('b')).toEqual({ ok: true });
  });

  it('slides: each question leaves the window a window after it was asked', () => {
    clock.time = 60_000;
    expect(limiter.take('a')).toEqual({ ok: true });
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterMs: 10_000 });
    clock.time = 70_001;
    expect(limiter.take('a')).toEqual({ ok: true });
  });

  it('tells a refused user once per wait, again once the wait is over', () => {
    const once = new RateLimiter({ limit: 1, windowMs: 60_000, clock });
    clock.time = 200_000;
    expect(once.take('c')).toEqual({ ok: true });
    expect(once.take('c')).toEqual({ ok: false, retryAfterMs: 60_000 });
    expect(once.firstRefusal('c', 60_000)).toBe(true);
    clock.time = 230_000;
    expect(once.take('c')).toEqual({ ok: false, retryAfterMs: 30_000 });
    expect(once.firstRefusal('c', 30_000)).toBe(false);
    expect(once.firstRefusal('d', 30_000)).toBe(true);
    clock.time = 260_001;
    expect(once.take('c')).toEqual({ ok: true });
    expect(once.take('c')).toEqual({ ok: false, retryAfterMs: 60_000 });
    expect(once.firstRefusal('c', 60_000)).toBe(true);
  });

  it('refuses a limit or window that is not positive', () => {
    expect(() => new RateLimiter({ limit: 0, windowMs: 1, clock })).toThrow('limit must be > 0');
    expect(() => new RateLimiter({ limit: 1, windowMs: 0, clock })).toThrow('windowMs must be > 0');
  });
});
