import fs from 'node:fs';
import path from 'node:path';
import type { Token, Tokens } from 'marked';
import type { ZodIssue, ZodTypeAny, output } from 'zod';
import { lexMarkdown } from '../markdown.js';
import { parseYamlSource, type YamlSource } from './yamlSource.js';
import { cmdletsSchema, entryFrontMatterSchema, kbArticlesSchema, learnPagesSchema, matrixSchema, synonymsSchema, treeSchema } from '../schemas.js';
import { findCmdletNames } from './cmdletNames.js';
import { validateTree } from './validateTree.js';
import { validateMatrix } from './validateMatrix.js';
import { registerLearnPages, SourceRefChecker } from './validateSources.js';
import { checkMatrixText, checkSummaries, checkTreeText, checkUserText, entryBodyUnits, type TextContext } from './validateText.js';
import {
  kbUrl,
  type CmdletRecord,
  type ContentProblem,
  type EntrySections,
  type FeatureMatrix,
  type KbArticle,
  type Knowledge,
  type KnowledgeEntry,
  type LearnPage,
  type Synonyms,
  type Tree,
} from '../model.js';

export type LoadResult = { readonly ok: true; readonly knowledge: Knowledge } | { readonly ok: false; readonly problems: readonly ContentProblem[] };

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
    super(`Invalid content (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  ${p.file}:${p.line}: ${p.message}`).join('\n')}`);
  }
}

const SECTION_ORDER = ['Cause', 'Fix', 'PowerShell', 'Verify', 'Links'] as const;
const REQUIRED_SECTIONS = new Set(['Cause', 'Fix', 'Verify', 'Links']);

/**
 * Loads and validates all content under `dir` (entries, trees, matrix, KB and cmdlet registries,
 * synonyms). Reports every problem at once; never returns half-valid content.
 */
export function loadKnowledge(dir: string, options: LoadOptions = {}): LoadResult {
  const problems: ContentProblem[] = [];
  const rel = (file: string): string => path.relative(process.cwd(), file) || file;

  const readText = (file: string): string | undefined => {
    try {
      return fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
    } catch (err) {
      problems.push({ file: rel(file), line: 1, message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}` });
      return undefined;
    }
  };

  const parseWith = <S extends ZodTypeAny>(file: string, source: YamlSource, schema: S): output<S> | undefined => {
    problems.push(...source.problems);
    if (source.value === undefined) return undefined;
    const result = schema.safeParse(source.value);
    if (!result.success) {
      for (const issue of result.error.issues) problems.push(zodProblem(file, source, issue));
      return undefined;
    }
    return result.data as output<S>;
  };

  /** Reads, parses and shape-checks one YAML file; undefined when it is unreadable or invalid. */
  const readYaml = <S extends ZodTypeAny>(file: string, schema: S): { src: YamlSource; data: output<S> } | undefined => {
    const text = readText(file);
    if (text === undefined) return undefined;
    const src = parseYamlSource(rel(file), text);
    const data = parseWith(rel(file), src, schema);
    return data === undefined ? undefined : { src, data };
  };

  const sourceTexts = readSources(options.sourcesDir);

  // Registries first: entries are checked against them.
  const kbFile = path.join(dir, 'kb-articles.yaml');
  const kbYaml = readYaml(kbFile, kbArticlesSchema);
  const kbArticles = new Map<string, KbArticle>();
  if (kbYaml) {
    const { src, data: rows } = kbYaml;
    rows.forEach((row, i) => {
      if (kbArticles.has(row.number)) problems.push({ file: rel(kbFile), line: src.lineOf([i, 'number']), message: `KB ${row.number} is listed twice` });
      kbArticles.set(row.number, { number: row.number, title: row.title, summary: row.summary, citedBy: row.cited_by, url: kbUrl(row.number), ...(row.reference ? { reference: row.reference } : {}) });
      if (sourceTexts) {
        for (const [j, cited] of row.cited_by.entries()) {
          const text = sourceTexts.get(cited);
          if (text === undefined) problems.push({ file: rel(kbFile), line: src.lineOf([i, 'cited_by', j]), message: `unknown source file ${cited}` });
          else if (!text.includes(row.number)) problems.push({ file: rel(kbFile), line: src.lineOf([i, 'cited_by', j]), message: `${cited} does not mention KB ${row.number}` });
        }
      }
    });
  }

  const learnFile = path.join(dir, 'learn-pages.yaml');
  const learnYaml = readYaml(learnFile, learnPagesSchema);
  const learnPages: Map<string, LearnPage> = learnYaml ? registerLearnPages(rel(learnFile), learnYaml.src, learnYaml.data, problems) : new Map();
  const refs = new SourceRefChecker({ kbArticles, kbLoaded: kbYaml !== undefined, learnPages, learnLoaded: learnYaml !== undefined, ...(sourceTexts ? { sourceTexts } : {}) }, problems);

  const cmdletFile = path.join(dir, 'cmdlets.yaml');
  const cmdletYaml = readYaml(cmdletFile, cmdletsSchema);
  const cmdlets = new Map<string, CmdletRecord>();
  if (cmdletYaml) {
    const { src, data: rows } = cmdletYaml;
    rows.forEach((row, i) => {
      const key = row.name.toLowerCase();
      if (cmdlets.has(key)) problems.push({ file: rel(cmdletFile), line: src.lineOf([i, 'name']), message: `${row.name} is listed twice` });
      cmdlets.set(key, { name: row.name, documentedIn: row.documented_in });
      row.documented_in.forEach((where, j) => {
        const line = src.lineOf([i, 'documented_in', j]);
        if (where.startsWith('kb:')) {
          if (!kbArticles.has(where.slice(3))) problems.push({ file: rel(cmdletFile), line, message: `${where} is not in kb-articles.yaml` });
        } else if (sourceTexts) {
          const text = sourceTexts.get(where);
          if (text === undefined) problems.push({ file: rel(cmdletFile), line, message: `unknown source file ${where}` });
          else if (!text.toLowerCase().includes(row.name.toLowerCase())) problems.push({ file: rel(cmdletFile), line, message: `${row.name} does not appear in ${where}` });
        }
      });
    });
  }

  /** Checks that every cmdlet named in `text` is registered and, if only KB-documented, cited. */
  const checkCmdlets = (file: string, text: string, lineOfIndex: (index: number) => number, citedKbs: readonly string[]): void => {
    for (const name of findCmdletNames(text)) {
      const record = cmdlets.get(name.toLowerCase());
      const line = lineOfIndex(text.indexOf(name));
      if (!record) {
        problems.push({ file, line, message: `${name} is not in cmdlets.yaml: name only cmdlets that the sources or a cited KB article document` });
        continue;
      }
      if (record.name !== name) problems.push({ file, line, message: `write ${record.name} exactly as documented (found ${name})` });
      const inSource = record.documentedIn.some((d) => !d.startsWith('kb:'));
      const viaKb = record.documentedIn.filter((d) => d.startsWith('kb:')).map((d) => d.slice(3));
      if (!inSource && !viaKb.some((kb) => citedKbs.includes(kb))) {
        problems.push({ file, line, message: `${name} is documented only in ${viaKb.map((k) => `KB ${k}`).join(', ')}; cite that KB here` });
      }
    }
  };

  // Entries.
  const entries = new Map<string, KnowledgeEntry>();
  const entryRefs: { file: string; line: number; id: string; from: string }[] = [];
  const entriesDir = path.join(dir, 'entries');
  const entryFiles = listFiles(entriesDir, '.md', problems, rel);
  const entryFileIds = new Set(entryFiles.map((n) => n.replace(/\.md$/, '')));
  const textCtx: TextContext = { entryIds: entryFileIds };
  if (kbYaml) checkSummaries(rel(kbFile), kbYaml.src, kbYaml.data, (i) => `KB ${kbYaml.data[i]?.number ?? ''}`, textCtx, problems);
  if (learnYaml) checkSummaries(rel(learnFile), learnYaml.src, learnYaml.data, (i) => learnYaml.data[i]?.title ?? 'Learn page', textCtx, problems);
  for (const name of entryFiles) {
    const file = path.join(entriesDir, name);
    const text = readText(file);
    if (text === undefined) continue;
    const entry = parseEntry(rel(file), name, text, problems, kbArticles, kbYaml !== undefined, sourceTexts, checkCmdlets, (id, line) => entryRefs.push({ file: rel(file), line, id, from: name }), { refs, textCtx });
    if (!entry) continue;
    if (entries.has(entry.id)) problems.push({ file: rel(file), line: 2, message: `duplicate entry id ${entry.id}` });
    entries.set(entry.id, entry);
  }
  for (const ref of entryRefs) {
    if (!entryFileIds.has(ref.id)) problems.push({ file: ref.file, line: ref.line, message: `related entry "${ref.id}" does not exist` });
  }
  // Every KB article must belong to an entry, or it is dead weight that nothing shows.
  const citedKbs = new Set([...entries.values()].flatMap((e) => e.kb));
  // Only meaningful once every entry loaded: a broken entry's citations are unknown.
  if (kbYaml && entries.size === entryFileIds.size) {
    kbYaml.data.forEach((row, i) => {
      if (!citedKbs.has(row.number)) problems.push({ file: rel(kbFile), line: kbYaml.src.lineOf([i, 'number']), message: `KB ${row.number} is cited by no entry` });
    });
  }

  // Matrix.
  const matrixFile = path.join(dir, 'matrix.yaml');
  const matrixYaml = readYaml(matrixFile, matrixSchema);
  const matrix: FeatureMatrix | undefined = matrixYaml ? validateMatrix(rel(matrixFile), matrixYaml.src, matrixYaml.data, entryFileIds, problems, sourceTexts, kbYaml ? new Set(kbArticles.keys()) : undefined) : undefined;
  if (matrixYaml) checkMatrixText(rel(matrixFile), matrixYaml.src, matrixYaml.data, textCtx, problems);

  // Trees.
  const trees = new Map<string, Tree>();
  const treesDir = path.join(dir, 'trees');
  for (const name of listFiles(treesDir, '.yaml', problems, rel)) {
    const file = path.join(treesDir, name);
    const treeYaml = readYaml(file, treeSchema);
    if (!treeYaml) continue;
    const { src, data } = treeYaml;
    const tree = validateTree(rel(file), name, src, data, entries, entryFileIds, problems, (t, lineOf) => checkCmdlets(rel(file), t, lineOf, [...new Set(data.entries.flatMap((id) => entries.get(id)?.kb ?? []))]), refs);
    checkTreeText(rel(file), src, data, textCtx, problems);
    if (tree) {
      if (trees.has(tree.id)) problems.push({ file: rel(file), line: 1, message: `duplicate tree id ${tree.id}` });
      trees.set(tree.id, tree);
    }
  }

  // Synonyms.
  const synonymsFile = path.join(dir, 'synonyms.yaml');
  const synonymsYaml = readYaml(synonymsFile, synonymsSchema);
  let synonyms: Synonyms = { groups: [] };
  if (synonymsYaml) {
    const { src, data } = synonymsYaml;
    {
      const seen = new Map<string, number>();
      data.groups.forEach((group, i) =>
        group.forEach((term, j) => {
          const key = term.toLowerCase();
          if (seen.has(key)) problems.push({ file: rel(synonymsFile), line: src.lineOf(['groups', i, j]), message: `"${term}" is already in group ${(seen.get(key) ?? 0) + 1}` });
          seen.set(key, i);
        }),
      );
      synonyms = { groups: data.groups.map((g) => g.map((t) => t.toLowerCase())) };
    }
  }

  if (problems.length > 0 || !matrix) {
    if (!matrix && !problems.some((p) => p.file === rel(matrixFile))) problems.push({ file: rel(matrixFile), line: 1, message: 'the feature matrix is missing or invalid' });
    return { ok: false, problems: sortProblems(problems) };
  }
  return {
    ok: true,
    knowledge: Object.freeze({ entries, kbArticles, learnPages, cmdlets, matrix, trees, synonyms, loadedAt: new Date() }),
  };
}

/** Loads content or throws a {@link ContentError} listing every problem (used at start-up). */
export function loadKnowledgeOrThrow(dir: string, options: LoadOptions = {}): Knowledge {
  const result = loadKnowledge(dir, options);
  if (!result.ok) throw new ContentError(result.problems);
  return result.knowledge;
}

function listFiles(dir: string, ext: string, problems: ContentProblem[], rel: (f: string) => string): string[] {
  try {
    const names = fs.readdirSync(dir).filter((n) => !n.startsWith('.')).sort();
    for (const n of names) {
      if (!n.endsWith(ext) && n !== 'README.md') problems.push({ file: rel(path.join(dir, n)), line: 1, message: `unexpected file: this folder holds only *${ext} files` });
    }
    return names.filter((n) => n.endsWith(ext) && n !== 'README.md');
  } catch (err) {
    problems.push({ file: rel(dir), line: 1, message: `cannot read folder: ${(err as NodeJS.ErrnoException).code ?? String(err)}` });
    return [];
  }
}

function readSources(dir: string | undefined): Map<string, string> | undefined {
  if (!dir || !fs.existsSync(dir)) return undefined;
  const texts = new Map<string, string>();
  for (const name of fs.readdirSync(dir)) {
    if (/^\d{3}_[0-9a-f]{16}\.txt$/.test(name)) texts.set(name, fs.readFileSync(path.join(dir, name), 'utf8'));
  }
  return texts;
}

function zodProblem(file: string, source: YamlSource, issue: ZodIssue): ContentProblem {
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  let message = issue.message;
  let at: readonly (string | number)[] = issue.path;
  if (issue.code === 'unrecognized_keys') {
    message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
    // Point at the stray key itself, not at the object that holds it.
    if (issue.keys[0] !== undefined) at = [...issue.path, issue.keys[0]];
  }
  if (issue.code === 'invalid_type' && issue.received === 'undefined') message = 'is required';
  return { file, line: source.lineOf(at), message: `${where}${message}` };
}

function sortProblems(problems: ContentProblem[]): ContentProblem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/** Line (1-based) of character `index` in `text`, shifted by `firstLine - 1`. */
export function lineAtIndex(text: string, index: number, firstLine = 1): number {
  if (index < 0) return firstLine;
  let line = firstLine;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function parseEntry(
  file: string,
  name: string,
  text: string,
  problems: ContentProblem[],
  kbArticles: ReadonlyMap<string, KbArticle>,
  kbRegistryLoaded: boolean,
  sourceTexts: ReadonlyMap<string, string> | undefined,
  checkCmdlets: (file: string, text: string, lineOfIndex: (i: number) => number, citedKbs: readonly string[]) => void,
  addRef: (id: string, line: number) => void,
  checks: { readonly refs: SourceRefChecker; readonly textCtx: TextContext },
): KnowledgeEntry | undefined {
  const match = /^---\n([\s\S]*?)\n---\n?/.exec(text);
  if (!match) {
    problems.push({ file, line: 1, message: 'must start with YAML front matter between two --- lines' });
    return undefined;
  }
  const frontMatter = match[1] ?? '';
  const src = parseYamlSource(file, frontMatter, 2);
  problems.push(...src.problems);
  if (src.value === undefined) return undefined;
  const parsed = entryFrontMatterSchema.safeParse(src.value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(zodProblem(file, src, issue));
    return undefined;
  }
  const fm = parsed.data;
  const before = problems.length;
  const expectedId = name.replace(/\.md$/, '');
  if (fm.id !== expectedId) problems.push({ file, line: src.lineOf(['id']), message: `id "${fm.id}" must equal the file name "${expectedId}"` });

  fm.kb.forEach((n, i) => {
    // When the registry itself is broken its own problems say so; do not repeat them per entry.
    if (kbRegistryLoaded && !kbArticles.has(n)) problems.push({ file, line: src.lineOf(['kb', i]), message: `KB ${n} is not in kb-articles.yaml (never invent KB numbers)` });
  });
  fm.sources.forEach((s, i) => {
    if (sourceTexts && !sourceTexts.has(s)) problems.push({ file, line: src.lineOf(['sources', i]), message: `unknown source file ${s}` });
  });
  if (fm.sources.length === 0 && fm.kb.length === 0) problems.push({ file, line: src.lineOf(['sources']), message: 'needs at least one source file or one KB article' });
  fm.related.forEach((id, i) => {
    if (id === fm.id) problems.push({ file, line: src.lineOf(['related', i]), message: 'an entry cannot be related to itself' });
    else addRef(id, src.lineOf(['related', i]));
  });

  const bodyStart = match[0].length;
  const body = text.slice(bodyStart);
  const bodyFirstLine = lineAtIndex(text, bodyStart);
  const lineOfBody = (i: number): number => lineAtIndex(body, i, bodyFirstLine);

  checkCmdlets(file, frontMatter, (i) => lineAtIndex(frontMatter, i, 2), fm.kb);
  checkCmdlets(file, body, lineOfBody, fm.kb);
  for (const key of ['title', 'summary'] as const) checkUserText(file, { text: fm[key], where: key, lineOf: (i) => lineAtIndex(fm[key], i, src.textLineOf([key])) }, checks.textCtx, problems);
  for (const unit of entryBodyUnits(body, bodyFirstLine)) checkUserText(file, unit, checks.textCtx, problems);

  const tokens = lexMarkdown(body);
  // Raw HTML anywhere (block or inline) is refused: Teams would show it literally, web chat might run it.
  let offset = 0;
  for (const token of tokens) {
    for (const html of findHtml(token)) {
      problems.push({ file, line: lineOfBody(body.indexOf(html, offset)), message: `raw HTML is not allowed: ${html.trim().slice(0, 40)} (write <placeholders> inside \`code\`)` });
    }
    offset += token.raw.length;
  }

  const blocks = tokens.filter((t) => t.type !== 'space');
  const first = blocks[0];
  if (!first || first.type !== 'heading' || (first as Tokens.Heading).depth !== 1) {
    problems.push({ file, line: bodyFirstLine, message: 'the body must start with "# " followed by the title' });
  } else if ((first as Tokens.Heading).text.trim() !== fm.title.trim()) {
    problems.push({ file, line: lineOfBody(body.indexOf(first.raw)), message: `the "# " heading must equal the title "${fm.title}"` });
  }

  // Split the body by "##" sections.
  const sections = new Map<string, { tokens: Token[]; line: number; start: number; end: number }>();
  let current: { tokens: Token[]; line: number; start: number; end: number } | undefined;
  let order: string[] = [];
  let cursor = 0;
  for (const token of tokens) {
    const start = body.indexOf(token.raw, cursor);
    cursor = start >= 0 ? start + token.raw.length : cursor;
    if (token.type === 'heading' && (token as Tokens.Heading).depth === 2) {
      const title = (token as Tokens.Heading).text.trim();
      const line = lineOfBody(start);
      if (!(SECTION_ORDER as readonly string[]).includes(title)) {
        problems.push({ file, line, message: `unknown section "## ${title}"; use ${SECTION_ORDER.map((s) => `## ${s}`).join(', ')}` });
      } else if (sections.has(title)) {
        problems.push({ file, line, message: `section "## ${title}" appears twice` });
      }
      current = { tokens: [], line, start: cursor, end: cursor };
      sections.set(title, current);
      order.push(title);
      continue;
    }
    if (token.type === 'heading' && (token as Tokens.Heading).depth === 1 && token !== first) {
      problems.push({ file, line: lineOfBody(start), message: 'only one "# " heading (the title) is allowed' });
    }
    if (current) {
      current.tokens.push(token);
      current.end = cursor;
    }
  }
  order = order.filter((s) => (SECTION_ORDER as readonly string[]).includes(s));
  const expectedOrder = SECTION_ORDER.filter((s) => order.includes(s));
  if (order.join() !== expectedOrder.join()) {
    problems.push({ file, line: sections.get(order[0] ?? '')?.line ?? bodyFirstLine, message: `sections must come in the order ${SECTION_ORDER.join(', ')}` });
  }
  for (const required of REQUIRED_SECTIONS) {
    const section = sections.get(required);
    if (!section) problems.push({ file, line: bodyFirstLine, message: `missing section "## ${required}"` });
    else if (section.tokens.every((t) => t.type === 'space')) problems.push({ file, line: section.line, message: `section "## ${required}" is empty` });
  }
  const fix = sections.get('Fix');
  if (fix && !fix.tokens.some((t) => t.type === 'list' && (t as Tokens.List).ordered)) {
    problems.push({ file, line: fix.line, message: 'the Fix section needs numbered steps (1. 2. 3.)' });
  }

  const sectionText = (title: string): string => {
    const s = sections.get(title);
    return s ? body.slice(s.start, s.end).trim() : '';
  };
  const links = sectionText('Links');
  const linksSection = sections.get('Links');
  // Every link in the entry must be https, and KB links must use the one canonical form.
  let linkCursor = 0;
  for (const href of tokens.flatMap(collectLinks)) {
    // Plain e-mail addresses are autolinked by GFM; they are examples, not links to check.
    if (href.startsWith('mailto:')) continue;
    const at = body.indexOf(href, linkCursor);
    if (at >= 0) linkCursor = at;
    const line = lineOfBody(at);
    if (href.startsWith('https://learn.microsoft.com/')) checks.refs.learnLink(file, line, href);
    if (!/^https:\/\/[a-z0-9.-]+\.[a-z]{2,}(?:[/?#]\S*)?$/i.test(href)) {
      problems.push({ file, line, message: `link "${href}" must be a full https:// address (put example URLs in \`code\`)` });
      continue;
    }
    const kbLink = /support\.microsoft\.com\/(?:[a-z]{2}-[a-z]{2}\/)?(?:help|kb)\/(\d+)/i.exec(href);
    if (kbLink && href !== kbUrl(kbLink[1] ?? '')) {
      problems.push({ file, line, message: `write KB links as ${kbUrl(kbLink[1] ?? '')}` });
    }
    if (kbLink && !fm.kb.includes(kbLink[1] ?? '')) {
      problems.push({ file, line, message: `links KB ${kbLink[1]} but "kb" does not list it` });
    }
  }
  for (const n of fm.kb) {
    if (linksSection && !links.includes(kbUrl(n))) problems.push({ file, line: linksSection.line, message: `KB ${n} must be linked in Links as ${kbUrl(n)}` });
  }

  const sectionSources = checks.refs.entrySections(file, src, fm.section_sources, new Set(sections.keys()), fm);
  if (problems.length > before) return undefined;

  const sectionsOut: EntrySections = {
    cause: sectionText('Cause'),
    fix: sectionText('Fix'),
    verify: sectionText('Verify'),
    links,
    ...(sections.has('PowerShell') ? { powershell: sectionText('PowerShell') } : {}),
  };
  const powershell = tokens.flatMap((t) => collectCode(t));
  return Object.freeze({
    id: fm.id,
    title: fm.title.trim(),
    summary: fm.summary.trim(),
    tags: fm.tags,
    symptoms: fm.symptoms,
    errors: fm.errors,
    appliesTo: { exchange: fm.applies_to.exchange, sfb: fm.applies_to.sfb, clients: fm.applies_to.clients ?? [] },
    kb: fm.kb,
    sources: fm.sources,
    related: fm.related,
    updated: typeof fm.updated === 'string' ? fm.updated : fm.updated.toISOString().slice(0, 10),
    markdown: body.trim(),
    sections: sectionsOut,
    sectionSources,
    powershell,
    file,
  });
}

function findHtml(token: Token): string[] {
  const found: string[] = [];
  if (token.type === 'html') found.push((token as Tokens.HTML).raw);
  const children: Token[] = [];
  if ('tokens' in token && Array.isArray(token.tokens)) children.push(...(token.tokens as Token[]));
  if (token.type === 'list') for (const item of (token as Tokens.List).items) children.push(...item.tokens);
  if (token.type === 'table') {
    const t = token as Tokens.Table;
    for (const cell of [...t.header, ...t.rows.flat()]) children.push(...cell.tokens);
  }
  for (const child of children) found.push(...findHtml(child));
  return found;
}

function collectLinks(token: Token): string[] {
  const found: string[] = token.type === 'link' ? [(token as Tokens.Link).href] : [];
  const children: Token[] = [];
  if ('tokens' in token && Array.isArray(token.tokens)) children.push(...(token.tokens as Token[]));
  if (token.type === 'list') for (const item of (token as Tokens.List).items) children.push(...item.tokens);
  if (token.type === 'table') {
    const t = token as Tokens.Table;
    for (const cell of [...t.header, ...t.rows.flat()]) children.push(...cell.tokens);
  }
  return [...found, ...children.flatMap(collectLinks)];
}

function collectCode(token: Token): string[] {
  if (token.type === 'code') return [(token as Tokens.Code).text];
  if (token.type === 'list') return (token as Tokens.List).items.flatMap((i) => i.tokens.flatMap(collectCode));
  return [];
}
