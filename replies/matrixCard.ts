import type { FeatureMatrix, SupportStatus, Topology } from '../knowledge/model.js';
import { ruleFor } from '../knowledge/matrixLookup.js';
import { button, reply, type Reply } from './reply.js';

const STATUS_WORD: Record<SupportStatus, string> = {
  supported: 'Supported',
  'not-supported': 'Not supported',
  partial: 'Partly supported',
};
const STATUS_MARK: Record<SupportStatus, string> = { supported: '✅', 'not-supported': '❌', partial: '◐' };

/** `/matrix <exchange> <sfb>`: every feature for one topology, grouped by status, with its notes. */
export function matrixPairReply(matrix: FeatureMatrix, exchange: Topology, sfb: Topology): Reply {
  const groups: Record<SupportStatus, string[]> = { supported: [], partial: [], 'not-supported': [] };
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
    const refs = texts.map((t) => `[${noteNumber(t)}]`).join('');
    groups[rule.status].push(`- ${STATUS_MARK[rule.status]} ${feature.label}${refs ? ` ${refs}` : ''}`);
  }
  const sections = (['supported', 'partial', 'not-supported'] as const)
    .filter((s) => groups[s].length > 0)
    .map((s) => `**${STATUS_WORD[s]}**\n\n${groups[s].join('\n')}`);
  const notes = footnotes.length > 0 ? `\n\n**Notes**\n\n${footnotes.map((t, i) => `${i + 1}. ${t}`).join('\n')}` : '';
  return reply(`## ${exchange.label} with ${sfb.label}\n\n${sections.join('\n\n')}${notes}`);
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
    `## ${exchange.label}\n\n${lines.join('\n')}\n\n✅ supported · ◐ partly · ❌ not supported. Pick a pair for the notes.`,
    matrix.sfb.map((sfb) => button(`With ${shortLabel(sfb)}`, `/matrix ${exchange.id} ${sfb.id}`)),
  );
}

/** `/matrix`: the topologies it knows and how to ask. */
export function matrixOverviewReply(matrix: FeatureMatrix): Reply {
  const ex = matrix.exchange.map((t) => `\`${t.id}\` (${t.label})`).join(', ');
  const sfb = matrix.sfb.map((t) => `\`${t.id}\` (${t.label})`).join(', ');
  const features = matrix.features.map((f) => f.label).join(', ');
  return reply(
    `**Feature support matrix** (${matrix.features.length} features: ${features}).\n\nAsk for one topology: \`/matrix <exchange> <sfb>\`, for example \`/matrix exchange-2016 sfb-server\` or \`/matrix Exchange Online SfB Online\`.\n\n- Exchange: ${ex}\n- Skype for Business / Lync: ${sfb}`,
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
