import type { z } from 'zod';
import type { treeSchema } from '../schemas.js';
import type { ContentProblem, KnowledgeEntry, SourceRef, Tree, TreeChoice, TreeNode } from '../model.js';
import { PROFILE_VALUES } from '../model.js';
import type { YamlSource } from './yamlSource.js';
import type { SourceRefChecker } from './validateSources.js';

type TreeData = z.infer<typeof treeSchema>;
interface ChoiceData {
  readonly label: string;
  readonly next: string;
  readonly value?: string | string[] | undefined;
}

/**
 * Checks a tree beyond its shape: id = file name; every `next` names a node; every node reachable
 * from `start`; every node can reach an end (resolution or handoff), so no cycle lacks an exit;
 * referenced entries exist; profile values are known; cmdlets are registered; every resolution
 * carries source references that exist.
 */
export function validateTree(
  file: string,
  name: string,
  src: YamlSource,
  data: TreeData,
  entries: ReadonlyMap<string, KnowledgeEntry>,
  knownEntryIds: ReadonlySet<string>,
  problems: ContentProblem[],
  checkCmdlets: (text: string, lineOfIndex: (i: number) => number) => void,
  refs: SourceRefChecker,
): Tree | undefined {
  const before = problems.length;
  const expectedId = name.replace(/\.yaml$/, '');
  if (data.id !== expectedId) problems.push({ file, line: src.lineOf(['id']), message: `id "${data.id}" must equal the file name "${expectedId}"` });
  const ids = Object.keys(data.nodes);
  if (!data.nodes[data.start]) problems.push({ file, line: src.lineOf(['start']), message: `start node "${data.start}" does not exist` });
  data.entries.forEach((id, i) => {
    if (!knownEntryIds.has(id)) problems.push({ file, line: src.lineOf(['entries', i]), message: `entry "${id}" does not exist` });
  });

  const edges = new Map<string, string[]>();
  const resolvedSources = new Map<string, SourceRef[]>();
  for (const [id, node] of Object.entries(data.nodes)) {
    const at = (...p: (string | number)[]): number => src.lineOf(['nodes', id, ...p]);
    const next: string[] = [];
    if (node.kind === 'question' || node.kind === 'check') {
      const labels = new Set<string>();
      node.choices.forEach((choice, i) => {
        if (!data.nodes[choice.next]) problems.push({ file, line: at('choices', i, 'next'), message: `choice "${choice.label}" goes to "${choice.next}", which is not a node of this tree` });
        if (labels.has(choice.label.toLowerCase())) problems.push({ file, line: at('choices', i, 'label'), message: `two choices are labelled "${choice.label}"` });
        labels.add(choice.label.toLowerCase());
        if (choice.next === id) problems.push({ file, line: at('choices', i, 'next'), message: `choice "${choice.label}" leads back to its own node` });
        next.push(choice.next);
        if (choice.value !== undefined) {
          if (node.kind !== 'question' || !node.profile) {
            problems.push({ file, line: at('choices', i, 'value'), message: 'a choice value is only meaningful on a question with a profile field' });
          } else {
            const allowed = [...PROFILE_VALUES[node.profile], 'unknown'];
            for (const v of Array.isArray(choice.value) ? choice.value : [choice.value]) {
              if (!allowed.includes(v)) problems.push({ file, line: at('choices', i, 'value'), message: `"${v}" is not a ${node.profile} profile value; use ${allowed.join(', ')}` });
            }
          }
        }
      });
      if (node.kind === 'question' && node.profile && !node.choices.some((c) => c.value !== undefined)) {
        problems.push({ file, line: at('profile'), message: `a "${node.profile}" profile question needs choice values` });
      }
      if (node.kind === 'check' && node.command) checkCmdlets(node.command, () => at('command'));
    }
    if (node.kind === 'resolution') {
      resolvedSources.set(id, refs.check(file, node.sources, (i, key) => at('sources', i, ...(key ? [key] : []))));
      node.entries.forEach((e, i) => {
        if (!knownEntryIds.has(e)) problems.push({ file, line: at('entries', i), message: `entry "${e}" does not exist` });
      });
      if (node.if_not_fixed !== undefined) {
        if (!data.nodes[node.if_not_fixed]) problems.push({ file, line: at('if_not_fixed'), message: `if_not_fixed goes to "${node.if_not_fixed}", which is not a node of this tree` });
        next.push(node.if_not_fixed);
      }
      const cited = node.entries.flatMap((e) => entries.get(e)?.kb ?? []);
      const mentionsFix = /\b\d{6,7}\b/.test(node.text) || /\b[A-Z][a-z]+-[A-Z][A-Za-z]+\b/.test(node.text) || cited.length > 0 || node.entries.some((e) => (entries.get(e)?.powershell.length ?? 0) > 0);
      if (!mentionsFix) problems.push({ file, line: at('text'), message: 'a resolution must end in a fix with a KB link or a cmdlet (cite an entry that has one, or name it)' });
    }
    checkCmdlets(node.text, () => at('text'));
    edges.set(id, next);
  }

  // Reachability from start.
  const reachable = new Set<string>();
  const stack = data.nodes[data.start] ? [data.start] : [];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (reachable.has(id)) continue;
    reachable.add(id);
    for (const n of edges.get(id) ?? []) if (data.nodes[n]) stack.push(n);
  }
  for (const id of ids) {
    if (!reachable.has(id)) problems.push({ file, line: src.lineOf(['nodes', id]), message: `node "${id}" cannot be reached from start "${data.start}"` });
  }

  // Every node must be able to reach an end; a node that cannot is stuck in a cycle with no exit.
  const canEnd = new Set(ids.filter((id) => data.nodes[id]?.kind === 'resolution' || data.nodes[id]?.kind === 'handoff'));
  let grew = true;
  while (grew) {
    grew = false;
    for (const id of ids) {
      if (!canEnd.has(id) && (edges.get(id) ?? []).some((n) => canEnd.has(n))) {
        canEnd.add(id);
        grew = true;
      }
    }
  }
  for (const id of ids) {
    if (!canEnd.has(id)) problems.push({ file, line: src.lineOf(['nodes', id]), message: `node "${id}" never reaches a resolution or handoff (a cycle without an exit)` });
  }
  // A resolution's "not fixed" chain must not loop back on itself forever.
  for (const [id, node] of Object.entries(data.nodes)) {
    if (node.kind !== 'resolution') continue;
    const seen = new Set([id]);
    let cursor = node.if_not_fixed;
    while (cursor) {
      if (seen.has(cursor)) {
        problems.push({ file, line: src.lineOf(['nodes', id, 'if_not_fixed']), message: `"if not fixed" from "${id}" loops back to "${cursor}"` });
        break;
      }
      seen.add(cursor);
      const n = data.nodes[cursor];
      cursor = n?.kind === 'resolution' ? n.if_not_fixed : undefined;
    }
  }

  if (problems.length > before) return undefined;
  const nodes = new Map<string, TreeNode>();
  for (const [id, node] of Object.entries(data.nodes)) {
    const line = src.lineOf(['nodes', id]);
    const choices = (list: readonly ChoiceData[]): TreeChoice[] =>
      list.map((c) => ({ label: c.label, next: c.next, values: c.value === undefined ? [] : Array.isArray(c.value) ? c.value : [c.value] }));
    switch (node.kind) {
      case 'question':
        nodes.set(id, { kind: 'question', id, line, text: node.text, choices: choices(node.choices), ...(node.profile ? { profile: node.profile } : {}) });
        break;
      case 'check':
        nodes.set(id, { kind: 'check', id, line, text: node.text, choices: choices(node.choices), ...(node.command ? { command: node.command.trim() } : {}) });
        break;
      case 'resolution':
        nodes.set(id, { kind: 'resolution', id, line, text: node.text, entries: node.entries, sources: resolvedSources.get(id) ?? [], ...(node.if_not_fixed ? { ifNotFixed: node.if_not_fixed } : {}) });
        break;
      case 'handoff':
        nodes.set(id, { kind: 'handoff', id, line, text: node.text });
        break;
      default: {
        const never: never = node;
        throw new Error(`unknown node kind ${String(never)}`);
      }
    }
  }
  return Object.freeze({ id: data.id, title: data.title, summary: data.summary, triggers: data.triggers, entries: data.entries, sources: data.sources, start: data.start, nodes, file });
}
