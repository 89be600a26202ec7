import type { Token, Tokens } from 'marked';
import { lexMarkdown } from '../markdown.js';
import { entryFrontMatterSchema, type EntryFrontMatter } from '../schemas.js';
import { kbUrl, type ContentProblem, type EntrySections, type KnowledgeEntry } from '../model.js';
import { parseYamlSource, type YamlSource } from './yamlSource.js';
import { lineAtIndex, type LoadContext } from './loadContext.js';
import type { Registries } from './registries.js';
import { checkUserText, entryBodyUnits, type TextContext } from './validateText.js';

const SECTION_ORDER = ['Cause', 'Fix', 'PowerShell', 'Verify', 'Links'] as const;
const REQUIRED_SECTIONS = new Set(['Cause', 'Fix', 'Verify', 'Links']);

/** What checking one entry needs besides its file. */
export interface EntryChecks {
  readonly ctx: LoadContext;
  readonly registries: Registries;
  readonly textCtx: TextContext;
  /** Records a `related` id, checked once every entry is known. */
  readonly addRelated: (id: string, line: number) => void;
}

/** One entry file: its path for messages, its file name, its text. */
export interface EntryFile {
  readonly file: string;
  readonly name: string;
  readonly text: string;
}

interface FrontMatter {
  readonly fm: EntryFrontMatter;
  readonly src: YamlSource;
  readonly raw: string;
  /** Where the body starts in the file's text. */
  readonly bodyStart: number;
}

interface Body {
  readonly text: string;
  readonly firstLine: number;
  readonly tokens: Token[];
  readonly lineOf: (index: number) => number;
}

interface Section {
  readonly tokens: Token[];
  readonly line: number;
  readonly start: number;
  end: number;
}

/**
 * Parses and checks one entry (front matter, then the Markdown body and its sections); every
 * problem goes to the shared collector and the entry is returned only when it has none.
 */
export function parseEntry(checks: EntryChecks, entryFile: EntryFile): KnowledgeEntry | undefined {
  const { ctx } = checks;
  const head = readFrontMatter(ctx, entryFile);
  if (!head) return undefined;
  const before = ctx.problems.length;
  checkFrontMatter(checks, entryFile, head);
  const text = entryFile.text.slice(head.bodyStart);
  const firstLine = lineAtIndex(entryFile.text, head.bodyStart);
  const body: Body = { text, firstLine, tokens: lexMarkdown(text), lineOf: (i) => lineAtIndex(text, i, firstLine) };
  checkBodyText(checks, entryFile.file, head, body);
  checkHtmlAndTitle(ctx.problems, entryFile.file, head.fm, body);
  const { sections, order } = splitSections(ctx.problems, entryFile.file, body);
  checkSections(ctx.problems, entryFile.file, body, sections, order);
  const sectionText = (title: string): string => {
    const s = sections.get(title);
    return s ? body.text.slice(s.start, s.end).trim() : '';
  };
  checkLinks(checks, entryFile.file, head.fm, body, { links: sectionText('Links'), line: sections.get('Links')?.line });
  const sectionSources = checks.registries.refs.entrySections(
    entryFile.file,
    head.src,
    head.fm.section_sources,
    new Set(sections.keys()),
    head.fm,
  );
  if (ctx.problems.length > before) return undefined;
  const sectionsOut: EntrySections = {
    cause: sectionText('Cause'),
    fix: sectionText('Fix'),
    verify: sectionText('Verify'),
    links: sectionText('Links'),
    ...(sections.has('PowerShell') ? { powershell: sectionText('PowerShell') } : {}),
  };
  return buildEntry(head.fm, entryFile.file, body, sectionsOut, sectionSources);
}

function readFrontMatter(ctx: LoadContext, { file, text }: EntryFile): FrontMatter | undefined {
  const match = /^---\n([\s\S]*?)\n---\n?/.exec(text);
  if (!match) {
    ctx.problems.push({ file, line: 1, message: 'must start with YAML front matter between two --- lines' });
    return undefined;
  }
  const raw = match[1] ?? '';
  const src = parseYamlSource(file, raw, 2);
  const fm = ctx.parseWith(file, src, entryFrontMatterSchema);
  return fm ? { fm, src, raw, bodyStart: match[0].length } : undefined;
}

/** id = file name; KB numbers registered; source files known; related ids recorded. */
function checkFrontMatter(
  { ctx, registries, addRelated }: EntryChecks,
  { file, name }: EntryFile,
  { fm, src }: FrontMatter,
): void {
  const problems = ctx.problems;
  const expectedId = name.replace(/\.md$/, '');
  if (fm.id !== expectedId)
    problems.push({
      file,
      line: src.lineOf(['id']),
      message: `id "${fm.id}" must equal the file name "${expectedId}"`,
    });
  fm.kb.forEach((n, i) => {
    // When the registry itself is broken its own problems say so; do not repeat them per entry.
    if (registries.kbYaml && !registries.kbArticles.has(n))
      problems.push({
        file,
        line: src.lineOf(['kb', i]),
        message: `KB ${n} is not in kb-articles.yaml (never invent KB numbers)`,
      });
  });
  fm.sources.forEach((s, i) => {
    if (ctx.sourceTexts && !ctx.sourceTexts.has(s))
      problems.push({ file, line: src.lineOf(['sources', i]), message: `unknown source file ${s}` });
  });
  if (fm.sources.length === 0 && fm.kb.length === 0)
    problems.push({ file, line: src.lineOf(['sources']), message: 'needs at least one source file or one KB article' });
  fm.related.forEach((id, i) => {
    if (id === fm.id)
      problems.push({ file, line: src.lineOf(['related', i]), message: 'an entry cannot be related to itself' });
    else addRelated(id, src.lineOf(['related', i]));
  });
}

/** Cmdlets registered, and the user-facing text free of internal names and unsafe advice. */
function checkBodyText(
  { ctx, registries, textCtx }: EntryChecks,
  file: string,
  { fm, src, raw }: FrontMatter,
  body: Body,
): void {
  registries.checkCmdlets(file, raw, (i) => lineAtIndex(raw, i, 2), fm.kb);
  registries.checkCmdlets(file, body.text, body.lineOf, fm.kb);
  for (const key of ['title', 'summary'] as const)
    checkUserText(
      file,
      { text: fm[key], where: key, lineOf: (i) => lineAtIndex(fm[key], i, src.textLineOf([key])) },
      textCtx,
      ctx.problems,
    );
  for (const unit of entryBodyUnits(body.text, body.firstLine)) checkUserText(file, unit, textCtx, ctx.problems);
}

/** No raw HTML anywhere, and the body opens with "# " + the title. */
function checkHtmlAndTitle(problems: ContentProblem[], file: string, fm: EntryFrontMatter, body: Body): void {
  // Raw HTML anywhere (block or inline) is refused: Teams would show it literally, web chat might run it.
  let offset = 0;
  for (const token of body.tokens) {
    for (const html of findHtml(token)) {
      problems.push({
        file,
        line: body.lineOf(body.text.indexOf(html, offset)),
        message: `raw HTML is not allowed: ${html.trim().slice(0, 40)} (write <placeholders> inside \`code\`)`,
      });
    }
    offset += token.raw.length;
  }
  const first = body.tokens.find((t) => t.type !== 'space');
  if (!first || first.type !== 'heading' || (first as Tokens.Heading).depth !== 1) {
    problems.push({ file, line: body.firstLine, message: 'the body must start with "# " followed by the title' });
  } else if ((first as Tokens.Heading).text.trim() !== fm.title.trim()) {
    problems.push({
      file,
      line: body.lineOf(body.text.indexOf(first.raw)),
      message: `the "# " heading must equal the title "${fm.title}"`,
    });
  }
}

/**
 * Splits the body by its "##" headings (`order`: the headings as they come, repeats included);
 * unknown, repeated and extra "# " headings are reported.
 */
function splitSections(
  problems: ContentProblem[],
  file: string,
  body: Body,
): { sections: Map<string, Section>; order: string[] } {
  const sections = new Map<string, Section>();
  const order: string[] = [];
  const first = body.tokens.find((t) => t.type !== 'space');
  let current: Section | undefined;
  let cursor = 0;
  for (const token of body.tokens) {
    const start = body.text.indexOf(token.raw, cursor);
    cursor = start >= 0 ? start + token.raw.length : cursor;
    const depth = token.type === 'heading' ? (token as Tokens.Heading).depth : 0;
    if (depth === 2) {
      const title = (token as Tokens.Heading).text.trim();
      const line = body.lineOf(start);
      if (!(SECTION_ORDER as readonly string[]).includes(title))
        problems.push({
          file,
          line,
          message: `unknown section "## ${title}"; use ${SECTION_ORDER.map((s) => `## ${s}`).join(', ')}`,
        });
      else if (sections.has(title)) problems.push({ file, line, message: `section "## ${title}" appears twice` });
      current = { tokens: [], line, start: cursor, end: cursor };
      sections.set(title, current);
      order.push(title);
      continue;
    }
    if (depth === 1 && token !== first)
      problems.push({ file, line: body.lineOf(start), message: 'only one "# " heading (the title) is allowed' });
    if (current) {
      current.tokens.push(token);
      current.end = cursor;
    }
  }
  return { sections, order };
}

/** Known sections in order, the required ones present and not empty, numbered Fix steps. */
function checkSections(
  problems: ContentProblem[],
  file: string,
  body: Body,
  sections: ReadonlyMap<string, Section>,
  headings: readonly string[],
): void {
  const order = headings.filter((s) => (SECTION_ORDER as readonly string[]).includes(s));
  const expectedOrder = SECTION_ORDER.filter((s) => order.includes(s));
  if (order.join() !== expectedOrder.join()) {
    problems.push({
      file,
      line: sections.get(order[0] ?? '')?.line ?? body.firstLine,
      message: `sections must come in the order ${SECTION_ORDER.join(', ')}`,
    });
  }
  for (const required of REQUIRED_SECTIONS) {
    const section = sections.get(required);
    if (!section) problems.push({ file, line: body.firstLine, message: `missing section "## ${required}"` });
    else if (section.tokens.every((t) => t.type === 'space'))
      problems.push({ file, line: section.line, message: `section "## ${required}" is empty` });
  }
  const fix = sections.get('Fix');
  if (fix && !fix.tokens.some((t) => t.type === 'list' && (t as Tokens.List).ordered)) {
    problems.push({ file, line: fix.line, message: 'the Fix section needs numbered steps (1. 2. 3.)' });
  }
}

/** Every link https, KB links in the one canonical form and listed in `kb`, every KB linked in Links. */
function checkLinks(
  { ctx, registries }: EntryChecks,
  file: string,
  fm: EntryFrontMatter,
  body: Body,
  linksSection: { links: string; line: number | undefined },
): void {
  const problems = ctx.problems;
  let cursor = 0;
  for (const href of body.tokens.flatMap(collectLinks)) {
    // Plain e-mail addresses are autolinked by GFM; they are examples, not links to check.
    if (href.startsWith('mailto:')) continue;
    const at = body.text.indexOf(href, cursor);
    if (at >= 0) cursor = at;
    const line = body.lineOf(at);
    if (href.startsWith('https://learn.microsoft.com/')) registries.refs.learnLink(file, line, href);
    if (!/^https:\/\/[a-z0-9.-]+\.[a-z]{2,}(?:[/?#]\S*)?$/i.test(href)) {
      problems.push({
        file,
        line,
        message: `link "${href}" must be a full https:// address (put example URLs in \`code\`)`,
      });
      continue;
    }
    const kb = /support\.microsoft\.com\/(?:[a-z]{2}-[a-z]{2}\/)?(?:help|kb)\/(\d+)/i.exec(href)?.[1];
    if (kb !== undefined && href !== kbUrl(kb))
      problems.push({ file, line, message: `write KB links as ${kbUrl(kb)}` });
    if (kb !== undefined && !fm.kb.includes(kb))
      problems.push({ file, line, message: `links KB ${kb} but "kb" does not list it` });
  }
  for (const n of fm.kb) {
    if (linksSection.line !== undefined && !linksSection.links.includes(kbUrl(n)))
      problems.push({ file, line: linksSection.line, message: `KB ${n} must be linked in Links as ${kbUrl(n)}` });
  }
}

function buildEntry(
  fm: EntryFrontMatter,
  file: string,
  body: Body,
  sections: EntrySections,
  sectionSources: KnowledgeEntry['sectionSources'],
): KnowledgeEntry {
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
    markdown: body.text.trim(),
    sections,
    sectionSources,
    powershell: body.tokens.flatMap(collectCode),
    file,
  });
}

/** The children of a token that may hold inline tokens: its own, list items and table cells. */
function childrenOf(token: Token): Token[] {
  const children: Token[] = [];
  if ('tokens' in token && Array.isArray(token.tokens)) children.push(...token.tokens);
  if (token.type === 'list') for (const item of (token as Tokens.List).items) children.push(...item.tokens);
  if (token.type === 'table') {
    const t = token as Tokens.Table;
    for (const cell of [...t.header, ...t.rows.flat()]) children.push(...cell.tokens);
  }
  return children;
}

function findHtml(token: Token): string[] {
  return [...(token.type === 'html' ? [(token as Tokens.HTML).raw] : []), ...childrenOf(token).flatMap(findHtml)];
}

function collectLinks(token: Token): string[] {
  return [...(token.type === 'link' ? [(token as Tokens.Link).href] : []), ...childrenOf(token).flatMap(collectLinks)];
}

function collectCode(token: Token): string[] {
  if (token.type === 'code') return [(token as Tokens.Code).text];
  if (token.type === 'list') return (token as Tokens.List).items.flatMap((i) => i.tokens.flatMap(collectCode));
  return [];
}
