import { createHash } from 'node:crypto';
import type { RouteResponse } from './http.ts';
import type { RequestRules } from './rules.ts';

/**
 * 429s on demand, the way Discord answers them: a JSON body `{ message, retry_after, global }` and the
 * headers @discordjs/rest reads (`Retry-After`, `X-RateLimit-Limit`, `-Remaining`, `-Reset`, `-Reset-After`,
 * `-Bucket`, `-Scope`, and `-Global` for a global limit). discord.js waits and retries by itself.
 *
 * Retry-After carries the same fraction of a second as `retry_after` (Discord rounds the header up to
 * whole seconds), so a test can keep its waits at a few tens of milliseconds.
 */

export interface RateLimitOptions {
  /** Answer 429 to this many matching requests, one after another (1 by default). */
  times?: number;
  /**
   * A bucket instead: `limit` requests per `windowMs` pass, the rest of the window answers 429. Passing
   * responses then carry X-RateLimit-Remaining and -Reset-After, so a client can pace itself.
   */
  limit?: number;
  windowMs?: number;
  /** Seconds, as in the body's retry_after (0.05 by default); in a bucket, the time left in its window. */
  retryAfter?: number;
  /** A global limit: `X-RateLimit-Global: true`, scope `global`, `global: true` in the body. */
  global?: boolean;
  /** X-RateLimit-Scope: `user` (default), `shared` or `global`. */
  scope?: 'user' | 'shared' | 'global';
  /** Only the requests this accepts, e.g. `(r) => r.params.channelId === id`. */
  where?: (request: RateLimitedRequest) => boolean;
}

export interface RateLimitedRequest {
  method: string;
  path: string;
  route: string;
  params: Record<string, string>;
}

export interface RateLimit {
  /** The route it limits, e.g. `POST /channels/:channelId/typing`. */
  readonly route: string;
  /** How many requests it answered 429. */
  readonly hits: number;
  /** How many matching requests it let through. */
  readonly passed: number;
  /** Stops limiting (what is already answered stays answered). */
  remove(): void;
}

interface Limit extends RateLimit {
  options: RateLimitOptions;
  hits: number;
  passed: number;
  windowStart: number;
  windowCount: number;
  removed: boolean;
}

/** Discord limits per route and per top-level resource: one channel, guild, webhook or interaction. */
function majorParameter(params: Record<string, string>): string {
  return params.channelId ?? params.guildId ?? (params.token ? `${params.applicationId ?? params.interactionId}/${params.token}` : (params.applicationId ?? ''));
}

const inFlightGraceMs = 20;

export class RateLimits {
  private readonly limits: Limit[] = [];
  /** Until when (real ms) a route + resource, or everything for a global limit, was told to wait. */
  private readonly blockedUntil = new Map<string, number>();
  private global = { until: 0, issuedAt: 0, key: '' };

  constructor(private readonly routeExists: (route: string) => boolean) {}

  add(route: string, options: RateLimitOptions = {}): RateLimit {
    if (!this.routeExists(route)) throw new Error(`The stand-in has no route ${route} (write it as recorded, e.g. 'POST /channels/:channelId/typing')`);
    if ((options.limit === undefined) !== (options.windowMs === undefined)) throw new Error('A rate-limit bucket needs both `limit` and `windowMs`');
    const limit: Limit = {
      route,
      options,
      hits: 0,
      passed: 0,
      windowStart: 0,
      windowCount: 0,
      removed: false,
      remove: () => {
        limit.removed = true;
      },
    };
    this.limits.push(limit);
    return limit;
  }

  /**
   * A 429 for this request, or null to let it through (with the bucket's headers, if any). A request
   * that comes back before the retry_after it was given breaks the `retryAfter` rule.
   */
  check(request: RateLimitedRequest, rules: RequestRules, botAuthenticated: boolean): { limited: RouteResponse | null; headers: Record<string, string> } {
    const now = Date.now();
    const key = `${request.route} ${majorParameter(request.params)}`;
    // A request to another route may have been on its way before the client read a global 429.
    const globalApplies = botAuthenticated && (key === this.global.key || now - this.global.issuedAt > inFlightGraceMs);
    const early = Math.max(this.blockedUntil.get(key) ?? 0, globalApplies ? this.global.until : 0) - now;
    if (early > 0) {
      rules.breaks('retryAfter', `${request.method} ${request.path} came ${Math.ceil(early)} ms before its retry_after was up`);
      return { limited: this.tooMany(key, request.route, early / 1000, {}), headers: {} };
    }
    for (const limit of this.limits) {
      if (limit.removed || limit.route !== request.route || (limit.options.where && !limit.options.where(request))) continue;
      const { options } = limit;
      if (options.limit !== undefined && options.windowMs !== undefined) {
        if (now - limit.windowStart >= options.windowMs) {
          limit.windowStart = now;
          limit.windowCount = 0;
        }
        const resetAfter = (limit.windowStart + options.windowMs - now) / 1000;
        if (limit.windowCount >= options.limit) {
          limit.hits++;
          return { limited: this.tooMany(key, request.route, options.retryAfter ?? resetAfter, options), headers: {} };
        }
        limit.windowCount++;
        limit.passed++;
        return { limited: null, headers: this.bucketHeaders(request.route, options.limit, options.limit - limit.windowCount, resetAfter) };
      }
      if (limit.hits < (options.times ?? 1)) {
        limit.hits++;
        return { limited: this.tooMany(key, request.route, options.retryAfter ?? 0.05, options), headers: {} };
      }
      limit.passed++;
    }
    return { limited: null, headers: {} };
  }

  private bucketHeaders(route: string, limit: number, remaining: number, resetAfter: number): Record<string, string> {
    return {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, remaining)),
      'x-ratelimit-reset': ((Date.now() + resetAfter * 1000) / 1000).toFixed(3),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-bucket': createHash('sha256').update(route).digest('hex').slice(0, 32),
    };
  }

  private tooMany(key: string, route: string, retryAfter: number, options: RateLimitOptions): RouteResponse {
    const global = options.global ?? false;
    const until = Date.now() + retryAfter * 1000;
    if (global) this.global = { until: Math.max(this.global.until, until), issuedAt: Date.now(), key };
    else this.blockedUntil.set(key, Math.max(this.blockedUntil.get(key) ?? 0, until));
    const seconds = retryAfter.toFixed(3);
    const scope = global ? 'global' : (options.scope ?? 'user');
    return {
      status: 429,
      headers: {
        'retry-after': seconds,
        ...(global ? { 'x-ratelimit-global': 'true' } : this.bucketHeaders(route, options.limit ?? 1, 0, retryAfter)),
        'x-ratelimit-scope': scope,
      },
      body: { message: 'You are being rate limited.', retry_after: Number(seconds), global },
    };
  }
}
