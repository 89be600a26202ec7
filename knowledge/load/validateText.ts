import type { z } from 'zod';
import type { matrixSchema, treeSchema } from '../schemas.js';
import type { ContentProblem } from '../model.js';
import type { YamlSource } from './yamlSource.js';
import { lexMarkdown } from '../markdown.js';
import type { Token } from 'marked';

/**
 * Rules for the text users see (entry title, summary and body; tree title, summary, node texts and
 * button labels; matrix notes; KB summaries). See knowledge/content/README.md ("User-facing text").
 *
 * - No internal names: our source files, "the blog", "the author", readers and comments are
 *   unknown to users. Name the Microsoft article by its title, or say "a reported fix".
 * - No ids of entries in prose: users see titles (the related entries are offered as buttons).
 * - Set-Mailbox: `-EmailAddresses "SIP:..."` replaces every proxy address of the mailbox, the
 *   primary SMTP address included. Text that names Set-Mailbox must show the safe form
 *   (`@{Add="SIP:..."}`) or carry the warning phrase {@link SET_MAILBOX_WARNING}.
 * - No bare addresses: a URL is a Markdown link `[title](url)` or, for an example or placeholder
 *   (`https://pool-fqdn/...`), inside backticks; a bare one becomes a live link in Teams and Web Chat.
 * - A check or question ends with a question (its last sentence ends in "?"), so the dialog never
 *   needs to add its own.
 */

export const FORBIDDEN_PHRASES: readonly { readonly pattern: RegExp; readonly what: string }[] = [
  { pattern: /\bsource\s+\d{3}\b/i, what: 'an internal source number' },
  { pattern: /\b[\w.-]+\.txt\b/i, what: 'a .txt file name' },
  { pattern: /\bthe blog\b|\bblog post\b/i, what: '"the blog"' },
  { pattern: /\bthe author\b/i, what: '"the author"' },
  { pattern: /\breaders?\b/i, what: '"reader(s)"' },
  { pattern: /\bthe comments\b|\bcomment thread\b/i, what: '"the comments"' },
  { pattern: /\bthe thread\b/i, what: '"the thread"' },
  { pattern: /\bthe post\b/i, what: '"the post"' },
  { pattern: /\bthe sources?\b/i, what: '"the source(s)"' },
];

/** The warning every text that names Set-Mailbox must carry, unless it shows the `@{Add=` form. */
export const SET_MAILBOX_WARNING = 'replaces all proxy addresses';

export interface TextContext {
  /** Ids of all entries: none may appear in user-facing prose. */
  readonly entryIds: ReadonlySet<string>;
}

/** One piece of user-facing text and how to find the line of a character in it. */
export interface TextUnit {
  readonly text: string;
  readonly lineOf: (index: number) => number;
  /** What it is, for messages ("summary", "## Fix", "node add-sip-address"). */
  readonly where: string;
}

/** Checks one unit against the forbidden phrases, entry ids and the Set-Mailbox rule. */
export function checkUserText(file: string, unit: TextUnit, ctx: TextContext, problems: ContentProblem[]): void {
  for (const { pattern, what } of FORBIDDEN_PHRASES) {
    const m = pattern.exec(unit.text);
    if (m)
      problems.push({
        file,
        line: unit.lineOf(m.index),
        message: `${unit.where}: users must not see ${what}, found "${m[0]}": name the Microsoft article by its title, or say "a reported fix"`,
      });
  }
  for (const m of unit.text.matchAll(/(?<![\w/.#-])[a-z0-9]+(?:-[a-z0-9]+)+(?![\w/-])/g)) {
    if (ctx.entryIds.has(m[0]))
      problems.push({
        file,
        line: unit.lineOf(m.index),
        message: `${unit.where}: the entry id "${m[0]}" is shown to users: refer to the entry by its title or topic`,
      });
  }
  checkSetMailbox(file, unit, problems);
  checkBareLinks(file, unit, problems);
}

/** Links a Markdown renderer would make from bare text (GFM autolinks), with where they start. */
function bareLinks(tokens: readonly Token[], out: string[] = []): string[] {
  for (const token of tokens) {
    if (token.type === 'link' && !token.raw.startsWith('[') && !token.raw.startsWith('<')) out.push(token.raw);
    const nested = (token as { tokens?: Token[] }).tokens;
    if (nested) bareLinks(nested, out);
    for (const item of (token as { items?: { tokens: Token[] }[] }).items ?? []) bareLinks(item.tokens, out);
  }
  return out;
}

function checkBareLinks(file: string, unit: TextUnit, problems: ContentProblem[]): void {
  for (const raw of bareLinks(lexMarkdown(unit.text))) {
    if (raw.includes('@') && !raw.includes('://')) continue; // an e-mail address in prose
    const at = unit.text.indexOf(raw);
    problems.push({
      file,
      line: unit.lineOf(Math.max(0, at)),
      message: `${unit.where}: the bare address "${raw}" becomes a live link in Teams and Web Chat: write it as [title](url), or in backticks when it is an example`,
    });
  }
}

function checkSetMailbox(file: string, unit: TextUnit, problems: ContentProblem[]): void {
  for (const m of unit.text.matchAll(/\bSet-Mailbox\b[^\n`]*?-EmailAddresses\s+(?!@\{\s*Add\s*=)/gi)) {
    problems.push({
      file,
      line: unit.lineOf(m.index),
      message: `${unit.where}: -EmailAddresses without @{Add=...} replaces every proxy address, the primary SMTP address included; use -EmailAddresses @{Add="SIP:user@contoso.com"}`,
    });
  }
  // Links only name the reference page by its title; the warning belongs where the cmdlet is used.
  const at = unit.where === '## Links' ? -1 : unit.text.search(/\bSet-Mailbox\b/i);
  if (at >= 0 && !/@\{\s*Add\s*=/i.test(unit.text) && !unit.text.toLowerCase().includes(SET_MAILBOX_WARNING)) {
    problems.push({
      file,
      line: unit.lineOf(at),
      message: `${unit.where}: names Set-Mailbox without the warning: show the -EmailAddresses @{Add="SIP:..."} form or say that a plain value "${SET_MAILBOX_WARNING}"`,
    });
  }
}

/** Line of `index` in a block of text that starts on `firstLine`. */
export function lineInText(text: string, firstLine: number): (index: number) => number {
  return (index) => firstLine + (index > 0 ? text.slice(0, index).split('\n').length - 1 : 0);
}

/** Splits an entry body into units: the lines before the first `##`, then one unit per `##` section. */
export function entryBodyUnits(body: string, bodyFirstLine: number): TextUnit[] {
  const units: TextUnit[] = [];
  const starts = [...body.matchAll(/^## (.*)$/gm)].map((m) => ({ at: m.index, title: m[1] ?? '' }));
  const bounds = [{ at: 0, title: 'body' }, ...starts];
  bounds.forEach((b, i) => {
    const end = bounds[i + 1]?.at ?? body.length;
    const text = body.slice(b.at, end);
    const firstLine = lineInText(body, bodyFirstLine)(b.at);
    units.push({
      text,
      lineOf: lineInText(text, firstLine),
      where: b.title === 'body' ? 'body' : `## ${b.title.trim()}`,
    });
  });
  return units;
}

/** A value of a YAML file as a unit: block scalars start on the line after their key. */
function yamlUnit(src: YamlSource, path: readonly (string | number)[], text: string, where: string): TextUnit {
  return { text, where, lineOf: lineInText(text, src.textLineOf(path)) };
}

type TreeData = z.infer<typeof treeSchema>;

/** Tree title, summary, node texts and labels; checks and questions must end with a question. */
export function checkTreeText(
  file: string,
  src: YamlSource,
  data: TreeData,
  ctx: TextContext,
  problems: ContentProblem[],
): void {
  checkUserText(file, yamlUnit(src, ['title'], data.title, 'title'), ctx, problems);
  checkUserText(file, yamlUnit(src, ['summary'], data.summary, 'summary'), ctx, problems);
  for (const [id, node] of Object.entries(data.nodes)) {
    checkUserText(file, yamlUnit(src, ['nodes', id, 'text'], node.text, `node ${id}`), ctx, problems);
    if (node.kind !== 'question' && node.kind !== 'check') continue;
    node.choices.forEach((c, i) =>
      checkUserText(
        file,
        yamlUnit(src, ['nodes', id, 'choices', i, 'label'], c.label, `node ${id}, label`),
        ctx,
        problems,
      ),
    );
    if (!endsWithQuestion(node.text)) {
      problems.push({
        file,
        line: src.lineOf(['nodes', id, 'text']),
        message: `node ${id}: a ${node.kind} must end with a question (its last sentence ends in "?"), so the dialog does not add its own`,
      });
    }
  }
}

/** True when the text, without trailing emphasis, quotes and brackets, ends in a question mark. */
export function endsWithQuestion(text: string): boolean {
  return /\?$/.test(text.trim().replace(/[\s*_`"'\u201d\u2019]+$/u, ''));
}

type MatrixData = z.infer<typeof matrixSchema>;

/** Matrix notes and rule notes are shown to users with /matrix. */
export function checkMatrixText(
  file: string,
  src: YamlSource,
  data: MatrixData,
  ctx: TextContext,
  problems: ContentProblem[],
): void {
  data.notes.forEach((n, i) =>
    checkUserText(file, yamlUnit(src, ['notes', i, 'text'], n.text, `note ${n.id}`), ctx, problems),
  );
  data.features.forEach((f, fi) =>
    f.rules.forEach((r, ri) => {
      if (r.note !== undefined)
        checkUserText(
          file,
          yamlUnit(src, ['features', fi, 'rules', ri, 'note'], r.note, `${f.id} rule note`),
          ctx,
          problems,
        );
    }),
  );
}

/** Registry summaries (KB articles, Learn pages) are shown to users with /kb. */
export function checkSummaries(
  file: string,
  src: YamlSource,
  rows: readonly { readonly summary: string }[],
  name: (i: number) => string,
  ctx: TextContext,
  problems: ContentProblem[],
): void {
  rows.forEach((row, i) =>
    checkUserText(file, yamlUnit(src, [i, 'summary'], row.summary, `${name(i)} summary`), ctx, problems),
  );
}
