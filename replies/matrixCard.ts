import type { FeatureMatrix, SupportStatus, Topology } from '../knowledge/model.js';
import { ruleFor } from '../knowledge/matrixLookup.js';
import { button, reply, type Reply } from './reply.js';
import { messages } from './messages.js';
import type { MatrixPairRow } from './cards/replyCard.js';

const STATUS_MARK = messages.matrix.mark;

/** `/matrix <exchange> <sfb>`: every feature for one topology, grouped by status, with its notes. */
export function matrixPairReply(matrix: FeatureMatrix, exchange: Topology, sfb: Topology): Reply {
  const groups: Record<SupportStatus, string[]> = { supported: [], partial: [], 'not-supported': [] };
  const rows: Record<SupportStatus, MatrixPairRow[]> = { supported: [], partial: [], 'not-supported': [] };
  const footnotes: string[] = [];
  const noteNumber = (text: string): number => {
    const i = footnotes.indexOf(text);
    if (i >= 0) return i + 1;
    footnotes.push(text);
    return footnotes.length;
  };
  for (const feature of matrix.features) {
    const rule = ruleFor(feature, exchange.id, sfb.id);
    if (!rule) continue;
    const texts = [
      ...rule.notes.map((id) => matrix.notes.find((n) => n.id === id)?.text ?? id),
      ...(rule.note ? [rule.note] : []),
    ];
    const numbers = texts.map(noteNumber);
    const refs = numbers.map((n) => `[${n}]`).join('');
    rows[rule.status].push({ feature: feature.label, status: rule.status, notes: numbers });
    groups[rule.status].push(`- ${STATUS_MARK[rule.status]} ${feature.label}${refs ? ` ${refs}` : ''}`);
  }
  const shown = (['supported', 'partial', 'not-supported'] as const)
    .filter((status) => groups[status].length > 0)
    .map((status) => ({ status, lines: groups[status] }));
  return reply(messages.matrix.pair(exchange.label, sfb.label, shown, footnotes), [], {
    kind: 'matrixPair',
    exchange: exchange.label,
    sfb: sfb.label,
    rows: [...rows.supported, ...rows.partial, ...rows['not-supported']],
    notes: footnotes,
  });
}

/** `/matrix <exchange>`: that Exchange side against every SfB side, one line per feature. */
export function matrixExchangeReply(matrix: FeatureMatrix, exchange: Topology): Reply {
  const lines = matrix.features.map((feature) => {
    const cells = matrix.sfb.map((sfb) => {
      const rule = ruleFor(feature, exchange.id, sfb.id);
      return rule ? `${shortLabel(sfb)} ${STATUS_MARK[rule.status]}` : '';
    });
    return `- ${feature.label}: ${cells.join(' · ')}`;
  });
  return reply(
    messages.matrix.exchange(exchange.label, lines),
    matrix.sfb.map((sfb) => button(messages.matrix.withButton(shortLabel(sfb)), `/matrix ${exchange.id} ${sfb.id}`)),
    {
      kind: 'matrixExchange',
      exchange: exchange.label,
      columns: matrix.sfb.map(shortLabel),
      rows: matrix.features.map((feature) => ({
        feature: feature.label,
        cells: matrix.sfb.map((sfb) => ruleFor(feature, exchange.id, sfb.id)?.status),
      })),
    },
  );
}

/** `/matrix`: the topologies it knows and how to ask. */
export function matrixOverviewReply(matrix: FeatureMatrix): Reply {
  const ex = matrix.exchange.map((t) => `\`${t.id}\` (${t.label})`).join(', ');
  const sfb = matrix.sfb.map((t) => `\`${t.id}\` (${t.label})`).join(', ');
  return reply(
    messages.matrix.overview(
      matrix.features.map((f) => f.label),
      ex,
      sfb,
    ),
    matrix.exchange.map((t) => button(shortLabel(t), `/matrix ${t.id}`)),
  );
}

function shortLabel(t: Topology): string {
  return t.label
    .replace(/\s*\(.*\)$/, '')
    .replace('Skype for Business', 'SfB')
    .replace(/ \d{4}\/\d{4}$/, '')
    .replace(/^(Lync|Exchange) Server /, '$1 ');
}
