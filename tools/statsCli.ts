/**
 * `npm run stats [-- --days N]`: the analytics of the last N days (default 30) from the configured
 * store (STORAGE, as the bot reads it; the file store when unset), printed, and written as a
 * self-contained HTML report whose path is printed last.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, loadDotEnv, PROJECT_ROOT } from '../bot/config.js';
import { createAnalyticsStore } from '../bot/analytics.js';
import { createLogger } from '../core/logger.js';
import { AnalyticsRecorder } from '../analytics/recorder.js';
import { computeStats } from '../analytics/stats.js';
import { contentGaps } from '../analytics/gaps.js';
import { statsHtml, statsText } from '../analytics/report.js';
import { dayOf } from '../analytics/events.js';
import { daysBefore } from '../analytics/store.js';
import { KnowledgeStore, thresholdsOf } from '../knowledge/knowledgeStore.js';
import { loadKnowledgeOrThrow } from '../knowledge/load/loadKnowledge.js';

function daysArg(argv: readonly string[]): number {
  const i = argv.indexOf('--days');
  if (i < 0) return 30;
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 1 || n > 3650) throw new Error('--days takes a whole number of days, 1 to 3650');
  return n;
}

async function main(argv: readonly string[]): Promise<void> {
  loadDotEnv();
  const config = loadConfig(process.env, { defaultStorage: 'file' });
  const days = daysArg(argv);
  const store = createAnalyticsStore(config);
  const recorder = new AnalyticsRecorder(store, createLogger('silent'), {
    retentionDays: config.analyticsRetentionDays,
  });
  const events = await recorder.lastDays(days);
  const to = dayOf(new Date());
  const from = daysBefore(to, days - 1);
  const knowledge = new KnowledgeStore(
    loadKnowledgeOrThrow(config.knowledgeDir),
    config.knowledgeDir,
    thresholdsOf(config),
  );
  const stats = computeStats(events, from, to);
  const gaps = contentGaps(stats.unanswered, knowledge.index);
  const titles = new Map([...knowledge.current.entries.values()].map((e) => [e.id, e.title]));
  process.stdout.write(`${statsText(stats, gaps, titles)}\n\n`);
  const out = path.join(path.dirname(config.stateDir), 'reports', `stats-${from}-${to}.html`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, statsHtml(stats, gaps, titles));
  const shown = path.relative(PROJECT_ROOT, out);
  process.stdout.write(`Report: ${shown.startsWith('..') || path.isAbsolute(shown) ? out : shown}\n`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`npm run stats: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
