/** A per-key limit of `perMinute` events in any minute (a token bucket refilled continuously). */
export interface RateLimiter {
  /** Takes one event for `key`: false when its budget is spent (the caller answers 429). */
  take(key: string): boolean;
  /** Seconds until `key` has budget again (for Retry-After). */
  retryAfterSeconds(key: string): number;
}

interface Bucket {
  tokens: number;
  updated: number;
}

/**
 * Token buckets per key, bounded in memory: at most `maxKeys` buckets; when full, the buckets that
 * have refilled are forgotten first (they hold no information), then the oldest.
 */
export function createRateLimiter(
  perMinute: number,
  options: { now?: () => number; maxKeys?: number } = {},
): RateLimiter {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 10_000;
  const perMs = perMinute / 60_000;
  const buckets = new Map<string, Bucket>();

  const refill = (bucket: Bucket, at: number): void => {
    bucket.tokens = Math.min(perMinute, bucket.tokens + (at - bucket.updated) * perMs);
    bucket.updated = at;
  };
  const prune = (at: number): void => {
    for (const [key, bucket] of buckets) {
      refill(bucket, at);
      if (bucket.tokens >= perMinute) buckets.delete(key);
    }
    for (const key of buckets.keys()) {
      if (buckets.size < maxKeys) break;
      buckets.delete(key);
    }
  };

  return {
    take(key) {
      const at = now();
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= maxKeys) prune(at);
        bucket = { tokens: perMinute, updated: at };
        buckets.set(key, bucket);
      }
      refill(bucket, at);
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
    retryAfterSeconds(key) {
      const bucket = buckets.get(key);
      if (!bucket) return 0;
      refill(bucket, now());
      return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
    },
  };
}
