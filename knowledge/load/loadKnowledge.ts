import path from 'node:path';
import { matrixSchema, treeSchema } from '../schemas.js';
import type { ContentProblem, FeatureMatrix, Knowledge, KnowledgeEntry, Tree } from '../model.js';
import { validateTree } from './validateTree.js';
import { validateMatrix } from './validateMatrix.js';
import { checkMatrixText, checkSummaries, checkTreeText, type TextContext } from './validateText.js';
import { createLoadContext, type LoadContext } from './loadContext.js';
import { loadRegistries, loadSynonyms, type Registries } from './registries.js';
import { parseEntry } from './parseEntry.js';

export { lineAtIndex } from './loadContext.js';

export type LoadResult =
  | { readonly ok: true; readonly knowledge: Knowledge }
  | { readonly ok: false; readonly problems: readonly ContentProblem[] };

export interface LoadOptions {
  /**
   * shared/sources, when available: every cmdlet said to be documented in a source file is looked up
   * in that file's text, and `sources` fields must name files that exist there.
   */
  readonly sourcesDir?: string;
}

/** Thrown by {@link loadKnowledgeOrThrow}; carries every problem. */
export class ContentError extends Error {
  override name = 'ContentError';
  constructor(readonly problems: readonly ContentProblem[]) {
    super(
      `Invalid content (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  ${p.file}:${p.line}: ${p.message}`).join('\n')}`,
    );
  }
}

/**
 * Loads and validates all content under `dir`: the registries (KB articles, Learn pages, cmdlets)
 * first, then the entries, the matrix, the trees and the synonyms checked against them. Reports
 * every problem at once; never returns half-valid content.
 */
export function loadKnowledge(dir: string, options: LoadOptions = {}): LoadResult {
  const ctx = createLoadContext(dir, options.sourcesDir);
  const registries = loadRegistries(ctx);
  const entryFiles = ctx.listFiles('entries', '.md');
  const entryFileIds = new Set(entryFiles.map((n) => n.replace(/\.md$/, '')));
  const textCtx: TextContext = { entryIds: entryFileIds };
  checkRegistryText(ctx, registries, textCtx);
  const entries = loadEntries(ctx, registries, textCtx, entryFiles);
  const matrixYaml = ctx.readYaml('matrix.yaml', matrixSchema);
  const kbNumbers = registries.kbYaml ? new Set(registries.kbArticles.keys()) : undefined;
  const matrix: FeatureMatrix | undefined = matrixYaml
    ? validateMatrix({
        ...matrixYaml,
        knownEntryIds: entryFileIds,
        problems: ctx.problems,
        sourceTexts: ctx.sourceTexts,
        kbNumbers,
      })
    : undefined;
  if (matrixYaml) checkMatrixText(matrixYaml.file, matrixYaml.src, matrixYaml.data, textCtx, ctx.problems);
  const trees = loadTrees(ctx, registries, textCtx, entries, entryFileIds);
  const synonyms = loadSynonyms(ctx);

  if (ctx.problems.length > 0 || !matrix) {
    const matrixFile = ctx.rel(path.join(dir, 'matrix.yaml'));
    if (!matrix && !ctx.problems.some((p) => p.file === matrixFile))
      ctx.problems.push({ file: matrixFile, line: 1, message: 'the feature matrix is missing or invalid' });
    return { ok: false, problems: sortProblems(ctx.problems) };
  }
  const { kbArticles, learnPages, cmdlets } = registries;
  return {
    ok: true,
    knowledge: Object.freeze({
      entries,
      kbArticles,
      learnPages,
      cmdlets,
      matrix,
      trees,
      synonyms,
      loadedAt: new Date(),
    }),
  };
}

/** Loads content or throws a {@link ContentError} listing every problem (used at start-up). */
export function loadKnowledgeOrThrow(dir: string, options: LoadOptions = {}): Knowledge {
  const result = loadKnowledge(dir, options);
  if (!result.ok) throw new ContentError(result.problems);
  return result.knowledge;
}

/** The summaries of the KB and Learn registries are shown to users: the user-text rules apply. */
function checkRegistryText(ctx: LoadContext, { kbYaml, learnYaml }: Registries, textCtx: TextContext): void {
  if (kbYaml)
    checkSummaries(
      kbYaml.file,
      kbYaml.src,
      kbYaml.data,
      (i) => `KB ${kbYaml.data[i]?.number ?? ''}`,
      textCtx,
      ctx.problems,
    );
  if (learnYaml)
    checkSummaries(
      learnYaml.file,
      learnYaml.src,
      learnYaml.data,
      (i) => learnYaml.data[i]?.title ?? 'Learn page',
      textCtx,
      ctx.problems,
    );
}

/** Every entry file, then the checks that need them all: related ids exist, every KB is cited. */
function loadEntries(
  ctx: LoadContext,
  registries: Registries,
  textCtx: TextContext,
  entryFiles: readonly string[],
): Map<string, KnowledgeEntry> {
  const entries = new Map<string, KnowledgeEntry>();
  const related: { file: string; line: number; id: string }[] = [];
  const entryFileIds = textCtx.entryIds;
  for (const name of entryFiles) {
    const file = path.join(ctx.dir, 'entries', name);
    const text = ctx.readText(file);
    if (text === undefined) continue;
    const at = ctx.rel(file);
    const entry = parseEntry(
      { ctx, registries, textCtx, addRelated: (id, line) => related.push({ file: at, line, id }) },
      { file: at, name, text },
    );
    if (!entry) continue;
    if (entries.has(entry.id)) ctx.problems.push({ file: at, line: 2, message: `duplicate entry id ${entry.id}` });
    entries.set(entry.id, entry);
  }
  for (const ref of related) {
    if (!entryFileIds.has(ref.id))
      ctx.problems.push({ file: ref.file, line: ref.line, message: `related entry "${ref.id}" does not exist` });
  }
  // Every KB article must belong to an entry, or it is dead weight that nothing shows. Only
  // meaningful once every entry loaded: a broken entry's citations are unknown.
  const { kbYaml } = registries;
  const cited = new Set([...entries.values()].flatMap((e) => e.kb));
  if (kbYaml && entries.size === entryFileIds.size) {
    kbYaml.data.forEach((row, i) => {
      if (!cited.has(row.number))
        ctx.problems.push({
          file: kbYaml.file,
          line: kbYaml.src.lineOf([i, 'number']),
          message: `KB ${row.number} is cited by no entry`,
        });
    });
  }
  return entries;
}

function loadTrees(
  ctx: LoadContext,
  registries: Registries,
  textCtx: TextContext,
  entries: ReadonlyMap<string, KnowledgeEntry>,
  entryFileIds: ReadonlySet<string>,
): Map<string, Tree> {
  const trees = new Map<string, Tree>();
  for (const name of ctx.listFiles('trees', '.yaml')) {
    const yaml = ctx.readYaml(path.join('trees', name), treeSchema);
    if (!yaml) continue;
    const { file, src, data } = yaml;
    const citedKbs = [...new Set(data.entries.flatMap((id) => entries.get(id)?.kb ?? []))];
    const tree = validateTree({
      file,
      name,
      src,
      data,
      entries,
      knownEntryIds: entryFileIds,
      problems: ctx.problems,
      checkCmdlets: (t, lineOf) => registries.checkCmdlets(file, t, lineOf, citedKbs),
      refs: registries.refs,
    });
    checkTreeText(file, src, data, textCtx, ctx.problems);
    if (!tree) continue;
    if (trees.has(tree.id)) ctx.problems.push({ file, line: 1, message: `duplicate tree id ${tree.id}` });
    trees.set(tree.id, tree);
  }
  return trees;
}

function sortProblems(problems: readonly ContentProblem[]): ContentProblem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
