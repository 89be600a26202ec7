import { median, rate, worstRated, type Stats } from './stats.js';
import type { ContentGap } from './gaps.js';

/** Entry titles by id (an id no longer in the content is shown as itself). */
export type Titles = ReadonlyMap<string, string>;

function percent(part: number, total: number): string {
  return `${(rate(part, total) * 100).toFixed(1)}%`;
}

function minutes(values: readonly number[]): string {
  const m = median(values);
  return m === undefined ? 'n/a' : `${m.toFixed(0)} min (median of ${values.length})`;
}

/** What a content gap is, in both reports' headings. */
const GAP_MEANING = 'questions with no match, a "none of these" or rated not helpful';

/** Why a gap's questions count as unanswered, each kind with its count, in both reports. */
function gapWhy(g: ContentGap, { withZeros }: { readonly withZeros: boolean }): string {
  const kinds: readonly (readonly [string, number])[] = [
    ['no match', g.why.none],
    ['none of these', g.why.noneOfThese],
    ['not helpful', g.why.notHelpful],
  ];
  return kinds
    .filter(([, n]) => withZeros || n > 0)
    .map(([label, n]) => `${label} ${n}`)
    .join(', ');
}

/** The figures as text, for the terminal. */
export function statsText(s: Stats, gaps: readonly ContentGap[], titles: Titles): string {
  const q = s.questions;
  const title = (id: string): string => titles.get(id) ?? id;
  const lines = [
    `Analytics ${s.from} .. ${s.to}: ${s.events} events, ${s.users} users`,
    '',
    `Questions: ${q}`,
    `  answered ${s.decisions.answer} (${percent(s.decisions.answer, q)}), did you mean ${s.decisions.clarify} (${percent(s.decisions.clarify, q)}), no answer ${s.decisions.none} (${percent(s.decisions.none, q)}), troubleshooter started ${s.decisions.startTree} (${percent(s.decisions.startTree, q)})`,
    `Feedback: ${s.feedback.helpful} helpful, ${s.feedback.notHelpful} not helpful`,
    `Troubleshooters: ${s.trees.started} started, ${s.trees.resolved} resolved (resolution rate ${percent(s.trees.resolved, s.trees.started)}), ${s.trees.handedOff} handed off, ${s.trees.abandoned} abandoned`,
    `Handoffs: ${s.handoffs} (handoff rate ${percent(s.handoffs, q)} of questions)`,
    `Tickets: ${s.tickets.created} created, ${s.tickets.taken} taken, ${s.tickets.resolved} resolved; time to resolve ${minutes(s.tickets.resolveMinutes)}`,
    '',
    'Drop-off per troubleshooter step (runs that reached it / stopped there without a fix):',
    ...s.dropOff.slice(0, 15).map((d) => `  ${d.tree} / ${d.node}: ${d.reached} reached, ${d.dropped} dropped`),
    '',
    'Most used entries (shown, helpful, not helpful):',
    ...s.entries.slice(0, 10).map((e) => `  ${title(e.entry)} [${e.entry}]: ${e.shown}, ${e.helpful}, ${e.notHelpful}`),
    '',
    'Worst rated entries:',
    ...worstRated(s.entries)
      .slice(0, 10)
      .map((e) => `  ${title(e.entry)} [${e.entry}]: ${e.notHelpful} not helpful of ${e.helpful + e.notHelpful}`),
    '',
    `Content gaps (${gaps.length} clusters of ${GAP_MEANING}):`,
    ...gaps.flatMap((g, i) => [
      `  ${i + 1}. "${g.representative}" x${g.count} (${gapWhy(g, { withZeros: true })})`,
      ...g.questions.slice(1, 4).map((t) => `       also: "${t}"`),
      `       closest: ${g.nearest.map((n) => `${n.title} [${n.entry}] ${n.score.toFixed(2)}`).join('; ') || 'nothing'}`,
    ]),
  ];
  return lines.join('\n');
}

/** Text for HTML: every character that means something in markup escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A horizontal bar chart as inline SVG. */
function barChart(rows: readonly { label: string; value: number }[], label: string): string {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const height = rows.length * 26 + 10;
  const bars = rows
    .map((r, i) => {
      const y = i * 26 + 5;
      const width = Math.round((r.value / max) * 420);
      return `<text x="0" y="${y + 15}" font-size="12">${escapeHtml(r.label.slice(0, 40))}</text><rect x="250" y="${y}" width="${width}" height="20" fill="#4f6bed"></rect><text x="${256 + width}" y="${y + 15}" font-size="12">${r.value}</text>`;
    })
    .join('');
  return `<svg role="img" aria-label="${escapeHtml(label)}" width="720" height="${height}" viewBox="0 0 720 ${height}" xmlns="http://www.w3.org/2000/svg">${bars}</svg>`;
}

function table(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(String(c))}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem;color:#222}h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}.figures{display:grid;grid-template-columns:repeat(4,1fr);gap:.5rem}.figure{background:#f3f4fb;padding:.5rem;border-radius:.25rem}.figure b{display:block;font-size:1.4rem}`;

/** The headline figures as tiles. */
function headlineFigures(s: Stats): string {
  const q = s.questions;
  const figure = (name: string, value: string): string =>
    `<div class="figure">${escapeHtml(name)}<b>${escapeHtml(value)}</b></div>`;
  return `<div class="figures">${[
    figure('Questions', String(q)),
    figure('Answered', percent(s.decisions.answer, q)),
    figure('Did you mean', percent(s.decisions.clarify, q)),
    figure('No answer', percent(s.decisions.none, q)),
    figure('Resolution rate', percent(s.trees.resolved, s.trees.started)),
    figure('Handoff rate', percent(s.handoffs, q)),
    figure('Feedback helpful / not', `${s.feedback.helpful} / ${s.feedback.notHelpful}`),
    figure('Time to resolve a ticket', minutes(s.tickets.resolveMinutes)),
  ].join('')}</div>`;
}

/** The whole report: one self-contained HTML page (inline CSS and SVG; its policy forbids any request). */
export function statsHtml(s: Stats, gaps: readonly ContentGap[], titles: Titles): string {
  const title = (id: string): string => titles.get(id) ?? id;
  const sections = [
    `<h1>Bot analytics ${escapeHtml(s.from)} to ${escapeHtml(s.to)}</h1>`,
    headlineFigures(s),
    '<h2>Questions per day</h2>',
    barChart(
      s.perDay.map((d) => ({ label: d.day, value: d.questions })),
      'Questions per day',
    ),
    '<h2>Decisions</h2>',
    barChart(
      [
        { label: 'answered', value: s.decisions.answer },
        { label: 'did you mean', value: s.decisions.clarify },
        { label: 'no answer', value: s.decisions.none },
        { label: 'troubleshooter started', value: s.decisions.startTree },
      ],
      'Decisions',
    ),
    '<h2>Drop-off per troubleshooter step</h2>',
    barChart(
      s.dropOff.slice(0, 12).map((d) => ({ label: `${d.tree} / ${d.node}`, value: d.dropped })),
      'Drop-off',
    ),
    table(
      ['troubleshooter', 'step', 'reached', 'dropped'],
      s.dropOff.slice(0, 30).map((d) => [d.tree, d.node, d.reached, d.dropped]),
    ),
    '<h2>Most used entries</h2>',
    table(
      ['entry', 'shown', 'helpful', 'not helpful'],
      s.entries.slice(0, 15).map((e) => [title(e.entry), e.shown, e.helpful, e.notHelpful]),
    ),
    '<h2>Worst rated entries</h2>',
    table(
      ['entry', 'not helpful', 'of feedback'],
      worstRated(s.entries)
        .slice(0, 15)
        .map((e) => [title(e.entry), e.notHelpful, e.helpful + e.notHelpful]),
    ),
    `<h2>Content gaps: ${escapeHtml(GAP_MEANING)}, clustered</h2>`,
    table(
      ['asked', 'why', 'question (and others like it)', 'closest entries'],
      gaps.map((g) => [
        g.count,
        gapWhy(g, { withZeros: false }),
        [g.representative, ...g.questions.slice(1, 4)].join(' | '),
        g.nearest.map((n) => `${n.title} (${n.score.toFixed(2)})`).join('; ') || 'nothing',
      ]),
    ),
  ];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"><title>Bot analytics ${escapeHtml(s.from)} to ${escapeHtml(s.to)}</title><style>${STYLE}</style></head><body>${sections.join('\n')}</body></html>\n`;
}
