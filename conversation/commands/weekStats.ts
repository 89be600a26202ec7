import type { BotServices } from '../services.js';
import { reply, type Reply } from '../../replies/reply.js';
import { analyticsMessages as words } from '../../replies/messages.js';
import { quoteUserText } from '../../replies/quote.js';
import { computeStats, median } from '../../analytics/stats.js';
import { contentGaps } from '../../analytics/gaps.js';
import { dayOf } from '../../analytics/events.js';
import { daysBefore } from '../../analytics/store.js';

/** The days `/stats` covers. */
export const STATS_DAYS = 7;

/** `/stats`'s usage figures: the last 7 days in one card (or a line saying there are none). */
export async function weekStatsReply(services: BotServices): Promise<Reply> {
  const analytics = services.analytics;
  if (!analytics) return reply(words.statsUnavailable);
  const to = dayOf(new Date());
  const s = computeStats(await analytics.lastDays(STATS_DAYS), daysBefore(to, STATS_DAYS - 1), to);
  const f = words.statsFacts;
  const q = s.questions;
  const facts = [
    { title: f.questions, value: String(q) },
    { title: f.answered, value: words.percentOf(s.decisions.answer, q) },
    { title: f.clarified, value: words.percentOf(s.decisions.clarify, q) },
    { title: f.unanswered, value: words.percentOf(s.decisions.none, q) },
    { title: f.helpful, value: `${s.feedback.helpful} / ${s.feedback.notHelpful}` },
    { title: f.treesResolved, value: `${s.trees.resolved} / ${s.trees.started}` },
    { title: f.handoffs, value: String(s.handoffs) },
    { title: f.ticketTime, value: words.minutes(median(s.tickets.resolveMinutes)) },
  ];
  const gaps = contentGaps(s.unanswered, services.knowledge.index, 3).map((g) =>
    words.gapLine(quoteUserText(g.representative, 80), g.count),
  );
  const title = `${words.statsTitle} (${s.from} – ${s.to})`;
  return reply(words.statsText(title, facts, gaps), [], { kind: 'stats', title, facts, gaps });
}
