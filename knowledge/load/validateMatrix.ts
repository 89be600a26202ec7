import type { z } from 'zod';
import type { matrixSchema } from '../schemas.js';
import type { ContentProblem, FeatureMatrix } from '../model.js';
import type { YamlSource } from './yamlSource.js';
import { EXCHANGE_IDS, SFB_IDS } from '../model.js';

type MatrixData = z.infer<typeof matrixSchema>;

/**
 * Checks the matrix beyond its shape: known topology ids, every (exchange × sfb) pair covered by
 * each feature, notes and entries that exist. Returns the matrix when it has no problem.
 */
export function validateMatrix(
  file: string,
  src: YamlSource,
  data: MatrixData,
  knownEntryIds: ReadonlySet<string>,
  problems: ContentProblem[],
  sourceTexts: ReadonlyMap<string, string> | undefined,
  kbNumbers?: ReadonlySet<string>,
): FeatureMatrix | undefined {
  const before = problems.length;
  const exchangeIds = data.exchange.map((t) => t.id);
  const sfbIds = data.sfb.map((t) => t.id);
  const expect = (side: 'exchange' | 'sfb', ids: readonly string[], known: readonly string[]): void => {
    for (const id of known) if (!ids.includes(id)) problems.push({ file, line: src.lineOf([side]), message: `${side} must list "${id}"` });
    ids.forEach((id, i) => {
      if (!known.includes(id)) problems.push({ file, line: src.lineOf([side, i, 'id']), message: `unknown ${side} id "${id}"; use ${known.join(', ')}` });
    });
  };
  expect('exchange', exchangeIds, EXCHANGE_IDS);
  expect('sfb', sfbIds, SFB_IDS);

  const aliasOwner = new Map<string, string>();
  for (const side of ['exchange', 'sfb'] as const) {
    data[side].forEach((t, i) => {
      for (const alias of [t.id, t.label, ...t.aliases].map((a) => a.toLowerCase())) {
        const owner = aliasOwner.get(alias);
        if (owner && owner !== t.id) problems.push({ file, line: src.lineOf([side, i]), message: `alias "${alias}" is used by both ${owner} and ${t.id}` });
        aliasOwner.set(alias, t.id);
      }
    });
  }

  for (const side of ['exchange', 'sfb'] as const) {
    const seen = new Set<string>();
    data[side].forEach((t, i) => {
      if (seen.has(t.id)) problems.push({ file, line: src.lineOf([side, i, 'id']), message: `duplicate ${side} id ${t.id}` });
      seen.add(t.id);
    });
  }
  const noteIds = new Set<string>();
  data.notes.forEach((n, i) => {
    if (noteIds.has(n.id)) problems.push({ file, line: src.lineOf(['notes', i, 'id']), message: `duplicate note id ${n.id}` });
    noteIds.add(n.id);
  });
  const featureIds = new Set<string>();
  data.features.forEach((feature, f) => {
    if (featureIds.has(feature.id)) problems.push({ file, line: src.lineOf(['features', f, 'id']), message: `duplicate feature id ${feature.id}` });
    featureIds.add(feature.id);
    feature.entries.forEach((id, i) => {
      if (!knownEntryIds.has(id)) problems.push({ file, line: src.lineOf(['features', f, 'entries', i]), message: `entry "${id}" does not exist` });
    });
    feature.rules.forEach((rule, r) => {
      for (const side of ['exchange', 'sfb'] as const) {
        const ids = rule[side];
        const known = side === 'exchange' ? exchangeIds : sfbIds;
        if (ids !== '*') ids.forEach((id, i) => {
          if (!known.includes(id)) problems.push({ file, line: src.lineOf(['features', f, 'rules', r, side, i]), message: `unknown ${side} id "${id}"` });
        });
      }
      rule.notes.forEach((n, i) => {
        if (!noteIds.has(n)) problems.push({ file, line: src.lineOf(['features', f, 'rules', r, 'notes', i]), message: `note "${n}" is not defined under notes` });
      });
      if (sourceTexts && !sourceTexts.has(rule.source)) problems.push({ file, line: src.lineOf(['features', f, 'rules', r, 'source']), message: `unknown source file ${rule.source}` });
      if (rule.kb !== undefined && kbNumbers && !kbNumbers.has(rule.kb)) problems.push({ file, line: src.lineOf(['features', f, 'rules', r, 'kb']), message: `KB ${rule.kb} is not in kb-articles.yaml` });
      if (rule.inferred) checkInferredNote(file, src, data, [f, r], problems);
    });
    for (const ex of exchangeIds) {
      for (const sfb of sfbIds) {
        const covered = feature.rules.some((rule) => (rule.exchange === '*' || rule.exchange.includes(ex)) && (rule.sfb === '*' || rule.sfb.includes(sfb)));
        if (!covered) problems.push({ file, line: src.lineOf(['features', f, 'rules']), message: `feature "${feature.id}" has no rule for ${ex} with ${sfb}` });
      }
    }
  });

  if (problems.length > before) return undefined;
  return Object.freeze({
    exchange: data.exchange.map((t) => ({ id: t.id, label: t.label, aliases: t.aliases })),
    sfb: data.sfb.map((t) => ({ id: t.id, label: t.label, aliases: t.aliases })),
    notes: data.notes.map((n) => ({ id: n.id, text: n.text, ...(n.source ? { source: n.source } : {}) })),
    features: data.features.map((feature) => ({
      id: feature.id,
      label: feature.label,
      entries: feature.entries,
      rules: feature.rules.map((rule) => ({
        exchange: rule.exchange,
        sfb: rule.sfb,
        status: rule.status,
        notes: rule.notes,
        source: rule.source,
        ...(rule.note ? { note: rule.note } : {}),
        ...(rule.kb ? { kb: rule.kb } : {}),
        ...(rule.inferred ? { inferred: true as const } : {}),
      })),
    })),
  });
}

/** An inferred status must be shown as such: the rule's note, or one of its notes, says "inferred". */
function checkInferredNote(file: string, src: YamlSource, data: MatrixData, [f, r]: readonly [number, number], problems: ContentProblem[]): void {
  const rule = data.features[f]?.rules[r];
  if (!rule) return;
  const texts = [rule.note ?? '', ...rule.notes.map((id) => data.notes.find((n) => n.id === id)?.text ?? '')];
  if (!texts.some((t) => /\binferred\b/i.test(t))) {
    problems.push({ file, line: src.lineOf(['features', f, 'rules', r, 'inferred']), message: 'an inferred rule must carry a note that tells users the status is inferred (a note containing "inferred")' });
  }
}
