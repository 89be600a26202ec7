import type { Tree } from '../knowledge/model.js';

/** Every entry a troubleshooter walks through: its own list and the entries of its fixes. */
export function treeEntryIds(tree: Tree): ReadonlySet<string> {
  const ids = new Set(tree.entries);
  for (const node of tree.nodes.values()) if (node.kind === 'resolution') for (const id of node.entries) ids.add(id);
  return ids;
}
