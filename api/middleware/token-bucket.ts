/** The outcome of taking one token, with what the RateLimit-* headers report. */
export interface TakeResult {
  allowed: boolean;
  /** The bucket's capacity (the burst). */
  limit: number;
  /** Whole tokens left after this request. */
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** When refused: seconds until one token is available (at least 1). */
  retryAfterSeconds: number;
}

export interface TokenBucketOptions {
  /** Tokens added per minute (the sustained rate). */
  perMinute: number;
  /** Bucket capacity: how many requests may come at once after a quiet period. */
  burst: number;
  /** At most this many buckets are kept; idle (full) ones go first, then the least recently used. */
  maxBuckets?: number;
  now?: () => number;
}

interface Bucket { tokens: number; updatedAt: number }

/**
 * In-memory token buckets, one per key. Bounded: a bucket that has refilled completely is indistinguishable from a new
 * one, so idle buckets are dropped once a minute and whenever the map is full; if every bucket is busy the least
 * recently used ones are dropped (the Map's insertion order is kept as recency order).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly ratePerMs: number;
  private readonly maxBuckets: number;
  private readonly now: () => number;
  private lastSweep: number;

  constructor(private readonly options: TokenBucketOptions) {
    if (!(options.perMinute > 0) || !(options.burst >= 1)) throw new Error('a token bucket needs perMinute > 0 and burst >= 1');
    this.ratePerMs = options.perMinute / 60_000;
    this.maxBuckets = options.maxBuckets ?? 10_000;
    this.now = options.now ?? Date.now;
    this.lastSweep = this.now();
  }

  get size(): number {
    return this.buckets.size;
  }

  take(key: string): TakeResult {
    const now = this.now();
    if (now - this.lastSweep >= 60_000) this.sweepIdle(now);
    const { burst } = this.options;
    const existing = this.buckets.get(key);
    const bucket: Bucket = existing
      ? { tokens: Math.min(burst, existing.tokens + (now - existing.updatedAt) * this.ratePerMs), updatedAt: now }
      : { tokens: burst, updatedAt: now };
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    if (existing) this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxBuckets) this.shrink(now);
    return {
      allowed,
      limit: burst,
      remaining: Math.floor(bucket.tokens),
      resetSeconds: Math.ceil((burst - bucket.tokens) / this.ratePerMs / 1000),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / this.ratePerMs / 1000)),
    };
  }

  private isIdle(bucket: Bucket, now: number): boolean {
    return bucket.tokens + (now - bucket.updatedAt) * this.ratePerMs >= this.options.burst;
  }

  private sweepIdle(now: number): void {
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) if (this.isIdle(bucket, now)) this.buckets.delete(key);
  }

  /** Down to 90 % of the cap, so that a full map is not swept on every request. */
  private shrink(now: number): void {
    this.sweepIdle(now);
    const target = Math.floor(this.maxBuckets * 0.9);
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= target) break;
      this.buckets.delete(key);
    }
  }
}
