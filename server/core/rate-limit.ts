export interface RateLimitOptions {
  /** Requests a member may make in a burst. */
  capacity: number;
  /** Sustained requests per second. */
  refillPerSecond: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { capacity: 120, refillPerSecond: 2 };

/**
 * Token bucket per access token, in this process's memory: with several server instances each keeps
 * its own buckets, so the real limit is N times this. Good enough to stop a runaway extension loop.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number,
  ) {}

  /** Takes one token; returns 0 when allowed, otherwise the seconds to wait. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.options.capacity, at: now };
    const elapsed = Math.max(0, now - bucket.at) / 1000;
    bucket.tokens = Math.min(this.options.capacity, bucket.tokens + elapsed * this.options.refillPerSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.options.refillPerSecond));
  }
}

export interface AuthFailureLimitOptions {
  /** Failed authentications one client address may make per window… */
  maxFailures: number;
  /** …of this many milliseconds (a sliding window). */
  windowMs: number;
}

export const DEFAULT_AUTH_FAILURE_LIMIT: AuthFailureLimitOptions = { maxFailures: 10, windowMs: 60_000 };

/**
 * Failed authentications per client address. Tokens are 32 random bytes, so guessing one is hopeless
 * anyway; this makes each guess cost time and keeps a guesser from hashing tokens as fast as the server
 * can. A blocked address is refused before its token is looked at, or a right guess would still get in;
 * successful requests are never counted. In memory, per instance, like the request buckets above.
 */
export class AuthFailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly options: AuthFailureLimitOptions,
    private readonly now: () => number,
  ) {}

  /** 0 when this address may try; otherwise the seconds until its oldest failure leaves the window. */
  waitFor(address: string): number {
    const recent = this.recent(address);
    if (recent.length < this.options.maxFailures) return 0;
    const oldest = recent[recent.length - this.options.maxFailures]!;
    return Math.max(1, Math.ceil((oldest + this.options.windowMs - this.now()) / 1000));
  }

  fail(address: string): void {
    const recent = this.recent(address);
    recent.push(this.now());
    // Only the last maxFailures matter to `waitFor`; a flood keeps its memory bounded.
    this.failures.set(address, recent.slice(-this.options.maxFailures));
    if (this.failures.size > 10_000) this.prune();
  }

  private recent(address: string): number[] {
    const since = this.now() - this.options.windowMs;
    return (this.failures.get(address) ?? []).filter((t) => t > since);
  }

  private prune(): void {
    const since = this.now() - this.options.windowMs;
    for (const [address, times] of this.failures) {
      if (!times.some((t) => t > since)) this.failures.delete(address);
    }
  }
}
