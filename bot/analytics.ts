import path from 'node:path';
import type { Config } from './config.js';
import { PROJECT_ROOT } from './config.js';
import { containerClient } from './storage.js';
import type { Logger } from '../core/logger.js';
import type { AnalyticsStore } from '../analytics/store.js';
import { MemoryAnalyticsStore } from '../analytics/memoryStore.js';
import { FileAnalyticsStore } from '../analytics/fileStore.js';
import { BlobAnalyticsStore } from '../analytics/blobStore.js';
import { AnalyticsRecorder } from '../analytics/recorder.js';

/** The folder of the file store's analytics: `analytics` beside the state folder (`.data/analytics`). */
export function analyticsDirOf(config: Config): string {
  return path.join(path.dirname(config.stateDir), 'analytics');
}

/** The analytics store next to the state store: memory, day files, or the state's blob container. */
export function createAnalyticsStore(config: Config): AnalyticsStore {
  switch (config.storage) {
    case 'memory':
      return new MemoryAnalyticsStore();
    case 'file': {
      const dir = analyticsDirOf(config);
      const shown = path.relative(PROJECT_ROOT, dir);
      return new FileAnalyticsStore(dir, shown !== '' && !shown.startsWith('..') ? shown : dir);
    }
    case 'blob':
      return new BlobAnalyticsStore(containerClient(config.blobConnectionString, config.blobContainer));
    default: {
      const unknown: never = config.storage;
      throw new Error(`Unknown storage kind ${String(unknown)}`);
    }
  }
}

/** The recorder the bot writes its events through (buffered; retention from ANALYTICS_RETENTION_DAYS). */
export function createAnalytics(
  config: Config,
  logger: Logger,
  options: { readonly store?: AnalyticsStore; readonly now?: () => number } = {},
): AnalyticsRecorder {
  return new AnalyticsRecorder(
    options.store ?? createAnalyticsStore(config),
    logger.child({ component: 'analytics' }),
    {
      retentionDays: config.analyticsRetentionDays,
      ...(options.now ? { now: options.now } : {}),
    },
  );
}
