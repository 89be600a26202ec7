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

/** Everything checking one tree needs: the file and its data, the entries, and the shared checkers. */
export interface TreeCheck {
  readonly file: string;
  /** The file name, which the tree id must equal. */
  readonly name: string;
  readonly src: YamlSource;
  readonly data: TreeData;
  readonly entries: ReadonlyMap<string, KnowledgeEntry>;
  /** Ids of every entry file, loaded or not (a broken entry is reported once, in its own file). */
  readonly knownEntryIds: ReadonlySet<string>;
  readonly problems: ContentProblem[];
  readonly checkCmdlets: (text: string, lineOfIndex: (i: number) => number) => void;
  readonly refs: SourceRefChecker;
}

type NodeData = TreeData['nodes'][string];

/**
 * Checks a tree beyond its shape: id = file name; every `next` names a node; every node reachable
 * from `start`; every node can reach an end (resolution or handoff), so no cycle lacks an exit;
 * referenced entries exist; profile values are known; cmdlets are registered; every resolution
 * carries source references that exist.
 */
export function validateTree(check: TreeCheck): Tree | undefined {
  const { file, name, src, data, problems } = check;
  const before = problems.length;
  const expectedId = name.replace(/\.yaml$/, '');
  if (data.id !== expectedId)
    problems.push({
      file,
      line: src.lineOf(['id']),
      message: `id "${data.id}" must equal the file name "${expectedId}"`,
    });
  if (!data.nodes[data.start])
    problems.push({ file, line: src.lineOf(['start']), message: `start node "${data.start}" does not exist` });
  data.entries.forEach((id, i) => {
    if (!check.knownEntryIds.has(id))
      problems.push({ file, line: src.lineOf(['entries', i]), message: `entry "${id}" does not exist` });
  });
  const edges = new Map<string, string[]>();
  const resolvedSources = new Map<string, SourceRef[]>();
  for (const [id, node] of Object.entries(data.nodes)) {
    const at = (...p: (string | number)[]): number => src.lineOf(['nodes', id, ...p]);
    const next = node.kind === 'question' || node.kind === 'check' ? checkChoices(check, id, node, at) : [];
    if (node.kind === 'resolution')
      next.push(...checkResolution(check, node, at, (sources) => resolvedSources.set(id, sources)));
    check.checkCmdlets(node.text, () => at('text'));
    edges.set(id, next);
  }
  checkReachable(check, edges);
  checkEndings(check, edges);
  checkNotFixedLoops(check);
  if (problems.length > before) return undefined;
  const nodes = new Map<string, TreeNode>(
    Object.entries(data.nodes).map(([id, node]) => [
      id,
      buildNode(id, node, src.lineOf(['nodes', id]), resolvedSources.get(id) ?? []),
    ]),
  );
  return Object.freeze({
    id: data.id,
    title: data.title,
    summary: data.summary,
    triggers: data.triggers,
    entries: data.entries,
    sources: data.sources,
    start: data.start,
    nodes,
    file,
  });
}

/** A question's or check's choices: targets exist, labels unique, profile values known. Returns the targets. */
function checkChoices(
  { file, data, problems, checkCmdlets }: TreeCheck,
  id: string,
  node: Extract<NodeData, { kind: 'question' | 'check' }>,
  at: (...p: (string | number)[]) => number,
): string[] {
  const labels = new Set<string>();
  node.choices.forEach((choice, i) => {
    if (!data.nodes[choice.next])
      problems.push({
        file,
        line: at('choices', i, 'next'),
        message: `choice "${choice.label}" goes to "${choice.next}", which is not a node of this tree`,
      });
    if (labels.has(choice.label.toLowerCase()))
      problems.push({ file, line: at('choices', i, 'label'), message: `two choices are labelled "${choice.label}"` });
    labels.add(choice.label.toLowerCase());
    if (choice.next === id)
      problems.push({
        file,
        line: at('choices', i, 'next'),
        message: `choice "${choice.label}" leads back to its own node`,
      });
    if (choice.value === undefined) return;
    if (node.kind !== 'question' || !node.profile) {
      problems.push({
        file,
        line: at('choices', i, 'value'),
        message: 'a choice value is only meaningful on a question with a profile field',
      });
      return;
    }
    const allowed = [...PROFILE_VALUES[node.profile], 'unknown'];
    for (const v of Array.isArray(choice.value) ? choice.value : [choice.value]) {
      if (!allowed.includes(v))
        problems.push({
          file,
          line: at('choices', i, 'value'),
          message: `"${v}" is not a ${node.profile} profile value; use ${allowed.join(', ')}`,
        });
    }
  });
  if (node.kind === 'question' && node.profile && !node.choices.some((c) => c.value !== undefined)) {
    problems.push({ file, line: at('profile'), message: `a "${node.profile}" profile question needs choice values` });
  }
  if (node.kind === 'check' && node.command) checkCmdlets(node.command, () => at('command'));
  return node.choices.map((c) => c.next);
}

/** A fix: its sources resolve, its entries exist, it names a KB or a cmdlet. Returns its "not fixed" target. */
function checkResolution(
  check: TreeCheck,
  node: Extract<NodeData, { kind: 'resolution' }>,
  at: (...p: (string | number)[]) => number,
  setSources: (s: SourceRef[]) => void,
): string[] {
  const { file, data, problems, entries } = check;
  setSources(check.refs.check(file, node.sources, (i, key) => at('sources', i, ...(key ? [key] : []))));
  node.entries.forEach((e, i) => {
    if (!check.knownEntryIds.has(e))
      problems.push({ file, line: at('entries', i), message: `entry "${e}" does not exist` });
  });
  if (node.if_not_fixed !== undefined && !data.nodes[node.if_not_fixed])
    problems.push({
      file,
      line: at('if_not_fixed'),
      message: `if_not_fixed goes to "${node.if_not_fixed}", which is not a node of this tree`,
    });
  const cited = node.entries.flatMap((e) => entries.get(e)?.kb ?? []);
  const mentionsFix =
    /\b\d{6,7}\b/.test(node.text) ||
    /\b[A-Z][a-z]+-[A-Z][A-Za-z]+\b/.test(node.text) ||
    cited.length > 0 ||
    node.entries.some((e) => (entries.get(e)?.powershell.length ?? 0) > 0);
  if (!mentionsFix)
    problems.push({
      file,
      line: at('text'),
      message: 'a resolution must end in a fix with a KB link or a cmdlet (cite an entry that has one, or name it)',
    });
  return node.if_not_fixed !== undefined ? [node.if_not_fixed] : [];
}

/** Every node can be reached from start. */
function checkReachable({ file, src, data, problems }: TreeCheck, edges: ReadonlyMap<string, readonly string[]>): void {
  const reachable = new Set<string>();
  const stack = data.nodes[data.start] ? [data.start] : [];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    if (reachable.has(id)) continue;
    reachable.add(id);
    for (const n of edges.get(id) ?? []) if (data.nodes[n]) stack.push(n);
  }
  for (const id of Object.keys(data.nodes)) {
    if (!reachable.has(id))
      problems.push({
        file,
        line: src.lineOf(['nodes', id]),
        message: `node "${id}" cannot be reached from start "${data.start}"`,
      });
  }
}

/** Every node can reach an end; a node that cannot is stuck in a cycle with no exit. */
function checkEndings({ file, src, data, problems }: TreeCheck, edges: ReadonlyMap<string, readonly string[]>): void {
  const ids = Object.keys(data.nodes);
  const canEnd = new Set(
    ids.filter((id) => data.nodes[id]?.kind === 'resolution' || data.nodes[id]?.kind === 'handoff'),
  );
  for (let grew = true; grew;) {
    grew = false;
    for (const id of ids) {
      if (!canEnd.has(id) && (edges.get(id) ?? []).some((n) => canEnd.has(n))) {
        canEnd.add(id);
        grew = true;
      }
    }
  }
  for (const id of ids) {
    if (!canEnd.has(id))
      problems.push({
        file,
        line: src.lineOf(['nodes', id]),
        message: `node "${id}" never reaches a resolution or handoff (a cycle without an exit)`,
      });
  }
}

/** A resolution's "not fixed" chain must not loop back on itself forever. */
function checkNotFixedLoops({ file, src, data, problems }: TreeCheck): void {
  for (const [id, node] of Object.entries(data.nodes)) {
    if (node.kind !== 'resolution') continue;
    const seen = new Set([id]);
    for (let cursor = node.if_not_fixed; cursor;) {
      if (seen.has(cursor)) {
        problems.push({
          file,
          line: src.lineOf(['nodes', id, 'if_not_fixed']),
          message: `"if not fixed" from "${id}" loops back to "${cursor}"`,
        });
        break;
      }
      seen.add(cursor);
      const n = data.nodes[cursor];
      cursor = n?.kind === 'resolution' ? n.if_not_fixed : undefined;
    }
  }
}

function buildNode(id: string, node: NodeData, line: number, sources: readonly SourceRef[]): TreeNode {
  const choices = (list: readonly ChoiceData[]): TreeChoice[] =>
    list.map((c) => ({
      label: c.label,
      next: c.next,
      values: c.value === undefined ? [] : Array.isArray(c.value) ? c.value : [c.value],
    }));
  switch (node.kind) {
    case 'question':
      return {
        kind: 'question',
        id,
        line,
        text: node.text,
        choices: choices(node.choices),
        ...(node.profile ? { profile: node.profile } : {}),
      };
    case 'check':
      return {
        kind: 'check',
        id,
        line,
        text: node.text,
        choices: choices(node.choices),
        ...(node.command ? { command: node.command.trim() } : {}),
      };
    case 'resolution':
      return {
        kind: 'resolution',
        id,
        line,
        text: node.text,
        entries: node.entries,
        sources,
        ...(node.if_not_fixed ? { ifNotFixed: node.if_not_fixed } : {}),
      };
    case 'handoff':
      return { kind: 'handoff', id, line, text: node.text };
    default: {
      const never: never = node;
      throw new Error(`unknown node kind ${String(never)}`);
    }
  }
}
