import type { Token, Tokens } from 'marked';
import { lexMarkdown } from '../knowledge/markdown.js';
import { codePoints } from './quote.js';
import { setBounded } from '../core/boundedMap.js';

/**
 * Where a reply is shown:
 * - `teams`: Teams text messages (Markdown subset: no headings, no tables, no raw HTML);
 * - `webchat`: Web Chat and the Emulator (full Markdown, sanitised by the client);
 * - `terminal`: plain text for `npm run chat` (code blocks indented, links spelled out).
 */
export type RenderTarget = 'teams' | 'webchat' | 'terminal';

/**
 * Renders Markdown for one target. Raw HTML never passes through: it is escaped for the Markdown
 * targets and printed as plain characters on the terminal (which renders no HTML).
 */
export function renderMarkdown(source: string, target: RenderTarget): string {
  const key = `${target}\u0000${source}`;
  const cached = RENDERED.get(key);
  if (cached !== undefined) return cached;
  const blocks = renderBlocks(lexMarkdown(source), target, 0);
  const rendered = blocks
    .join('\n\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (source.length <= MAX_CACHED_SOURCE) setBounded(RENDERED, key, rendered, MAX_RENDERED);
  return rendered;
}

/**
 * Most replies are the same content text every time (an entry, a step, /help), and lexing it is a
 * large part of a turn's CPU: the last renderings are kept, oldest out first, bounded in count and
 * size so replies quoting user text cannot grow it.
 */
const RENDERED = new Map<string, string>();
const MAX_RENDERED = 256;
const MAX_CACHED_SOURCE = 16_384;

function renderBlocks(tokens: readonly Token[], target: RenderTarget, depth: number): string[] {
  const out: string[] = [];
  for (const token of tokens) {
    const text = renderBlock(token, target, depth);
    if (text !== '') out.push(text);
  }
  return out;
}

function renderBlock(token: Token, target: RenderTarget, depth: number): string {
  switch (token.type) {
    case 'heading': {
      const t = token as Tokens.Heading;
      const text = renderInline(t.tokens, target);
      if (target === 'webchat') return `${'#'.repeat(t.depth)} ${text}`;
      if (target === 'teams') return `**${text}**`;
      return t.depth <= 2
        ? `${text}\n${'='.repeat(Math.min(plainLength(text), 72))}`
        : `${text}\n${'-'.repeat(Math.min(plainLength(text), 72))}`;
    }
    case 'paragraph':
      return renderInline((token as Tokens.Paragraph).tokens, target);
    case 'text': {
      const t = token as Tokens.Text;
      return t.tokens ? renderInline(t.tokens, target) : escapeFor(t.text, target);
    }
    case 'code': {
      const t = token as Tokens.Code;
      if (target === 'terminal')
        return t.text
          .split('\n')
          .map((line) => `    ${line}`)
          .join('\n');
      return `\`\`\`${t.lang ?? ''}\n${t.text}\n\`\`\``;
    }
    case 'list':
      return renderList(token as Tokens.List, target, depth);
    case 'blockquote': {
      const inner = renderBlocks((token as Tokens.Blockquote).tokens, target, depth).join('\n\n');
      return inner
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n');
    }
    case 'table':
      return renderTable(token as Tokens.Table, target);
    case 'hr':
      return target === 'terminal' ? '-'.repeat(40) : '';
    case 'space':
      return '';
    case 'html':
      // Content is validated to hold no HTML; anything that slips through is shown as text.
      return escapeFor((token as Tokens.HTML).text.trim(), target);
    default:
      return 'raw' in token && typeof token.raw === 'string' ? escapeFor(token.raw.trim(), target) : '';
  }
}

function renderList(list: Tokens.List, target: RenderTarget, depth: number): string {
  const indent = '   '.repeat(depth);
  const start = typeof list.start === 'number' ? list.start : 1;
  return list.items
    .map((item, i) => {
      const marker = list.ordered ? `${start + i}.` : target === 'terminal' ? '*' : '-';
      const parts = renderBlocks(item.tokens, target, depth + 1);
      const [first = '', ...rest] = parts;
      const continuation = rest.map((p) =>
        p.startsWith(indent + '   ')
          ? p
          : p
              .split('\n')
              .map((l) => `${indent}   ${l}`)
              .join('\n'),
      );
      return [`${indent}${marker} ${first}`, ...continuation].join('\n');
    })
    .join('\n');
}

function renderTable(table: Tokens.Table, target: RenderTarget): string {
  const header = table.header.map((cell) => renderInline(cell.tokens, target));
  if (target === 'webchat') {
    const row = (cells: string[]): string => `| ${cells.join(' | ')} |`;
    return [
      row(header),
      row(header.map(() => '---')),
      ...table.rows.map((r) => row(r.map((c) => renderInline(c.tokens, target)))),
    ].join('\n');
  }
  // Teams text messages and terminals have no tables: one line per row, "header: value".
  return table.rows
    .map((r) => {
      const cells = r.map((c) => renderInline(c.tokens, target));
      const [first = '', ...rest] = cells;
      const detail = rest.map((c, i) => `${header[i + 1] ?? ''}: ${c}`).join('; ');
      return `${target === 'terminal' ? '*' : '-'} ${first}${detail ? ` (${detail})` : ''}`;
    })
    .join('\n');
}

function renderInline(tokens: readonly Token[] | undefined, target: RenderTarget): string {
  if (!tokens) return '';
  return tokens.map((token) => renderInlineToken(token, target)).join('');
}

function renderInlineToken(token: Token, target: RenderTarget): string {
  switch (token.type) {
    case 'text': {
      const t = token as Tokens.Text;
      // A soft line break is a space in Markdown; kept as a newline it breaks list items apart.
      return t.tokens ? renderInline(t.tokens, target) : escapeFor(t.text.replace(/\n/g, ' '), target);
    }
    case 'escape': {
      // Keep the backslash on Markdown targets, so escaped user text stays literal there too.
      const text = (token as Tokens.Escape).text;
      if (target === 'terminal') return text;
      return text === '<' || text === '>' ? escapeFor(text, target) : `\\${text}`;
    }
    case 'strong': {
      const inner = renderInline((token as Tokens.Strong).tokens, target);
      return target === 'terminal' ? inner : `**${inner}**`;
    }
    case 'em': {
      const inner = renderInline((token as Tokens.Em).tokens, target);
      return target === 'terminal' ? inner : `_${inner}_`;
    }
    case 'del': {
      const inner = renderInline((token as Tokens.Del).tokens, target);
      return target === 'terminal' ? inner : `~~${inner}~~`;
    }
    case 'codespan': {
      const t = token as Tokens.Codespan;
      return target === 'terminal' ? t.text : `\`${t.text}\``;
    }
    case 'link': {
      const t = token as Tokens.Link;
      const text = renderInline(t.tokens, target);
      // An address the renderer linked on its own (a URL or an e-mail) is printed once.
      if (target === 'terminal') return text === t.href || `mailto:${text}` === t.href ? text : `${text} (${t.href})`;
      return `[${text}](${t.href})`;
    }
    case 'image': {
      const t = token as Tokens.Image;
      return target === 'terminal' ? `${t.text} (${t.href})` : `[${t.text}](${t.href})`;
    }
    case 'br':
      return '\n';
    case 'html':
      return escapeFor((token as Tokens.HTML).text, target);
    default:
      return 'raw' in token && typeof token.raw === 'string' ? escapeFor(token.raw, target) : '';
  }
}

/** Escapes characters that would turn text into HTML on Markdown targets. */
function escapeFor(text: string, target: RenderTarget): string {
  if (target === 'terminal')
    return text
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  return text.replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function plainLength(text: string): number {
  return codePoints(text).length;
}
