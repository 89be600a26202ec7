import type { Logger, LogFields } from '../core/logger.js';

/** Writes warnings of one kind, rate-limited; see {@link createRateLimitedLog}. */
export interface RateLimitedLog {
  record(fields: LogFields): void;
}

export interface RateLimitedLogOptions {
  /** Lines written one by one per window; the rest are only counted. */
  readonly perWindow?: number;
  readonly windowMs?: number;
  readonly now?: () => number;
}

/**
 * One JSON line per event (e.g. a rejected request: status, reason, remote address), at most
 * `perWindow` lines a minute: a flood of bad requests must not flood the log. What is held back is
 * reported as one count when the next window starts.
 */
export function createRateLimitedLog(
  logger: Logger,
  message: string,
  options: RateLimitedLogOptions = {},
): RateLimitedLog {
  const perWindow = options.perWindow ?? 20;
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  let windowStart = now();
  let written = 0;
  let suppressed = 0;
  return {
    record(fields) {
      const t = now();
      if (t - windowStart >= windowMs) {
        if (suppressed > 0) logger.warn(message, { suppressed, windowSeconds: Math.round(windowMs / 1000) });
        windowStart = t;
        written = 0;
        suppressed = 0;
      }
      if (written < perWindow) {
        written++;
        logger.warn(message, fields);
      } else {
        suppressed++;
      }
    },
  };
}
