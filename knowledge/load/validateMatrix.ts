import type { z } from 'zod';
import type { matrixSchema } from '../schemas.js';
import type { ContentProblem, FeatureMatrix } from '../model.js';
import type { YamlSource } from './yamlSource.js';
import { EXCHANGE_IDS, SFB_IDS } from '../model.js';

type MatrixData = z.infer<typeof matrixSchema>;

/** Everything checking the matrix needs. */
export interface MatrixCheck {
  readonly file: string;
  readonly src: YamlSource;
  readonly data: MatrixData;
  readonly knownEntryIds: ReadonlySet<string>;
  readonly problems: ContentProblem[];
  readonly sourceTexts: ReadonlyMap<string, string> | undefined;
  /** The registered KB numbers, when the registry loaded. */
  readonly kbNumbers?: ReadonlySet<string> | undefined;
}

const SIDES = ['exchange', 'sfb'] as const;

/**
 * Checks the matrix beyond its shape: known topology ids, every (exchange × sfb) pair covered by
 * each feature, notes and entries that exist. Returns the matrix when it has no problem.
 */
export function validateMatrix(check: MatrixCheck): FeatureMatrix | undefined {
  const { data, problems } = check;
  const before = problems.length;
  checkTopologies(check);
  const noteIds = uniqueIds(check, data.notes, 'notes', 'note');
  uniqueIds(check, data.features, 'features', 'feature');
  data.features.forEach((feature, f) => checkFeature(check, feature, f, noteIds));
  return problems.length > before ? undefined : buildMatrix(data);
}

/** Both sides list exactly the known ids, once each, and no alias names two topologies. */
function checkTopologies({ file, src, data, problems }: Pick<MatrixCheck, 'file' | 'src' | 'data' | 'problems'>): void {
  const known = { exchange: EXCHANGE_IDS as readonly string[], sfb: SFB_IDS as readonly string[] };
  for (const side of SIDES) {
    const ids = data[side].map((t) => t.id);
    for (const id of known[side])
      if (!ids.includes(id)) problems.push({ file, line: src.lineOf([side]), message: `${side} must list "${id}"` });
    ids.forEach((id, i) => {
      if (!known[side].includes(id))
        problems.push({
          file,
          line: src.lineOf([side, i, 'id']),
          message: `unknown ${side} id "${id}"; use ${known[side].join(', ')}`,
        });
    });
  }
  const aliasOwner = new Map<string, string>();
  for (const side of SIDES) {
    data[side].forEach((t, i) => {
      for (const alias of [t.id, t.label, ...t.aliases].map((a) => a.toLowerCase())) {
        const owner = aliasOwner.get(alias);
        if (owner && owner !== t.id)
          problems.push({
            file,
            line: src.lineOf([side, i]),
            message: `alias "${alias}" is used by both ${owner} and ${t.id}`,
          });
        aliasOwner.set(alias, t.id);
      }
    });
  }
  for (const side of SIDES) uniqueIds({ file, src, problems }, data[side], side, side);
}

/** Reports repeated ids in a list; returns the ids. */
function uniqueIds(
  { file, src, problems }: Pick<MatrixCheck, 'file' | 'src' | 'problems'>,
  items: readonly { readonly id: string }[],
  key: string,
  what: string,
): Set<string> {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id))
      problems.push({ file, line: src.lineOf([key, i, 'id']), message: `duplicate ${what} id ${item.id}` });
    seen.add(item.id);
  });
  return seen;
}

/** A feature: entries exist, each rule's ids, notes, source and KB are known, every pair has a rule. */
function checkFeature(
  check: MatrixCheck,
  feature: MatrixData['features'][number],
  f: number,
  noteIds: ReadonlySet<string>,
): void {
  const { file, src, data, problems } = check;
  const sideIds = { exchange: data.exchange.map((t) => t.id), sfb: data.sfb.map((t) => t.id) };
  feature.entries.forEach((id, i) => {
    if (!check.knownEntryIds.has(id))
      problems.push({ file, line: src.lineOf(['features', f, 'entries', i]), message: `entry "${id}" does not exist` });
  });
  feature.rules.forEach((rule, r) => {
    const at = (...p: (string | number)[]): number => src.lineOf(['features', f, 'rules', r, ...p]);
    for (const side of SIDES) {
      const ids = rule[side];
      if (ids !== '*')
        ids.forEach((id, i) => {
          if (!sideIds[side].includes(id))
            problems.push({ file, line: at(side, i), message: `unknown ${side} id "${id}"` });
        });
    }
    rule.notes.forEach((n, i) => {
      if (!noteIds.has(n))
        problems.push({ file, line: at('notes', i), message: `note "${n}" is not defined under notes` });
    });
    if (check.sourceTexts && !check.sourceTexts.has(rule.source))
      problems.push({ file, line: at('source'), message: `unknown source file ${rule.source}` });
    if (rule.kb !== undefined && check.kbNumbers && !check.kbNumbers.has(rule.kb))
      problems.push({ file, line: at('kb'), message: `KB ${rule.kb} is not in kb-articles.yaml` });
    if (rule.inferred) checkInferredNote(file, src, data, [f, r], problems);
  });
  for (const ex of sideIds.exchange) {
    for (const sfb of sideIds.sfb) {
      const covered = feature.rules.some(
        (rule) => (rule.exchange === '*' || rule.exchange.includes(ex)) && (rule.sfb === '*' || rule.sfb.includes(sfb)),
      );
      if (!covered)
        problems.push({
          file,
          line: src.lineOf(['features', f, 'rules']),
          message: `feature "${feature.id}" has no rule for ${ex} with ${sfb}`,
        });
    }
  }
}

function buildMatrix(data: MatrixData): FeatureMatrix {
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
function checkInferredNote(
  file: string,
  src: YamlSource,
  data: MatrixData,
  [f, r]: readonly [number, number],
  problems: ContentProblem[],
): void {
  const rule = data.features[f]?.rules[r];
  if (!rule) return;
  const texts = [rule.note ?? '', ...rule.notes.map((id) => data.notes.find((n) => n.id === id)?.text ?? '')];
  if (!texts.some((t) => /\binferred\b/i.test(t))) {
    problems.push({
      file,
      line: src.lineOf(['features', f, 'rules', r, 'inferred']),
      message:
        'an inferred rule must carry a note that tells users the status is inferred (a note containing "inferred")',
    });
  }
}
