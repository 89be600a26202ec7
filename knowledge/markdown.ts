import { Marked, type Token } from 'marked';

// One private instance: global marked options set by any other code cannot change our reading.
const markdown = new Marked({ gfm: true });

/**
 * Lexes Markdown with the project's own `Marked` instance: the validator reads content with it,
 * and the channel renderers (replies/render.ts) render from its tokens.
 */
export function lexMarkdown(source: string): Token[] {
  return markdown.lexer(source);
}
