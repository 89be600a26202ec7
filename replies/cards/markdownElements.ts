import type { Token, Tokens } from 'marked';
import { lexMarkdown } from '../../knowledge/markdown.js';
import { renderMarkdown } from '../render.js';
import {
  codeBlock,
  heading,
  textBlock,
  type CardElement,
  type CodeLanguage,
  type Table,
  type TableCell,
  type TextBlock,
} from './adaptiveCard.js';

/**
 * Content Markdown as card elements: paragraphs and lists as TextBlocks (in the Markdown subset
 * Teams text uses, so raw HTML never passes: see replies/render.ts), headings as heading
 * TextBlocks, fenced code as CodeBlocks (PowerShell highlighted in Teams, monospace elsewhere),
 * tables as 1.5 Tables (their rows as lines where a host has no Table), quotes as an emphasised
 * container. A list whose steps hold code keeps its numbering around the code blocks.
 */
export function markdownElements(source: string): CardElement[] {
  return blockElements(lexMarkdown(source));
}

function blockElements(tokens: readonly Token[]): CardElement[] {
  return tokens.flatMap((token) => blockElement(token));
}

function blockElement(token: Token): CardElement[] {
  switch (token.type) {
    case 'space':
    case 'hr':
      return [];
    case 'heading': {
      const t = token as Tokens.Heading;
      return [heading(inline(t.text), t.depth <= 1 ? 1 : t.depth === 2 ? 2 : 3)];
    }
    case 'code': {
      const t = token as Tokens.Code;
      return [codeBlock(t.text, languageOf(t.lang))];
    }
    case 'list':
      return listElements(token as Tokens.List);
    case 'table':
      return [tableElement(token as Tokens.Table)];
    case 'blockquote':
      return [{ type: 'Container', style: 'emphasis', items: blockElements((token as Tokens.Blockquote).tokens) }];
    default: {
      const text = renderMarkdown(token.raw, 'teams');
      return text === '' ? [] : [textBlock(text)];
    }
  }
}

/** Inline Markdown rendered for cards (the Teams subset: HTML escaped). */
function inline(source: string): string {
  return renderMarkdown(source, 'teams');
}

/**
 * A TextBlock of Markdown, rendered as Teams text is (raw HTML escaped, escaped user text kept
 * literal): every TextBlock of a card that shows content or quoted user text is made here.
 */
export function markdownText(source: string, extra: Parameters<typeof textBlock>[1] = {}): TextBlock {
  return textBlock(inline(source), extra);
}

/** A heading from Markdown (a title, a label), rendered as {@link markdownText} is. */
export function markdownHeading(source: string, level: 1 | 2 | 3 = 2): TextBlock {
  return heading(inline(source), level);
}

function languageOf(lang: string | undefined): CodeLanguage {
  return /^(?:powershell|ps1?|pwsh)$/i.test(lang ?? '') ? 'PowerShell' : 'PlainText';
}

function hasCode(tokens: readonly Token[]): boolean {
  return tokens.some(
    (t) => t.type === 'code' || (t.type === 'list' && (t as Tokens.List).items.some((i) => hasCode(i.tokens))),
  );
}

/** A list as one TextBlock, or, when its items hold code, item by item around the code blocks. */
function listElements(list: Tokens.List): CardElement[] {
  if (!list.items.some((item) => hasCode(item.tokens))) return [textBlock(inline(list.raw.trim()))];
  const start = typeof list.start === 'number' ? list.start : 1;
  return list.items.flatMap((item, i) => {
    const marker = list.ordered ? `${start + i}.` : '-';
    const out: CardElement[] = [];
    let run: Token[] = [];
    const flush = (): void => {
      if (run.length === 0) return;
      const text = inline(run.map((t) => t.raw).join(''));
      out.push(textBlock(out.length === 0 ? `${marker} ${text}` : text));
      run = [];
    };
    for (const t of item.tokens) {
      if (t.type === 'code' || t.type === 'list') {
        flush();
        out.push(...blockElement(t));
      } else run.push(t);
    }
    flush();
    return out;
  });
}

function cell(source: string, bold: boolean): TableCell {
  return { type: 'TableCell', items: [textBlock(inline(source), bold ? { weight: 'Bolder' } : {})] };
}

function tableElement(table: Tokens.Table): Table {
  return {
    type: 'Table',
    columns: table.header.map(() => ({ width: 1 })),
    firstRowAsHeader: true,
    rows: [
      { type: 'TableRow', cells: table.header.map((h) => cell(h.text, true)) },
      ...table.rows.map((r) => ({ type: 'TableRow' as const, cells: r.map((c) => cell(c.text, false)) })),
    ],
    // renderMarkdown gives Teams text one line per row ("first (header: value; …)").
    fallback: textBlock(renderMarkdown(table.raw, 'teams')),
  };
}
