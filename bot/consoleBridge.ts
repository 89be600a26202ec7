import { format } from 'node:util';
import type { Logger } from '../core/logger.js';
import { createRateLimitedLog } from './rateLimitedLog.js';

/**
 * Routes what libraries print with console.error / console.warn (botbuilder's token checks print
 * whole stacks and PEM keys, one line each) into the JSON log: one line per call, its first line
 * only, rate-limited like rejected requests. Installed once by the composition root.
 */
export function bridgeConsole(logger: Logger): void {
  const limited = createRateLimitedLog(logger, 'library output');
  const forward = (...args: unknown[]): void => {
    const text = format(...args);
    limited.record({ text: (text.split('\n')[0] ?? '').slice(0, 300) });
  };
  console.error = forward;
  console.warn = forward;
}
