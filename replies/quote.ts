/**
 * The one place user text is made safe before the bot repeats it. Every echo of something a user
 * (or a channel field a user controls) sent goes through {@link quoteUserText} (inside Markdown
 * text) or {@link quoteUserCode} (inside a code span); both start from {@link sanitiseText}.
 */

/**
 * Characters that must never reach a chat or a terminal: C0 controls but tab and new line (ESC
 * starts terminal escape sequences, BEL rings), DEL and C1 controls, bidi marks, embeddings,
 * overrides and isolates (they reorder what a reader sees), invisible separators and the BOM.
 * Zero-width joiners stay: emoji sequences need them.
 */
const UNSAFE_CHARACTERS =
  // eslint-disable-next-line no-control-regex -- matching control characters is this pattern's job
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]/g;

/** Removes control, bidi and invisible format characters and replaces lone surrogates. */
export function sanitiseText(text: string): string {
  return text.toWellFormed().replace(/\r\n?/g, '\n').replace(UNSAFE_CHARACTERS, '');
}

/** True when the text holds a character {@link sanitiseText} would remove. */
export function hasUnsafeCharacters(text: string): boolean {
  UNSAFE_CHARACTERS.lastIndex = 0;
  const found = UNSAFE_CHARACTERS.test(text) || !text.isWellFormed();
  UNSAFE_CHARACTERS.lastIndex = 0;
  return found;
}

/**
 * The text's code points. Lengths the bot bounds (quotes, button labels, underlines) count code
 * points, so a cut never falls inside a surrogate pair.
 */
export function codePoints(text: string): string[] {
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- code points, not graphemes, on purpose (see above)
  return [...text];
}

/** Cuts to `max` code points (never inside a surrogate pair), marking the cut with an ellipsis. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = codePoints(text);
  return points.length > max ? `${points.slice(0, max - 1).join('')}…` : text;
}

/** Markdown syntax characters, escaped with a backslash so they show as themselves. */
const MARKDOWN_SYNTAX = /[\\`*_{}[\]()#+!|<>~&]/g;
/** Addresses Markdown renderers turn into links on their own (GFM autolinks). */
const BARE_LINK = /(?:\b[a-z][a-z0-9+.-]*:\/\/|\bwww\.)[^\s`"'<>()[\]]+/gi;

/**
 * Makes untrusted text safe to quote inside a Markdown reply: controls removed, one line, at most
 * `maxLength` characters, every Markdown character escaped (no links, images, emphasis or HTML the
 * user did not see), and bare addresses shown as code so no client turns them into a live link.
 */
export function quoteUserText(text: string, maxLength = 200): string {
  const line = truncate(sanitiseText(text).replace(/\s+/g, ' ').trim(), maxLength);
  let out = '';
  let at = 0;
  for (const m of line.matchAll(BARE_LINK)) {
    out += escapeMarkdown(line.slice(at, m.index)) + `\`${m[0]}\``;
    at = m.index + m[0].length;
  }
  return out + escapeMarkdown(line.slice(at));
}

function escapeMarkdown(text: string): string {
  return text.replace(MARKDOWN_SYNTAX, (c) => `\\${c}`);
}

/** Makes untrusted text safe inside a `code span`: controls and backticks removed, one line, bounded. */
export function quoteUserCode(text: string, maxLength = 80): string {
  return truncate(
    sanitiseText(text)
      .replace(/[`\s]+/g, ' ')
      .trim(),
    maxLength,
  );
}

/**
 * A fenced code block around text that may hold user input: controls removed, and any run of
 * backticks broken so the text cannot close the fence and continue as live Markdown.
 */
export function userCodeBlock(text: string, language = ''): string {
  return `\`\`\`${language}\n${sanitiseText(text).replace(/`{3,}/g, (m) => m.split('').join('\u200a'))}\n\`\`\``;
}
